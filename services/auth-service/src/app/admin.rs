//! Administration: roles, unlocking, the audit log, and the bootstrap admin.

use uuid::Uuid;

use super::ports::{AuditFilter, AuditRecord, Principal};
use super::{Auth, AuthError, RequestMeta};
use crate::domain::{Email, Name, Password};

impl Auth {
    pub async fn set_roles(&self, user_id: Uuid, roles: &[String]) -> Result<Principal, AuthError> {
        let mut roles = roles.to_vec();
        roles.sort();
        roles.dedup();
        Ok(self
            .store
            .set_roles(user_id, &roles, &RequestMeta::current())
            .await?)
    }

    pub async fn unlock(&self, user_id: Uuid) -> Result<(), AuthError> {
        Ok(self.store.unlock(user_id, &RequestMeta::current()).await?)
    }

    pub async fn audit_events(
        &self,
        filter: &AuditFilter,
    ) -> Result<(Vec<AuditRecord>, i64), AuthError> {
        Ok(self.store.audit_events(filter).await?)
    }

    /// Creates the configured admin account, or gives an existing account `admin`. Safe to
    /// run at every start.
    pub async fn bootstrap_admin(
        &self,
        email: &str,
        password: &str,
    ) -> Result<Principal, AuthError> {
        let invalid = |field: &str, e: String| {
            AuthError::Validation(vec![agora_kit::FieldError::new(field, e)])
        };
        let email = Email::parse(email)
            .map_err(|e| invalid("AUTH_BOOTSTRAP_ADMIN_EMAIL", e.to_string()))?;
        let password = Password::parse(password)
            .map_err(|e| invalid("AUTH_BOOTSTRAP_ADMIN_PASSWORD", e.to_string()))?;
        let name = Name::parse("Administrator").expect("a constant valid name");
        let hash = self
            .hasher
            .hash(password.expose().to_owned())
            .await
            .map_err(AuthError::Hashing)?;
        Ok(self.store.ensure_admin(&email, &name, &hash).await?)
    }
}
