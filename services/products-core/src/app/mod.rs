//! The catalogue's use cases over two ports: the store (PostgreSQL) and the cache (Redis).
//!
//! Reads are cache-aside. Every write updates the cache after its transaction commits and
//! before it is acknowledged: the product's entry is replaced by the new version (a
//! version-guarded set, so a slower reader can never put an older copy back) and the list
//! pages' generation moves on. A read after an acknowledged write therefore never sees the
//! old value, from this instance or any other.

pub mod categories;
pub mod ports;
pub mod products;
pub mod reservations;

use std::sync::Arc;

use agora_values::FieldError;

use ports::{CatalogueCache, CatalogueStore, StoreError};

#[derive(Clone)]
pub struct Catalogue {
    pub store: Arc<dyn CatalogueStore>,
    pub cache: Arc<dyn CatalogueCache>,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("the request is invalid")]
    Validation(Vec<FieldError>),
    #[error("no such product")]
    NotFound,
    #[error("a product with this SKU exists")]
    DuplicateSku,
    #[error("a category with this name exists")]
    DuplicateCategory,
    #[error("the product has changed since the version the request names")]
    PreconditionFailed,
    #[error("the stock would go below zero")]
    InsufficientStock,
    #[error("the stock would exceed the maximum")]
    StockLimit,
    #[error("the catalogue store failed")]
    Store(#[source] StoreError),
}

impl From<StoreError> for CatalogueError {
    fn from(e: StoreError) -> Self {
        let field = |f: &str, m: &str| CatalogueError::Validation(vec![FieldError::new(f, m)]);
        match e {
            StoreError::NotFound => CatalogueError::NotFound,
            StoreError::DuplicateSku => CatalogueError::DuplicateSku,
            StoreError::DuplicateCategory => CatalogueError::DuplicateCategory,
            StoreError::UnknownCategory => field("category_id", "no such category"),
            StoreError::UnknownParent => field("parent_id", "no such category"),
            StoreError::VersionChanged => CatalogueError::PreconditionFailed,
            StoreError::InsufficientStock => CatalogueError::InsufficientStock,
            StoreError::StockLimit => CatalogueError::StockLimit,
            e @ StoreError::Database(_) => CatalogueError::Store(e),
        }
    }
}
