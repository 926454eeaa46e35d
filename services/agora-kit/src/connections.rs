//! Accepting connections within bounds, so that slow or greedy clients cannot hold a server.
//!
//! axum's own `serve` gives hyper no timer, so hyper's request-head timeout never fires: a
//! client that sends a request line and one header and then nothing holds its connection
//! for ever, and enough of them exhaust the process's file descriptors (the accept loop then
//! fails with "Too many open files" and nobody is answered). Here:
//! - a request head must arrive within `head_timeout`, and a kept-alive connection may sit
//!   idle for no longer than that before its next request (hyper's header-read timer runs
//!   from the first byte of a head; the first byte itself must arrive within the same
//!   time). Only HTTP/1 is spoken:
//!   nothing in Agora talks cleartext HTTP/2 to a server, and hyper's HTTP/2 has no idle
//!   timeout (a client answering pings would hold its connection for ever);
//! - at most `max_connections` are open at once, below the file-descriptor limit, so that
//!   the pools, upstream connections and files the process needs always find one; a
//!   connection over the limit is closed at once;
//! - at most `max_per_client` come from one client address, so one client cannot take the
//!   others' share.
//!
//! Refusals are counted in `connections_refused_total{listener, reason}`; open connections
//! are reported as `connections_open{listener}`.

use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::config::{self, ConfigError};

/// What a server allows its clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// `REQUEST_HEAD_TIMEOUT_SECS`, default 10: how long a client may take to send a request
    /// head, and how long a kept-alive connection may sit idle.
    pub head_timeout: Duration,
    /// `MAX_CONNECTIONS`: open connections at most, all clients together. The default
    /// leaves half the file descriptors above a reserve of 256 to the process's own use.
    pub max_connections: usize,
    /// `MAX_CONNECTIONS_PER_CLIENT`: open connections at most from one client address.
    pub max_per_client: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        let max_connections = default_max_connections();
        Self {
            head_timeout: Duration::from_secs(10),
            max_connections,
            max_per_client: max_connections,
        }
    }
}

impl ConnectionLimits {
    /// From the environment; `per_client` is the default of `MAX_CONNECTIONS_PER_CLIENT`
    /// (none: only the total bounds one client, as behind a proxy all clients are one).
    pub fn from_env(per_client: Option<usize>) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        let max_connections: usize = config::parse_or("MAX_CONNECTIONS", defaults.max_connections)?;
        let limits = Self {
            head_timeout: config::secs_or("REQUEST_HEAD_TIMEOUT_SECS", 10)?,
            max_connections,
            max_per_client: config::parse_or(
                "MAX_CONNECTIONS_PER_CLIENT",
                per_client.unwrap_or(max_connections),
            )?,
        };
        if limits.max_connections == 0 || limits.max_per_client == 0 {
            return Err(ConfigError::Invalid {
                name: "MAX_CONNECTIONS".into(),
                reason: "connection limits must be at least 1".into(),
            });
        }
        if limits.head_timeout.is_zero() {
            return Err(ConfigError::Invalid {
                name: "REQUEST_HEAD_TIMEOUT_SECS".into(),
                reason: "must be at least 1".into(),
            });
        }
        Ok(limits)
    }
}

/// Half of the open-file limit above a reserve: a proxied connection may need a second
/// descriptor for its upstream, and pools, logs and files need theirs.
fn default_max_connections() -> usize {
    let limit = open_file_limit().unwrap_or(1024);
    (limit.saturating_sub(256) / 2).clamp(64, 50_000)
}

/// The soft `RLIMIT_NOFILE`, from `/proc/self/limits` (no libc call: unsafe code is off).
fn open_file_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// Serves `app` on `socket` within `limits` until `shutdown` resolves, then lets
/// in-flight requests finish for at most `drain`. `listener` names it in the metrics.
pub async fn serve(
    listener: &'static str,
    socket: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    drain: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut builder = auto::Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.head_timeout);
    let graceful = GracefulShutdown::new();
    let open = Arc::new(Semaphore::new(limits.max_connections));
    let per_client = Arc::new(PerClient::new(
        limits.max_per_client,
        limits.max_connections,
    ));
    {
        let (open, max) = (Arc::downgrade(&open), limits.max_connections);
        crate::metrics::on_scrape(move || {
            if let Some(open) = open.upgrade() {
                let used = max.saturating_sub(open.available_permits());
                metrics::gauge!("connections_open", "listener" => listener).set(used as f64);
            }
        });
    }
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = socket.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of descriptors or a connection reset before it was accepted: wait
                    // a moment rather than spin on the error.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = open.clone().try_acquire_owned() else {
            metrics::counter!("connections_refused_total", "listener" => listener, "reason" => "total")
                .increment(1);
            continue;
        };
        let Some(client_slot) = PerClient::take(&per_client, peer.ip()) else {
            metrics::counter!("connections_refused_total", "listener" => listener, "reason" => "per_client")
                .increment(1);
            continue;
        };
        // A response leaves in as many writes as its body has chunks (a proxied one
        // streams): without TCP_NODELAY, Nagle's algorithm holds each small write after the
        // first until the client acknowledges it.
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY on a connection");
        }
        let router = app.clone();
        let service = hyper_util::service::TowerToHyperService::new(tower::service_fn(
            move |req: http::Request<hyper::body::Incoming>| {
                let mut req = req.map(Body::new);
                req.extensions_mut().insert(ConnectInfo(peer));
                router.clone().oneshot(req)
            },
        ));
        let builder = builder.clone();
        let watcher = graceful.watcher();
        let head_timeout = limits.head_timeout;
        tokio::spawn(async move {
            let _slots = (slot, client_slot);
            // hyper's head timer starts with the first byte: a client that sends none is
            // bounded here (one peek that waits for a byte; nothing is consumed).
            let mut first = [0u8; 2];
            let started = tokio::time::timeout(head_timeout, stream.peek(&mut first)).await;
            // "PR" starts no HTTP/1 method served here but the HTTP/2 preface, to which
            // hyper answers 505 and then leaves the connection open: close it now.
            if !matches!(started, Ok(Ok(1..))) || first == *b"PR" {
                metrics::counter!("connections_refused_total", "listener" => listener, "reason" => "head_timeout")
                    .increment(1);
                return;
            }
            let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
            if let Err(e) = watcher.watch(connection.into_owned()).await {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
        });
    }
    drop(socket);
    tracing::info!("shutting down: no new connections, draining in-flight requests");
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(drain) => {
            tracing::warn!(drain_secs = drain.as_secs(), "drain timeout: closing the remaining connections");
        }
    }
    Ok(())
}

/// Open connections by client address.
struct PerClient {
    max: usize,
    /// `None` when the total already bounds every client.
    open: Option<Mutex<HashMap<IpAddr, usize>>>,
}

/// One connection's place in its client's count, given back on drop.
struct ClientSlot {
    table: Arc<PerClient>,
    ip: IpAddr,
}

impl PerClient {
    fn new(max: usize, total: usize) -> Self {
        Self {
            max,
            open: (max < total).then(Mutex::default),
        }
    }

    fn take(table: &Arc<Self>, ip: IpAddr) -> Option<Option<ClientSlot>> {
        let Some(open) = &table.open else {
            return Some(None);
        };
        let mut open = open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(ip).or_insert(0);
        if *count >= table.max {
            return None;
        }
        *count += 1;
        Some(Some(ClientSlot {
            table: table.clone(),
            ip,
        }))
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        if let Some(open) = &self.table.open {
            let mut open = open.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(count) = open.get_mut(&self.ip) {
                *count -= 1;
                if *count == 0 {
                    open.remove(&self.ip);
                }
            }
        }
    }
}
