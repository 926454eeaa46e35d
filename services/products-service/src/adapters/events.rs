//! Inbound events: the checkout saga's orders events, which reserve, release and commit
//! stock.

use std::sync::Arc;

use agora_bus::{Bus, Consumer, Envelope, Handler, HandlerError, Source};
use agora_events::types;

use crate::app::{Catalogue, CatalogueError};
use crate::domain::ReservationLine;

struct Reservations {
    catalogue: Catalogue,
}

fn failed(e: CatalogueError) -> HandlerError {
    match e {
        CatalogueError::Validation(errors) => HandlerError::Malformed(format!("{errors:?}")),
        e => HandlerError::Failed(e.to_string()),
    }
}

#[async_trait::async_trait]
impl Handler for Reservations {
    async fn handle(&self, event: &Envelope) -> Result<(), HandlerError> {
        let malformed = |e: serde_json::Error| HandlerError::Malformed(e.to_string());
        match event.event_type.as_str() {
            types::ORDERS_ORDER_PLACED => {
                let placed: agora_events::OrderPlaced = event.data().map_err(malformed)?;
                let lines: Vec<ReservationLine> = placed
                    .lines
                    .iter()
                    .map(|l| ReservationLine {
                        product_id: l.product_id,
                        // Beyond i64 no stock could hold it: saturate, and the decision
                        // refuses it as out of stock.
                        quantity: i64::try_from(l.quantity.get()).unwrap_or(i64::MAX),
                    })
                    .collect();
                self.catalogue
                    .on_order_placed(event.id, placed.order_id, &lines)
                    .await
                    .map_err(failed)
            }
            types::ORDERS_ORDER_CANCELLED => {
                let cancelled: agora_events::OrderCancelled = event.data().map_err(malformed)?;
                self.catalogue
                    .on_order_cancelled(event.id, cancelled.order_id)
                    .await
                    .map_err(failed)
            }
            types::ORDERS_ORDER_SHIPPED => {
                let shipped: agora_events::OrderShipped = event.data().map_err(malformed)?;
                self.catalogue
                    .on_order_shipped(event.id, shipped.order_id)
                    .await
                    .map_err(failed)
            }
            _ => Ok(()),
        }
    }
}

/// The consumer of the products queue on the orders topic.
pub fn orders_events_consumer(bus: Bus, catalogue: Catalogue) -> Consumer {
    let source = Source::Subscription {
        consumer: "products",
        producer: "orders",
        event_types: vec![
            types::ORDERS_ORDER_PLACED,
            types::ORDERS_ORDER_CANCELLED,
            types::ORDERS_ORDER_SHIPPED,
        ],
        max_receives: 5,
    };
    Consumer::new(bus, source, Arc::new(Reservations { catalogue }))
}
