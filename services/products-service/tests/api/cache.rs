//! The Redis cache: used, never stale after an acknowledged write (one instance or two),
//! and never a reason for a request to fail.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use products_client::types;
use serde_json::Value;
use sqlx::Connection;

use crate::helpers::TestApp;

/// Changes a product behind the service's back: only a cached read still shows the old name.
async fn rename_in_database(app: &TestApp, id: uuid::Uuid, name: &str) {
    let mut conn = sqlx::PgConnection::connect(app.db.url()).await.unwrap();
    sqlx::query("UPDATE products SET name = $2 WHERE id = $1")
        .bind(id)
        .bind(name)
        .execute(&mut conn)
        .await
        .unwrap();
}

#[tokio::test]
async fn reads_are_cached_and_a_write_replaces_the_cached_copy() {
    let app = TestApp::spawn().await;
    let p = app.create("mug-1", "Mug", 900, 1).await;
    app.anonymous.get_product().id(p.id).send().await.unwrap();
    rename_in_database(&app, p.id, "Renamed behind its back").await;
    let cached = app.product(p.id).await;
    assert_eq!(cached.name, "Mug", "the second read came from the cache");
    let metrics = app.metrics().await;
    let hit = |l: &str| {
        l.starts_with("cache_lookups_total{")
            && l.contains(r#"cache="product""#)
            && l.contains(r#"result="hit""#)
    };
    assert!(metrics.lines().any(hit), "{metrics}");

    app.admin
        .update_product()
        .id(p.id)
        .body(types::ProductUpdate::builder().price(Some(800_i64)))
        .send()
        .await
        .unwrap();
    let fresh = app.product(p.id).await;
    assert_eq!(
        (fresh.price, fresh.version),
        (800, 2),
        "a read after the write sees it"
    );
}

#[tokio::test]
async fn a_write_through_one_instance_is_seen_by_the_other() {
    let app = TestApp::spawn().await;
    let other = app.another_instance().await;
    let reader = other.client(None);
    let p = app.create("mug-1", "Mug", 900, 1).await;

    reader.get_product().id(p.id).send().await.unwrap();
    let before = reader.list_products().send().await.unwrap().into_inner();
    assert_eq!(before.total, 1);

    app.admin
        .update_product()
        .id(p.id)
        .body(crate::helpers::rename("Big mug"))
        .send()
        .await
        .unwrap();
    app.create("cup-1", "Cup", 500, 1).await;

    assert_eq!(
        reader
            .get_product()
            .id(p.id)
            .send()
            .await
            .unwrap()
            .into_inner()
            .name,
        "Big mug"
    );
    let after = reader.list_products().send().await.unwrap().into_inner();
    assert_eq!(after.total, 2, "list pages are invalidated too");
    app.admin.delete_product().id(p.id).send().await.unwrap();
    assert!(
        reader.get_product().id(p.id).send().await.is_err(),
        "a deleted product is gone everywhere"
    );
}

/// A Redis of the test's own, to stop and pause without disturbing other tests.
struct PrivateRedis {
    port: u16,
    child: Child,
}

impl PrivateRedis {
    fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Self {
            port,
            child: Self::spawn(port),
        }
    }

    /// A new, empty Redis on the same port, after the first was killed.
    fn restart(&mut self) {
        self.child = Self::spawn(self.port);
    }

    fn spawn(port: u16) -> Child {
        let child = Command::new("redis-server")
            .args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server is installed (cargo xtask test provides it)");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        child
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    fn cli(&self, args: &[&str]) {
        let status = Command::new("redis-cli")
            .args(["-p", &self.port.to_string()])
            .args(args)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn with_redis_killed_reads_and_writes_go_on_and_ready_reports_degraded() {
    let mut redis = PrivateRedis::start();
    let app = TestApp::spawn_with_redis(Some(redis.url())).await;
    let p = app.create("mug-1", "Mug", 900, 5).await;
    app.anonymous.get_product().id(p.id).send().await.unwrap();

    redis.child.kill().unwrap();
    redis.child.wait().unwrap();

    assert_eq!(app.product(p.id).await.name, "Mug");
    app.admin
        .update_product()
        .id(p.id)
        .body(crate::helpers::rename("Big mug"))
        .send()
        .await
        .expect("writes go on");
    app.admin
        .adjust_stock()
        .id(p.id)
        .body(
            types::StockAdjustment::builder()
                .delta(-1_i64)
                .reason("sold"),
        )
        .send()
        .await
        .unwrap();
    let now = app.product(p.id).await;
    assert_eq!((now.name.as_str(), now.stock), ("Big mug", 4));
    assert_eq!(
        app.anonymous
            .list_products()
            .send()
            .await
            .unwrap()
            .into_inner()
            .total,
        1
    );

    let ready = app.http.get(app.url("/ready")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "degraded");
    assert_eq!(body["checks"]["redis"], "degraded");
}

#[tokio::test]
async fn after_redis_restarts_reads_are_served_from_the_cache_again() {
    let mut redis = PrivateRedis::start();
    let app = TestApp::spawn_with_redis(Some(redis.url())).await;
    let p = app.create("mug-1", "Mug", 900, 5).await;
    app.product(p.id).await;

    redis.child.kill().unwrap();
    redis.child.wait().unwrap();
    assert_eq!(
        app.product(p.id).await.name,
        "Mug",
        "served from PostgreSQL"
    );
    redis.restart();

    // The link to the old Redis is gone; once the short circuit closes, a read connects
    // afresh, fills the new (empty) Redis, and the next one is a hit.
    let hits = || async {
        agora_testkit::metrics::sum(
            &app.metrics().await,
            "cache_lookups_total",
            &[("cache", "product"), ("result", "hit")],
        )
    };
    let before = hits().await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while hits().await == before {
        assert!(
            std::time::Instant::now() < deadline,
            "reads never came from the cache again after Redis restarted"
        );
        assert_eq!(app.product(p.id).await.name, "Mug");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_write_made_while_redis_was_unreachable_is_not_undone_when_it_returns() {
    let redis = PrivateRedis::start();
    let app = TestApp::spawn_with_redis(Some(redis.url())).await;
    let other = app.another_instance().await;
    let p = app.create("mug-1", "Mug", 900, 5).await;
    // Both instances' view is cached.
    other
        .client(None)
        .get_product()
        .id(p.id)
        .send()
        .await
        .unwrap();

    // Redis stops answering (but keeps its data) while the write happens.
    redis.cli(&["CLIENT", "PAUSE", "1500", "ALL"]);
    app.admin
        .update_product()
        .id(p.id)
        .body(crate::helpers::rename("Big mug"))
        .send()
        .await
        .expect("the write succeeds");
    assert_eq!(app.product(p.id).await.name, "Big mug");

    // Once Redis answers again the writer's update is applied before anything is read from it.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        other
            .client(None)
            .get_product()
            .id(p.id)
            .send()
            .await
            .unwrap()
            .into_inner()
            .name,
        "Big mug"
    );
}

#[tokio::test]
async fn the_metrics_show_database_and_redis_pool_use() {
    let app = TestApp::spawn().await;
    let p = app.create("pool-1", "Pool", 100, 1).await;
    app.anonymous.get_product().id(p.id).send().await.unwrap();
    let metrics = app.metrics().await;
    let value = |prefix: &str| {
        metrics
            .lines()
            .find(|l| l.starts_with(prefix))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or_else(|| panic!("no {prefix} in {metrics}"))
    };
    let idle = value(r#"db_pool_connections{state="idle"}"#);
    let in_use = value(r#"db_pool_connections{state="in_use"}"#);
    assert!(
        idle + in_use >= 1.0,
        "the pool holds the connections it used: {metrics}"
    );
    assert!(value("db_pool_max_connections") >= idle + in_use);
    let redis = value(r#"redis_pool_connections{state="idle"}"#)
        + value(r#"redis_pool_connections{state="in_use"}"#);
    assert!(redis >= 1.0, "the cache used a Redis connection: {metrics}");
}
