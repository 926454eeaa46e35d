//! Agora's orders service: carts, checkout and orders, served through the generated
//! `orders-server` trait, and the checkout saga: products' answers come in over SQS,
//! workers charge and refund through payments' generated client as the service itself.
//!
//! Layout: `domain` (values and the order's state machine, no I/O) and `app` (use cases
//! behind ports) are re-exported from the core crate, `adapters` (PostgreSQL, products,
//! payments, the event consumer), `api` (the generated trait's implementation), `saga`
//! (the workers' loop).

pub mod adapters;
pub mod api;
pub mod config;
pub mod saga;
pub use orders_core::{app, domain};

use std::sync::Arc;

use agora_kit::app::{Opening, Server};
use anyhow::Context;
use auth_access::ClientCredentials;

use crate::adapters::catalogue::ProductsCatalogue;
use crate::adapters::payments::PaymentsClient;
use crate::adapters::postgres::PgOrders;
use crate::app::Orders;
use crate::config::OrdersConfig;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/orders");

/// The service's entry point: `build` wires it up and binds its port.
pub struct Application;

impl Application {
    pub async fn build(config: OrdersConfig) -> anyhow::Result<Server> {
        let kit = &config.kit;
        let opening = Opening::connect(&agora_api::orders::SERVICE, kit, &MIGRATOR).await?;
        let pool = opening.pool().clone();
        let http = reqwest::Client::builder()
            .timeout(config.call_timeout)
            .build()
            .context("the HTTP client for products and payments")?;
        let credentials = Arc::new(
            ClientCredentials::new(
                &kit.auth_url,
                &config.client_id,
                &config.client_secret,
                None,
                config.call_timeout,
            )
            .context("ORDERS_CLIENT_ID")?,
        );
        let due = Arc::new(tokio::sync::Notify::new());
        let store = Arc::new(PgOrders::waking(pool.clone(), due.clone()));
        let orders = Orders {
            store: store.clone(),
            catalogue: Arc::new(ProductsCatalogue::new(&config.products_url, http.clone())),
            payments: Arc::new(PaymentsClient::new(&config.payments_url, http, credentials)),
        };
        let verifier = auth_access::verifier(kit);
        let api = api::OrdersApi::new(orders.clone(), verifier.clone());
        let mut server = opening
            .serve(orders_server::server::new(api), verifier)
            .await?;
        for _ in 0..config.saga_workers {
            let worker = saga::Worker::new(orders.clone(), config.saga_poll, due.clone());
            server = server.with_background("saga worker", |stop| worker.run(stop));
        }
        server = server.with_background("saga gauges", |stop| saga::gauges(store, stop));
        let sweeper = orders.clone();
        server = server.with_background("idempotency keys", |stop| {
            saga::forget_old_keys(sweeper, stop)
        });
        if let Some(events) = &config.events {
            let bus = events.bus().await;
            let relay = agora_bus::OutboxRelay::new(pool, bus.clone(), "orders");
            let answers = agora_bus::consumer::prepared(
                adapters::events::products_events_consumer(bus, orders),
            )
            .await;
            server = server
                .with_background("outbox relay", |stop| relay.run(stop))
                .with_background("products events", |stop| answers.run(stop));
        }
        Ok(server)
    }
}
