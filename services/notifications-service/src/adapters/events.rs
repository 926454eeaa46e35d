//! Inbound events: the consumer of auth's events that call for an e-mail, of the users
//! service's deletions, and of the orders service's confirmations, cancellations and
//! shipments.

use std::sync::Arc;

use agora_bus::{Bus, Consumer, Envelope, Handler, HandlerError, Source};

use crate::app::Notifier;
use crate::app::notify::{AccountEvent, OrderEvent};
use crate::domain::{CancellationReason, OrderLine, OrderSummary};

struct Notifications {
    notifier: Notifier,
}

#[async_trait::async_trait]
impl Handler for Notifications {
    async fn handle(&self, event: &Envelope) -> Result<(), HandlerError> {
        let Some(account_event) = account_event(&event.event_type, &event.data)
            .map_err(|e| HandlerError::Malformed(e.to_string()))?
        else {
            return Ok(());
        };
        self.notifier
            .on_event(event.id, &event.event_type, account_event)
            .await
            .map_err(|e| HandlerError::Failed(e.to_string()))
    }
}

/// The account event `data` carries, if `event_type` is one that calls for an e-mail.
pub fn account_event(
    event_type: &str,
    data: &serde_json::Value,
) -> Result<Option<AccountEvent>, serde_json::Error> {
    use agora_events::types;
    Ok(Some(match event_type {
        types::AUTH_USER_REGISTERED => {
            let d: agora_events::UserRegistered = serde_json::from_value(data.clone())?;
            AccountEvent::Registered {
                user_id: d.user_id,
                email: d.email,
                name: d.name,
            }
        }
        types::AUTH_USER_LOCKED => {
            let d: agora_events::UserLocked = serde_json::from_value(data.clone())?;
            AccountEvent::Locked {
                user_id: d.user_id,
                email: d.email,
                locked_until: d.locked_until,
            }
        }
        types::AUTH_PASSWORD_CHANGED => {
            let d: agora_events::PasswordChanged = serde_json::from_value(data.clone())?;
            AccountEvent::PasswordChanged {
                user_id: d.user_id,
                email: d.email,
                changed_at: d.changed_at,
            }
        }
        _ => return Ok(None),
    }))
}

/// Applies `users.user.deleted`.
struct Deletions {
    notifier: Notifier,
}

#[async_trait::async_trait]
impl Handler for Deletions {
    async fn handle(&self, event: &Envelope) -> Result<(), HandlerError> {
        let data: agora_events::UserDeleted = event
            .data()
            .map_err(|e| HandlerError::Malformed(e.to_string()))?;
        self.notifier
            .on_user_deleted(event.id, data.user_id)
            .await
            .map_err(|e| HandlerError::Failed(e.to_string()))
    }
}

/// The consumer of the notifications queue on the users topic.
pub fn users_events_consumer(bus: Bus, notifier: Notifier) -> Consumer {
    let source = Source::Subscription {
        consumer: "notifications",
        producer: "users",
        event_types: vec![agora_events::types::USERS_USER_DELETED],
        max_receives: 5,
    };
    Consumer::new(bus, source, Arc::new(Deletions { notifier }))
}

pub fn auth_events_consumer(bus: Bus, notifier: Notifier) -> Consumer {
    use agora_events::types;
    let source = Source::Subscription {
        consumer: "notifications",
        producer: "auth",
        event_types: vec![
            types::AUTH_USER_REGISTERED,
            types::AUTH_USER_LOCKED,
            types::AUTH_PASSWORD_CHANGED,
        ],
        max_receives: 5,
    };
    Consumer::new(bus, source, Arc::new(Notifications { notifier }))
}

/// Sends the order e-mails.
struct OrderMails {
    notifier: Notifier,
}

#[async_trait::async_trait]
impl Handler for OrderMails {
    async fn handle(&self, event: &Envelope) -> Result<(), HandlerError> {
        let Some(order_event) = order_event(&event.event_type, &event.data)
            .map_err(|e| HandlerError::Malformed(e.to_string()))?
        else {
            return Ok(());
        };
        self.notifier
            .on_order_event(event.id, &event.event_type, order_event)
            .await
            .map_err(|e| HandlerError::Failed(e.to_string()))
    }
}

fn summary(
    order_id: uuid::Uuid,
    user_id: uuid::Uuid,
    email: String,
    currency: String,
    total: i64,
    lines: Vec<agora_events::OrderLine>,
) -> OrderSummary {
    OrderSummary {
        order_id,
        user_id,
        email,
        currency,
        total,
        lines: lines
            .into_iter()
            .map(|l| OrderLine {
                sku: l.sku,
                name: l.name,
                quantity: l.quantity.get(),
                unit_price: l.unit_price,
            })
            .collect(),
    }
}

/// The order event `data` carries, if `event_type` is one that calls for an e-mail.
pub fn order_event(
    event_type: &str,
    data: &serde_json::Value,
) -> Result<Option<OrderEvent>, serde_json::Error> {
    use agora_events::types;
    Ok(Some(match event_type {
        types::ORDERS_ORDER_CONFIRMED => {
            let d: agora_events::OrderConfirmed = serde_json::from_value(data.clone())?;
            OrderEvent::Confirmed(summary(
                d.order_id, d.user_id, d.email, d.currency, d.total, d.lines,
            ))
        }
        types::ORDERS_ORDER_CANCELLED => {
            let d: agora_events::OrderCancelled = serde_json::from_value(data.clone())?;
            let reason = match d.reason {
                agora_events::CancellationReason::OutOfStock => CancellationReason::OutOfStock,
                agora_events::CancellationReason::PaymentDeclined => {
                    CancellationReason::PaymentDeclined
                }
                agora_events::CancellationReason::CustomerRequest => {
                    CancellationReason::CustomerRequest
                }
                agora_events::CancellationReason::AdminRequest => CancellationReason::AdminRequest,
            };
            OrderEvent::Cancelled {
                order: summary(d.order_id, d.user_id, d.email, d.currency, d.total, d.lines),
                reason,
                refunded: d.refunded,
            }
        }
        types::ORDERS_ORDER_SHIPPED => {
            let d: agora_events::OrderShipped = serde_json::from_value(data.clone())?;
            OrderEvent::Shipped(summary(
                d.order_id, d.user_id, d.email, d.currency, d.total, d.lines,
            ))
        }
        _ => return Ok(None),
    }))
}

/// The consumer of the notifications queue on the orders topic.
pub fn orders_events_consumer(bus: Bus, notifier: Notifier) -> Consumer {
    use agora_events::types;
    let source = Source::Subscription {
        consumer: "notifications",
        producer: "orders",
        event_types: vec![
            types::ORDERS_ORDER_CONFIRMED,
            types::ORDERS_ORDER_CANCELLED,
            types::ORDERS_ORDER_SHIPPED,
        ],
        max_receives: 5,
    };
    Consumer::new(bus, source, Arc::new(OrderMails { notifier }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line() -> agora_events::OrderLine {
        agora_events::OrderLine {
            product_id: uuid::Uuid::nil(),
            sku: "LAMP-1".into(),
            name: "Brass lamp".into(),
            quantity: std::num::NonZeroU64::new(2).unwrap(),
            unit_price: 1999,
        }
    }

    #[test]
    fn the_orders_events_decode_into_order_mails_and_others_into_none() {
        let now = chrono::Utc::now();
        let (order_id, user_id) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
        let cancelled = serde_json::to_value(agora_events::OrderCancelled {
            order_id,
            user_id,
            email: "ada@example.com".into(),
            lines: vec![line()],
            total: 3998,
            currency: "EUR".into(),
            reason: agora_events::CancellationReason::PaymentDeclined,
            refunded: false,
            cancelled_at: now,
        })
        .unwrap();
        let Some(OrderEvent::Cancelled {
            order,
            reason,
            refunded,
        }) = order_event(agora_events::types::ORDERS_ORDER_CANCELLED, &cancelled).unwrap()
        else {
            panic!("a cancellation");
        };
        assert_eq!(
            (
                order.order_id,
                order.total,
                order.lines[0].quantity,
                reason,
                refunded
            ),
            (
                order_id,
                3998,
                2,
                CancellationReason::PaymentDeclined,
                false
            )
        );
        let shipped = serde_json::to_value(agora_events::OrderShipped {
            order_id,
            user_id,
            email: "ada@example.com".into(),
            lines: vec![line()],
            total: 3998,
            currency: "EUR".into(),
            shipped_at: now,
        })
        .unwrap();
        assert!(matches!(
            order_event(agora_events::types::ORDERS_ORDER_SHIPPED, &shipped).unwrap(),
            Some(OrderEvent::Shipped(_))
        ));
        // The placement calls for no e-mail; a confirmation without its payment is malformed.
        assert!(
            order_event(agora_events::types::ORDERS_ORDER_PLACED, &shipped)
                .unwrap()
                .is_none()
        );
        assert!(order_event(agora_events::types::ORDERS_ORDER_CONFIRMED, &shipped).is_err());
    }
}
