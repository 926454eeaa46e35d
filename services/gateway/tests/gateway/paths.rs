//! One path, one meaning: whatever the gateway decides on (route, operation, access,
//! rate-limit class) is decided on the path the upstream receives, or the request is
//! refused. Requests go out over a raw socket so their targets reach the gateway exactly as
//! written (`curl --path-as-is`), dot-segments and all.

use agora_kit::operations::{Lookup, OperationMatcher};
use proptest::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::*;

/// One HTTP/1.1 exchange on its own connection, the request target sent byte for byte.
/// The status and the whole response as text.
async fn raw(addr: &str, method: &str, target: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let body = if method == "POST" {
        r#"{"email":"x@example.com","password":"whatever-password"}"#
    } else {
        ""
    };
    let mut request = format!(
        "{method} {target} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\
         content-type: application/json\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// A response header's value, from [`raw`]'s text.
fn header(response: &str, name: &str) -> Option<String> {
    let head = response.split("\r\n\r\n").next()?;
    head.lines().skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
    })
}

/// Spellings of `POST /api/v1/auth/login` that some parser on the way could read as login.
const LOGIN_SPELLINGS: &[&str] = &[
    "/api/v1/auth/x/../login",
    "/api/v1/auth/x/%2e%2e/login",
    "/api/v1/auth/x/%2E%2E/login",
    "/api/v1/auth/x/.%2e/login",
    "/api/v1/auth/./login",
    "/api/v1/auth/%2e/login",
    "/api/v1/users/../auth/login",
    "/api/v1//auth/login",
    "//api/v1/auth/login",
    "/api/v1/auth/login/",
    "/api/v1/auth%2flogin",
    "/api/v1/auth%2Flogin",
    "/api/v1/auth/x%2f..%2flogin",
    "/api/v1/auth%5clogin",
    "/api/v1/auth/x/..%5clogin",
    "/api/v1/auth/login;x=1",
    "/api/v1/auth;/login",
    "/api/v1/auth/logi%6e",
    "/api/v1/auth/%6cogin",
];

#[tokio::test]
async fn no_spelling_of_a_path_slips_past_the_limit_of_the_operation_it_names() {
    let w = world(|c| c.credentials_per_minute = 3).await;
    let addr = w.base.trim_start_matches("http://").to_owned();
    // 25 wrong logins in a row under every other spelling: none is a login the gateway did
    // not limit as one; each is refused before it is forwarded anywhere.
    for spelling in LOGIN_SPELLINGS
        .iter()
        .cycle()
        .take(25 * LOGIN_SPELLINGS.len())
    {
        let (status, response) = raw(&addr, "POST", spelling, &[]).await;
        assert_eq!(status, 400, "{spelling}: {response}");
        assert_eq!(
            header(&response, "content-type").as_deref(),
            Some("application/problem+json"),
            "{spelling}"
        );
    }
    assert_eq!(served(&w, "auth", "login").await, 0.0);
    // The one spelling left is limited as a login.
    let statuses: Vec<u16> = {
        let mut s = Vec::new();
        for _ in 0..4 {
            s.push(raw(&addr, "POST", "/api/v1/auth/login", &[]).await.0);
        }
        s
    };
    assert_eq!(statuses, [401, 401, 401, 429]);
    assert_eq!(served(&w, "auth", "login").await, 3.0);
}

#[tokio::test]
async fn a_request_naming_no_operation_is_answered_at_the_edge() {
    let w = world(|_| {}).await;
    let addr = w.base.trim_start_matches("http://").to_owned();
    let token = w.auth.customer("Ada").await.token;
    let bearer = format!("Bearer {token}");
    let auth = [("authorization", bearer.as_str())];
    let (status, response) = raw(&addr, "PUT", "/api/v1/notifications", &auth).await;
    assert_eq!(status, 405, "{response}");
    assert_eq!(header(&response, "allow").as_deref(), Some("GET, HEAD"));
    let (status, _) = raw(&addr, "GET", "/api/v1/notifications/elsewhere", &auth).await;
    assert_eq!(status, 404);
    assert_eq!(w.notifications_hits.load(Ordering::SeqCst), 0);
    // HEAD names the GET operation: it needs a token at the edge like GET.
    let (status, _) = raw(&addr, "HEAD", "/api/v1/notifications", &[]).await;
    assert_eq!(status, 401);
    assert_eq!(w.notifications_hits.load(Ordering::SeqCst), 0);
}

/// A stand-in for every service: axum's router on the specs' own path templates (what the
/// generated routers are), answering with the operation it routed to and the request target
/// it received. It also serves auth's real JWKS, so the gateway accepts auth's tokens.
async fn stand_in(jwks: String) -> String {
    use std::collections::BTreeMap;
    let mut by_path: BTreeMap<&str, Vec<&agora_api::Operation>> = BTreeMap::new();
    for op in agora_api::SERVICES.iter().flat_map(|s| s.operations) {
        if !op.served_by_kit {
            by_path.entry(op.path).or_default().push(op);
        }
    }
    let mut router = axum::Router::new();
    for (path, ops) in by_path {
        let mut methods = axum::routing::MethodRouter::new();
        for op in ops {
            let (id, jwks) = (op.id, jwks.clone());
            let filter = axum::routing::MethodFilter::try_from(op.method.clone()).unwrap();
            methods = methods.on(filter, move |uri: http::Uri| async move {
                let body = if id == "jwks" { jwks } else { String::new() };
                let headers = [
                    ("content-type", "application/json".to_owned()),
                    ("x-served-operation", id.to_owned()),
                    ("x-served-target", uri.to_string()),
                ];
                (headers, body)
            });
        }
        router = router.route(path, methods);
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

/// Path segments a request may be built from: the specs' own, and the tricks. (The paths
/// the gateway serves itself, `/health` and the like, are left out.)
fn pieces() -> Vec<String> {
    let mut pieces: Vec<String> = agora_api::SERVICES
        .iter()
        .flat_map(|s| s.operations)
        .filter(|op| !op.served_by_kit)
        .flat_map(|op| op.path.split('/'))
        .filter(|s| !s.starts_with('{'))
        .map(str::to_owned)
        .collect();
    pieces.extend(
        [
            "",
            ".",
            "..",
            "%2e",
            "%2E",
            "%2e%2e",
            ".%2E",
            "%2f",
            "%2F",
            "\\",
            "%5c",
            "%5C",
            ";",
            ";a=b",
            "%6c",
            "%41",
            "%20",
            "%",
            "%zz",
            "x",
            "?a=b",
            "#frag",
            "0b6c3c1e-1f6e-4a7e-9b57-1b0e4d1d2c3a",
        ]
        .map(str::to_owned),
    );
    pieces.sort();
    pieces.dedup();
    pieces
}

/// A path: a real template with its parameters filled in, then bent: pieces inserted,
/// segments replaced, or pieces glued onto a segment.
fn paths() -> impl Strategy<Value = String> {
    let templates: Vec<&'static str> = agora_api::SERVICES
        .iter()
        .flat_map(|s| s.operations)
        .filter(|op| !op.served_by_kit)
        .map(|op| op.path)
        .collect();
    let edit = (0..8usize, prop::sample::select(pieces()), 0..3u8);
    (
        prop::sample::select(templates),
        prop::collection::vec(edit, 0..3),
    )
        .prop_map(|(template, edits)| {
            let mut segments: Vec<String> = template
                .split('/')
                .map(|s| {
                    if s.starts_with('{') {
                        "0b6c3c1e-1f6e-4a7e-9b57-1b0e4d1d2c3a".to_owned()
                    } else {
                        s.to_owned()
                    }
                })
                .collect();
            for (at, piece, how) in edits {
                let at = 1 + at % segments.len();
                match how {
                    0 => segments.insert(at.min(segments.len()), piece),
                    1 if at < segments.len() => segments[at] = piece,
                    _ => {
                        let at = at.min(segments.len() - 1);
                        segments[at].push_str(&piece);
                    }
                }
            }
            segments.join("/")
        })
}

#[test]
fn for_any_path_the_upstream_serves_the_operation_the_gateway_classified_or_none() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (auth, addr, bearer, gateway) = rt.block_on(async {
        let auth = Auth::spawn().await;
        let jwks = reqwest::get(format!("{}/.well-known/jwks.json", auth.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let upstream = stand_in(jwks).await;
        let mut config = GatewayConfig {
            kit: agora_kit::config::KitConfig::for_tests(""),
            upstreams: [
                "auth",
                "users",
                "products",
                "notifications",
                "orders",
                "payments",
            ]
            .map(|name| (name, upstream.clone()))
            .to_vec(),
            upstream_timeout: Duration::from_secs(5),
            anonymous_per_minute: 300,
            user_per_minute: 1200,
            credentials_per_minute: 20,
            checkout_per_minute: 30,
            rate_limit_prefix: String::new(),
            services: agora_api::SERVICES,
        };
        // No Redis: nothing is rate-limited, so every answer is routing's.
        config.kit.redis_url = None;
        let gateway = Running::start(Application::build(config).await.unwrap());
        let addr = gateway.addr().to_string();
        let bearer = format!("Bearer {}", auth.admin_token().await);
        (auth, addr, bearer, gateway)
    });
    let matcher = OperationMatcher::new(agora_api::SERVICES, false).unwrap();
    let methods = vec!["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 600,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let result = runner.run(
        &(prop::sample::select(methods), paths()),
        |(method, target)| {
            let auth = [("authorization", bearer.as_str())];
            let (status, response) = rt.block_on(raw(&addr, method, &target, &auth));
            match header(&response, "x-served-operation") {
                Some(served) => {
                    // A fragment is no part of a request target: HTTP parsers drop it.
                    let sent = target.split('#').next().unwrap_or_default();
                    let received = header(&response, "x-served-target");
                    prop_assert_eq!(
                        received.as_deref(),
                        Some(sent),
                        "the upstream got another target than the gateway classified"
                    );
                    let path = target.split(['?', '#']).next().unwrap_or_default();
                    let classified = match matcher.find(&method.parse().unwrap(), path) {
                        Lookup::Found { operation, .. } => operation.id,
                        other => panic!("forwarded without an operation: {other:?}"),
                    };
                    prop_assert_eq!(served, classified, "{} {}", method, target);
                }
                None => prop_assert!(
                    matches!(status, 400 | 404 | 405),
                    "{method} {target}: the gateway answered {status} itself: {response}"
                ),
            }
            Ok(())
        },
    );
    rt.block_on(async move {
        gateway.stop().await;
        drop(auth);
    });
    result.unwrap();
}
