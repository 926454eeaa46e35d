//! Configuration from the environment: typed values with defaults, and an error that names
//! the variable that is wrong.

use secrecy::SecretString;
use std::str::FromStr;
use std::time::Duration;

use crate::client_ip::TrustedProxies;
use crate::connections::ConnectionLimits;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("environment variable {name} is required")]
    Missing { name: String },
    #[error("environment variable {name} is invalid: {reason}")]
    Invalid { name: String, reason: String },
}

/// The raw value of `name`, treating an empty value as unset.
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

pub fn required(name: &str) -> Result<String, ConfigError> {
    var(name).ok_or_else(|| ConfigError::Missing { name: name.into() })
}

/// The base URL of another service, from `name` (default `http://127.0.0.1:<port>`):
/// an `http` or `https` URL with a host, else the service refuses to start naming it,
/// rather than answer 503 to every call that needs the other service.
pub fn service_url(name: &str, default_port: u16) -> Result<String, ConfigError> {
    let Some(raw) = var(name) else {
        return Ok(format!("http://127.0.0.1:{default_port}"));
    };
    let invalid = |reason: &str| ConfigError::Invalid {
        name: name.into(),
        reason: reason.into(),
    };
    let url = reqwest::Url::parse(&raw).map_err(|e| invalid(&format!("not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(invalid("must be an http:// or https:// URL with a host"));
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

/// `name` parsed as `T`, or `default` when unset.
pub fn parse_or<T>(name: &str, default: T) -> Result<T, ConfigError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    match var(name) {
        None => Ok(default),
        Some(raw) => raw
            .trim()
            .parse()
            .map_err(|e: T::Err| ConfigError::Invalid {
                name: name.into(),
                reason: e.to_string(),
            }),
    }
}

pub fn secs_or(name: &str, default: u64) -> Result<Duration, ConfigError> {
    parse_or(name, default).map(Duration::from_secs)
}

/// A comma-separated list; empty when unset.
pub fn list(name: &str) -> Vec<String> {
    var(name)
        .map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// What every service binary is configured with.
#[derive(Debug, Clone)]
pub struct KitConfig {
    /// The address to listen on (`<SERVICE>_HOST`, else `HOST`, default 127.0.0.1).
    pub host: String,
    /// The port to listen on (`<SERVICE>_PORT`).
    pub port: u16,
    /// `DATABASE_URL` and `REDIS_URL`: they may carry passwords, so they are secrets and
    /// `Debug` does not print them.
    pub database_url: SecretString,
    pub redis_url: Option<SecretString>,
    pub cors_allowed_origins: Vec<String>,
    /// `BODY_LIMIT_BYTES`, default 1 MiB.
    pub body_limit: usize,
    /// `REQUEST_TIMEOUT_SECS`, default 15.
    pub request_timeout: Duration,
    /// `SHUTDOWN_DRAIN_SECS`, default 20: how long in-flight requests may finish after SIGTERM.
    pub drain_timeout: Duration,
    /// `DATABASE_MAX_CONNECTIONS`, default 10.
    pub database_max_connections: u32,
    /// Where access tokens come from: `AUTH_ISSUER` (default `agora-auth`) and
    /// `AUTH_AUDIENCE` (default `agora`).
    pub token_issuer: String,
    pub token_audience: String,
    /// `TRUSTED_PROXY_HOPS` or `TRUSTED_PROXIES`: which proxies in front may say who the
    /// client is in `X-Forwarded-For` (none by default); see [`crate::client_ip`].
    pub trusted_proxies: TrustedProxies,
    /// `AUTH_URL`: where other services fetch the JWKS (default http://127.0.0.1:3001).
    pub auth_url: String,
    /// Where `/metrics` is served, apart from the port clients reach: `METRICS_HOST` (else
    /// the host) and `<SERVICE>_METRICS_PORT` or `METRICS_PORT` (else 9000 + the last three
    /// digits of the port: auth 9001, the gateway 9080; 0 when the port is 0).
    pub metrics_host: String,
    pub metrics_port: u16,
    /// How long clients may take and how many connections they may hold; see
    /// [`crate::connections`].
    pub connections: ConnectionLimits,
}

impl KitConfig {
    /// Reads the configuration of the service `name` (`auth`, `users`, ...), whose default
    /// port is `default_port`.
    pub fn from_env(name: &str, default_port: u16) -> Result<Self, ConfigError> {
        let mut config = Self::from_env_without_database(name, default_port)?;
        config.database_url = required("DATABASE_URL")?.into();
        Ok(config)
    }

    /// The same, for a server without a database of its own (the gateway).
    pub fn from_env_without_database(name: &str, default_port: u16) -> Result<Self, ConfigError> {
        let upper = name.to_uppercase();
        Self {
            host: var(&format!("{upper}_HOST"))
                .or_else(|| var("HOST"))
                .unwrap_or_else(|| "127.0.0.1".into()),
            port: parse_or(&format!("{upper}_PORT"), default_port)?,
            database_url: SecretString::default(),
            redis_url: var("REDIS_URL").map(SecretString::from),
            cors_allowed_origins: list("CORS_ALLOWED_ORIGINS"),
            body_limit: parse_or("BODY_LIMIT_BYTES", 1024 * 1024)?,
            request_timeout: secs_or("REQUEST_TIMEOUT_SECS", 15)?,
            drain_timeout: secs_or("SHUTDOWN_DRAIN_SECS", 20)?,
            database_max_connections: parse_or("DATABASE_MAX_CONNECTIONS", 10)?,
            token_issuer: var("AUTH_ISSUER").unwrap_or_else(|| "agora-auth".into()),
            token_audience: var("AUTH_AUDIENCE").unwrap_or_else(|| "agora".into()),
            trusted_proxies: TrustedProxies::from_env()?,
            auth_url: service_url("AUTH_URL", 3001)?,
            connections: ConnectionLimits::from_env(None)?,
            metrics_host: String::new(),
            metrics_port: 0,
        }
        .with_metrics_from_env(&upper)
    }

    /// Defaults for tests: a database URL and everything else at its default.
    pub fn for_tests(database_url: &str) -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 0,
            database_url: database_url.into(),
            redis_url: None,
            cors_allowed_origins: Vec::new(),
            body_limit: 1024 * 1024,
            request_timeout: Duration::from_secs(15),
            drain_timeout: Duration::from_secs(5),
            database_max_connections: 5,
            token_issuer: "agora-auth".into(),
            token_audience: "agora".into(),
            trusted_proxies: TrustedProxies::None,
            auth_url: "http://127.0.0.1:3001".into(),
            connections: ConnectionLimits::default(),
            metrics_host: "127.0.0.1".into(),
            metrics_port: 0,
        }
    }

    /// The metrics address from the environment, once host and port are known.
    fn with_metrics_from_env(mut self, upper: &str) -> Result<Self, ConfigError> {
        self.metrics_host = var("METRICS_HOST").unwrap_or_else(|| self.host.clone());
        let default = if self.port == 0 {
            0
        } else {
            9000 + self.port % 1000
        };
        self.metrics_port = match var(&format!("{upper}_METRICS_PORT")) {
            Some(_) => parse_or(&format!("{upper}_METRICS_PORT"), default)?,
            None => parse_or("METRICS_PORT", default)?,
        };
        if self.metrics_port != 0 && self.metrics_port == self.port {
            return Err(ConfigError::Invalid {
                name: format!("{upper}_METRICS_PORT"),
                reason: "metrics must not be served on the port clients reach".into(),
            });
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_names_no_secret() {
        let mut config = KitConfig::for_tests("postgres://agora:db-hunter2@db.internal/agora");
        config.redis_url = Some("redis://:redis-hunter2@cache.internal".into());
        let printed = format!("{config:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("REDACTED"), "{printed}");
    }
}
