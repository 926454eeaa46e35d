//! Agora's users service: profiles and addresses, served through the generated
//! `users-server` trait. Permission decisions the token cannot settle go to auth's
//! `/authorize` through the generated `auth-client`.
//!
//! Layout: `domain` (values, no I/O) and `app` (use cases behind a port) are re-exported
//! from the core crate, `adapters` (PostgreSQL), `api` (the generated trait's
//! implementation).

pub mod adapters;
pub mod api;
pub use users_core::{app, domain};
pub mod config;

use std::sync::Arc;

use agora_kit::app::{Opening, Server};
use auth_access::RemoteAuthorizer;

use crate::adapters::postgres::PgProfiles;
use crate::app::Profiles;
use crate::config::UsersConfig;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/users");

/// The service's entry point: `build` wires it up and binds its port.
pub struct Application;

impl Application {
    pub async fn build(config: UsersConfig) -> anyhow::Result<Server> {
        let kit = &config.kit;
        let opening = Opening::connect(&agora_api::users::SERVICE, kit, &MIGRATOR).await?;
        let pool = opening.pool().clone();
        let profiles = Profiles {
            store: Arc::new(PgProfiles::new(pool.clone())),
        };
        let consumer_profiles = profiles.clone();
        let verifier = auth_access::verifier(kit);
        let authorizer = Arc::new(RemoteAuthorizer::new(
            &kit.auth_url,
            config.authorize_timeout,
            config.authorize_cooldown,
        ));
        let api = api::UsersApi::new(profiles, verifier.clone());
        let mut server = opening
            .authorizer(authorizer)
            .serve(users_server::server::new(api), verifier)
            .await?;
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
