//! Profile use cases over one port, the profile store.

pub mod ports;
pub mod profiles;

use std::sync::Arc;

use agora_values::FieldError;

use ports::{ProfileStore, StoreError};

#[derive(Clone)]
pub struct Profiles {
    pub store: Arc<dyn ProfileStore>,
}

#[derive(Debug, thiserror::Error)]
pub enum UsersError {
    #[error("the request is invalid")]
    Validation(Vec<FieldError>),
    #[error("no such profile")]
    NotFound,
    #[error("no such address")]
    AddressNotFound,
    #[error("the profile was deleted")]
    Deleted,
    #[error("the access token does not name its account")]
    NoIdentity,
    #[error("the profile store failed")]
    Store(#[source] StoreError),
}

impl From<StoreError> for UsersError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => UsersError::NotFound,
            StoreError::Deleted => UsersError::Deleted,
            e @ StoreError::Database(_) => UsersError::Store(e),
        }
    }
}
