//! The JSON log line, written by a layer of our own.
//!
//! Each line is one JSON object: `timestamp` (RFC 3339, UTC, microseconds), `level`, the
//! event's fields (`message` first when it has one), `target`, and `span`: the fields of
//! every span the event is in, inner spans winning over outer ones for the same name, and
//! the innermost span's `name`. So a line logged anywhere inside a request carries the
//! request's `request_id` and `trace_id`, however deep the spans below it nest.
//!
//! tracing-subscriber's JSON formatter stores a span's fields as JSON text and parses that
//! text back into values for every line it logs; at an access-log line per request that
//! was a fifth of what a cache-hit product read cost. Here a span keeps its fields as
//! ready-made JSON fragments, and a line is written into a reused per-thread buffer and
//! handed to the writer whole.

use std::cell::RefCell;
use std::fmt::{self, Write as _};
use std::io::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::LookupSpan;

/// Writes every event as a JSON line to what `make_writer` makes.
pub struct JsonLines<W> {
    make_writer: W,
}

impl<W> JsonLines<W> {
    pub fn new(make_writer: W) -> Self {
        Self { make_writer }
    }
}

/// A span's fields, each as its name and its value already encoded as JSON.
#[derive(Default)]
struct SpanFields(Vec<(&'static str, String)>);

impl SpanFields {
    fn set(&mut self, name: &'static str, value: String) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name, value)),
        }
    }
}

impl Visit for SpanFields {
    fn record_str(&mut self, field: &Field, value: &str) {
        let mut json = String::with_capacity(value.len() + 2);
        push_json_str(&mut json, value);
        self.set(field.name(), json);
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let mut json = String::new();
        push_json_debug(&mut json, value);
        self.set(field.name(), json);
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.set(field.name(), value.to_string());
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.set(field.name(), value.to_string());
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        let mut json = String::new();
        push_json_f64(&mut json, value);
        self.set(field.name(), json);
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.set(field.name(), value.to_string());
    }
}

/// Writes an event's fields as members of the line being built (after at least one).
struct EventFields<'a> {
    line: &'a mut String,
}

impl EventFields<'_> {
    fn key(&mut self, field: &Field) {
        self.line.push(',');
        push_json_str(self.line, field.name());
        self.line.push(':');
    }
}

impl Visit for EventFields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.key(field);
        push_json_str(self.line, value);
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.key(field);
        push_json_debug(self.line, value);
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.key(field);
        let _ = write!(self.line, "{value}");
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.key(field);
        let _ = write!(self.line, "{value}");
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        self.key(field);
        push_json_f64(self.line, value);
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.key(field);
        self.line.push_str(if value { "true" } else { "false" });
    }
}

/// What writing a line needs, kept per thread so that a line allocates nothing.
#[derive(Default)]
struct Scratch {
    line: String,
    /// The span fields already written, which outer spans do not repeat.
    written: Vec<&'static str>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

impl<S, W> tracing_subscriber::Layer<S> for JsonLines<W>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + 'static,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut fields = SpanFields::default();
        attrs.record(&mut fields);
        span.extensions_mut().insert(fields);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut extensions = span.extensions_mut();
        if let Some(fields) = extensions.get_mut::<SpanFields>() {
            values.record(fields);
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        // A line logged while this thread is writing one (from inside a field's `Debug`)
        // gets a buffer of its own.
        let written = SCRATCH.try_with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => self.write_line(&mut scratch, event, &ctx),
            Err(_) => self.write_line(&mut Scratch::default(), event, &ctx),
        });
        if written.is_err() {
            self.write_line(&mut Scratch::default(), event, &ctx);
        }
    }
}

impl<W> JsonLines<W>
where
    W: for<'w> MakeWriter<'w> + 'static,
{
    fn write_line<S>(&self, scratch: &mut Scratch, event: &Event<'_>, ctx: &Context<'_, S>)
    where
        S: Subscriber + for<'a> LookupSpan<'a>,
    {
        let Scratch { line, written } = scratch;
        line.clear();
        written.clear();
        line.push_str("{\"timestamp\":\"");
        push_timestamp(line, SystemTime::now());
        line.push_str("\",\"level\":\"");
        line.push_str(event.metadata().level().as_str());
        line.push('"');
        // tracing's macros put `message` first, where people look for it.
        event.record(&mut EventFields { line: &mut *line });
        line.push_str(",\"target\":");
        push_json_str(line, event.metadata().target());
        if let Some(scope) = ctx.event_scope(event) {
            line.push_str(",\"span\":{");
            let mut leaf_name = None;
            for span in scope {
                leaf_name.get_or_insert(span.name());
                let extensions = span.extensions();
                let Some(fields) = extensions.get::<SpanFields>() else {
                    continue;
                };
                for (name, value) in &fields.0 {
                    if *name == "name" || written.contains(name) {
                        continue;
                    }
                    written.push(name);
                    push_json_str(line, name);
                    line.push(':');
                    line.push_str(value);
                    line.push(',');
                }
            }
            line.push_str("\"name\":");
            push_json_str(line, leaf_name.unwrap_or_default());
            line.push('}');
        }
        line.push_str("}\n");
        // Nowhere to report a failed write to: the log is where failures go.
        let _ = self.make_writer.make_writer().write_all(line.as_bytes());
        // A huge line's buffer is not kept for good.
        if line.capacity() > 64 * 1024 {
            *line = String::with_capacity(512);
        }
    }
}

/// Appends `value` as a JSON string.
fn push_json_str(out: &mut String, value: &str) {
    out.push('"');
    push_escaped(out, value);
    out.push('"');
}

/// Appends `value`'s `Debug` form (for a message, its text) as a JSON string, escaped as it
/// is formatted.
fn push_json_debug(out: &mut String, value: &dyn fmt::Debug) {
    struct Escaping<'a>(&'a mut String);
    impl fmt::Write for Escaping<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            push_escaped(self.0, s);
            Ok(())
        }
    }
    out.push('"');
    let _ = write!(Escaping(out), "{value:?}");
    out.push('"');
}

/// JSON has no NaN or infinity: those become `null`, as serde_json writes them.
fn push_json_f64(out: &mut String, value: f64) {
    if value.is_finite() {
        let _ = write!(out, "{value}");
    } else {
        out.push_str("null");
    }
}

/// Appends `value` with JSON's escapes: quotes, backslashes and control characters.
fn push_escaped(out: &mut String, value: &str) {
    let mut plain = 0;
    for (i, c) in value.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            c if c < ' ' => "",
            _ => continue,
        };
        out.push_str(&value[plain..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push_str(escape);
        }
        plain = i + c.len_utf8();
    }
    out.push_str(&value[plain..]);
}

/// Appends `at` as RFC 3339 in UTC with microseconds: `2026-11-27T07:34:13.288114Z`.
fn push_timestamp(out: &mut String, at: SystemTime) {
    let since_epoch = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since_epoch.as_secs();
    let (days, second_of_day) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    let _ = write!(
        out,
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60,
        since_epoch.subsec_micros()
    );
}

/// The Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use serde_json::{Value, json};
    use tracing_subscriber::layer::SubscriberExt as _;

    use super::*;

    /// Collects what the layer writes.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Sink {
        type Writer = Sink;
        fn make_writer(&'a self) -> Sink {
            self.clone()
        }
    }

    /// The lines `log` writes.
    fn raw_lines(log: impl FnOnce()) -> Vec<String> {
        let sink = Sink::default();
        let subscriber = tracing_subscriber::registry().with(JsonLines::new(sink.clone()));
        tracing::subscriber::with_default(subscriber, log);
        let bytes = sink.0.lock().unwrap().clone();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.ends_with('\n'), "every line ends: {text}");
        text.lines().map(str::to_owned).collect()
    }

    /// The lines `log` writes, parsed.
    fn lines(log: impl FnOnce()) -> Vec<Value> {
        raw_lines(log)
            .iter()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }

    #[test]
    fn a_line_has_the_event_and_its_spans() {
        let lines = lines(|| {
            let request = tracing::info_span!(
                "request",
                request_id = "r-1",
                trace_id = tracing::field::Empty,
                path = "/a\"b"
            );
            request.record("trace_id", "abc");
            let _request = request.enter();
            let inner = tracing::info_span!("query", path = "/inner", rows = 3_u64);
            let _inner = inner.enter();
            tracing::info!(
                status = 200_u16,
                latency_ms = 1.5,
                ok = true,
                "request finished"
            );
        });
        let line = &lines[0];
        assert_eq!(line["level"], "INFO");
        assert_eq!(line["message"], "request finished");
        assert_eq!(line["status"], 200);
        assert_eq!(line["latency_ms"], 1.5);
        assert_eq!(line["ok"], true);
        assert_eq!(line["target"], module_path!());
        assert_eq!(
            line["span"],
            json!({
                "name": "query",
                "path": "/inner",
                "rows": 3,
                "request_id": "r-1",
                "trace_id": "abc",
            })
        );
    }

    #[test]
    fn members_come_in_reading_order() {
        let line = raw_lines(|| {
            let _span = tracing::info_span!("request", request_id = "r-1").entered();
            tracing::info!(status = 200_u16, latency_ms = 1.5, "request finished");
        })
        .remove(0);
        let at = |key: &str| {
            line.find(&format!("\"{key}\":"))
                .unwrap_or_else(|| panic!("no {key} in {line}"))
        };
        let order = [
            "timestamp",
            "level",
            "message",
            "status",
            "latency_ms",
            "target",
            "span",
            "request_id",
            "name",
        ]
        .map(at);
        assert!(order.is_sorted(), "{line}");
    }

    #[test]
    fn text_is_escaped_and_odd_values_stay_json() {
        let nasty = "quote \" backslash \\ newline \n tab \t nul \0 bell \u{7} ü";
        let lines = lines(|| {
            tracing::warn!(field = nasty, debugged = ?nasty, nan = f64::NAN, "{nasty}");
            let span = tracing::info_span!("outer", value = 1_i64);
            span.record("value", -2_i64);
            let _entered = span.enter();
            tracing::error!("inside");
        });
        assert_eq!(lines[0]["message"], nasty);
        assert_eq!(lines[0]["field"], nasty);
        assert_eq!(lines[0]["debugged"], format!("{nasty:?}"));
        assert_eq!(lines[0]["nan"], Value::Null);
        assert!(lines[0].get("span").is_none(), "outside any span");
        assert_eq!(lines[1]["span"], json!({ "name": "outer", "value": -2 }));
    }

    #[test]
    fn timestamps_are_rfc3339_utc_in_microseconds() {
        let at = |secs: u64, micros: u64| {
            let mut s = String::new();
            push_timestamp(
                &mut s,
                UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_micros(micros),
            );
            s
        };
        assert_eq!(at(0, 0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(at(951_782_400, 7), "2000-02-29T00:00:00.000007Z");
        assert_eq!(at(1_795_764_853, 288_114), "2026-11-27T07:34:13.288114Z");
        // Against chrono over many days, leap years and century rules included.
        for day in (0..200_000_u64).step_by(37) {
            let secs = day * 86_400 + 45_296;
            let expected = chrono::DateTime::from_timestamp(secs as i64, 123_456_000)
                .unwrap()
                .format("%Y-%m-%dT%H:%M:%S%.6fZ")
                .to_string();
            assert_eq!(at(secs, 123_456), expected);
        }
    }
}
