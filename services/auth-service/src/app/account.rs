//! The caller's own account: identity, password change, and permission decisions.

use agora_kit::FieldError;
use uuid::Uuid;

use super::ports::Principal;
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
    /// The account behind a verified token. A token whose account is gone is no longer valid.
    pub async fn me(&self, user_id: Uuid) -> Result<Principal, AuthError> {
        self.store
            .principal(user_id)
            .await?
            .ok_or(AuthError::InvalidCredentials)
    }

    pub async fn change_password(
        &self,
        user_id: Uuid,
        current: &str,
        new: &str,
    ) -> Result<(), AuthError> {
        let new = Password::parse(new).map_err(|e| {
            AuthError::Validation(vec![FieldError::new("new_password", e.to_string())])
        })?;
        let hash = self
            .store
            .password_hash(user_id)
            .await?
            .ok_or(AuthError::InvalidCredentials)?;
        if !self
            .hasher
            .verify(current.to_owned(), Some(hash))
            .await
            .map_err(AuthError::Hashing)?
        {
            return Err(AuthError::Validation(vec![FieldError::new(
                "current_password",
                "is not correct",
            )]));
        }
        let new_hash = self
            .hasher
            .hash(new.expose().to_owned())
            .await
            .map_err(AuthError::Hashing)?;
        Ok(self
            .store
            .change_password(user_id, &new_hash, &RequestMeta::current())
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
