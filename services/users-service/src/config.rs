//! The users service's configuration, from the environment.

use std::time::Duration;

use agora_kit::config::{self, ConfigError, KitConfig};

/// The port the users service listens on unless `USERS_PORT` says otherwise.
pub const DEFAULT_PORT: u16 = 3002;

#[derive(Debug, Clone)]
pub struct UsersConfig {
    pub kit: KitConfig,
    /// The event bus (`EVENTS_ENABLED`, `AGORA_BUS_PREFIX`); `None` keeps events in the outbox.
    pub events: Option<agora_bus::EventsConfig>,
    /// `USERS_AUTHORIZE_TIMEOUT_MS`, default 1000: how long a call to auth's `/authorize`
    /// may take.
    pub authorize_timeout: Duration,
    /// `USERS_AUTHORIZE_COOLDOWN_SECS`, default 5: how long the circuit to auth stays open
    /// after repeated failures.
    pub authorize_cooldown: Duration,
}

impl UsersConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        Ok(Self {
            events: agora_bus::EventsConfig::from_env(),
            kit: KitConfig::from_env("users", DEFAULT_PORT)?,
            authorize_timeout: config::parse_or("USERS_AUTHORIZE_TIMEOUT_MS", 1000)
                .map(Duration::from_millis)?,
            authorize_cooldown: config::secs_or("USERS_AUTHORIZE_COOLDOWN_SECS", 5)?,
        })
    }
}
