//! The auth service's configuration, from the environment.

use std::path::PathBuf;

use agora_kit::config::{self, ConfigError, KitConfig};
use chrono::Duration;
use secrecy::SecretString;

use crate::domain::LockoutPolicy;

/// The port the auth service listens on unless `AUTH_PORT` says otherwise.
pub const DEFAULT_PORT: u16 = 3001;

#[derive(Debug, Clone)]
pub struct AuthConfig {
    pub kit: KitConfig,
    /// The event bus (`EVENTS_ENABLED`, `AGORA_BUS_PREFIX`); `None` keeps events in the outbox.
    pub events: Option<agora_bus::EventsConfig>,
    /// `AUTH_ACCESS_TOKEN_TTL_SECS`, default 900.
    pub access_token_ttl_secs: u64,
    /// `AUTH_REFRESH_TOKEN_TTL_SECS`, default 30 days.
    pub refresh_token_ttl: Duration,
    pub signing_key: SigningKeyConfig,
    /// `AUTH_PREVIOUS_PUBLIC_KEYS_FILE`: PEM public keys of earlier signing keys, kept in the
    /// JWKS until the tokens they signed have expired.
    pub previous_public_keys_file: Option<PathBuf>,
    /// `AUTH_LOCKOUT_THRESHOLD` (5), `AUTH_LOCKOUT_WINDOW_SECS` (900), `AUTH_LOCKOUT_DURATION_SECS` (900).
    pub lockout: LockoutPolicy,
    /// `AUTH_BOOTSTRAP_ADMIN_EMAIL` and `AUTH_BOOTSTRAP_ADMIN_PASSWORD`, both or neither.
    pub bootstrap_admin: Option<(String, SecretString)>,
    /// `AUTH_HASH_WORKERS`, default [`default_hash_workers`]. Threads hashing passwords;
    /// each holds argon2id's 19 MiB of working memory.
    pub hash_workers: usize,
}

#[derive(Debug, Clone)]
pub enum SigningKeyConfig {
    /// `AUTH_SIGNING_KEY_PEM`: the PKCS#8 PEM itself.
    Pem(SecretString),
    /// `AUTH_SIGNING_KEY_FILE` (default `.agora/auth-signing-key.pem`): generated there on
    /// first start when missing, which suits development; production mounts a secret.
    File(PathBuf),
}

impl AuthConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        let signing_key = match config::var("AUTH_SIGNING_KEY_PEM") {
            Some(pem) => SigningKeyConfig::Pem(pem.into()),
            None => SigningKeyConfig::File(
                config::var("AUTH_SIGNING_KEY_FILE")
                    .unwrap_or_else(|| ".agora/auth-signing-key.pem".into())
                    .into(),
            ),
        };
        let bootstrap_admin = match (
            config::var("AUTH_BOOTSTRAP_ADMIN_EMAIL"),
            config::var("AUTH_BOOTSTRAP_ADMIN_PASSWORD"),
        ) {
            (Some(e), Some(p)) => Some((e, p.into())),
            (None, None) => None,
            (Some(_), None) => {
                return Err(ConfigError::Missing {
                    name: "AUTH_BOOTSTRAP_ADMIN_PASSWORD".into(),
                });
            }
            (None, Some(_)) => {
                return Err(ConfigError::Missing {
                    name: "AUTH_BOOTSTRAP_ADMIN_EMAIL".into(),
                });
            }
        };
        let secs =
            |name: &str, default: i64| config::parse_or(name, default).map(Duration::seconds);
        Ok(Self {
            events: agora_bus::EventsConfig::from_env(),
            kit: KitConfig::from_env("auth", DEFAULT_PORT)?,
            access_token_ttl_secs: config::parse_or("AUTH_ACCESS_TOKEN_TTL_SECS", 900)?,
            refresh_token_ttl: secs("AUTH_REFRESH_TOKEN_TTL_SECS", 30 * 24 * 3600)?,
            signing_key,
            previous_public_keys_file: config::var("AUTH_PREVIOUS_PUBLIC_KEYS_FILE")
                .map(PathBuf::from),
            lockout: LockoutPolicy {
                threshold: config::parse_or("AUTH_LOCKOUT_THRESHOLD", 5)?,
                window: secs("AUTH_LOCKOUT_WINDOW_SECS", 900)?,
                duration: secs("AUTH_LOCKOUT_DURATION_SECS", 900)?,
            },
            bootstrap_admin,
            hash_workers: config::parse_or("AUTH_HASH_WORKERS", default_hash_workers())?,
        })
    }
}

/// One fewer than the cores this process may use, and at least one. A burst of logins then
/// leaves a core to everything else auth answers (refreshes, `/authorize` calls on other
/// services' request paths, the JWKS, probes), and memory stays bounded: about 20 MiB plus
/// argon2id's 19 MiB per worker.
pub fn default_hash_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_names_no_secret() {
        let config = AuthConfig {
            kit: KitConfig::for_tests("postgres://auth:db-hunter2@db/auth"),
            events: None,
            access_token_ttl_secs: 900,
            refresh_token_ttl: Duration::days(1),
            signing_key: SigningKeyConfig::Pem("-----BEGIN PRIVATE KEY-----pem-hunter2".into()),
            previous_public_keys_file: None,
            lockout: LockoutPolicy::default(),
            bootstrap_admin: Some(("root@agora.test".into(), "admin-hunter2".into())),
            hash_workers: 1,
        };
        let printed = format!("{config:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(
            printed.contains("root@agora.test"),
            "who is no secret: {printed}"
        );
    }
}
