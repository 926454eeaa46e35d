//! Auth's use cases. Each works through the ports in [`ports`] and knows nothing of HTTP,
//! SQL or JWT libraries; [`AuthError`] is the one error they return.

pub mod account;
pub mod admin;
pub mod login;
pub mod ports;
pub mod refresh;
pub mod register;

use std::sync::Arc;

use agora_kit::FieldError;
use chrono::Duration;

use crate::domain::LockoutPolicy;
use ports::{AccessTokens, AuthStore, PasswordHasher, StoreError};

/// Everything the use cases need, wired once at start-up.
#[derive(Clone)]
pub struct Auth {
    pub store: Arc<dyn AuthStore>,
    pub hasher: Arc<dyn PasswordHasher>,
    pub tokens: Arc<dyn AccessTokens>,
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

/// Who did something, from where: what every audit row records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

impl RequestMeta {
    /// The current request's metadata, as the platform kit recorded it.
    pub fn current() -> Self {
        agora_context::current()
            .map(|c| Self {
                ip: c.client_ip,
                user_agent: c.user_agent,
                request_id: Some(c.request_id),
            })
            .unwrap_or_default()
    }
}
