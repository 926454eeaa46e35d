//! The port the profile use cases depend on.

use agora_values::Paging;
use uuid::Uuid;

use crate::domain::{Address, NewAddress, Profile, ProfileChanges};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("deleted")]
    Deleted,
    #[error("database error")]
    Database(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// What `ensure_profile` found or did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ensured {
    Profile(Profile),
    Deleted,
}

/// Profiles in PostgreSQL. Each write is one transaction with its outbox event.
#[async_trait::async_trait]
pub trait ProfileStore: Send + Sync {
    /// The profile, creating it from `email` and `name` if the account has none yet.
    async fn ensure_profile(
        &self,
        id: Uuid,
        email: &str,
        name: &str,
    ) -> Result<Ensured, StoreError>;
    /// Applies an `auth.user.registered` event once: creates the profile, or brings e-mail
    /// and name in step unless the profile changed after `registered_at`; false when
    /// `event_id` was applied before.
    async fn apply_registration(
        &self,
        event_id: Uuid,
        id: Uuid,
        email: &str,
        name: &str,
        registered_at: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool, StoreError>;
    async fn profile(&self, id: Uuid) -> Result<Option<Profile>, StoreError>;
    async fn update_profile(
        &self,
        id: Uuid,
        changes: &ProfileChanges,
    ) -> Result<Profile, StoreError>;
    async fn add_address(&self, user_id: Uuid, address: &NewAddress)
    -> Result<Address, StoreError>;
    /// False when the user has no such address.
    async fn delete_address(&self, user_id: Uuid, address_id: Uuid) -> Result<bool, StoreError>;
    /// Profiles whose name or e-mail contains `q`, oldest first, and how many match.
    async fn search(
        &self,
        q: Option<&str>,
        paging: Paging,
    ) -> Result<(Vec<Profile>, i64), StoreError>;
    /// Leaves a tombstone and emits `users.user.deleted`.
    async fn delete_profile(&self, id: Uuid) -> Result<(), StoreError>;
}
