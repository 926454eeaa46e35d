//! Agora's users service: profiles and addresses, served through the generated
//! `users-server` trait. Permission decisions the token cannot settle go to auth's
//! `/authorize` through the generated `auth-client`.
//!
//! Layout: `domain` (values, no I/O), `app` (use cases behind a port), `adapters`
//! (PostgreSQL), `api` (the generated trait's implementation).

pub mod adapters;
pub mod api;
pub mod app;
pub mod config;
pub mod domain;

use std::sync::Arc;

use agora_kit::app::Server;
use agora_kit::authorizer::RemoteAuthorizer;
use agora_kit::health::{self, Readiness};
use agora_kit::token::TokenVerifier;

use crate::adapters::postgres::PgProfiles;
use crate::app::Profiles;
use crate::config::UsersConfig;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/users");

/// The service's entry point: `build` wires it up and binds its port.
pub struct Application;

impl Application {
    pub async fn build(config: UsersConfig) -> anyhow::Result<Server> {
        let kit = &config.kit;
        let pool = agora_kit::db::connect_and_migrate(
            &kit.database_url,
            kit.database_max_connections,
            &MIGRATOR,
        )
        .await?;
        let profiles = Profiles {
            store: Arc::new(PgProfiles::new(pool.clone())),
        };
        let consumer_profiles = profiles.clone();
        let verifier = TokenVerifier::from_jwks(kit);
        let authorizer = Arc::new(RemoteAuthorizer::new(
            &kit.auth_url,
            config.authorize_timeout,
            config.authorize_cooldown,
        ));
        let api = api::UsersApi::new(profiles, verifier.clone());
        let readiness = Readiness::default().with(health::Postgres(pool.clone()));
        let router = agora_kit::app::router(
            &agora_api::users::SERVICE,
            users_server::server::new(api),
            kit,
            verifier,
            Some(authorizer),
            readiness,
        )?;
        let mut server = Server::bind(kit, router, Some(pool.clone())).await?;
        if let Some(events) = &config.events {
            let bus = events.bus().await;
            let relay = agora_bus::OutboxRelay::new(pool, bus.clone(), "users");
            let consumer = agora_bus::consumer::prepared(adapters::events::auth_events_consumer(
                bus,
                consumer_profiles,
            ))
            .await;
            server = server
                .with_background("outbox relay", |stop| relay.run(stop))
                .with_background("auth events", |stop| consumer.run(stop));
        }
        Ok(server)
    }
}
