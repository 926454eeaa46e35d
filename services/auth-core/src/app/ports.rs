//! The ports auth's use cases depend on; adapters implement them.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;

use agora_values::Paging;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::RequestMeta;
use crate::domain::{Admission, Email, LockoutPolicy, LoginAttempts, Name};

/// An account as the use cases see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub roles: Vec<String>,
    pub permissions: Vec<String>,
    pub created_at: DateTime<Utc>,
}

/// The kinds of security audit events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditKind {
    Register,
    LoginSucceeded,
    LoginFailed,
    Locked,
    Unlocked,
    Refreshed,
    RefreshReuseDetected,
    Logout,
    PasswordChanged,
    RolesChanged,
    AccountDeleted,
}

impl AuditKind {
    pub const ALL: [AuditKind; 11] = [
        Self::Register,
        Self::LoginSucceeded,
        Self::LoginFailed,
        Self::Locked,
        Self::Unlocked,
        Self::Refreshed,
        Self::RefreshReuseDetected,
        Self::Logout,
        Self::PasswordChanged,
        Self::RolesChanged,
        Self::AccountDeleted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Register => "register",
            Self::LoginSucceeded => "login_succeeded",
            Self::LoginFailed => "login_failed",
            Self::Locked => "locked",
            Self::Unlocked => "unlocked",
            Self::Refreshed => "refreshed",
            Self::RefreshReuseDetected => "refresh_reuse_detected",
            Self::Logout => "logout",
            Self::PasswordChanged => "password_changed",
            Self::RolesChanged => "roles_changed",
            Self::AccountDeleted => "account_deleted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One row of the security audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: Uuid,
    pub kind: AuditKind,
    pub user_id: Option<Uuid>,
    pub meta: RequestMeta,
    pub success: bool,
    pub occurred_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub user_id: Option<Uuid>,
    pub kind: Option<AuditKind>,
    pub paging: Paging,
}

/// A new refresh token to store: only its hash is kept.
#[derive(Debug, Clone)]
pub struct NewRefreshToken {
    pub family_id: Uuid,
    pub hash: [u8; 32],
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotation {
    /// The token was live; it is spent now and the new one stored.
    Rotated(Principal),
    /// The token had been spent before: its family is revoked.
    Reused,
    /// Unknown, expired or revoked.
    Invalid,
}

/// How a verified login settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginSettled {
    Recorded,
    /// The password hash changed after it was read (a password change, or a re-hash at
    /// another login): nothing recorded, the check still holds its place; verify again.
    HashChanged,
    /// The address was locked meanwhile: nothing recorded, the place given back.
    Locked(DateTime<Utc>),
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("e-mail taken")]
    EmailTaken,
    #[error("unknown roles: {0:?}")]
    UnknownRoles(Vec<String>),
    #[error("database error")]
    Database(#[source] Box<dyn std::error::Error + Send + Sync>),
}

#[async_trait::async_trait]
pub trait AuthStore: Send + Sync {
    /// Creates a `customer` account, its audit row and its `auth.user.registered` event.
    async fn create_user(
        &self,
        email: &Email,
        name: &Name,
        password_hash: &str,
        meta: &RequestMeta,
    ) -> Result<Principal, StoreError>;
    /// The account and its password hash, by normalised e-mail.
    async fn credentials(&self, email: &str) -> Result<Option<(Principal, String)>, StoreError>;
    async fn principal(&self, user_id: Uuid) -> Result<Option<Principal>, StoreError>;
    async fn password_hash(&self, user_id: Uuid) -> Result<Option<String>, StoreError>;
    /// Whether one password check for `email` may run now, decided in one atomic step with
    /// every other check for it (see `domain::lockout`); an admitted check holds its place
    /// until it is settled by `record_failure`, `record_success` or `login_verified`.
    async fn admit_login(
        &self,
        email: &str,
        policy: &LockoutPolicy,
        now: DateTime<Utc>,
    ) -> Result<Admission, StoreError>;
    /// Settles an admitted check that succeeded outside a login (a password change): the
    /// failures are forgotten, a lock is kept.
    async fn login_verified(&self, email: &str, now: DateTime<Utc>) -> Result<(), StoreError>;
    /// Deletes the rows that no longer say anything (`LoginAttempts::is_spent`); how many.
    async fn purge_login_attempts(
        &self,
        policy: &LockoutPolicy,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError>;
    /// Settles an admitted check that failed under `email` (audit row included) and returns
    /// the state after it and whether it set the lock; a lock on an existing account also
    /// emits `auth.user.locked`.
    async fn record_failure(
        &self,
        email: &str,
        user_id: Option<Uuid>,
        policy: &LockoutPolicy,
        now: DateTime<Utc>,
        meta: &RequestMeta,
    ) -> Result<(LoginAttempts, bool), StoreError>;
    /// Settles an admitted check that succeeded against `verified_hash` (the failures are
    /// forgotten, a lock is kept), starts a refresh family, and audits the login; unless the
    /// account's hash is no longer `verified_hash` or the address was locked meanwhile, when
    /// nothing is recorded (see [`LoginSettled`]).
    async fn record_success(
        &self,
        user_id: Uuid,
        email: &str,
        verified_hash: &str,
        token: &NewRefreshToken,
        meta: &RequestMeta,
    ) -> Result<LoginSettled, StoreError>;
    /// Settles an admitted check whose outcome is not told (it took longer than its hold):
    /// its place is given back, nothing is counted.
    async fn release_login(&self, email: &str, now: DateTime<Utc>) -> Result<(), StoreError>;
    /// Spends `presented` and stores `next` in its family (`next.family_id` is ignored).
    async fn rotate_refresh(
        &self,
        presented: [u8; 32],
        next: &NewRefreshToken,
        now: DateTime<Utc>,
        meta: &RequestMeta,
    ) -> Result<Rotation, StoreError>;
    /// Revokes the family of `presented` if it belongs to `user_id`; false otherwise.
    async fn revoke_family(
        &self,
        presented: [u8; 32],
        user_id: Uuid,
        meta: &RequestMeta,
    ) -> Result<bool, StoreError>;
    /// Replaces `old` with `new`, the same password hashed with current parameters; nothing
    /// else changes (no event, no revocation). False when the hash is no longer `old` (the
    /// password was changed meanwhile).
    async fn upgrade_password_hash(
        &self,
        user_id: Uuid,
        old: &str,
        new: &str,
    ) -> Result<bool, StoreError>;
    /// Sets the hash, revokes every refresh token, audits, and emits `auth.password.changed`.
    async fn change_password(
        &self,
        user_id: Uuid,
        new_hash: &str,
        meta: &RequestMeta,
    ) -> Result<(), StoreError>;
    /// Those of `ids` that are accounts' ids (live or deleted).
    async fn accounts_among(&self, ids: &[Uuid]) -> Result<Vec<Uuid>, StoreError>;
    /// Those of `permissions` that name no permission here.
    async fn unknown_permissions(&self, permissions: &[String]) -> Result<Vec<String>, StoreError>;
    /// Replaces the account's roles; when they change, revokes its refresh tokens.
    async fn set_roles(
        &self,
        user_id: Uuid,
        roles: &[String],
        meta: &RequestMeta,
    ) -> Result<Principal, StoreError>;
    async fn unlock(&self, user_id: Uuid, meta: &RequestMeta) -> Result<(), StoreError>;
    async fn audit_events(
        &self,
        filter: &AuditFilter,
    ) -> Result<(Vec<AuditRecord>, i64), StoreError>;
    /// Applies `users.user.deleted` (event `event_id`) once: erases the account's e-mail,
    /// name and password hash, its roles and its lockout row, revokes its refresh tokens and
    /// audits it (with `meta`); the id and the audit trail stay. False when the event was
    /// applied before or names no account here.
    async fn delete_account(
        &self,
        event_id: Uuid,
        user_id: Uuid,
        deleted_at: DateTime<Utc>,
        meta: &RequestMeta,
    ) -> Result<bool, StoreError>;
    /// Creates an account with `email` holding `admin`, or finds the one an earlier call
    /// created (whatever its roles now); idempotent. `EmailTaken` when the address belongs
    /// to an account somebody registered that is no admin: it is never made one this way.
    /// `None` when the account an earlier call created has been deleted since: it is not
    /// created again.
    async fn ensure_admin(
        &self,
        email: &Email,
        name: &Name,
        password_hash: &str,
    ) -> Result<Option<Principal>, StoreError>;
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HashError(pub String);

/// Password hashing. Calls are CPU- and memory-heavy by design: adapters bound how many run
/// at once.
#[async_trait::async_trait]
pub trait PasswordHasher: Send + Sync {
    async fn hash(&self, password: String) -> Result<String, HashError>;
    /// Verifies against `hash`, or against a dummy hash when there is none, so that an
    /// unknown account costs the same time as a wrong password.
    async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, HashError>;
    /// Whether `hash` was made with other than the current algorithm or parameters, and
    /// should be replaced once the password is known (at a successful login).
    fn needs_rehash(&self, hash: &str) -> bool;
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SigningError(pub String);

/// One public key that verifies access tokens, as the JWKS publishes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    pub kid: String,
    /// The raw Ed25519 public key, base64url.
    pub x: String,
}

/// A registered service client, authenticated: its id (a token's subject) and the
/// permissions its token may carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceClient {
    pub id: Uuid,
    pub name: String,
    pub permissions: Vec<String>,
}

/// Issues access tokens.
pub trait AccessTokens: Send + Sync {
    /// A signed access token for a service client, with `permissions` (a subset of the
    /// client's), and its lifetime in seconds.
    fn issue_for_client(
        &self,
        client: &ServiceClient,
        permissions: &[String],
        now: DateTime<Utc>,
    ) -> Result<(String, u64), SigningError>;
    /// The keys that verify tokens issued now and still-valid tokens issued before: the
    /// current one first, then the previous ones a rotation keeps.
    fn public_keys(&self) -> Vec<PublicKey>;

    /// A signed access token for `principal` and its lifetime in seconds.
    fn issue(
        &self,
        principal: &Principal,
        now: DateTime<Utc>,
    ) -> Result<(String, u64), SigningError>;
}

/// Mints refresh tokens: opaque secrets of which only a digest is ever stored.
pub trait RefreshTokens: Send + Sync {
    /// A new token for the client and the digest to store for it.
    fn mint(&self) -> (String, [u8; 32]);
    /// The digest a presented token is looked up by.
    fn digest(&self, token: &str) -> [u8; 32];
}

/// A task the use cases need finished whoever still waits for it, with its output type
/// erased so the port stays object-safe.
pub type DetachedTask = Pin<Box<dyn Future<Output = Box<dyn Any + Send>> + Send>>;

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TaskError(pub String);

/// Runs work apart from its caller: a password check once admitted must be settled
/// (counted, its place given back) even when the client goes away mid-check, and only the
/// runtime can keep a task alive past the request that started it.
#[async_trait::async_trait]
pub trait TaskRunner: Send + Sync {
    /// Runs `task` to its end even if the returned future is dropped, and gives its output
    /// to whoever still waits; an error when the task could not finish (it panicked, or the
    /// runtime is shutting down).
    async fn run_to_end(&self, task: DetachedTask) -> Result<Box<dyn Any + Send>, TaskError>;
}
