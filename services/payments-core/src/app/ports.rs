//! The ports the payment use cases depend on: the ledger and the payment provider.

use agora_values::Paging;
use uuid::Uuid;

use crate::domain::{Charge, Payment, PaymentToken};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error")]
    Database(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// What the provider answered to a charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Approved { reference: String },
    Declined { reference: String, reason: String },
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// The provider refuses the request itself (a token it does not know): nothing was
    /// charged, and asking again will not change that.
    #[error("the provider refused the request: {0}")]
    Rejected(String),
    /// The provider could not be reached or did not answer in time: the charge may or may
    /// not have happened, and asking again under the same key settles it.
    #[error("the provider is unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A payment provider. Both calls are idempotent on `key`: asked again under the same key,
/// the provider answers what it answered the first time and moves no money again. That is
/// what lets a charge that died half-way be asked again safely. An adapter bounds how long
/// a call may take and answers `Unavailable` past it.
#[async_trait::async_trait]
pub trait PaymentProvider: Send + Sync {
    async fn charge(
        &self,
        key: Uuid,
        amount: i64,
        currency: &str,
        token: &PaymentToken,
    ) -> Result<Decision, ProviderError>;
    /// Gives back the whole of a captured charge.
    async fn refund(
        &self,
        key: Uuid,
        reference: &str,
        amount: i64,
        currency: &str,
    ) -> Result<(), ProviderError>;
}

/// What `claim` found for an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The order's payment, settled (captured, declined or refunded).
    Settled(Payment),
    /// The order's payment is `processing`: claimed just now, or by an earlier request that
    /// has not (or will never) record the provider's answer.
    Processing(Payment),
}

/// Which payments a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PaymentFilter {
    pub order_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
}

/// The ledger, in PostgreSQL. One payment per order; each settlement is one transaction
/// with its outbox event.
#[async_trait::async_trait]
pub trait PaymentStore: Send + Sync {
    /// The order's payment, claiming a new `processing` one for `charge` if it has none.
    async fn claim(&self, charge: &Charge) -> Result<Claim, StoreError>;
    /// Records the provider's answer for a `processing` payment and emits
    /// `payments.payment.captured` or `.declined`; the payment as it then is (settled by an
    /// earlier request, if one got there first); `None` when it was abandoned meanwhile.
    async fn settle(&self, id: Uuid, decision: &Decision) -> Result<Option<Payment>, StoreError>;
    /// Forgets a `processing` payment the provider refused outright.
    async fn abandon(&self, id: Uuid) -> Result<(), StoreError>;
    /// A settled payment and the provider's reference for it.
    async fn payment(&self, id: Uuid) -> Result<Option<(Payment, String)>, StoreError>;
    /// Marks a captured payment refunded and emits `payments.payment.refunded`; the
    /// payment as it then is (already refunded, if an earlier request got there first).
    async fn mark_refunded(&self, id: Uuid) -> Result<Payment, StoreError>;
    /// Settled payments, newest first, and how many match.
    async fn list(
        &self,
        filter: PaymentFilter,
        paging: Paging,
    ) -> Result<(Vec<Payment>, i64), StoreError>;
}
