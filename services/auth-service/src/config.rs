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
    /// `AUTH_CLIENTS`: the registered service clients (OAuth 2.0 client credentials), a JSON
    /// list of `{"id": <uuid>, "name", "secret_sha256": <hex>, "permissions": [...]}`; none
    /// by default.
    pub clients: Vec<ClientConfig>,
    /// `AUTH_CLIENT_TOKEN_TTL_SECS`, default 300: a service client's token lives shorter
    /// than an account's and is fetched again by its client before it expires.
    pub client_token_ttl_secs: u64,
}

/// One registered service client. Auth holds the digest of its secret, never the secret;
/// `Debug` leaves the digest out too (a weak secret could be guessed from it).
#[derive(Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    pub id: uuid::Uuid,
    pub name: String,
    #[serde(deserialize_with = "sha256_hex")]
    pub secret_sha256: [u8; 32],
    pub permissions: Vec<String>,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("secret_sha256", &"[REDACTED]")
            .field("permissions", &self.permissions)
            .finish()
    }
}

fn sha256_hex<'de, D: serde::Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
    let hex = <String as serde::Deserialize>::deserialize(d)?;
    let mut digest = [0u8; 32];
    if hex.len() != 64 || !hex.is_ascii() {
        return Err(serde::de::Error::custom(
            "secret_sha256 must be 64 hex digits (the SHA-256 of the client's secret)",
        ));
    }
    for (i, byte) in digest.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)
            .map_err(|_| serde::de::Error::custom("secret_sha256 must be hex digits"))?;
    }
    Ok(digest)
}

/// `AUTH_CLIENT_TOKEN_TTL_SECS`: 1 second to a day.
fn client_token_ttl() -> Result<u64, ConfigError> {
    let secs: u64 = config::parse_or("AUTH_CLIENT_TOKEN_TTL_SECS", 300)?;
    if !(1..=86_400).contains(&secs) {
        return Err(ConfigError::Invalid {
            name: "AUTH_CLIENT_TOKEN_TTL_SECS".into(),
            reason: format!("{secs} is not between 1 and 86400 seconds"),
        });
    }
    Ok(secs)
}

/// `AUTH_CLIENTS`, parsed and checked: ids unique.
fn clients() -> Result<Vec<ClientConfig>, ConfigError> {
    let Some(raw) = config::var("AUTH_CLIENTS") else {
        return Ok(Vec::new());
    };
    let invalid = |reason: String| ConfigError::Invalid {
        name: "AUTH_CLIENTS".into(),
        reason,
    };
    let clients: Vec<ClientConfig> =
        serde_json::from_str(&raw).map_err(|e| invalid(e.to_string()))?;
    let mut ids: Vec<_> = clients.iter().map(|c| c.id).collect();
    ids.sort();
    ids.dedup();
    if ids.len() != clients.len() {
        return Err(invalid("two clients share an id".into()));
    }
    Ok(clients)
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
            clients: clients()?,
            client_token_ttl_secs: client_token_ttl()?,
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
            clients: vec![ClientConfig {
                id: uuid::Uuid::nil(),
                name: "orders".into(),
                secret_sha256: [0xab; 32],
                permissions: vec!["payments:write".into()],
            }],
            client_token_ttl_secs: 300,
        };
        let printed = format!("{config:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(
            !printed.contains("171"),
            "no digest (0xab is 171): {printed}"
        );
        assert!(
            printed.contains("root@agora.test") && printed.contains("orders"),
            "who is no secret: {printed}"
        );
    }
}
