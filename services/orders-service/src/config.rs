//! The orders service's configuration, from the environment.

use std::time::Duration;

use agora_kit::SecretString;
use agora_kit::config::{self, ConfigError, KitConfig};

/// The port the orders service listens on unless `ORDERS_PORT` says otherwise.
pub const DEFAULT_PORT: u16 = 3005;

#[derive(Debug, Clone)]
pub struct OrdersConfig {
    pub kit: KitConfig,
    /// The event bus (`EVENTS_ENABLED`, `AGORA_BUS_PREFIX`); `None` keeps events in the
    /// outbox and consumes nothing: orders then stay pending until the bus is on.
    pub events: Option<agora_bus::EventsConfig>,
    /// `PRODUCTS_URL`, default `http://127.0.0.1:3003`: where prices come from.
    pub products_url: String,
    /// `PAYMENTS_URL`, default `http://127.0.0.1:3006`.
    pub payments_url: String,
    /// `ORDERS_CLIENT_ID` and `ORDERS_CLIENT_SECRET` (required): the service's own client
    /// credentials at auth, registered in auth's `AUTH_CLIENTS` with `payments:charge` and
    /// `payments:write`.
    pub client_id: String,
    pub client_secret: SecretString,
    /// `ORDERS_CALL_TIMEOUT_MS`, default 5000 (at most 10000): how long a call to products,
    /// payments or auth may take.
    pub call_timeout: Duration,
    /// `ORDERS_SAGA_WORKERS`, default 4 (1 to 64): how many of the saga's steps (charges,
    /// refunds, placements published again) this instance carries out at once.
    pub saga_workers: usize,
    /// `ORDERS_SAGA_POLL_MS`, default 200: how long an idle worker waits before it looks
    /// for due steps again.
    pub saga_poll: Duration,
}

/// `ORDERS_CLIENT_ID`: auth's client ids are UUIDs.
fn client_id() -> Result<String, ConfigError> {
    let id = config::required("ORDERS_CLIENT_ID")?;
    uuid::Uuid::parse_str(&id).map_err(|_| ConfigError::Invalid {
        name: "ORDERS_CLIENT_ID".into(),
        reason: "must be the UUID of the orders service's client in AUTH_CLIENTS".into(),
    })?;
    Ok(id)
}

impl OrdersConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        let kit = KitConfig::from_env("orders", DEFAULT_PORT)?;
        let saga_workers: usize = config::parse_or("ORDERS_SAGA_WORKERS", 4)?;
        if !(1..=64).contains(&saga_workers) {
            return Err(ConfigError::Invalid {
                name: "ORDERS_SAGA_WORKERS".into(),
                reason: "must be between 1 and 64".into(),
            });
        }
        let call_timeout_ms: u64 = config::parse_or("ORDERS_CALL_TIMEOUT_MS", 5000)?;
        // A saga step makes two calls at most within its 30 s lease.
        if !(1..=10_000).contains(&call_timeout_ms) {
            return Err(ConfigError::Invalid {
                name: "ORDERS_CALL_TIMEOUT_MS".into(),
                reason: "must be between 1 and 10000".into(),
            });
        }
        Ok(Self {
            events: agora_bus::EventsConfig::from_env(),
            products_url: config::service_url("PRODUCTS_URL", 3003)?,
            payments_url: config::service_url("PAYMENTS_URL", 3006)?,
            client_id: client_id()?,
            client_secret: config::required("ORDERS_CLIENT_SECRET")?.into(),
            call_timeout: Duration::from_millis(call_timeout_ms),
            saga_workers,
            saga_poll: Duration::from_millis(config::parse_or("ORDERS_SAGA_POLL_MS", 200)?),
            kit,
        })
    }
}
