//! Auth's use cases. Each works through the ports in [`ports`] and knows nothing of HTTP,
//! SQL or JWT libraries; [`AuthError`] is the one error they return.

pub mod account;
pub mod admin;
pub mod clients;
pub mod login;
pub mod ports;
pub mod refresh;
pub mod register;

use std::sync::Arc;

use agora_values::FieldError;
use chrono::Duration;

use crate::domain::LockoutPolicy;
use ports::{AccessTokens, AuthStore, PasswordHasher, RefreshTokens, StoreError, TaskRunner};

/// Everything the use cases need, wired once at start-up.
#[derive(Clone)]
pub struct Auth {
    pub store: Arc<dyn AuthStore>,
    pub hasher: Arc<dyn PasswordHasher>,
    pub tokens: Arc<dyn AccessTokens>,
    pub refresh_tokens: Arc<dyn RefreshTokens>,
    pub runner: Arc<dyn TaskRunner>,
    pub lockout: LockoutPolicy,
    pub refresh_ttl: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("the request is invalid")]
    Validation(Vec<FieldError>),
    #[error("the e-mail address is already registered")]
    EmailTaken,
    #[error("the credentials are not valid")]
    InvalidCredentials,
    #[error("the account is locked for {retry_after_secs} s")]
    Locked { retry_after_secs: u64 },
    #[error("the refresh token is not valid")]
    InvalidRefreshToken,
    #[error("no such account")]
    NotFound,
    /// The caller's current roles do not grant the operation (its token may be older).
    #[error("the caller may not do this")]
    Forbidden,
    #[error(
        "AUTH_BOOTSTRAP_ADMIN_EMAIL names an account that somebody registered and that is no \
         admin; auth will not make it one: configure another address, or grant admin to that \
         account deliberately (PUT /api/v1/auth/users/{{id}}/roles)"
    )]
    BootstrapTakeover,
    #[error("unknown roles")]
    UnknownRoles(Vec<String>),
    /// Configured service clients whose ids are accounts' ids.
    #[error(
        "AUTH_CLIENTS gives clients the ids of accounts: {0:?}; give each client an id of its own"
    )]
    ClientIsAccount(Vec<uuid::Uuid>),
    /// A client asked for permissions it does not hold.
    #[error("the scope names permissions the client does not hold: {0:?}")]
    InvalidScope(Vec<String>),
    #[error("the credential store failed")]
    Store(#[source] StoreError),
    #[error("password hashing failed")]
    Hashing(#[source] ports::HashError),
    #[error("signing the access token failed")]
    Signing(#[source] ports::SigningError),
}

impl From<StoreError> for AuthError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AuthError::NotFound,
            StoreError::EmailTaken => AuthError::EmailTaken,
            StoreError::UnknownRoles(r) => AuthError::UnknownRoles(r),
            other => AuthError::Store(other),
        }
    }
}

/// Who did something, from where: what every audit row records. The API layer reads it
/// off the request and passes it in; an event consumer passes [`RequestMeta::default`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}
