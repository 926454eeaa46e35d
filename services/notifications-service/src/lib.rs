//! Agora's notifications service: consumes auth's events, renders e-mails from templates,
//! sends them over SMTP, and records every notification with its status; the record is
//! served through the generated `notifications-server` trait.

pub mod adapters;
pub mod api;
pub use notifications_core::{app, domain};
pub mod config;

use std::sync::Arc;

use agora_kit::app::{Opening, Server};

use crate::adapters::postgres::PgNotifications;
use crate::adapters::smtp::SmtpMailer;
use crate::app::Notifier;
use crate::config::NotificationsConfig;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/notifications");

/// The service's entry point: `build` wires it up and binds its port.
pub struct Application;

impl Application {
    pub async fn build(config: NotificationsConfig) -> anyhow::Result<Server> {
        let kit = &config.kit;
        let opening = Opening::connect(&agora_api::notifications::SERVICE, kit, &MIGRATOR).await?;
        let pool = opening.pool().clone();
        let mailer = SmtpMailer::new(
            &config.smtp_host,
            config.smtp_port,
            config.smtp_tls,
            &config.smtp_from,
            config.smtp_credentials.clone(),
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let notifier = Notifier {
            store: Arc::new(PgNotifications::new(pool.clone())),
            mailer: Arc::new(mailer),
        };
        let verifier = auth_access::verifier(kit);
        let api = api::NotificationsApi::new(notifier.clone(), verifier.clone());
        let mut server = opening
            .serve(notifications_server::server::new(api), verifier)
            .await?;
        if let Some(events) = &config.events {
            let bus = events.bus().await;
            let deletions = agora_bus::consumer::prepared(adapters::events::users_events_consumer(
                bus.clone(),
                notifier.clone(),
            ))
            .await;
            let orders = agora_bus::consumer::prepared(adapters::events::orders_events_consumer(
                bus.clone(),
                notifier.clone(),
            ))
            .await;
            let consumer = agora_bus::consumer::prepared(adapters::events::auth_events_consumer(
                bus, notifier,
            ))
            .await;
            server = server
                .with_background("auth events", |stop| consumer.run(stop))
                .with_background("users events", |stop| deletions.run(stop))
                .with_background("orders events", |stop| orders.run(stop));
        }
        Ok(server)
    }
}
