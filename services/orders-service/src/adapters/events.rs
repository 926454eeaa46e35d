//! Inbound events: products' answers to a placement.

use std::sync::Arc;

use agora_bus::{Bus, Consumer, Envelope, Handler, HandlerError, Source};
use agora_events::types;
use chrono::Utc;

use crate::app::Orders;
use crate::app::saga::Reservation;

struct Answers {
    orders: Orders,
}

#[async_trait::async_trait]
impl Handler for Answers {
    async fn handle(&self, event: &Envelope) -> Result<(), HandlerError> {
        let malformed = |e: serde_json::Error| HandlerError::Malformed(e.to_string());
        let (event_type, order_id, answer) = match event.event_type.as_str() {
            types::PRODUCTS_STOCK_RESERVED => {
                let d: agora_events::StockReserved = event.data().map_err(malformed)?;
                (
                    types::PRODUCTS_STOCK_RESERVED,
                    d.order_id,
                    Reservation::Reserved,
                )
            }
            types::PRODUCTS_STOCK_RESERVATION_FAILED => {
                let d: agora_events::StockReservationFailed = event.data().map_err(malformed)?;
                (
                    types::PRODUCTS_STOCK_RESERVATION_FAILED,
                    d.order_id,
                    Reservation::Failed,
                )
            }
            _ => return Ok(()),
        };
        self.orders
            .on_reservation(event.id, event_type, order_id, answer, Utc::now())
            .await
            .map_err(|e| HandlerError::Failed(e.to_string()))
    }
}

/// The consumer of the orders queue on the products topic.
pub fn products_events_consumer(bus: Bus, orders: Orders) -> Consumer {
    let source = Source::Subscription {
        consumer: "orders",
        producer: "products",
        event_types: vec![
            types::PRODUCTS_STOCK_RESERVED,
            types::PRODUCTS_STOCK_RESERVATION_FAILED,
        ],
        max_receives: 5,
    };
    Consumer::new(bus, source, Arc::new(Answers { orders }))
}
