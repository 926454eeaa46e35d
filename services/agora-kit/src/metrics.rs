//! Prometheus metrics: one recorder per process, rendered at `/metrics`.
//!
//! Every server records `http_server_requests_total` and
//! `http_server_request_duration_seconds`, labelled by service, the spec's operation id
//! (never the raw path, so cardinality stays bounded), method and status. Gauges that are
//! cheap to read and pointless to sample when nobody looks (pool use, breaker state) are
//! read at scrape time by the collectors registered with [`on_scrape`].

use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use axum::response::IntoResponse;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// The operation a response answered, as the contract layer (or the gateway) found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationId(pub &'static str);

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

type Collector = Box<dyn Fn() + Send + Sync>;
static COLLECTORS: Mutex<Vec<Collector>> = Mutex::new(Vec::new());

/// Runs `collect` at every scrape, just before rendering.
pub fn on_scrape(collect: impl Fn() + Send + Sync + 'static) {
    COLLECTORS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(Box::new(collect));
}

/// Runs every registered collector: what a scrape does before rendering.
pub fn collect() {
    for collect in COLLECTORS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
    {
        collect();
    }
}

/// `db_pool_connections{state="idle"|"in_use"}` and `db_pool_max_connections`, read at
/// each scrape.
pub fn watch_postgres_pool(pool: &sqlx::PgPool) {
    let pool = pool.clone();
    on_scrape(move || {
        let size = pool.size();
        let idle = u32::try_from(pool.num_idle()).unwrap_or(u32::MAX);
        metrics::gauge!("db_pool_connections", "state" => "idle").set(f64::from(idle));
        metrics::gauge!("db_pool_connections", "state" => "in_use")
            .set(f64::from(size.saturating_sub(idle)));
        metrics::gauge!("db_pool_max_connections")
            .set(f64::from(pool.options().get_max_connections()));
    });
}

/// `redis_pool_connections{state="idle"|"in_use"}`, read at each scrape: the pool's
/// handles onto the shared link, `in_use` being the commands in flight.
pub fn watch_redis_pool(pool: &crate::redis::RedisPool) {
    let pool = pool.clone();
    on_scrape(move || {
        let state = pool.state();
        metrics::gauge!("redis_pool_connections", "state" => "idle")
            .set(f64::from(state.idle_connections));
        metrics::gauge!("redis_pool_connections", "state" => "in_use").set(f64::from(
            state.connections.saturating_sub(state.idle_connections),
        ));
    });
}

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
            .set_buckets_for_metric(
                Matcher::Full("events_consumer_lag_seconds".into()),
                &[
                    0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0,
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
    collect();
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
    // Every value is static: nothing is allocated per request, and a client inventing
    // methods or a broken handler inventing statuses cannot grow the series without bound.
    let labels = [
        ("service", service),
        ("operation", operation),
        ("method", method_label(method)),
        ("status", status_label(status)),
    ];
    metrics::counter!("http_server_requests_total", &labels).increment(1);
    metrics::histogram!("http_server_request_duration_seconds", &labels[..3])
        .record(elapsed.as_secs_f64());
}

/// The method as a label value: the standard ones by name, any other as `OTHER`.
fn method_label(method: &http::Method) -> &'static str {
    const STANDARD: [&str; 9] = [
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT",
    ];
    STANDARD
        .into_iter()
        .find(|m| *m == method.as_str())
        .unwrap_or("OTHER")
}

/// The status as a label value, from a table made once: `100`..=`599`, anything else `other`.
fn status_label(status: u16) -> &'static str {
    static STATUSES: std::sync::LazyLock<Vec<String>> =
        std::sync::LazyLock::new(|| (100..600).map(|s: u16| s.to_string()).collect());
    status
        .checked_sub(100)
        .and_then(|i| STATUSES.get(usize::from(i)))
        .map_or("other", String::as_str)
}

#[cfg(test)]
mod tests {
    use super::{method_label, status_label};

    #[test]
    fn label_values_come_from_fixed_sets() {
        assert_eq!(method_label(&http::Method::PATCH), "PATCH");
        let invented = http::Method::from_bytes(b"BREW").unwrap();
        assert_eq!(method_label(&invented), "OTHER");
        assert_eq!(status_label(100), "100");
        assert_eq!(status_label(404), "404");
        assert_eq!(status_label(599), "599");
        assert_eq!(status_label(99), "other");
        assert_eq!(status_label(600), "other");
    }
}
