//! The gateway's configuration, from the environment.

use std::time::Duration;

use agora_kit::client_ip::TrustedProxies;
use agora_kit::config::{self, ConfigError, KitConfig};
use agora_kit::connections::ConnectionLimits;

/// Open connections one client address may hold unless `MAX_CONNECTIONS_PER_CLIENT` says
/// otherwise (browsers open six per host; a NAT hides many clients behind one address).
pub const DEFAULT_PER_CLIENT: usize = 256;

/// The port the gateway listens on unless `GATEWAY_PORT` says otherwise.
pub const DEFAULT_PORT: u16 = 8080;

#[derive(Debug, Clone)]
pub struct GatewayConfig {
    pub kit: KitConfig,
    /// Where each service lives: `AUTH_URL`, `USERS_URL`, `PRODUCTS_URL`, `NOTIFICATIONS_URL`,
    /// `ORDERS_URL`, `PAYMENTS_URL`.
    pub upstreams: Vec<(&'static str, String)>,
    /// `UPSTREAM_TIMEOUT_SECS`, default 10: how long an upstream may take to answer.
    pub upstream_timeout: Duration,
    /// Requests per minute: `RATE_LIMIT_ANONYMOUS_PER_MINUTE` (300, per client IP),
    /// `RATE_LIMIT_USER_PER_MINUTE` (1200, per user), `RATE_LIMIT_CREDENTIALS_PER_MINUTE`
    /// (20, per client IP, for login, register and a service client's token request).
    pub anonymous_per_minute: u32,
    pub user_per_minute: u32,
    pub credentials_per_minute: u32,
    /// `RATE_LIMIT_CHECKOUT_PER_MINUTE` (30, per user): checkouts (`POST /api/v1/orders`, the
    /// `checkout` class), counted apart from the user's other requests.
    pub checkout_per_minute: u32,
    /// `RATE_LIMIT_PREFIX`, default `agora:ratelimit`: the namespace of the counters in Redis.
    pub rate_limit_prefix: String,
    /// The services and operations it routes: `agora_api::SERVICES`, from the specs.
    pub services: &'static [agora_api::Service],
}

impl GatewayConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        let mut kit = KitConfig::from_env_without_database("gateway", DEFAULT_PORT)?;
        // Reached directly, no client may hold more than its share. Behind proxies every
        // connection comes from one of them: only the total bounds them, unless the
        // operator sets a per-client limit that suits the proxies.
        let per_client = match kit.trusted_proxies {
            TrustedProxies::None => Some(DEFAULT_PER_CLIENT),
            _ => None,
        };
        kit.connections = ConnectionLimits::from_env(per_client)?;
        let url = config::service_url;
        Ok(Self {
            upstreams: vec![
                ("auth", url("AUTH_URL", 3001)?),
                ("users", url("USERS_URL", 3002)?),
                ("products", url("PRODUCTS_URL", 3003)?),
                ("notifications", url("NOTIFICATIONS_URL", 3004)?),
                ("orders", url("ORDERS_URL", 3005)?),
                ("payments", url("PAYMENTS_URL", 3006)?),
            ],
            upstream_timeout: config::secs_or("UPSTREAM_TIMEOUT_SECS", 10)?,
            anonymous_per_minute: config::parse_or("RATE_LIMIT_ANONYMOUS_PER_MINUTE", 300)?,
            user_per_minute: config::parse_or("RATE_LIMIT_USER_PER_MINUTE", 1200)?,
            credentials_per_minute: config::parse_or("RATE_LIMIT_CREDENTIALS_PER_MINUTE", 20)?,
            checkout_per_minute: config::parse_or("RATE_LIMIT_CHECKOUT_PER_MINUTE", 30)?,
            rate_limit_prefix: config::var("RATE_LIMIT_PREFIX")
                .unwrap_or_else(|| "agora:ratelimit".into()),
            services: agora_api::SERVICES,
            kit,
        })
    }
}
