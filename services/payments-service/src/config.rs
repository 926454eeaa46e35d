//! The payments service's configuration, from the environment.

use std::time::Duration;

use agora_kit::config::{self, ConfigError, KitConfig};

/// The port the payments service listens on unless `PAYMENTS_PORT` says otherwise.
pub const DEFAULT_PORT: u16 = 3006;

/// The payment providers built in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderKind {
    /// Approves tokens that start with `tok_ok`, declines those that start with
    /// `tok_decline`, refuses any other (the contract's test provider).
    Simulated,
}

#[derive(Debug, Clone)]
pub struct PaymentsConfig {
    pub kit: KitConfig,
    /// The event bus (`EVENTS_ENABLED`, `AGORA_BUS_PREFIX`); `None` keeps events in the outbox.
    pub events: Option<agora_bus::EventsConfig>,
    /// `PAYMENTS_PROVIDER`, default `simulated` (the only one built in).
    pub provider: ProviderKind,
    /// `PAYMENTS_PROVIDER_TIMEOUT_MS`, default 5000 (1 to 60000): how long one call to the
    /// provider may take before the request answers 503 and the charge is asked again by
    /// the next request for the order.
    pub provider_timeout: Duration,
}

impl PaymentsConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        let provider = match config::var("PAYMENTS_PROVIDER").as_deref() {
            None | Some("simulated") => ProviderKind::Simulated,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "PAYMENTS_PROVIDER".into(),
                    reason: format!(
                        "{other:?} is not a provider; the one built in is \"simulated\""
                    ),
                });
            }
        };
        let timeout_ms: u64 = config::parse_or("PAYMENTS_PROVIDER_TIMEOUT_MS", 5000)?;
        if !(1..=60_000).contains(&timeout_ms) {
            return Err(ConfigError::Invalid {
                name: "PAYMENTS_PROVIDER_TIMEOUT_MS".into(),
                reason: "must be between 1 and 60000".into(),
            });
        }
        Ok(Self {
            events: agora_bus::EventsConfig::from_env(),
            kit: KitConfig::from_env("payments", DEFAULT_PORT)?,
            provider,
            provider_timeout: Duration::from_millis(timeout_ms),
        })
    }
}
