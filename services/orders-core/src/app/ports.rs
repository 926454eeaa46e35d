//! The ports the orders use cases depend on: the store (carts, orders, idempotency keys,
//! the saga's work), the catalogue (products' prices) and payments.

use std::collections::HashMap;
use std::time::Duration;

use agora_values::Paging;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::{
    Address, ChargeOutcome, Line, Order, Stage, Transition, TransitionError, Transitioned,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The cart already holds as many products as it may.
    #[error("the cart is full")]
    CartFull,
    /// The key's claim passed to another call (this one was taken for dead).
    #[error("the idempotency key was taken over")]
    KeyTakenOver,
    #[error("database error")]
    Database(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A product as the catalogue sells it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductInfo {
    pub id: Uuid,
    pub sku: String,
    pub name: String,
    /// Minor units of `currency`.
    pub price: i64,
    pub currency: String,
}

#[derive(Debug, thiserror::Error)]
#[error("the catalogue is unavailable")]
pub struct CatalogueUnavailable(#[source] pub Box<dyn std::error::Error + Send + Sync>);

/// The products service, through its generated client.
#[async_trait::async_trait]
pub trait Catalogue: Send + Sync {
    /// The products of `ids` the catalogue still sells; a missing id is not sold.
    async fn products(
        &self,
        ids: &[Uuid],
    ) -> Result<HashMap<Uuid, ProductInfo>, CatalogueUnavailable>;
}

#[derive(Debug, thiserror::Error)]
#[error("payments is unavailable")]
pub struct PaymentsUnavailable(#[source] pub Box<dyn std::error::Error + Send + Sync>);

/// The payments service, through its generated client, as the orders service itself.
#[async_trait::async_trait]
pub trait Payments: Send + Sync {
    /// Charges the order's total once (payments is idempotent on the order id): asked
    /// again, it answers the first outcome.
    async fn charge(
        &self,
        order: &Order,
        token: &str,
    ) -> Result<ChargeOutcome, PaymentsUnavailable>;
    /// Refunds the payment in full; a payment already refunded counts as refunded.
    async fn refund(&self, payment_id: Uuid) -> Result<(), PaymentsUnavailable>;
}

/// One product in a cart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CartLine {
    pub product_id: Uuid,
    pub quantity: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CartContents {
    /// Oldest first.
    pub lines: Vec<CartLine>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// What an `Idempotency-Key` says about a checkout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyClaim {
    /// The key is new (or its first call died long ago): this call, holding the claim
    /// named, places the order.
    Fresh(Uuid),
    /// The key's first call placed this order.
    Replay(Uuid),
    /// The key's first call is still running.
    InFlight,
    /// The key was used with another body.
    OtherRequest,
}

/// An order about to be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub id: Uuid,
    pub user_id: Uuid,
    pub email: String,
    pub lines: Vec<Line>,
    pub total: i64,
    pub currency: String,
    pub shipping_address: Address,
    pub payment_token: String,
}

/// Which orders a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrderFilter {
    pub user_id: Option<Uuid>,
    pub stages: Option<&'static [Stage]>,
}

/// What applying a transition under the order's lock came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    NoSuchOrder,
    /// The inbox holds the event already: nothing was done.
    AlreadyProcessed,
    Refused(TransitionError),
    Done(Box<Order>, Transitioned),
}

/// The saga's next step for one order, leased to the worker that took it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Work {
    pub order: Order,
    pub step: Step,
    /// How often this step was leased before, this time included.
    pub attempts: i32,
    /// The lease's end: it names the lease when the step is postponed or repeated, so that
    /// a worker whose lease lapsed cannot touch the next holder's.
    pub leased_until: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// No answer to the placement yet: publish `orders.order.placed` again (products
    /// answers a placement it decided before with the same answer).
    Republish,
    /// Stock reserved: charge it (the attempt is counted in `charge_attempts`).
    Charge { token: String },
    /// Cancelled with its payment captured: give the payment back.
    Refund,
}

/// Carts, orders and keys in PostgreSQL. Every change of an order is one transaction with
/// its outbox event.
#[async_trait::async_trait]
pub trait OrderStore: Send + Sync {
    async fn cart(&self, user_id: Uuid) -> Result<CartContents, StoreError>;
    /// Sets the line's quantity, adding it if new ([`StoreError::CartFull`] past
    /// `max_lines` products).
    async fn set_cart_line(
        &self,
        user_id: Uuid,
        line: CartLine,
        max_lines: usize,
    ) -> Result<(), StoreError>;
    /// False when the product is not in the cart.
    async fn remove_cart_line(&self, user_id: Uuid, product_id: Uuid) -> Result<bool, StoreError>;
    async fn clear_cart(&self, user_id: Uuid) -> Result<(), StoreError>;
    /// Takes out of the cart products the catalogue no longer sells.
    async fn drop_cart_lines(&self, user_id: Uuid, products: &[Uuid]) -> Result<(), StoreError>;

    /// Claims the caller's key for a checkout whose body has `fingerprint`; a claim older
    /// than `stale_after` whose call never finished is taken over.
    async fn claim_key(
        &self,
        user_id: Uuid,
        key: &str,
        fingerprint: &str,
        stale_after: Duration,
    ) -> Result<KeyClaim, StoreError>;
    /// Frees the key's claim `claim` when its call placed nothing, so the key may be used
    /// again; a claim another call took over is left alone.
    async fn release_key(&self, user_id: Uuid, key: &str, claim: Uuid) -> Result<(), StoreError>;
    /// In one transaction: the order (stage `placed`, next step due at `recheck_at`), the
    /// key's answer, the cart lines it took out, and `orders.order.placed`; nothing, and
    /// [`StoreError::KeyTakenOver`], when `claim` no longer holds the key.
    async fn place(
        &self,
        key: &str,
        claim: Uuid,
        order: &NewOrder,
        taken: &[CartLine],
        recheck_at: DateTime<Utc>,
    ) -> Result<Order, StoreError>;
    /// Forgets keys claimed before `before`; how many.
    async fn forget_keys(&self, before: DateTime<Utc>) -> Result<u64, StoreError>;

    async fn order(&self, id: Uuid) -> Result<Option<Order>, StoreError>;
    /// Orders, newest first, and how many match.
    async fn list(
        &self,
        filter: OrderFilter,
        paging: Paging,
    ) -> Result<(Vec<Order>, i64), StoreError>;
    /// Applies `t` at `now` under the order's lock (with `inbox`, once per event), writes
    /// the event it emits, and makes the order's next step due at once.
    async fn transition(
        &self,
        id: Uuid,
        t: Transition,
        inbox: Option<(Uuid, &'static str)>,
        now: DateTime<Utc>,
    ) -> Result<Applied, StoreError>;
    /// Leases the next order whose step is due at `now` to the caller for `lease`.
    async fn next_work(
        &self,
        now: DateTime<Utc>,
        lease: Duration,
    ) -> Result<Option<Work>, StoreError>;
    /// After a step that did not get through: the order's lease (the one ending at
    /// `lease`, if it still holds) ends and its step is due again at `at`.
    async fn postpone(
        &self,
        id: Uuid,
        lease: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Publishes `orders.order.placed` again for a placed order under the lease ending at
    /// `lease`; its step is due again at `at`.
    async fn republish(
        &self,
        id: Uuid,
        lease: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
}
