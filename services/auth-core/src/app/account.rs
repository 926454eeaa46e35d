//! The caller's own account: identity, password change, and permission decisions.

use agora_values::FieldError;
use chrono::Utc;
use uuid::Uuid;

use super::ports::{Principal, PublicKey};
use super::{Auth, AuthError, RequestMeta};
use crate::domain::Password;

/// The answer to "may this subject do that?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub subject: Uuid,
    pub roles: Vec<String>,
}

impl Auth {
    /// The keys that verify the access tokens this service issues (the JWKS).
    pub fn public_keys(&self) -> Vec<PublicKey> {
        self.tokens.public_keys()
    }

    /// The account behind a verified token. A token whose account is gone is no longer valid.
    pub async fn me(&self, user_id: Uuid) -> Result<Principal, AuthError> {
        self.store
            .principal(user_id)
            .await?
            .ok_or(AuthError::InvalidCredentials)
    }

    /// Changes the password once the current one is proven. A wrong current password counts
    /// as a failed login for the account's address (audited, towards its lock), so a stolen
    /// access token cannot guess the password here; a locked account answers 423.
    pub async fn change_password(
        &self,
        user_id: Uuid,
        current: &str,
        new: &str,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let new = Password::parse(new).map_err(|e| {
            AuthError::Validation(vec![FieldError::new("new_password", e.to_string())])
        })?;
        let meta = meta.clone();
        let principal = self.me(user_id).await?;
        let key = principal.email;
        let admitted = self.admit_check(&key).await?;
        let this = self.clone();
        let current = current.to_owned();
        self.run_to_settlement(async move {
            let hash = this
                .store
                .password_hash(user_id)
                .await?
                .ok_or(AuthError::InvalidCredentials)?;
            let verified = this
                .hasher
                .verify(current, Some(hash))
                .await
                .map_err(AuthError::Hashing)?;
            this.still_in_time(&key, admitted).await?;
            if !verified {
                this.count_failure(&key, Some(user_id), &meta).await?;
                return Err(AuthError::Validation(vec![FieldError::new(
                    "current_password",
                    "is not correct",
                )]));
            }
            this.store.login_verified(&key, Utc::now()).await?;
            let new_hash = this
                .hasher
                .hash(new.expose().to_owned())
                .await
                .map_err(AuthError::Hashing)?;
            Ok(this
                .store
                .change_password(user_id, &new_hash, &meta)
                .await?)
        })
        .await
    }

    /// Deletes the lockout rows that no longer say anything; how many.
    pub async fn purge_login_attempts(&self) -> Result<u64, AuthError> {
        Ok(self
            .store
            .purge_login_attempts(&self.lockout, Utc::now())
            .await?)
    }

    /// Decides from the account's current roles, not the token's (which may be older): the
    /// subject holds `permission`, or owns the resource.
    pub async fn authorize(
        &self,
        subject: Uuid,
        permission: &str,
        resource_owner: Option<Uuid>,
    ) -> Result<Decision, AuthError> {
        let Some(principal) = self.store.principal(subject).await? else {
            return Ok(Decision {
                allowed: false,
                subject,
                roles: Vec::new(),
            });
        };
        let allowed = resource_owner == Some(subject)
            || principal.permissions.iter().any(|p| p == permission);
        Ok(Decision {
            allowed,
            subject,
            roles: principal.roles,
        })
    }
}
