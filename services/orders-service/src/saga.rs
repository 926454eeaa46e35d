//! The saga's workers: each takes the next due step of any order (a leased row, so
//! instances and workers never take the same step), carries it out, and when none is due
//! waits for the next poll, or less when a change of this instance makes a step due.
//! Failures are logged and retried by the step's own schedule.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::{Notify, watch};

use crate::adapters::postgres::PgOrders;
use crate::app::Orders;

pub struct Worker {
    orders: Orders,
    idle: Duration,
    /// Woken by the store when a change of this instance makes a step due at once.
    due: Arc<Notify>,
}

impl Worker {
    pub fn new(orders: Orders, idle: Duration, due: Arc<Notify>) -> Self {
        Self { orders, idle, due }
    }

    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                return;
            }
            let pause = match self.orders.work_once(Utc::now()).await {
                Ok(true) => continue,
                Ok(false) => self.idle,
                Err(e) => {
                    tracing::warn!(error = %e, "a saga step failed; retrying");
                    self.idle.max(Duration::from_secs(1))
                }
            };
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = self.due.notified() => {}
                _ = stop.changed() => return,
            }
        }
    }
}

/// Forgets idempotency keys past their retention, hourly.
pub async fn forget_old_keys(orders: Orders, mut stop: watch::Receiver<bool>) {
    loop {
        match orders.forget_old_keys(Utc::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(keys = n, "old idempotency keys forgotten"),
            Err(e) => tracing::warn!(error = %e, "old idempotency keys were not forgotten"),
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(3600)) => {}
            _ = stop.changed() => return,
        }
    }
}

/// How often the saga's gauges are read from the database.
pub const GAUGE_EVERY: Duration = Duration::from_secs(5);

/// Publishes `orders_pending_oldest_age_seconds` and
/// `orders_refunds_due_oldest_age_seconds` every [`GAUGE_EVERY`]: a pending order older
/// than a minute or two, or a refund due for long, means a step keeps failing.
pub async fn gauges(store: std::sync::Arc<PgOrders>, mut stop: watch::Receiver<bool>) {
    loop {
        match store.oldest_unsettled().await {
            Ok((pending, refunds)) => {
                metrics::gauge!("orders_pending_oldest_age_seconds", "service" => "orders")
                    .set(pending);
                metrics::gauge!("orders_refunds_due_oldest_age_seconds", "service" => "orders")
                    .set(refunds);
            }
            Err(e) => tracing::warn!(error = %e, "the saga's gauges were not read"),
        }
        tokio::select! {
            _ = tokio::time::sleep(GAUGE_EVERY) => {}
            _ = stop.changed() => return,
        }
    }
}
