//! Agora's products service: the catalogue, categories and stock, with full-text search
//! and a Redis cache that is never stale, served through the generated `products-server`
//! traits.
//!
//! Layout: `domain` (values and rules, no I/O), `app` (use cases behind ports),
//! `adapters` (PostgreSQL, Redis), `api` (the generated traits' implementation).

pub mod adapters;
pub mod api;
pub mod app;
pub mod config;
pub mod domain;

use std::sync::Arc;

use agora_kit::app::Server;
use agora_kit::health::{self, Readiness};
use agora_kit::token::TokenVerifier;
use anyhow::Context;

use crate::adapters::postgres::PgCatalogue;
use crate::adapters::redis_cache::{NoCache, RedisCatalogueCache};
use crate::app::Catalogue;
use crate::app::ports::CatalogueCache;
use crate::config::ProductsConfig;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/products");

/// The service's entry point: `build` wires it up and binds its port.
pub struct Application;

impl Application {
    pub async fn build(config: ProductsConfig) -> anyhow::Result<Server> {
        let kit = &config.kit;
        let pool = agora_kit::db::connect_and_migrate(
            &kit.database_url,
            kit.database_max_connections,
            &MIGRATOR,
        )
        .await?;
        let mut readiness = Readiness::default().with(health::Postgres(pool.clone()));
        let cache: Arc<dyn CatalogueCache> = match &kit.redis_url {
            Some(url) => {
                let redis = agora_kit::redis::pool(url).context("REDIS_URL")?;
                readiness = readiness.with(health::Redis(redis.clone()));
                RedisCatalogueCache::new(
                    redis,
                    &config.cache_prefix,
                    config.product_ttl,
                    config.page_ttl,
                )
            }
            None => {
                tracing::warn!("REDIS_URL is not set: the catalogue is served without a cache");
                Arc::new(NoCache)
            }
        };
        let catalogue = Catalogue {
            store: Arc::new(PgCatalogue::new(pool.clone())),
            cache,
        };
        let verifier = TokenVerifier::from_jwks(kit);
        let api = api::ProductsApi::new(catalogue, verifier.clone());
        let router = agora_kit::app::router(
            &agora_api::products::SERVICE,
            products_server::server::new(api),
            kit,
            verifier,
            None,
            readiness,
        )?;
        let mut server = Server::bind(kit, router, Some(pool.clone())).await?;
        if let Some(events) = &config.events {
            let relay = agora_bus::OutboxRelay::new(pool, events.bus().await, "products");
            server = server.with_background("outbox relay", |stop| relay.run(stop));
        }
        Ok(server)
    }
}
