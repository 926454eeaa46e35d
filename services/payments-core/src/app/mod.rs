//! Charge and refund use cases over two ports: the ledger and the payment provider.

pub mod payments;
pub mod ports;

use std::sync::Arc;

use agora_values::FieldError;

use crate::domain::PaymentStatus;
use ports::{PaymentProvider, PaymentStore, ProviderError, StoreError};

#[derive(Clone)]
pub struct Payments {
    pub store: Arc<dyn PaymentStore>,
    pub provider: Arc<dyn PaymentProvider>,
}

#[derive(Debug, thiserror::Error)]
pub enum PaymentsError {
    #[error("the request is invalid")]
    Validation(Vec<FieldError>),
    #[error("no such payment")]
    NotFound,
    #[error("the order was charged with another user, amount or currency")]
    OrderChargedOtherwise,
    #[error("only a captured payment is refunded, once; this one is {}", .0.as_str())]
    NotRefundable(PaymentStatus),
    #[error("the caller may not see another's payments")]
    Forbidden,
    #[error("the provider refused the payment: {0}")]
    Rejected(String),
    #[error("the payment provider is unavailable")]
    ProviderUnavailable(#[source] ProviderError),
    #[error("the ledger failed")]
    Store(#[from] StoreError),
}
