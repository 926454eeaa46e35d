//! Structured logs: JSON lines by default (`LOG_FORMAT=pretty` for people), filtered by
//! `RUST_LOG` (default `info`). Every line logged inside a request carries its request id
//! through the request span.

use tracing_subscriber::EnvFilter;

pub fn init(service: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(true);
    let result = if crate::config::var("LOG_FORMAT").as_deref() == Some("pretty") {
        builder.try_init()
    } else {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    };
    if result.is_ok() {
        tracing::info!(service, "logging initialised");
    }
}
