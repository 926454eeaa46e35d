//! Reading orders, and the customer's and operator's changes to them.

use agora_values::Paging;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Caller, Orders, OrdersError};
use crate::app::ports::{Applied, OrderFilter};
use crate::domain::{CancellationReason, Order, Stage, Status, Transition};

impl Orders {
    /// An order, for its owner or a reader of all.
    pub async fn order(&self, caller: &Caller, id: Uuid) -> Result<Order, OrdersError> {
        let order = self.store.order(id).await?.ok_or(OrdersError::NotFound)?;
        if order.user_id != caller.id && !caller.reads_all {
            return Err(OrdersError::Forbidden);
        }
        Ok(order)
    }

    /// Orders, newest first: the caller's own, or anyone's for a reader of all.
    pub async fn list(
        &self,
        caller: &Caller,
        user_id: Option<Uuid>,
        status: Option<Status>,
        paging: Paging,
    ) -> Result<(Vec<Order>, i64), OrdersError> {
        let user_id = match user_id {
            Some(other) if other != caller.id && !caller.reads_all => {
                return Err(OrdersError::Forbidden);
            }
            Some(u) => Some(u),
            None if caller.reads_all => None,
            None => Some(caller.id),
        };
        let filter = OrderFilter {
            user_id,
            stages: status.map(Stage::of_status),
        };
        Ok(self.store.list(filter, paging).await?)
    }

    /// Cancels the order for its owner (`customer_request`) or an operator with
    /// `orders:write` (`admin_request`).
    pub async fn cancel(
        &self,
        caller: &Caller,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Order, OrdersError> {
        let order = self.store.order(id).await?.ok_or(OrdersError::NotFound)?;
        let by = if order.user_id == caller.id {
            CancellationReason::CustomerRequest
        } else if caller.writes_all {
            CancellationReason::AdminRequest
        } else {
            return Err(OrdersError::Forbidden);
        };
        self.apply(id, Transition::Cancel { by }, now).await
    }

    /// Ships a confirmed order (the operation itself asks for `orders:write`).
    pub async fn ship(&self, id: Uuid, now: DateTime<Utc>) -> Result<Order, OrdersError> {
        self.apply(id, Transition::Ship, now).await
    }

    async fn apply(
        &self,
        id: Uuid,
        t: Transition,
        now: DateTime<Utc>,
    ) -> Result<Order, OrdersError> {
        match self.store.transition(id, t, None, now).await? {
            Applied::Done(order, _) => Ok(*order),
            Applied::NoSuchOrder | Applied::AlreadyProcessed => Err(OrdersError::NotFound),
            Applied::Refused(e) => Err(OrdersError::Transition(e)),
        }
    }
}
