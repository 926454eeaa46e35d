//! Logs and traces.
//!
//! Logs: JSON lines by default ([`crate::log_format`]; `LOG_FORMAT=pretty` for people),
//! filtered by `RUST_LOG` (default `info`). Every line logged inside a request or an event
//! handler carries its request id and trace id through the span. Lines are formatted where
//! they are logged and written to stdout in batches by a thread of their own
//! ([`crate::log_writer`]), so a request neither waits on the terminal or the log collector
//! nor wakes a thread per line; should stdout stall for long enough to fill the buffer,
//! lines are dropped rather than requests held, and `log_lines_dropped_total` counts them.
//! [`shutdown`] writes out what is pending.
//!
//! Traces: when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is
//! set, spans are exported over OTLP/HTTP (protobuf) in batches, with the standard `OTEL_*`
//! variables for everything else (`OTEL_BSP_SCHEDULE_DELAY`, headers, …). When it is not
//! set, no exporter or tracing layer exists at all. Either way every request belongs to a
//! W3C trace: the caller's `traceparent` when it sends one, a new trace otherwise, and the
//! calls and events it causes carry it on.

use std::sync::{Mutex, OnceLock};

use agora_context::TraceContext;
use opentelemetry::trace::{
    SpanContext, SpanId, TraceContextExt as _, TraceFlags, TraceId, TraceState, TracerProvider as _,
};
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_opentelemetry::OpenTelemetrySpanExt as _;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::{EnvFilter, Layer};

static PROVIDER: OnceLock<SdkTracerProvider> = OnceLock::new();
/// Writes out the pending log lines when dropped, at [`shutdown`].
static LOG_WRITER: Mutex<Option<crate::log_writer::Guard>> = Mutex::new(None);

/// Whether spans are exported (an OTLP endpoint is configured and the exporter started).
pub fn exporting() -> bool {
    PROVIDER.get().is_some()
}

/// Flushes spans and log lines when dropped: however the binary leaves `main`, what it
/// logged last (above all why it could not start) is written out.
#[must_use = "dropping it at once flushes and stops the log writer"]
pub struct Telemetry(());

impl Drop for Telemetry {
    fn drop(&mut self) {
        shutdown();
    }
}

/// Starts logging (and trace export when configured) until the returned guard is dropped.
pub fn init(service: &str) -> Telemetry {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let (writer, guard) = crate::log_writer::BatchWriter::spawn(std::io::stdout());
    let dropped = writer.clone();
    crate::metrics::on_scrape(move || {
        metrics::counter!("log_lines_dropped_total").absolute(dropped.dropped_lines());
    });
    let logs: Box<dyn Layer<_> + Send + Sync> =
        if crate::config::var("LOG_FORMAT").as_deref() == Some("pretty") {
            tracing_subscriber::fmt::layer()
                .with_target(true)
                .with_writer(writer)
                .boxed()
        } else {
            crate::log_format::JsonLines::new(writer).boxed()
        };
    let (otel, exporter_error) = match otlp_provider(service) {
        Ok(Some(provider)) => {
            let tracer = provider.tracer("agora");
            let _ = PROVIDER.set(provider);
            (
                Some(tracing_opentelemetry::layer().with_tracer(tracer)),
                None,
            )
        }
        Ok(None) => (None, None),
        Err(e) => (None, Some(e)),
    };
    let result = tracing_subscriber::registry()
        .with(filter)
        .with(logs)
        .with(otel)
        .try_init();
    if result.is_ok() {
        *LOG_WRITER.lock().expect("log writer lock") = Some(guard);
        tracing::info!(service, traces = exporting(), "logging initialised");
    }
    if let Some(e) = exporter_error {
        tracing::error!(error = %e, "traces cannot be exported; check OTEL_EXPORTER_OTLP_ENDPOINT");
    }
    Telemetry(())
}

fn otlp_provider(service: &str) -> Result<Option<SdkTracerProvider>, String> {
    let configured = [
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
    ]
    .iter()
    .any(|name| crate::config::var(name).is_some());
    if !configured {
        return Ok(None);
    }
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .build()
        .map_err(|e| e.to_string())?;
    let resource = opentelemetry_sdk::Resource::builder()
        .with_service_name(format!("agora-{service}"))
        .build();
    Ok(Some(
        SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_resource(resource)
            .build(),
    ))
}

/// Sends the spans still buffered and writes out the queued log lines; [`Telemetry`] calls
/// it on the binary's way out.
fn shutdown() {
    if let Some(provider) = PROVIDER.get()
        && let Err(e) = provider.shutdown()
    {
        tracing::warn!(error = %e, "flushing the last spans failed");
    }
    drop(LOG_WRITER.lock().expect("log writer lock").take());
}

/// Puts `span` into the trace `parent` names (a new trace when there is none) and returns
/// `span`'s own place in it, which outgoing calls name as their parent. With an exporter
/// the ids are the exported span's; without one they are made here, to the same format.
pub fn enter_trace(span: &tracing::Span, parent: Option<TraceContext>) -> TraceContext {
    let trace = if exporting() {
        if let Some(parent) = parent {
            let remote = SpanContext::new(
                TraceId::from_bytes(parent.trace_id.to_be_bytes()),
                SpanId::from_bytes(parent.span_id.to_be_bytes()),
                if parent.sampled {
                    TraceFlags::SAMPLED
                } else {
                    TraceFlags::default()
                },
                true,
                TraceState::default(),
            );
            let _ = span.set_parent(opentelemetry::Context::new().with_remote_span_context(remote));
        }
        let context = span.context();
        let own = context.span().span_context().clone();
        if own.is_valid() {
            TraceContext {
                trace_id: u128::from_be_bytes(own.trace_id().to_bytes()),
                span_id: u64::from_be_bytes(own.span_id().to_bytes()),
                sampled: own.is_sampled(),
            }
        } else {
            parent.map_or_else(TraceContext::new_root, |p| p.child())
        }
    } else {
        parent.map_or_else(TraceContext::new_root, |p| p.child())
    };
    span.record("trace_id", trace.trace_id_hex().as_str());
    trace
}
