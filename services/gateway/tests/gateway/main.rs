//! The gateway in front of a real auth and products service: routing, edge authentication,
//! forwarding headers, pooled connections, streamed bodies, rate limits, Redis down,
//! upstreams down, request ids end to end, docs; (`paths`) one meaning for every path; and
//! (`browser`) Swagger UI in a real browser.

mod browser;
mod paths;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use agora_testkit::TestDatabase;
use agora_testkit::auth::{Auth, PASSWORD};
use agora_testkit::serve::Running;
use gateway::Application;
use gateway::config::GatewayConfig;
use serde_json::{Value, json};
use sqlx::Connection as _;

fn shared_redis() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// A port where nothing listens.
fn dead_upstream() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("http://127.0.0.1:{port}")
}

/// An upstream that only counts connections.
async fn counting_upstream() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            c.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    (url, count)
}

struct World {
    auth: Auth,
    _products_db: TestDatabase,
    base: String,
    /// The gateway's `/metrics` (and the services', which share its recorder in these tests).
    metrics: String,
    http: reqwest::Client,
    notifications_hits: Arc<AtomicUsize>,
    _running: [Running; 2],
}

async fn world(configure: impl FnOnce(&mut GatewayConfig)) -> World {
    let auth = Auth::spawn().await;
    let products_db = TestDatabase::create("gw_products").await;
    let mut pkit = agora_kit::config::KitConfig::for_tests(products_db.url());
    pkit.auth_url = auth.base.clone();
    let products = products_service::Application::build(products_service::config::ProductsConfig {
        kit: pkit,
        events: None,
        product_ttl: Duration::from_secs(60),
        page_ttl: Duration::from_secs(60),
        cache_prefix: format!("test:{}", uuid::Uuid::new_v4().simple()),
    })
    .await
    .unwrap();
    let products = Running::start(products);
    let products_url = products.base_url();
    let (notifications_url, notifications_hits) = counting_upstream().await;
    let mut kit = agora_kit::config::KitConfig::for_tests("");
    kit.redis_url = Some(shared_redis().into());
    let mut config = GatewayConfig {
        kit,
        upstreams: vec![
            ("auth", auth.base.clone()),
            ("users", dead_upstream()),
            ("products", products_url),
            ("notifications", notifications_url),
            ("orders", dead_upstream()),
            ("payments", dead_upstream()),
        ],
        upstream_timeout: Duration::from_secs(5),
        anonymous_per_minute: 300,
        user_per_minute: 1200,
        credentials_per_minute: 20,
        checkout_per_minute: 30,
        rate_limit_prefix: format!("test:{}", uuid::Uuid::new_v4().simple()),
        services: agora_api::SERVICES,
    };
    configure(&mut config);
    let gateway = Running::start(Application::build(config).await.unwrap());
    let (base, metrics) = (gateway.base_url(), gateway.metrics_url());
    World {
        auth,
        _products_db: products_db,
        base,
        metrics,
        http: reqwest::Client::new(),
        notifications_hits,
        _running: [products, gateway],
    }
}

impl World {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

#[tokio::test]
async fn one_base_url_reaches_every_service() {
    let w = world(|_| {}).await;
    let res = w
        .http
        .post(w.url("/api/v1/auth/register"))
        .json(&json!({ "email": "ada@example.com", "password": PASSWORD, "name": "Ada" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let login: Value = w
        .http
        .post(w.url("/api/v1/auth/login"))
        .json(&json!({ "email": "ada@example.com", "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(login["access_token"].is_string());

    let admin = w.auth.admin_token().await;
    let created = w
        .http
        .post(w.url("/api/v1/products"))
        .bearer_auth(&admin)
        .json(&json!({ "sku": "gw-1", "name": "Mug", "description": "", "price": 900, "currency": "EUR" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    let fetched = w.http.get(w.url(&location)).send().await.unwrap();
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.headers()["etag"], "\"v1\"");
    for (path, status) in [
        ("/api/v1/categories", 200),
        ("/.well-known/jwks.json", 200),
        ("/api/v1/nowhere", 404),
    ] {
        let res = w.http.get(w.url(path)).send().await.unwrap();
        assert_eq!(res.status(), status, "{path}");
    }
}

#[tokio::test]
async fn a_token_rejected_at_the_edge_never_reaches_the_upstream() {
    let w = world(|_| {}).await;
    for auth in [None, Some("not-a-token")] {
        let mut req = w.http.get(w.url("/api/v1/notifications"));
        if let Some(t) = auth {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 401);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
    assert_eq!(w.notifications_hits.load(Ordering::SeqCst), 0);
    // A valid token goes through to the notifications upstream (which hangs up: 502).
    let res = w
        .http
        .get(w.url("/api/v1/notifications"))
        .bearer_auth(w.auth.customer("Ada").await.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 502);
    assert_eq!(w.notifications_hits.load(Ordering::SeqCst), 1);
}

/// The real operations, with notifications' `list_notifications` deprecated as codegen
/// writes it for a spec that says so.
fn with_list_notifications_deprecated() -> &'static [agora_api::Service] {
    let services: Vec<agora_api::Service> = agora_api::SERVICES
        .iter()
        .map(|s| {
            let operations: Vec<agora_api::Operation> = s
                .operations
                .iter()
                .map(|op| agora_api::Operation {
                    deprecation: (op.id == "list_notifications").then_some(
                        agora_api::Deprecation {
                            deprecation: "@1796342400",
                            sunset: "Wed, 30 Jun 2027 00:00:00 GMT",
                            link: Some("</api/v2/notifications>; rel=\"successor-version\""),
                        },
                    ),
                    ..op.clone()
                })
                .collect();
            agora_api::Service {
                operations: Box::leak(operations.into_boxed_slice()),
                ..*s
            }
        })
        .collect();
    Box::leak(services.into_boxed_slice())
}

#[tokio::test]
async fn the_gateways_own_answers_to_a_deprecated_operation_announce_it_too() {
    let w = world(|c| c.services = with_list_notifications_deprecated()).await;
    // No token: the gateway's own 401. A customer's: forwarded to the notifications
    // upstream, which hangs up: the gateway's own 502.
    let refused = w
        .http
        .get(w.url("/api/v1/notifications"))
        .send()
        .await
        .unwrap();
    let failed = w
        .http
        .get(w.url("/api/v1/notifications"))
        .bearer_auth(w.auth.customer("Ada").await.token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(failed.status(), 502);
    for res in [&refused, &failed] {
        assert_eq!(res.headers()["deprecation"], "@1796342400");
        assert_eq!(res.headers()["sunset"], "Wed, 30 Jun 2027 00:00:00 GMT");
        assert_eq!(
            res.headers()["link"],
            "</api/v2/notifications>; rel=\"successor-version\""
        );
    }
    let current = w.http.get(w.url("/api/v1/products")).send().await.unwrap();
    assert_eq!(current.status(), 200);
    for name in ["deprecation", "sunset", "link"] {
        assert!(
            current.headers().get(name).is_none(),
            "{name} on a current operation"
        );
    }
}

/// A notifications service whose own table deprecates `list_notifications` too: it
/// announces it, beside a `Link` of its own.
async fn deprecated_notifications_upstream() -> String {
    let app = axum::Router::new().route(
        "/api/v1/notifications",
        axum::routing::get(|| async {
            let mut headers = http::HeaderMap::new();
            headers.insert("deprecation", "@1796342400".parse().unwrap());
            headers.insert("sunset", "Wed, 30 Jun 2027 00:00:00 GMT".parse().unwrap());
            headers.append(
                "link",
                "</api/v2/notifications>; rel=\"successor-version\""
                    .parse()
                    .unwrap(),
            );
            headers.append(
                "link",
                "</api/v1/notifications?page=2>; rel=\"next\""
                    .parse()
                    .unwrap(),
            );
            (headers, axum::Json(serde_json::json!({})))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test]
async fn a_forwarded_answer_keeps_the_upstreams_links_and_announces_once() {
    let upstream = deprecated_notifications_upstream().await;
    let w = world(|c| {
        c.services = with_list_notifications_deprecated();
        for (name, url) in &mut c.upstreams {
            if *name == "notifications" {
                *url = upstream.clone();
            }
        }
    })
    .await;
    let res = w
        .http
        .get(w.url("/api/v1/notifications"))
        .bearer_auth(w.auth.customer("Ada").await.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let all = |name: &str| -> Vec<String> {
        res.headers()
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(all("deprecation"), ["@1796342400"]);
    assert_eq!(all("sunset"), ["Wed, 30 Jun 2027 00:00:00 GMT"]);
    assert_eq!(
        all("link"),
        [
            "</api/v2/notifications>; rel=\"successor-version\"",
            "</api/v1/notifications?page=2>; rel=\"next\""
        ]
    );
}

/// An upstream that accepts connections and never answers.
async fn hanging_upstream() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    url
}

#[tokio::test]
async fn a_slow_upstream_is_a_504() {
    let slow = hanging_upstream().await;
    let w = world(move |c| {
        c.upstream_timeout = Duration::from_millis(500);
        c.upstreams[3].1 = slow;
    })
    .await;
    let res = w
        .http
        .get(w.url("/api/v1/notifications"))
        .bearer_auth(w.auth.customer("Ada").await.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 504);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["title"], "Gateway timeout");
}

#[tokio::test]
async fn a_client_token_request_reaches_auth_without_a_bearer_token_and_counts_as_credentials() {
    let w = world(|c| c.credentials_per_minute = 2).await;
    let request = || {
        w.http
            .post(w.url("/api/v1/auth/token"))
            .basic_auth(uuid::Uuid::now_v7(), Some("not-a-registered-secret"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials")
            .send()
    };
    for _ in 0..2 {
        let res = request().await.unwrap();
        // Auth answered (its Basic challenge), not the gateway's bearer check.
        assert_eq!(res.status(), 401);
        assert!(
            res.headers()["www-authenticate"]
                .to_str()
                .unwrap()
                .starts_with("Basic "),
            "{:?}",
            res.headers()
        );
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["type"], "urn:agora:problem:invalid_client");
    }
    assert_eq!(
        request().await.unwrap().status(),
        429,
        "the credentials class"
    );
}

#[tokio::test]
async fn credentials_are_rate_limited_with_headers_and_429() {
    let w = world(|c| c.credentials_per_minute = 3).await;
    let login = || {
        w.http
            .post(w.url("/api/v1/auth/login"))
            .json(&json!({ "email": "x@example.com", "password": "whatever-password" }))
            .send()
    };
    for _ in 0..3 {
        let res = login().await.unwrap();
        assert_eq!(res.status(), 401);
        assert_eq!(
            res.headers()["ratelimit-policy"],
            "\"credentials\";q=3;w=60"
        );
        assert!(
            res.headers()["ratelimit"]
                .to_str()
                .unwrap()
                .starts_with("\"credentials\";r=")
        );
    }
    let limited = login().await.unwrap();
    assert_eq!(limited.status(), 429);
    let retry: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    assert!(limited.headers().contains_key("ratelimit"));
    // A login waits for the decision: the refused one never reached auth.
    assert_eq!(served(&w, "auth", "login").await, 3.0);
    // Other operations are limited separately.
    assert_eq!(
        w.http
            .get(w.url("/api/v1/categories"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

/// How many `operation` requests `service` has answered, from the process's `/metrics` (the
/// gateway and the services it fronts share one recorder in these tests).
async fn served(w: &World, service: &str, operation: &str) -> f64 {
    let text = agora_testkit::metrics::scrape(&w.http, &w.metrics).await;
    agora_testkit::metrics::sum(
        &text,
        "http_server_requests_total",
        &[("service", service), ("operation", operation)],
    )
}

#[tokio::test]
async fn a_refused_client_stays_refused_at_the_edge_until_its_retry_time() {
    let w = world(|c| c.anonymous_per_minute = 3).await;
    let mut statuses = Vec::new();
    for _ in 0..10 {
        let res = w
            .http
            .get(w.url("/api/v1/categories"))
            .send()
            .await
            .unwrap();
        if res.status() == 429 {
            let retry: u64 = res.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=60).contains(&retry), "{retry}");
            assert!(res.headers().contains_key("ratelimit"));
        }
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
    // Reads are forwarded while Redis decides, so the first refused one may have reached
    // products; none after it did, the gateway remembering the refusal.
    let reached = served(&w, "products", "list_categories").await;
    assert!(
        (3.0..=4.0).contains(&reached),
        "products answered {reached}"
    );
}

#[tokio::test]
async fn with_redis_down_the_gateway_serves_and_says_so() {
    let w = world(|c| {
        c.kit.redis_url = Some(
            format!(
                "redis://127.0.0.1:{}",
                dead_upstream().rsplit(':').next().unwrap()
            )
            .into(),
        )
    })
    .await;
    for _ in 0..3 {
        assert_eq!(
            w.http
                .get(w.url("/api/v1/categories"))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
    }
    let ready = w.http.get(w.url("/ready")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["checks"]["redis"], "degraded");
}

#[tokio::test]
async fn a_dead_upstream_is_a_502_then_the_circuit_opens_to_503() {
    let w = world(|_| {}).await;
    let token = w.auth.customer("Ada").await.token;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let res = w
            .http
            .get(w.url("/api/v1/users/me"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        statuses.push(res.status().as_u16());
    }
    assert_eq!(&statuses[..5], &[502; 5]);
    assert_eq!(
        &statuses[5..],
        &[503, 503],
        "the breaker fails fast once open"
    );
}

#[tokio::test]
async fn the_request_id_travels_end_to_end() {
    let w = world(|_| {}).await;
    let res = w
        .http
        .post(w.url("/api/v1/auth/register"))
        .header("x-request-id", "e2e-trace-42")
        .json(&json!({ "email": "ada@example.com", "password": PASSWORD, "name": "Ada" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "e2e-trace-42");
    let events: Value = w
        .http
        .get(w.url("/api/v1/auth/audit-events?event_type=register"))
        .bearer_auth(w.auth.admin_token().await)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        events["items"][0]["request_id"], "e2e-trace-42",
        "auth logged the gateway's request id"
    );
}

#[tokio::test]
async fn the_trace_travels_from_the_client_through_the_gateway_into_the_event() {
    let w = world(|_| {}).await;
    let client = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let res = w
        .http
        .post(w.url("/api/v1/auth/register"))
        .header("traceparent", client)
        .json(&json!({ "email": "ada@example.com", "password": PASSWORD, "name": "Ada" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let mut db = sqlx::PgConnection::connect(w.auth.database_url())
        .await
        .unwrap();
    let (payload,): (Value,) =
        sqlx::query_as("SELECT payload FROM outbox WHERE event_type = 'auth.user.registered'")
            .fetch_one(&mut db)
            .await
            .unwrap();
    let traceparent = payload["traceparent"]
        .as_str()
        .expect("the event carries the trace");
    let fields: Vec<&str> = traceparent.split('-').collect();
    assert_eq!(
        fields[1], "4bf92f3577b34da6a3ce929d0e0e4736",
        "the client's trace"
    );
    assert_ne!(
        fields[2], "00f067aa0ba902b7",
        "named after auth's span, two hops below the client's"
    );
}

#[tokio::test]
async fn docs_list_every_service() {
    let w = world(|_| {}).await;
    let init = w
        .http
        .get(w.url("/docs/swagger-initializer.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for s in [
        "auth",
        "users",
        "products",
        "notifications",
        "orders",
        "payments",
    ] {
        assert!(init.contains(&format!("/openapi/{s}.json")), "{s}");
        let spec: Value = w
            .http
            .get(w.url(&format!("/openapi/{s}.json")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(spec["paths"].is_object());
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_even_without_a_length() {
    let w = world(|c| c.kit.body_limit = 1024).await;
    let chunks =
        futures_util::stream::iter((0..64).map(|_| Ok::<_, std::io::Error>(vec![b'x'; 1024])));
    let res = w
        .http
        .post(w.url("/api/v1/auth/register"))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
}

/// What an echoing upstream saw: each request's headers, and the client port it came from.
type Seen = Arc<std::sync::Mutex<Vec<(u16, Value)>>>;

/// An upstream that answers each request with the headers it received (and a hop-by-hop
/// header of its own); asked with `?stream=1` it sends one chunk, then the rest once `release`
/// is notified.
async fn echoing_upstream(release: Arc<tokio::sync::Notify>) -> (String, Seen) {
    use axum::extract::{ConnectInfo, Request};
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let app = axum::Router::new().fallback(
        move |ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>, req: Request| {
            let (log, release) = (log.clone(), release.clone());
            async move {
                let headers: serde_json::Map<String, Value> = req
                    .headers()
                    .iter()
                    .map(|(k, v)| (k.to_string(), json!(v.to_str().unwrap_or_default())))
                    .collect();
                log.lock()
                    .unwrap()
                    .push((peer.port(), Value::Object(headers)));
                let body = if req.uri().query() == Some("stream=1") {
                    let first = futures_util::stream::once(async { Ok("first chunk;") });
                    let rest = futures_util::stream::once(async move {
                        release.notified().await;
                        Ok::<_, std::io::Error>("the rest")
                    });
                    axum::body::Body::from_stream(futures_util::StreamExt::chain(first, rest))
                } else {
                    axum::body::Body::from("{}")
                };
                axum::response::Response::builder()
                    .header("connection", "x-upstream-hop")
                    .header("x-upstream-hop", "for the gateway only")
                    .body(body)
                    .unwrap()
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    (url, seen)
}

#[tokio::test]
async fn upstreams_get_forwarding_headers_and_no_hop_by_hop_ones_over_pooled_connections() {
    let (echo, seen) = echoing_upstream(Arc::default()).await;
    let w = world(move |c| c.upstreams[3].1 = echo).await;
    let token = w.auth.customer("Ada").await.token;
    for _ in 0..5 {
        let res = w
            .http
            .get(w.url("/api/v1/notifications"))
            .bearer_auth(&token)
            .header("connection", "x-client-hop")
            .header("x-client-hop", "for the gateway only")
            .header("keep-alive", "timeout=5")
            .header("proxy-authorization", "Basic c2VjcmV0")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(
            !res.headers().contains_key("x-upstream-hop"),
            "a header the upstream's Connection names stays between it and the gateway"
        );
    }
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 5);
    let gateway_host = w.base.trim_start_matches("http://");
    for (_, headers) in &seen {
        for hop in ["x-client-hop", "keep-alive", "proxy-authorization"] {
            assert!(headers.get(hop).is_none(), "{hop} was forwarded: {headers}");
        }
        assert_eq!(headers["x-forwarded-for"], "127.0.0.1");
        assert_eq!(headers["x-forwarded-proto"], "http");
        assert_eq!(headers["x-forwarded-host"], gateway_host);
        assert!(
            headers["x-request-id"]
                .as_str()
                .is_some_and(|id| !id.is_empty())
        );
        assert!(headers["authorization"].is_string(), "the bearer goes on");
    }
    let connections: std::collections::HashSet<u16> = seen.iter().map(|(port, _)| *port).collect();
    assert_eq!(
        connections.len(),
        1,
        "five requests in turn share one pooled upstream connection"
    );
}

#[tokio::test]
async fn responses_are_streamed_through_not_buffered() {
    let release = Arc::new(tokio::sync::Notify::new());
    let (echo, _) = echoing_upstream(release.clone()).await;
    let w = world(move |c| c.upstreams[3].1 = echo).await;
    let mut res = w
        .http
        .get(w.url("/api/v1/notifications?stream=1"))
        .bearer_auth(w.auth.customer("Ada").await.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // The upstream holds the rest of its body back until the first chunk has arrived here:
    // a gateway that buffered whole responses would never pass the first one on.
    let first = tokio::time::timeout(Duration::from_secs(5), res.chunk())
        .await
        .expect("the first chunk arrives while the upstream is still sending")
        .unwrap()
        .unwrap();
    assert_eq!(&first[..], b"first chunk;");
    release.notify_one();
    let rest = res.bytes().await.unwrap();
    assert_eq!(&rest[..], b"the rest");
}

#[tokio::test]
async fn a_client_cannot_choose_the_address_it_is_limited_by() {
    use agora_kit::client_ip::TrustedProxies;
    for trusted in [
        TrustedProxies::None,
        TrustedProxies::Hops(1),
        TrustedProxies::Networks(vec!["127.0.0.0/8".parse().unwrap()]),
    ] {
        let w = world(|c| {
            c.anonymous_per_minute = 3;
            c.kit.trusted_proxies = trusted.clone();
        })
        .await;
        let read = |forwarded: String| {
            w.http
                .get(w.url("/api/v1/categories"))
                .header("x-forwarded-for", forwarded)
                .send()
        };
        // The left part of the header is the client's to write: a new address each time.
        let mut statuses = Vec::new();
        for i in 0..5 {
            let res = read(format!("203.0.113.{i}, 198.51.100.7")).await.unwrap();
            statuses.push(res.status().as_u16());
        }
        assert_eq!(statuses, [200, 200, 200, 429, 429], "{trusted:?}");
        // What a trusted proxy appended is believed: another client behind it has a quota
        // of its own. Without trusted proxies, it is the same peer.
        let other = read("198.51.100.8".into()).await.unwrap().status();
        let expected = if trusted == TrustedProxies::None {
            429
        } else {
            200
        };
        assert_eq!(other, expected, "{trusted:?}");
    }
}

#[test]
fn a_malformed_setting_is_named_before_the_binary_exits() {
    agora_testkit::process::assert_refuses_to_start(
        env!("CARGO_BIN_EXE_gateway"),
        &[("GATEWAY_PORT", "eighty")],
        "GATEWAY_PORT",
    );
    // An upstream that could never be reached is named at start, not answered 502 for ever.
    for (name, value) in [
        ("ORDERS_URL", "orders:3005"),
        ("PAYMENTS_URL", "http://"),
        ("AUTH_URL", "mailto:auth@agora"),
    ] {
        agora_testkit::process::assert_refuses_to_start(
            env!("CARGO_BIN_EXE_gateway"),
            &[(name, value)],
            name,
        );
    }
}

#[tokio::test]
async fn a_flood_of_unfinished_heads_from_one_client_leaves_the_gateway_answering_others() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let w = world(|c| {
        c.kit.connections.head_timeout = Duration::from_millis(500);
        c.kit.connections.max_per_client = 20;
    })
    .await;
    let addr: std::net::SocketAddr = w.base.trim_start_matches("http://").parse().unwrap();
    let connect_from = |from: [u8; 4]| async move {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(std::net::SocketAddr::from((from, 0))).unwrap();
        socket.connect(addr).await.unwrap()
    };
    let mut flood = Vec::new();
    for _ in 0..100 {
        let mut s = connect_from([127, 0, 0, 2]).await;
        let _ = s
            .write_all(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n")
            .await;
        flood.push(s);
    }
    let health = reqwest::get(w.url("/health")).await.unwrap();
    assert_eq!(health.status(), 200, "others are answered during the flood");
    // Every unfinished head is closed within the bound.
    for s in &mut flood {
        let mut buf = [0u8; 256];
        let closed = tokio::time::timeout(Duration::from_secs(3), async {
            loop {
                match s.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        })
        .await;
        assert!(closed.is_ok(), "an unfinished head was still open");
    }
}

#[tokio::test]
async fn metrics_are_served_apart_from_the_port_clients_reach() {
    let w = world(|_| {}).await;
    let public = w.http.get(w.url("/metrics")).send().await.unwrap();
    assert_eq!(public.status(), 404);
    assert_eq!(public.headers()["content-type"], "application/problem+json");
    let text = agora_testkit::metrics::scrape(&w.http, &w.metrics).await;
    assert!(text.contains("http_server_requests_total"), "{text}");
}

#[tokio::test]
async fn checkouts_have_a_rate_limit_of_their_own_per_user() {
    let w = world(|c| c.checkout_per_minute = 2).await;
    let ada = w.auth.customer("Ada").await;
    let bob = w.auth.customer("Bob").await;
    let checkout = |token: &str| {
        w.http
            .post(w.url("/api/v1/orders"))
            .bearer_auth(token)
            .header("idempotency-key", uuid::Uuid::new_v4().to_string())
            .json(&json!({}))
            .send()
    };
    for _ in 0..2 {
        let res = checkout(&ada.token).await.unwrap();
        // The orders upstream of this world is down: forwarded, and answered 502/503.
        assert!(res.status().is_server_error(), "{}", res.status());
        assert_eq!(res.headers()["ratelimit-policy"], "\"checkout\";q=2;w=60");
    }
    let limited = checkout(&ada.token).await.unwrap();
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
    // Per user: another customer checks out; the same customer's other calls go on.
    assert!(
        checkout(&bob.token)
            .await
            .unwrap()
            .status()
            .is_server_error()
    );
    let other = w
        .http
        .get(w.url("/api/v1/orders"))
        .bearer_auth(&ada.token)
        .send()
        .await
        .unwrap();
    assert_ne!(other.status(), 429);
    assert_eq!(other.headers()["ratelimit-policy"], "\"user\";q=1200;w=60");
}
