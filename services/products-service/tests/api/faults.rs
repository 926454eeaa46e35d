//! PostgreSQL out of reach: readiness says so quickly, requests fail fast with 503, health
//! stays green, and everything recovers without a restart.

use std::time::{Duration, Instant};

use agora_testkit::TestDatabase;
use agora_testkit::proxy::CuttableProxy;
use serde_json::Value;

use crate::helpers::TestApp;

#[tokio::test]
async fn a_database_cut_is_a_fast_503_and_recovers_by_itself() {
    let db = TestDatabase::create("products_fault").await;
    let proxy = CuttableProxy::start(db.server_addr()).await;
    let app = TestApp::spawn_through(&proxy, db).await;
    let p = app.create("mug-1", "Mug", 900, 1).await;

    proxy.cut().await;
    let started = Instant::now();
    loop {
        let ready = app.http.get(app.url("/ready")).send().await.unwrap();
        if ready.status() == 503 {
            let body: Value = ready.json().await.unwrap();
            assert!(
                body["detail"].as_str().unwrap().contains("postgres"),
                "{body}"
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "/ready turns 503 within 5 s"
        );
    }
    assert_eq!(
        app.http
            .get(app.url("/health"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let started = Instant::now();
    let res = app
        .http
        .get(app.url("/api/v1/products?sort=name"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "fails fast, well before the request timeout"
    );
    // What the cache holds is still served.
    assert_eq!(
        app.http
            .get(app.url(&format!("/api/v1/products/{}", p.id)))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    proxy.restore();
    let started = Instant::now();
    loop {
        let res = app
            .http
            .get(app.url("/api/v1/products?sort=name"))
            .send()
            .await
            .unwrap();
        if res.status() == 200 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "recovers without a restart"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        app.http
            .get(app.url("/ready"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}
