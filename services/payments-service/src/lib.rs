//! Agora's payments service: charges and refunds through a payment provider (the simulated
//! one built in), served through the generated `payments-server` trait. A ledger of one
//! payment per order; its events leave through the outbox.
//!
//! Layout: `domain` (values, no I/O) and `app` (use cases behind two ports) are re-exported
//! from the core crate, `adapters` (PostgreSQL, the providers), `api` (the generated
//! trait's implementation).

pub mod adapters;
pub mod api;
pub mod config;
pub use payments_core::{app, domain};

use std::sync::Arc;

use agora_kit::app::{Opening, Server};

use crate::adapters::postgres::PgPayments;
use crate::adapters::provider::{Bounded, Simulated};
use crate::app::Payments;
use crate::config::{PaymentsConfig, ProviderKind};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/payments");

/// The service's entry point: `build` wires it up and binds its port.
pub struct Application;

impl Application {
    pub async fn build(config: PaymentsConfig) -> anyhow::Result<Server> {
        let kit = &config.kit;
        let opening = Opening::connect(&agora_api::payments::SERVICE, kit, &MIGRATOR).await?;
        let pool = opening.pool().clone();
        let provider = match config.provider {
            ProviderKind::Simulated => Bounded {
                inner: Simulated,
                timeout: config.provider_timeout,
            },
        };
        let payments = Payments {
            store: Arc::new(PgPayments::new(pool.clone())),
            provider: Arc::new(provider),
        };
        let verifier = auth_access::verifier(kit);
        let api = api::PaymentsApi::new(payments, verifier.clone());
        let mut server = opening
            .serve(payments_server::server::new(api), verifier)
            .await?;
        if let Some(events) = &config.events {
            let relay = agora_bus::OutboxRelay::new(pool, events.bus().await, "payments");
            server = server.with_background("outbox relay", |stop| relay.run(stop));
        }
        Ok(server)
    }
}
