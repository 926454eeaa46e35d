//! Traces leave over OTLP when an endpoint is configured: the real binary, a real OTLP/HTTP
//! receiver on a loopback port (it keeps what it is sent), a request that arrives with the
//! caller's `traceparent`. The exported spans belong to the caller's trace, and the log
//! lines carry its trace id.

use std::io::Read as _;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::routing::post;

use crate::helpers::Binary;

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

/// An OTLP/HTTP receiver: keeps every body posted to `/v1/traces`.
async fn collector() -> (String, Arc<Mutex<Vec<Bytes>>>) {
    let received = Arc::new(Mutex::new(Vec::new()));
    let keep = received.clone();
    let app = Router::new().route(
        "/v1/traces",
        post(move |body: Bytes| {
            let keep = keep.clone();
            async move {
                keep.lock().unwrap().push(body);
                ""
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, received)
}

#[tokio::test]
async fn spans_are_exported_in_the_callers_trace_and_logs_carry_its_id() {
    let (endpoint, received) = collector().await;
    let mut binary = Binary::start(
        &[
            ("OTEL_EXPORTER_OTLP_ENDPOINT", &endpoint),
            ("OTEL_BSP_SCHEDULE_DELAY", "100"),
            ("LOG_FORMAT", "json"),
            ("RUST_LOG", "info"),
        ],
        Stdio::piped(),
    )
    .await;
    let base = binary.base.clone();
    let http = reqwest::Client::new();
    let res = http
        .get(format!("{base}/.well-known/jwks.json"))
        .header("traceparent", format!("00-{TRACE_ID}-00f067aa0ba902b7-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let trace_bytes: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&TRACE_ID[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let exported = received
            .lock()
            .unwrap()
            .iter()
            .any(|body| body.windows(16).any(|w| w == trace_bytes.as_slice()));
        if exported {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no span of the caller's trace reached the collector"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    binary.sigterm();
    let mut logs = String::new();
    binary
        .child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .unwrap();
    assert!(binary.child.wait().unwrap().success());
    let request_line = logs
        .lines()
        .find(|l| l.contains("request finished") && l.contains("jwks"))
        .unwrap_or_else(|| panic!("no log line of the request in {logs}"));
    let line: serde_json::Value = serde_json::from_str(request_line).unwrap();
    assert_eq!(line["span"]["trace_id"], TRACE_ID, "{line}");
    assert!(line["span"]["request_id"].is_string(), "{line}");
}
