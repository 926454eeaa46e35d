//! Agora's products service: the catalogue, categories and stock, with full-text search
//! and a Redis cache that is never stale, served through the generated `products-server`
//! traits.
//!
//! Layout: `domain` (values and rules, no I/O) and `app` (use cases behind ports) are
//! re-exported from the core crate, `adapters` (PostgreSQL, Redis), `api` (the generated
//! traits' implementation).

pub mod adapters;
pub mod api;
pub use products_core::{app, domain};
pub mod config;

use std::sync::Arc;

use agora_kit::ExposeSecret;
use agora_kit::app::{Opening, Server};
use agora_kit::health;
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
        let mut opening = Opening::connect(&agora_api::products::SERVICE, kit, &MIGRATOR).await?;
        let pool = opening.pool().clone();
        let cache: Arc<dyn CatalogueCache> = match &kit.redis_url {
            Some(url) => {
                let redis = agora_kit::redis::pool(url.expose_secret()).context("REDIS_URL")?;
                opening = opening.ready_when(health::Redis(redis.clone()));
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
        let reserving = catalogue.clone();
        let verifier = auth_access::verifier(kit);
        let api = api::ProductsApi::new(catalogue, verifier.clone());
        let mut server = opening
            .serve(products_server::server::new(api), verifier)
            .await?;
        if let Some(events) = &config.events {
            let bus = events.bus().await;
            let relay = agora_bus::OutboxRelay::new(pool, bus.clone(), "products");
            let orders = agora_bus::consumer::prepared(adapters::events::orders_events_consumer(
                bus, reserving,
            ))
            .await;
            server = server
                .with_background("outbox relay", |stop| relay.run(stop))
                .with_background("orders events", |stop| orders.run(stop));
        }
        Ok(server)
    }
}
