//! The kit's edge behaviour on a small service of its own: timeouts, panics, CORS, the
//! problem-body guarantee, draining on shutdown, and the bounds on slow and greedy clients.

use std::sync::Arc;
use std::time::Duration;

use agora_api::{Access, Deprecation, Operation, RequestBody, Service};
use agora_kit::config::KitConfig;
use agora_kit::health::Readiness;
use agora_kit::token::{LocalKeys, TokenVerifier};
use axum::Router;
use axum::body::Body;
use axum::routing::get;
use http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

const SPEC: &str = r#"{
  "openapi": "3.0.3",
  "info": { "title": "kit test", "version": "0" },
  "paths": {
    "/slow": { "get": { "operationId": "slow", "responses": { "200": { "description": "Ok" } } } },
    "/panic": { "get": { "operationId": "panic", "responses": { "200": { "description": "Ok" } } } },
    "/teapot": { "get": { "operationId": "teapot", "responses": { "200": { "description": "Ok" } } } },
    "/old": { "get": { "operationId": "old", "deprecated": true, "responses": { "200": { "description": "Ok" } } } },
    "/old-private": { "get": { "operationId": "old_private", "deprecated": true, "responses": { "200": { "description": "Ok" } } } },
    "/old-panic": { "get": { "operationId": "old_panic", "deprecated": true, "responses": { "200": { "description": "Ok" } } } },
    "/old-slow": { "get": { "operationId": "old_slow", "deprecated": true, "responses": { "200": { "description": "Ok" } } } }
  }
}"#;

fn op(id: &'static str, path: &'static str) -> Operation {
    Operation {
        id,
        method: Method::GET,
        path,
        access: Access::Public,
        rate_limit: None,
        served_by_kit: false,
        request_body: RequestBody::None,
        deprecation: None,
    }
}

/// As codegen writes it for `x-deprecated-at: 2026-01-01T00:00:00Z`,
/// `x-sunset: 2026-07-01T00:00:00Z`, `x-successor: /api/v2/things`.
const OLD: Deprecation = Deprecation {
    deprecation: "@1767225600",
    sunset: "Wed, 01 Jul 2026 00:00:00 GMT",
    link: Some("</api/v2/things>; rel=\"successor-version\""),
};

fn service() -> &'static Service {
    let ops: &'static [Operation] = Box::leak(Box::new([
        op("panic", "/panic"),
        op("slow", "/slow"),
        op("teapot", "/teapot"),
        Operation {
            deprecation: Some(OLD),
            ..op("old", "/old")
        },
        Operation {
            access: Access::Authenticated,
            deprecation: Some(OLD),
            ..op("old_private", "/old-private")
        },
        Operation {
            deprecation: Some(OLD),
            ..op("old_panic", "/old-panic")
        },
        Operation {
            deprecation: Some(OLD),
            ..op("old_slow", "/old-slow")
        },
    ]));
    Box::leak(Box::new(Service {
        name: "kit-test",
        operations: ops,
        openapi_json: SPEC,
    }))
}

fn app(config: &KitConfig) -> Router {
    let api = Router::new()
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(300)).await;
                "done"
            }),
        )
        .route("/panic", get(explode))
        .route("/old", get(|| async { "still served" }))
        .route("/old-private", get(|| async { "still served" }))
        .route("/old-panic", get(explode))
        .route(
            "/old-slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(300)).await;
                "too late"
            }),
        )
        .route(
            "/teapot",
            get(|| async { (StatusCode::IM_A_TEAPOT, "plain text that must not leak") }),
        );
    let verifier = Arc::new(TokenVerifier::new(
        Arc::new(LocalKeys::default()),
        "agora-auth",
        "agora",
    ));
    agora_kit::app::router(
        service(),
        api,
        config,
        verifier,
        None,
        None,
        Readiness::default(),
    )
    .expect("the router builds")
}

async fn explode() -> &'static str {
    panic!("a bug")
}

fn config() -> KitConfig {
    KitConfig::for_tests("postgres://unused")
}

async fn json(res: axum::response::Response) -> serde_json::Value {
    serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap()
}

#[tokio::test]
async fn a_request_over_the_timeout_gets_a_503_problem() {
    let mut config = config();
    config.request_timeout = Duration::from_millis(50);
    let res = app(&config)
        .oneshot(Request::get("/slow").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn a_panic_becomes_an_opaque_500_problem_with_the_request_id() {
    let res = app(&config())
        .oneshot(
            Request::get("/panic")
                .header("x-request-id", "panic-1")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), 500);
    let body = json(res).await;
    assert_eq!(body["request_id"], "panic-1");
    assert!(!body.to_string().contains("a bug"));
}

#[tokio::test]
async fn an_error_that_is_not_a_problem_is_replaced_by_one() {
    let res = app(&config())
        .oneshot(Request::get("/teapot").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), 418);
    let body = json(res).await;
    assert_eq!(body["status"], 418);
    assert!(!body.to_string().contains("must not leak"));
}

#[tokio::test]
async fn a_deprecated_operation_says_so_on_every_answer_and_no_other_does() {
    let mut quick = config();
    quick.request_timeout = Duration::from_millis(50);
    let app = app(&quick);
    let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();

    let served = app.clone().oneshot(get("/old")).await.unwrap();
    let refused = app.clone().oneshot(get("/old-private")).await.unwrap();
    let panicked = app.clone().oneshot(get("/old-panic")).await.unwrap();
    let timed_out = app.clone().oneshot(get("/old-slow")).await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(refused.status(), 401, "no token: the contract's problem");
    assert_eq!(panicked.status(), 500, "a panic: the edge's own answer");
    assert_eq!(timed_out.status(), 503, "a timeout: the edge's own answer");
    for res in [&served, &refused, &panicked, &timed_out] {
        assert_eq!(res.headers()["deprecation"], "@1767225600");
        assert_eq!(res.headers()["sunset"], "Wed, 01 Jul 2026 00:00:00 GMT");
        assert_eq!(
            res.headers()["link"],
            "</api/v2/things>; rel=\"successor-version\""
        );
    }

    let current = app.oneshot(get("/teapot")).await.unwrap();
    for name in ["deprecation", "sunset", "link"] {
        assert!(
            current.headers().get(name).is_none(),
            "{name} on a current operation"
        );
    }
}

#[tokio::test]
async fn cors_allows_configured_origins_only() {
    let mut config = config();
    config.cors_allowed_origins = vec!["https://shop.example".into()];
    let preflight = |origin: &str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/teapot")
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .body(Body::empty())
            .unwrap()
    };
    let allowed = app(&config)
        .oneshot(preflight("https://shop.example"))
        .await
        .unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://shop.example"
    );
    let refused = app(&config)
        .oneshot(preflight("https://evil.example"))
        .await
        .unwrap();
    assert!(
        !refused
            .headers()
            .contains_key("access-control-allow-origin")
    );
}

#[tokio::test]
async fn shutdown_lets_in_flight_requests_finish() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(agora_kit::app::serve(
        "api",
        listener,
        app(&config()),
        agora_kit::connections::ConnectionLimits::default(),
        Duration::from_secs(5),
        async {
            let _ = stop_rx.await;
        },
    ));
    let in_flight = tokio::spawn(async move { reqwest::get(format!("http://{addr}/slow")).await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop_tx.send(()).unwrap();
    let res = in_flight
        .await
        .unwrap()
        .expect("the in-flight request completes");
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "done");
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server stops")
        .unwrap()
        .unwrap();
    assert!(
        reqwest::get(format!("http://{addr}/slow")).await.is_err(),
        "no new connections after shutdown"
    );
}

#[tokio::test]
async fn outgoing_calls_carry_the_request_id_and_the_trace() {
    let span = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let ctx = agora_context::RequestContext {
        request_id: "rid-42".into(),
        client_ip: None,
        user_agent: None,
        trace: agora_context::TraceContext::parse(span),
    };
    let mut request =
        reqwest::Request::new(reqwest::Method::GET, "http://127.0.0.1/".parse().unwrap());
    agora_context::scope(ctx, async {
        agora_context::outgoing::decorate(&mut request)
    })
    .await;
    assert_eq!(request.headers()["x-request-id"], "rid-42");
    assert_eq!(
        request.headers()["traceparent"],
        span,
        "the callee's parent is the caller's span"
    );
}

#[tokio::test]
async fn outgoing_calls_carry_the_callers_bearer_only_inside_with_bearer() {
    let new_request =
        || reqwest::Request::new(reqwest::Method::GET, "http://127.0.0.1/".parse().unwrap());
    let mut inside = new_request();
    agora_context::with_bearer("tok".into(), async {
        agora_context::outgoing::decorate(&mut inside)
    })
    .await;
    assert_eq!(inside.headers()["authorization"], "Bearer tok");
    let mut outside = new_request();
    agora_context::outgoing::decorate(&mut outside);
    assert!(!outside.headers().contains_key("authorization"));
}

/// A server on a loopback port with these limits, answering `GET /` with "ok"; its address
/// and the sender that stops it.
async fn bounded_server(
    limits: agora_kit::connections::ConnectionLimits,
) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = Router::new().route("/", get(|| async { "ok" }));
    tokio::spawn(agora_kit::connections::serve(
        "api",
        listener,
        app,
        limits,
        Duration::from_secs(1),
        async {
            let _ = stopped.await;
        },
    ));
    (addr, stop)
}

/// A connection to `to` from the loopback address `from` (127.0.0.0/8 is all loopback).
async fn connect_from(from: [u8; 4], to: std::net::SocketAddr) -> tokio::net::TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(std::net::SocketAddr::from((from, 0))).unwrap();
    socket.connect(to).await.unwrap()
}

/// Sends the start of a request head and never finishes it.
async fn unfinished_head(from: [u8; 4], to: std::net::SocketAddr) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut stream = connect_from(from, to).await;
    let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: agora\r\n").await;
    stream
}

/// Whether the server closed `stream` (end of stream or a reset) within `within`.
async fn closed_within(stream: &mut tokio::net::TcpStream, within: Duration) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 1024];
    let read = async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => continue,
            }
        }
    };
    tokio::time::timeout(within, read).await.is_ok()
}

/// One whole `GET /` on a new connection from `from`: the status, or `None` when the server
/// closed the connection without answering.
async fn get_from(from: [u8; 4], to: std::net::SocketAddr) -> Option<u16> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = connect_from(from, to).await;
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: agora\r\nConnection: close\r\n\r\n")
        .await
        .ok()?;
    let mut response = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut response)).await;
    String::from_utf8_lossy(&response)
        .split(' ')
        .nth(1)?
        .parse()
        .ok()
}

#[tokio::test]
async fn unfinished_request_heads_and_idle_connections_are_closed_within_the_bound() {
    let limits = agora_kit::connections::ConnectionLimits {
        head_timeout: Duration::from_millis(300),
        ..Default::default()
    };
    let (addr, _stop) = bounded_server(limits).await;
    let mut slow = Vec::new();
    for _ in 0..50 {
        slow.push(unfinished_head([127, 0, 0, 1], addr).await);
    }
    // Some send nothing at all, some half an HTTP/2 preface (which is no HTTP/1 either).
    for _ in 0..10 {
        slow.push(connect_from([127, 0, 0, 1], addr).await);
    }
    for _ in 0..10 {
        use tokio::io::AsyncWriteExt;
        let mut s = connect_from([127, 0, 0, 1], addr).await;
        s.write_all(b"PRI * HTTP/2.0\r\n").await.unwrap();
        slow.push(s);
    }
    for (i, stream) in slow.iter_mut().enumerate() {
        assert!(
            closed_within(stream, Duration::from_secs(2)).await,
            "connection {i} was still open"
        );
    }
    // A kept-alive connection that goes quiet after its request is closed the same way.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut idle = connect_from([127, 0, 0, 1], addr).await;
    idle.write_all(b"GET / HTTP/1.1\r\nHost: agora\r\n\r\n")
        .await
        .unwrap();
    let mut first = [0u8; 512];
    let n = idle.read(&mut first).await.unwrap();
    assert!(String::from_utf8_lossy(&first[..n]).starts_with("HTTP/1.1 200"));
    assert!(closed_within(&mut idle, Duration::from_secs(2)).await);
}

#[tokio::test]
async fn a_flood_of_slow_connections_from_one_client_leaves_the_server_answering_others() {
    let limits = agora_kit::connections::ConnectionLimits {
        head_timeout: Duration::from_secs(30),
        max_connections: 300,
        max_per_client: 20,
    };
    let (addr, _stop) = bounded_server(limits).await;
    // One client opens ten times its share and never finishes a head.
    let mut flood = Vec::new();
    for _ in 0..200 {
        flood.push(unfinished_head([127, 0, 0, 2], addr).await);
    }
    // Its own further requests are refused, everyone else's answered.
    assert_eq!(get_from([127, 0, 0, 2], addr).await, None);
    for from in [[127, 0, 0, 1], [127, 0, 0, 3], [127, 0, 0, 4]] {
        assert_eq!(get_from(from, addr).await, Some(200), "{from:?}");
    }
    // All clients together stay under the total: past it, new connections are closed at
    // once and the server stays up for those already in.
    let mut many = Vec::new();
    for i in 0..15u8 {
        for _ in 0..20 {
            many.push(unfinished_head([127, 0, 1, i], addr).await);
        }
    }
    assert_eq!(get_from([127, 0, 0, 5], addr).await, None, "over the total");
    drop(many);
    drop(flood);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        get_from([127, 0, 0, 5], addr).await,
        Some(200),
        "room again"
    );
}
