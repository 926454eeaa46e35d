//! The log writer: formatted lines gather in a shared buffer that a thread of its own writes
//! out in batches.
//!
//! Logging a line costs its thread a short lock and a copy. It never waits on stdout, and
//! it wakes the writer only when the writer is idle (the first line after a quiet spell) or
//! the buffer passes its high-water mark. Once woken, the writer lets lines gather for
//! [`BATCH_EVERY`], writes them with one call, and goes on so until a pass finds nothing.
//! So a busy service wakes it at most every few milliseconds instead of once per line (at
//! 500 requests a second, a wake-up per access-log line was a visible share of what a
//! request cost), and a line reaches stdout within about [`BATCH_EVERY`] of being logged.
//! Should stdout stall, the buffer fills up to its cap and further lines are dropped and
//! counted rather than requests held. Dropping the [`Guard`] writes out what is left.

use std::io::{self, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long lines gather before a write while the service is logging.
pub const BATCH_EVERY: Duration = Duration::from_millis(20);
/// Past this many pending bytes the writer is woken at once.
const HIGH_WATER: usize = 256 * 1024;
/// Past this many pending bytes lines are dropped: a few seconds of a busy access log.
const CAP: usize = 8 * 1024 * 1024;

struct State {
    pending: Vec<u8>,
    /// The writer waits for a first line, not for a batch to gather.
    idle: bool,
    closed: bool,
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
    dropped: AtomicU64,
    cap: usize,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves nothing half-done worth refusing to log.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Where the log layer writes; cheap to clone.
#[derive(Clone)]
pub struct BatchWriter {
    shared: Arc<Shared>,
}

/// Stops the writer thread when dropped, after it has written every pending line.
pub struct Guard {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl BatchWriter {
    /// Starts the writer thread, writing to `sink`.
    pub fn spawn(sink: impl Write + Send + 'static) -> (Self, Guard) {
        Self::with_limits(sink, BATCH_EVERY, CAP)
    }

    fn with_limits(
        mut sink: impl Write + Send + 'static,
        every: Duration,
        cap: usize,
    ) -> (Self, Guard) {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                pending: Vec::new(),
                idle: true,
                closed: false,
            }),
            wake: Condvar::new(),
            dropped: AtomicU64::new(0),
            cap,
        });
        let writer = shared.clone();
        let thread = std::thread::Builder::new()
            .name("agora-log".into())
            .spawn(move || write_batches(&writer, &mut sink, every))
            .expect("spawning the log writer thread");
        (
            Self {
                shared: shared.clone(),
            },
            Guard {
                shared,
                thread: Some(thread),
            },
        )
    }

    /// Lines dropped so far because the buffer was full.
    pub fn dropped_lines(&self) -> u64 {
        self.shared.dropped.load(Ordering::Relaxed)
    }
}

fn write_batches(shared: &Shared, sink: &mut impl Write, every: Duration) {
    let mut batch = Vec::new();
    let mut state = shared.lock();
    loop {
        if state.pending.is_empty() {
            if state.closed {
                return;
            }
            state.idle = true;
            state = shared
                .wake
                .wait_while(state, |s| s.pending.is_empty() && !s.closed)
                .unwrap_or_else(PoisonError::into_inner);
            state.idle = false;
        }
        if !state.closed {
            state = shared
                .wake
                .wait_timeout_while(state, every, |s| s.pending.len() < HIGH_WATER && !s.closed)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        std::mem::swap(&mut state.pending, &mut batch);
        drop(state);
        // Nowhere to report a failed write to: the log is where failures go.
        let _ = sink.write_all(&batch).and_then(|()| sink.flush());
        batch.clear();
        // A burst's buffer is not kept for good.
        if batch.capacity() > HIGH_WATER {
            batch = Vec::new();
        }
        state = shared.lock();
    }
}

impl Write for &BatchWriter {
    /// Takes `line` whole (the log layer writes one formatted line per call), or drops it.
    fn write(&mut self, line: &[u8]) -> io::Result<usize> {
        let shared = &self.shared;
        let mut state = shared.lock();
        if state.closed || state.pending.len() + line.len() > shared.cap {
            drop(state);
            shared.dropped.fetch_add(1, Ordering::Relaxed);
            return Ok(line.len());
        }
        let before = state.pending.len();
        state.pending.extend_from_slice(line);
        let wake = state.idle || (before < HIGH_WATER && state.pending.len() >= HIGH_WATER);
        state.idle = false;
        drop(state);
        if wake {
            shared.wake.notify_one();
        }
        Ok(line.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for BatchWriter {
    type Writer = &'a BatchWriter;

    fn make_writer(&'a self) -> Self::Writer {
        self
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.wake.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Instant;

    use super::*;

    /// A sink the test can read.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn log(writer: &BatchWriter, line: &str) {
        (&*writer).write_all(line.as_bytes()).unwrap();
    }

    #[test]
    fn every_line_is_written_in_order_by_the_time_the_guard_is_dropped() {
        let sink = Captured::default();
        let (writer, guard) = BatchWriter::spawn(sink.clone());
        let lines: Vec<String> = (0..5000).map(|n| format!("line {n}\n")).collect();
        for line in &lines {
            log(&writer, line);
        }
        drop(guard);
        assert_eq!(
            String::from_utf8(sink.0.lock().unwrap().clone()).unwrap(),
            lines.concat()
        );
        assert_eq!(writer.dropped_lines(), 0);
    }

    #[test]
    fn a_line_after_a_quiet_spell_is_written_without_waiting_for_more() {
        let sink = Captured::default();
        let (writer, _guard) = BatchWriter::spawn(sink.clone());
        for n in 0..2 {
            log(&writer, &format!("line {n}\n"));
            let started = Instant::now();
            while !String::from_utf8_lossy(&sink.0.lock().unwrap()).contains(&format!("line {n}")) {
                assert!(
                    started.elapsed() < Duration::from_secs(5),
                    "line {n} was not written"
                );
                std::thread::sleep(Duration::from_millis(5));
            }
            // Long enough for the writer to find nothing and wait idle again.
            std::thread::sleep(BATCH_EVERY * 3);
        }
    }

    /// A sink whose first write waits until the test lets it go.
    struct Stalled {
        go: mpsc::Receiver<()>,
        written: Captured,
    }

    impl Write for Stalled {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let _ = self.go.recv();
            self.written.write(buf)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_stalled_sink_makes_lines_drop_and_count_not_wait() {
        let (go, wait) = mpsc::channel();
        let written = Captured::default();
        let sink = Stalled {
            go: wait,
            written: written.clone(),
        };
        let (writer, guard) = BatchWriter::with_limits(sink, Duration::from_millis(1), 1024);
        log(&writer, "first\n");
        // Let the writer take the first line and stall writing it.
        std::thread::sleep(Duration::from_millis(100));
        // Ten-byte lines: a hundred and two fit in the 1 KiB cap while the sink is stuck.
        for n in 0..300 {
            log(&writer, &format!("line {n:04}\n"));
        }
        let dropped = writer.dropped_lines();
        assert_eq!(
            dropped,
            300 - 102,
            "what did not fit was dropped and counted"
        );
        // Unstick the sink for good: everything kept is written at shutdown.
        drop(go);
        drop(guard);
        let out = String::from_utf8(written.0.lock().unwrap().clone()).unwrap();
        assert_eq!(out.lines().count() as u64, 1 + 300 - dropped);
        assert!(out.starts_with("first\nline 0000\n"), "{out}");
    }
}
