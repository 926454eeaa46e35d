//! The orders use cases: the cart, checkout, reading and changing orders, and the saga
//! that settles each order. Over three ports: the store, the catalogue and payments.

pub mod cart;
pub mod checkout;
pub mod orders;
pub mod ports;
pub mod saga;

use std::sync::Arc;

use agora_values::FieldError;

use crate::domain::TransitionError;
use ports::{Catalogue, CatalogueUnavailable, OrderStore, Payments, StoreError};

#[derive(Clone)]
pub struct Orders {
    pub store: Arc<dyn OrderStore>,
    pub catalogue: Arc<dyn Catalogue>,
    pub payments: Arc<dyn Payments>,
}

/// Who is asking: an account, and what its token lets it do with others' orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub id: uuid::Uuid,
    /// The address the account's e-mails go to, when the token names it.
    pub email: Option<String>,
    /// `orders:read`: may see anyone's orders.
    pub reads_all: bool,
    /// `orders:write`: may cancel and ship anyone's orders.
    pub writes_all: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum OrdersError {
    #[error("the request is invalid")]
    Validation(Vec<FieldError>),
    #[error(
        "the access token names no customer's e-mail address (a service's token places no order)"
    )]
    NoIdentity,
    #[error("no such product")]
    ProductNotFound,
    #[error("the product is not in the cart")]
    NotInCart,
    #[error("a cart holds at most {0} products")]
    CartFull(usize),
    #[error("the cart is empty")]
    EmptyCart,
    #[error("{0} of the cart's products are no longer sold and were taken out; review the cart")]
    CartChanged(usize),
    #[error("a checkout with this Idempotency-Key is still running")]
    KeyInFlight,
    #[error("this Idempotency-Key was used with another request body")]
    KeyReused,
    #[error("no such order")]
    NotFound,
    #[error("the order is another customer's")]
    Forbidden,
    #[error(transparent)]
    Transition(TransitionError),
    #[error("the catalogue is unavailable")]
    CatalogueUnavailable(#[source] CatalogueUnavailable),
    #[error("the order store failed")]
    Store(#[source] StoreError),
}

impl From<StoreError> for OrdersError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::CartFull => OrdersError::CartFull(cart::MAX_LINES),
            StoreError::KeyTakenOver => OrdersError::KeyInFlight,
            e @ StoreError::Database(_) => OrdersError::Store(e),
        }
    }
}

impl From<CatalogueUnavailable> for OrdersError {
    fn from(e: CatalogueUnavailable) -> Self {
        OrdersError::CatalogueUnavailable(e)
    }
}
