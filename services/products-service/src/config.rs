//! The products service's configuration, from the environment.

use std::time::Duration;

use agora_kit::config::{self, ConfigError, KitConfig};

/// The port the products service listens on unless `PRODUCTS_PORT` says otherwise.
pub const DEFAULT_PORT: u16 = 3003;

#[derive(Debug, Clone)]
pub struct ProductsConfig {
    pub kit: KitConfig,
    /// The event bus (`EVENTS_ENABLED`, `AGORA_BUS_PREFIX`); `None` keeps events in the outbox.
    pub events: Option<agora_bus::EventsConfig>,
    /// `PRODUCTS_CACHE_TTL_SECS`, default 300: how long a cached product lives.
    pub product_ttl: Duration,
    /// `PRODUCTS_LIST_CACHE_TTL_SECS`, default 60: how long a cached list page lives.
    pub page_ttl: Duration,
    /// `PRODUCTS_CACHE_PREFIX`, default `agora:products`: the namespace of the cache keys.
    pub cache_prefix: String,
}

impl ProductsConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        Ok(Self {
            events: agora_bus::EventsConfig::from_env(),
            kit: KitConfig::from_env("products", DEFAULT_PORT)?,
            product_ttl: config::secs_or("PRODUCTS_CACHE_TTL_SECS", 300)?,
            page_ttl: config::secs_or("PRODUCTS_LIST_CACHE_TTL_SECS", 60)?,
            cache_prefix: config::var("PRODUCTS_CACHE_PREFIX")
                .unwrap_or_else(|| "agora:products".into()),
        })
    }
}
