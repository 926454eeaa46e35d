//! The ports the catalogue's use cases depend on.

use agora_values::Paging;
use uuid::Uuid;

use crate::domain::{
    Category, NewCategory, NewProduct, Product, ProductChanges, ProductQuery, ReservationLine,
};

/// One page of products and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductPage {
    pub items: Vec<Product>,
    pub total: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("duplicate sku")]
    DuplicateSku,
    #[error("duplicate category name")]
    DuplicateCategory,
    #[error("unknown category")]
    UnknownCategory,
    #[error("unknown parent category")]
    UnknownParent,
    /// The product is no longer at the version the write expected.
    #[error("the version changed")]
    VersionChanged,
    #[error("insufficient stock")]
    InsufficientStock,
    #[error("the stock would exceed the maximum")]
    StockLimit,
    #[error("database error")]
    Database(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The catalogue in PostgreSQL. Each write is one transaction with its outbox event.
#[async_trait::async_trait]
pub trait CatalogueStore: Send + Sync {
    async fn create_product(&self, product: &NewProduct) -> Result<Product, StoreError>;
    async fn product(&self, id: Uuid) -> Result<Option<Product>, StoreError>;
    async fn list_products(&self, query: &ProductQuery) -> Result<ProductPage, StoreError>;
    /// Applies `changes` to the product under a lock, and only if it is still at
    /// `expected_version` when one is given ([`StoreError::VersionChanged`] otherwise).
    async fn update_product(
        &self,
        id: Uuid,
        changes: &ProductChanges,
        expected_version: Option<i64>,
    ) -> Result<Product, StoreError>;
    /// Deletes the product and returns it as it was, with the version its deletion ends.
    async fn delete_product(&self, id: Uuid) -> Result<Product, StoreError>;
    async fn adjust_stock(&self, id: Uuid, delta: i64, reason: &str)
    -> Result<Product, StoreError>;
    async fn create_category(&self, category: &NewCategory) -> Result<Category, StoreError>;
    async fn list_categories(&self, paging: Paging) -> Result<(Vec<Category>, i64), StoreError>;

    /// Applies an `orders.order.placed` event once (`event_id`, in the inbox): reserves
    /// every line (merged, in product order) or none, as `domain::reservation::decide`
    /// says, once per order, and emits `products.stock.reserved` or
    /// `products.stock.reservation_failed` (again, for an order decided before, so that a
    /// placement the orders service repeats gets its answer). The products whose stock
    /// changed.
    async fn reserve(
        &self,
        event_id: Uuid,
        order_id: Uuid,
        lines: &[ReservationLine],
    ) -> Result<Vec<Product>, StoreError>;
    /// Applies an `orders.order.cancelled` event once: gives a reserved order's stock back
    /// (`products.stock.released`), or leaves a released tombstone for an order not yet
    /// placed. The products whose stock changed.
    async fn release(&self, event_id: Uuid, order_id: Uuid) -> Result<Vec<Product>, StoreError>;
    /// Applies an `orders.order.shipped` event once: a reserved order's stock is final.
    async fn commit_reservation(&self, event_id: Uuid, order_id: Uuid) -> Result<(), StoreError>;
}

/// The read cache. It never fails its callers: when the cache is unavailable, reads miss
/// and the adapter makes sure nothing stale is served once it is back.
#[async_trait::async_trait]
pub trait CatalogueCache: Send + Sync {
    async fn product(&self, id: Uuid) -> Option<Product>;
    /// A reader's fill: stores `product` unless the cache holds the same or a later
    /// version. Best effort.
    async fn remember_product(&self, product: &Product);
    /// A writer's update after its commit: like `remember_product`, but it must take effect
    /// (the adapter retries it until it has) before any cached read is served again.
    async fn product_changed(&self, product: &Product);
    /// Marks the product gone as of `version`, so an older copy cannot be stored again.
    async fn forget_product(&self, id: Uuid, version: i64);
    /// The cached page for `key`, and the list generation it was looked up in (to store a
    /// freshly read page under).
    async fn page(&self, key: &str) -> (Option<ProductPage>, Option<u64>);
    async fn remember_page(&self, generation: u64, key: &str, page: &ProductPage);
    /// Every cached list page is out of date.
    async fn pages_changed(&self);
}
