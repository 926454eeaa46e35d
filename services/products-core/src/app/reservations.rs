//! The checkout saga's side of the catalogue: reserving an order's stock, giving it back,
//! making it final. Each is applied once per event, and once per order.

use uuid::Uuid;

use super::{Catalogue, CatalogueError};
use crate::domain::ReservationLine;
use crate::domain::reservation::merged;

impl Catalogue {
    /// Reserves all of the order's lines or none (see `CatalogueStore::reserve`). Lines
    /// that no order could hold (none, or a quantity below one) are refused as malformed.
    pub async fn on_order_placed(
        &self,
        event_id: Uuid,
        order_id: Uuid,
        lines: &[ReservationLine],
    ) -> Result<(), CatalogueError> {
        let lines = merged(lines).ok_or_else(|| {
            CatalogueError::Validation(vec![agora_values::FieldError::new(
                "lines",
                "an order has at least one line, each of one or more",
            )])
        })?;
        let changed = self.store.reserve(event_id, order_id, &lines).await?;
        self.stock_changed(&changed).await;
        Ok(())
    }

    /// Gives a cancelled order's stock back.
    pub async fn on_order_cancelled(
        &self,
        event_id: Uuid,
        order_id: Uuid,
    ) -> Result<(), CatalogueError> {
        let changed = self.store.release(event_id, order_id).await?;
        self.stock_changed(&changed).await;
        Ok(())
    }

    /// A shipped order's stock is gone for good.
    pub async fn on_order_shipped(
        &self,
        event_id: Uuid,
        order_id: Uuid,
    ) -> Result<(), CatalogueError> {
        Ok(self.store.commit_reservation(event_id, order_id).await?)
    }

    /// After a commit that moved stock: product reads show what is still available.
    async fn stock_changed(&self, changed: &[crate::domain::Product]) {
        for product in changed {
            self.cache.product_changed(product).await;
        }
        if !changed.is_empty() {
            self.cache.pages_changed().await;
        }
    }
}
