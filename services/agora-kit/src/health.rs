//! `/health` (the process is alive) and `/ready` (its dependencies answer).
//!
//! A required dependency that does not answer makes `/ready` a 503 problem naming it; an
//! optional one (a cache, the rate-limit store) is reported `degraded` and readiness holds.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::problem::Problem;
use crate::redis::RedisPool;

/// How long one dependency may take to answer a readiness probe.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

#[async_trait::async_trait]
pub trait Check: Send + Sync {
    fn name(&self) -> &'static str;
    /// Whether the service can serve without it.
    fn optional(&self) -> bool;
    async fn ping(&self) -> bool;
}

pub struct Postgres(pub sqlx::PgPool);

#[async_trait::async_trait]
impl Check for Postgres {
    fn name(&self) -> &'static str {
        "postgres"
    }
    fn optional(&self) -> bool {
        false
    }
    async fn ping(&self) -> bool {
        sqlx::query!("SELECT 1 AS one")
            .fetch_one(&self.0)
            .await
            .is_ok()
    }
}

pub struct Redis(pub RedisPool);

#[async_trait::async_trait]
impl Check for Redis {
    fn name(&self) -> &'static str {
        "redis"
    }
    fn optional(&self) -> bool {
        true
    }
    async fn ping(&self) -> bool {
        let Ok(mut conn) = self.0.get().await else {
            return false;
        };
        crate::redis::redis::cmd("PING")
            .query_async::<String>(&mut *conn)
            .await
            .is_ok()
    }
}

#[derive(Clone, Default)]
pub struct Readiness {
    checks: Vec<Arc<dyn Check>>,
}

impl Readiness {
    pub fn with(mut self, check: impl Check + 'static) -> Self {
        self.checks.push(Arc::new(check));
        self
    }
}

pub async fn health() -> Response {
    Json(json!({ "status": "ok" })).into_response()
}

pub async fn ready(State(readiness): State<Readiness>) -> Response {
    let results = futures_util::future::join_all(readiness.checks.iter().map(|c| async move {
        let up = tokio::time::timeout(CHECK_TIMEOUT, c.ping())
            .await
            .unwrap_or(false);
        (c.clone(), up)
    }))
    .await;
    let mut checks = BTreeMap::new();
    let mut failed = Vec::new();
    let mut degraded = false;
    for (check, up) in results {
        let state = match (up, check.optional()) {
            (true, _) => "up",
            (false, true) => {
                degraded = true;
                "degraded"
            }
            (false, false) => {
                failed.push(check.name());
                "down"
            }
        };
        checks.insert(check.name(), state);
    }
    if !failed.is_empty() {
        return Problem::unavailable(format!("not ready: {} not answering", failed.join(", ")))
            .into_response();
    }
    let status = if degraded { "degraded" } else { "ready" };
    Json(json!({ "status": status, "checks": checks })).into_response()
}

/// Asks the service on `127.0.0.1:port` for `/health`; `Ok` when it answers 200 within
/// three seconds. What `<binary> healthcheck` runs.
pub async fn probe(port: u16) -> Result<(), String> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .map_err(|e| format!("cannot connect to port {port}: {e}"))?;
        stream
            .write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .await
            .map_err(|e| e.to_string())?;
        let mut head = [0u8; 12];
        stream
            .read_exact(&mut head)
            .await
            .map_err(|e| format!("no answer: {e}"))?;
        match &head[9..12] {
            b"200" => Ok(()),
            status => Err(format!(
                "/health answered {}",
                String::from_utf8_lossy(status)
            )),
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(3), exchange)
        .await
        .map_err(|_| "no answer within 3 s".to_owned())?
}
