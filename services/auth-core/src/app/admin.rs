//! Administration: roles, unlocking, the audit log, and the bootstrap admin.

use uuid::Uuid;

use super::ports::{AuditFilter, AuditRecord, Principal, StoreError};
use super::{Auth, AuthError, RequestMeta};
use crate::domain::{Email, Name, Password};

impl Auth {
    /// Refuses unless `caller` holds `permission` now, by its roles in the store: a token
    /// issued before a demotion still names the old permissions until it expires.
    async fn require_current(&self, caller: Uuid, permission: &str) -> Result<(), AuthError> {
        let holds = self
            .store
            .principal(caller)
            .await?
            .is_some_and(|p| p.permissions.iter().any(|held| held == permission));
        if holds {
            Ok(())
        } else {
            Err(AuthError::Forbidden)
        }
    }

    pub async fn set_roles(
        &self,
        caller: Uuid,
        user_id: Uuid,
        roles: &[String],
        meta: &RequestMeta,
    ) -> Result<Principal, AuthError> {
        self.require_current(caller, "roles:write").await?;
        let mut roles = roles.to_vec();
        roles.sort();
        roles.dedup();
        Ok(self.store.set_roles(user_id, &roles, meta).await?)
    }

    pub async fn unlock(
        &self,
        caller: Uuid,
        user_id: Uuid,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        self.require_current(caller, "users:unlock").await?;
        Ok(self.store.unlock(user_id, meta).await?)
    }

    pub async fn audit_events(
        &self,
        caller: Uuid,
        filter: &AuditFilter,
    ) -> Result<(Vec<AuditRecord>, i64), AuthError> {
        self.require_current(caller, "audit:read").await?;
        Ok(self.store.audit_events(filter).await?)
    }

    /// Applies `users.user.deleted`: the account can no longer log in or refresh, its
    /// e-mail, name and password are erased (the address may register again), its id and
    /// audit trail stay. Idempotent on `event_id`.
    pub async fn on_user_deleted(
        &self,
        event_id: Uuid,
        user_id: Uuid,
        deleted_at: chrono::DateTime<chrono::Utc>,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        if self
            .store
            .delete_account(event_id, user_id, deleted_at, meta)
            .await?
        {
            tracing::info!(%user_id, "account deleted: signed out and erased");
        }
        Ok(())
    }

    /// Creates the configured admin account, or finds it. Safe to run at every start; an
    /// account somebody else registered with that address is never taken over.
    pub async fn bootstrap_admin(
        &self,
        email: &str,
        password: &str,
    ) -> Result<Option<Principal>, AuthError> {
        let invalid = |field: &str, e: String| {
            AuthError::Validation(vec![agora_values::FieldError::new(field, e)])
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
        let admin = match self.store.ensure_admin(&email, &name, &hash).await {
            Err(StoreError::EmailTaken) => return Err(AuthError::BootstrapTakeover),
            Ok(None) => {
                tracing::warn!(
                    "the bootstrap admin account was deleted; it is not created again \
                     (grant admin to an account with PUT /api/v1/auth/users/{{id}}/roles)"
                );
                return Ok(None);
            }
            other => other?.ok_or(AuthError::NotFound)?,
        };
        if !admin.roles.iter().any(|r| r == "admin") {
            tracing::warn!(
                user_id = %admin.id,
                "the bootstrap admin account no longer holds admin; it is left as it is"
            );
        }
        Ok(Some(admin))
    }
}
