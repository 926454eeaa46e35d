//! Prometheus metrics: one recorder per process, rendered at `/metrics`.
//!
//! Every server records `http_server_requests_total` and
//! `http_server_request_duration_seconds`, labelled by service, the spec's operation id
//! (never the raw path, so cardinality stays bounded), method and status.

use std::sync::OnceLock;
use std::time::Duration;

use axum::response::IntoResponse;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// The operation a response answered, as the contract layer (or the gateway) found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationId(pub &'static str);

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's recorder, installed on first use.
pub fn handle() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_server_request_duration_seconds".into()),
                &[
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                ],
            )
            .expect("the bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!(
                "a metrics recorder was already installed; /metrics shows only this one's"
            );
        }
        handle
    })
}

/// `GET /metrics`.
pub async fn render() -> impl IntoResponse {
    (
        [(http::header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle().render(),
    )
}

pub fn record_request(
    service: &'static str,
    operation: &'static str,
    method: &http::Method,
    status: u16,
    elapsed: Duration,
) {
    let labels = [
        ("service", service.to_owned()),
        ("operation", operation.to_owned()),
        ("method", method.as_str().to_owned()),
        ("status", status.to_string()),
    ];
    metrics::counter!("http_server_requests_total", &labels).increment(1);
    metrics::histogram!("http_server_request_duration_seconds", &labels[..3])
        .record(elapsed.as_secs_f64());
}
