//! Reacting to events: record the notification, send it, record the outcome.

use agora_values::Paging;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::ports::{NewNotification, Notification, Status};
use super::{Notifier, NotifyError};
use crate::domain::{CancellationReason, OrderSummary, Template};

/// An account event that calls for an e-mail, as auth announced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountEvent {
    Registered {
        user_id: Uuid,
        email: String,
        name: String,
    },
    Locked {
        user_id: Uuid,
        email: String,
        locked_until: DateTime<Utc>,
    },
    PasswordChanged {
        user_id: Uuid,
        email: String,
        changed_at: DateTime<Utc>,
    },
}

/// An order event that calls for an e-mail to its customer, as orders announced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderEvent {
    Confirmed(OrderSummary),
    Cancelled {
        order: OrderSummary,
        reason: CancellationReason,
        /// Whether a captured payment was refunded.
        refunded: bool,
    },
    Shipped(OrderSummary),
}

impl Notifier {
    /// Handles one account event (`event_type` is its name on the bus, kept with the
    /// record). Idempotent on `event_id`: a notification already sent is not sent again;
    /// one that failed is retried. An `Err` leaves the event to be redelivered (and, after
    /// the queue's limit, dead-lettered), with the failure recorded.
    pub async fn on_event(
        &self,
        event_id: Uuid,
        event_type: &str,
        event: AccountEvent,
    ) -> Result<(), NotifyError> {
        self.deliver(notification_for(event_id, event_type, event))
            .await
    }

    /// Handles one order event, as [`Notifier::on_event`] does an account event: the
    /// customer gets the order's lines and total, and for a cancellation the reason in
    /// words and whether the payment was refunded.
    pub async fn on_order_event(
        &self,
        event_id: Uuid,
        event_type: &str,
        event: OrderEvent,
    ) -> Result<(), NotifyError> {
        self.deliver(order_notification(event_id, event_type, event))
            .await
    }

    /// Records `new` once per event, then sends it unless it was sent already.
    async fn deliver(&self, new: NewNotification) -> Result<(), NotifyError> {
        let recorded = self.store.record(&new).await?;
        // Sent already, or its person deleted since (nobody left to write to).
        if recorded.status == Status::Sent || recorded.recipient.is_empty() {
            return Ok(());
        }
        match self
            .mailer
            .send(&recorded.recipient, &recorded.subject, &recorded.body)
            .await
        {
            Ok(()) => Ok(self.store.mark_sent(recorded.id).await?),
            Err(e) => {
                self.store.mark_failed(recorded.id, &e.0).await?;
                Err(NotifyError::Send(e.0))
            }
        }
    }

    /// Applies `users.user.deleted`: forgets who the person's notifications went to and
    /// what they said. Idempotent on `event_id`.
    pub async fn on_user_deleted(&self, event_id: Uuid, user_id: Uuid) -> Result<(), NotifyError> {
        let erased = self.store.erase_person(event_id, user_id).await?;
        tracing::info!(%user_id, erased, "a deleted person's notifications erased");
        Ok(())
    }

    pub async fn list(
        &self,
        user_id: Option<Uuid>,
        paging: Paging,
    ) -> Result<(Vec<Notification>, i64), NotifyError> {
        Ok(self.store.list(user_id, paging).await?)
    }
}

/// The notification an order event calls for.
fn order_notification(event_id: Uuid, event_type: &str, event: OrderEvent) -> NewNotification {
    let (template, order, extra) = match event {
        OrderEvent::Confirmed(order) => (Template::OrderConfirmed, order, vec![]),
        OrderEvent::Shipped(order) => (Template::OrderShipped, order, vec![]),
        OrderEvent::Cancelled {
            order,
            reason,
            refunded,
        } => {
            let refund = if refunded {
                format!("Your payment of {} has been refunded.", order.total_text())
            } else {
                "Nothing was charged.".to_owned()
            };
            (
                Template::OrderCancelled,
                order,
                vec![("reason", reason.in_words().to_owned()), ("refund", refund)],
            )
        }
    };
    let mut vars = BTreeMap::from([
        ("order_id", order.order_id.to_string()),
        ("total", order.total_text()),
    ]);
    vars.extend(extra);
    let rendered = template.render_with_lines(&vars, &order.line_texts());
    NewNotification {
        event_id,
        event_type: event_type.to_owned(),
        user_id: order.user_id,
        template,
        recipient: order.email,
        subject: rendered.subject,
        body: rendered.body,
    }
}

/// The notification an account event calls for.
fn notification_for(event_id: Uuid, event_type: &str, event: AccountEvent) -> NewNotification {
    let when = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M").to_string();
    let (template, user_id, email, vars) = match event {
        AccountEvent::Registered {
            user_id,
            email,
            name,
        } => (
            Template::Welcome,
            user_id,
            email.clone(),
            BTreeMap::from([("name", name), ("email", email)]),
        ),
        AccountEvent::Locked {
            user_id,
            email,
            locked_until,
        } => (
            Template::AccountLocked,
            user_id,
            email.clone(),
            BTreeMap::from([("email", email), ("locked_until", when(locked_until))]),
        ),
        AccountEvent::PasswordChanged {
            user_id,
            email,
            changed_at,
        } => (
            Template::PasswordChanged,
            user_id,
            email.clone(),
            BTreeMap::from([("email", email), ("changed_at", when(changed_at))]),
        ),
    };
    let rendered = template.render(&vars);
    NewNotification {
        event_id,
        event_type: event_type.to_owned(),
        user_id,
        template,
        recipient: email,
        subject: rendered.subject,
        body: rendered.body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OrderLine;

    fn order() -> OrderSummary {
        OrderSummary {
            order_id: Uuid::from_u128(7),
            user_id: Uuid::from_u128(1),
            email: "ada@example.com".into(),
            currency: "EUR".into(),
            total: 5_497,
            lines: vec![
                OrderLine {
                    sku: "LAMP-1".into(),
                    name: "Brass lamp".into(),
                    quantity: 2,
                    unit_price: 1_999,
                },
                OrderLine {
                    sku: "DESK-9".into(),
                    name: "Oak desk".into(),
                    quantity: 1,
                    unit_price: 1_499,
                },
            ],
        }
    }

    #[test]
    fn an_order_e_mail_goes_to_the_customer_with_every_line_and_the_total() {
        for (event, template) in [
            (OrderEvent::Confirmed(order()), Template::OrderConfirmed),
            (OrderEvent::Shipped(order()), Template::OrderShipped),
            (
                OrderEvent::Cancelled {
                    order: order(),
                    reason: CancellationReason::OutOfStock,
                    refunded: false,
                },
                Template::OrderCancelled,
            ),
        ] {
            let n = order_notification(Uuid::from_u128(9), "orders.order.x", event);
            assert_eq!(n.template, template);
            assert_eq!(n.recipient, "ada@example.com");
            assert_eq!(n.user_id, Uuid::from_u128(1));
            assert!(n.subject.contains(&Uuid::from_u128(7).to_string()), "{n:?}");
            assert!(
                n.body
                    .contains("2 × Brass lamp (LAMP-1) at 19.99 EUR = 39.98 EUR")
            );
            assert!(
                n.body
                    .contains("1 × Oak desk (DESK-9) at 14.99 EUR = 14.99 EUR")
            );
            assert!(n.body.contains("Total: 54.97 EUR"));
            assert!(
                !n.body.contains("{{") && !n.subject.contains("{{"),
                "{}",
                n.body
            );
        }
    }

    #[test]
    fn a_cancellation_says_why_and_whether_the_payment_came_back() {
        let cancelled = |reason, refunded| {
            order_notification(
                Uuid::from_u128(9),
                "orders.order.cancelled",
                OrderEvent::Cancelled {
                    order: order(),
                    reason,
                    refunded,
                },
            )
            .body
        };
        let declined = cancelled(CancellationReason::PaymentDeclined, false);
        assert!(declined.contains("was cancelled because the payment was declined."));
        assert!(declined.contains("Nothing was charged."));
        let by_customer = cancelled(CancellationReason::CustomerRequest, true);
        assert!(by_customer.contains("because you asked us to cancel it."));
        assert!(by_customer.contains("Your payment of 54.97 EUR has been refunded."));
    }
}
