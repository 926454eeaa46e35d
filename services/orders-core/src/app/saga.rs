//! The saga that settles each order: products' answers to a placement, and the steps
//! workers take (publishing a placement again, charging, refunding), each retried with a
//! growing pause until it gets through, so no order stays pending for ever.

use std::time::Duration;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::checkout::PLACEMENT_PATIENCE;
use super::{Orders, OrdersError};
use crate::app::ports::{Applied, Step, Work};
use crate::domain::{ChargeOutcome, Transition};

/// How long a worker holds an order's step: beyond the two calls a step makes at most (a
/// token from auth, then payments), each bounded by `ORDERS_CALL_TIMEOUT_MS` (at most
/// 10 s), so that no other worker takes the step while it is under way.
pub const LEASE: Duration = Duration::from_secs(30);
/// The longest pause between two attempts of a step.
pub const MAX_PAUSE: Duration = Duration::from_secs(30);
/// Attempts after which a step that keeps failing is logged as an error (about 3 minutes).
pub const PATIENCE: i32 = 10;

/// The pause after `attempts` failed attempts: 1 s, 2 s, 4 s… up to [`MAX_PAUSE`].
pub fn pause(attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(16);
    Duration::from_secs(1u64 << exponent).min(MAX_PAUSE)
}

/// What products answered to an order's placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    Reserved,
    Failed,
}

impl Orders {
    /// Applies products' answer once per event; an answer for an order this service does
    /// not hold (another deployment's) is ignored.
    pub async fn on_reservation(
        &self,
        event_id: Uuid,
        event_type: &'static str,
        order_id: Uuid,
        answer: Reservation,
        now: DateTime<Utc>,
    ) -> Result<(), OrdersError> {
        let t = match answer {
            Reservation::Reserved => Transition::StockReserved,
            Reservation::Failed => Transition::ReservationFailed,
        };
        match self
            .store
            .transition(order_id, t, Some((event_id, event_type)), now)
            .await?
        {
            Applied::NoSuchOrder => {
                tracing::warn!(%order_id, "a reservation answer for an order this service does not hold");
            }
            Applied::AlreadyProcessed | Applied::Done(..) | Applied::Refused(_) => {}
        }
        Ok(())
    }

    /// Takes the next due step of any order and carries it out; false when none is due.
    pub async fn work_once(&self, now: DateTime<Utc>) -> Result<bool, OrdersError> {
        let Some(Work {
            order,
            step,
            attempts,
            leased_until: lease,
        }) = self.store.next_work(now, LEASE).await?
        else {
            return Ok(false);
        };
        let retry_at = now + pause(attempts);
        if attempts > PATIENCE {
            // Still retried (nothing is given up), but someone must look: a lasting cause
            // (a client without its permission, payments refusing) does not pass by itself.
            tracing::error!(order_id = %order.id, attempts, ?step, "a saga step keeps failing");
        }
        match step {
            Step::Republish => {
                // Products answers a placement it decided before with the same answer.
                let patience = PLACEMENT_PATIENCE.max(pause(attempts));
                self.store
                    .republish(order.id, lease, now + patience)
                    .await?;
            }
            Step::Charge { token } => match self.payments.charge(&order, &token).await {
                Ok(outcome) => {
                    self.store
                        .transition(order.id, Transition::Charged(outcome), None, now)
                        .await?;
                    if let ChargeOutcome::Declined { .. } = outcome {
                        tracing::info!(order_id = %order.id, "payment declined");
                    }
                }
                Err(e) => {
                    tracing::warn!(order_id = %order.id, attempts, error = %e, "charge postponed");
                    self.store.postpone(order.id, lease, retry_at).await?;
                }
            },
            Step::Refund => {
                let refunded = match order.payment_id {
                    Some(payment_id) => self.payments.refund(payment_id).await,
                    None => Ok(()),
                };
                match refunded {
                    Ok(()) => {
                        self.store
                            .transition(order.id, Transition::Refunded, None, now)
                            .await?;
                    }
                    Err(e) => {
                        tracing::warn!(order_id = %order.id, attempts, error = %e, "refund postponed");
                        self.store.postpone(order.id, lease, retry_at).await?;
                    }
                }
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_up_to_the_ceiling() {
        let secs: Vec<u64> = (0..8).map(|a| pause(a).as_secs()).collect();
        assert_eq!(secs, [1, 1, 2, 4, 8, 16, 30, 30]);
        assert_eq!(pause(i32::MAX), MAX_PAUSE);
    }
}
