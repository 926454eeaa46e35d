//! Agora's auth service: identities, credentials, tokens, roles and permissions, lockout and
//! the security audit log, served through the generated `auth-server` trait.
//!
//! Layout: `domain` (values and rules, no I/O) and `app` (use cases behind ports) are
//! re-exported from the core crate, `adapters` (PostgreSQL, argon2id, signing keys), `api`
//! (the generated trait's implementation).

pub mod adapters;
pub mod api;
pub use auth_core::{app, domain};
pub mod config;

use std::sync::Arc;
use std::time::Duration;

use agora_kit::app::{Opening, Server};
use agora_kit::token::TokenVerifier;
use anyhow::Context;
use secrecy::ExposeSecret;

use crate::adapters::argon::Argon2id;
use crate::adapters::clients::ConfiguredClients;
use crate::adapters::keys::SigningKeys;
use crate::adapters::postgres::PgAuthStore;
use crate::adapters::refresh_tokens::RandomRefreshTokens;
use crate::adapters::tasks::TokioRunner;
use crate::app::Auth;
use crate::app::ports::ServiceClient;
use crate::config::{AuthConfig, SigningKeyConfig};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/auth");

/// The service's entry point: `build` wires it up and binds its port.
pub struct Application;

impl Application {
    pub async fn build(config: AuthConfig) -> anyhow::Result<Server> {
        let kit = &config.kit;
        let opening = Opening::connect(&agora_api::auth::SERVICE, kit, &MIGRATOR).await?;
        let pool = opening.pool().clone();
        let pem = match &config.signing_key {
            SigningKeyConfig::Pem(pem) => pem.expose_secret().to_owned(),
            SigningKeyConfig::File(path) => SigningKeys::load_or_generate(path)?,
        };
        let previous = match &config.previous_public_keys_file {
            Some(path) => Some(
                std::fs::read_to_string(path)
                    .with_context(|| format!("reading {}", path.display()))?,
            ),
            None => None,
        };
        let keys = Arc::new(
            SigningKeys::from_pem(
                &pem,
                previous.as_deref(),
                &kit.token_issuer,
                &kit.token_audience,
                config.access_token_ttl_secs,
            )?
            .with_client_ttl(config.client_token_ttl_secs),
        );
        let verifier = Arc::new(TokenVerifier::new(
            adapters::keys::local_key_source(&keys).await?,
            keys.issuer(),
            keys.audience(),
        ));
        let auth = Auth {
            store: Arc::new(PgAuthStore::new(pool.clone())),
            hasher: Arc::new(Argon2id::owasp(config.hash_workers)),
            tokens: keys.clone(),
            refresh_tokens: Arc::new(RandomRefreshTokens),
            runner: Arc::new(TokioRunner),
            lockout: config.lockout,
            refresh_ttl: config.refresh_token_ttl,
        };
        if let Some((email, password)) = &config.bootstrap_admin {
            let admin = auth
                .bootstrap_admin(email, password.expose_secret())
                .await
                .context("bootstrapping the admin account")?;
            if let Some(admin) = admin {
                tracing::info!(user_id = %admin.id, "bootstrap admin account ready");
            }
        }
        let purger = auth.clone();
        let deletions = auth.clone();
        let api = api::AuthApi::new(auth, verifier.clone());
        let registered: Vec<ServiceClient> = config
            .clients
            .iter()
            .map(|c| ServiceClient {
                id: c.id,
                name: c.name.clone(),
                permissions: c.permissions.clone(),
            })
            .collect();
        let unknown = purger.unknown_client_permissions(&registered).await?;
        anyhow::ensure!(
            unknown.is_empty(),
            "AUTH_CLIENTS names permissions that do not exist: {}",
            unknown.join(", ")
        );
        let clients = ConfiguredClients::new(&config.clients, keys.issuer(), keys.audience());
        let mut server = opening
            .clients(Arc::new(clients))
            .serve(
                auth_server::server::new(api).layer(axum::middleware::from_fn(no_store)),
                verifier,
            )
            .await?
            .with_background("login-attempt purge", move |stop| {
                purge_login_attempts(purger, stop)
            });
        if let Some(events) = &config.events {
            let bus = events.bus().await;
            let relay = agora_bus::OutboxRelay::new(pool, bus.clone(), "auth");
            let consumer = agora_bus::consumer::prepared(adapters::events::users_events_consumer(
                bus, deletions,
            ))
            .await;
            server = server
                .with_background("outbox relay", |stop| relay.run(stop))
                .with_background("users events", |stop| consumer.run(stop));
        }
        Ok(server)
    }
}

/// The operations whose answers carry tokens.
const ISSUING_TOKENS: &[&str] = &[
    "/api/v1/auth/login",
    "/api/v1/auth/refresh",
    "/api/v1/auth/token",
];

/// No cache keeps an answer that carries a token (RFC 6749 §5.1).
async fn no_store(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let issuing = ISSUING_TOKENS.contains(&request.uri().path());
    let mut response = next.run(request).await;
    if issuing {
        let headers = response.headers_mut();
        headers.insert(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
        headers.insert(
            http::header::PRAGMA,
            http::HeaderValue::from_static("no-cache"),
        );
    }
    response
}

/// How often rows of `login_attempts` that no longer say anything are deleted: one row is
/// made per address tried, so without this the table grows with every string an attacker
/// sends.
const PURGE_EVERY: Duration = Duration::from_secs(60);

async fn purge_login_attempts(auth: Auth, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut every = tokio::time::interval(PURGE_EVERY);
    loop {
        tokio::select! {
            _ = every.tick() => match auth.purge_login_attempts().await {
                Ok(0) => {}
                Ok(purged) => tracing::debug!(purged, "login attempts purged"),
                Err(e) => tracing::warn!(error = %e, "purging login attempts failed"),
            },
            _ = stop.changed() => break,
        }
    }
}
