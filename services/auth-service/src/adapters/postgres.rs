//! The auth store on PostgreSQL. Every method is one transaction: a change, its audit row
//! and its outbox event commit together or not at all.

use agora_events::types::USERS_USER_DELETED;
use agora_events::{PasswordChanged, UserLocked, UserRegistered};
use agora_kit::outbox::{self, OutboxEvent};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::app::RequestMeta;
use crate::app::ports::{
    AuditFilter, AuditKind, AuditRecord, AuthStore, LoginSettled, NewRefreshToken, Principal,
    Rotation, StoreError,
};
use crate::domain::{Admission, Email, LockoutPolicy, LoginAttempts, Name};

const SOURCE: &str = "auth";

pub struct PgAuthStore {
    pool: PgPool,
}

impl PgAuthStore {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

fn db(e: sqlx::Error) -> StoreError {
    StoreError::Database(Box::new(e))
}

/// The one place a unique violation becomes a client error.
fn unique_violation(e: &sqlx::Error, constraint: &str) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation() && d.constraint() == Some(constraint))
}

async fn audit(
    conn: &mut PgConnection,
    kind: AuditKind,
    user_id: Option<Uuid>,
    success: bool,
    meta: &RequestMeta,
) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO audit_events (id, event_type, user_id, ip, user_agent, request_id, outcome) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        Uuid::now_v7(),
        kind.as_str(),
        user_id,
        meta.ip.as_deref(),
        meta.user_agent.as_deref(),
        meta.request_id.as_deref(),
        if success { "success" } else { "failure" }
    )
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// A live account with its roles and their permissions, sorted.
async fn principal_on(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Option<Principal>, StoreError> {
    // A live account has its e-mail address (only deletion erases it).
    let row = sqlx::query!(
        r#"SELECT u.id, u.email AS "email!", u.name, u.created_at,
             COALESCE(array_agg(DISTINCT ur.role) FILTER (WHERE ur.role IS NOT NULL), '{}') AS "roles!",
             COALESCE(array_agg(DISTINCT rp.permission) FILTER (WHERE rp.permission IS NOT NULL), '{}') AS "permissions!"
           FROM users u
           LEFT JOIN user_roles ur ON ur.user_id = u.id
           LEFT JOIN role_permissions rp ON rp.role = ur.role
           WHERE u.id = $1 AND u.deleted_at IS NULL
           GROUP BY u.id"#,
        user_id
    )
    .fetch_optional(conn)
    .await
    .map_err(db)?;
    Ok(row.map(|row| {
        let (mut roles, mut permissions) = (row.roles, row.permissions);
        roles.sort();
        permissions.sort();
        Principal {
            id: row.id,
            email: row.email,
            name: row.name,
            created_at: row.created_at,
            roles,
            permissions,
        }
    }))
}

async fn attempts_for_update(
    conn: &mut PgConnection,
    email: &str,
) -> Result<LoginAttempts, StoreError> {
    // Make the row exist and lock it in one statement (a purge between two could delete
    // it): concurrent checks for one address queue up here, each seeing those before it.
    let row = sqlx::query!(
        "INSERT INTO login_attempts (email) VALUES ($1) \
         ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email \
         RETURNING failures, window_start, locked_until, in_flight, in_flight_until",
        email
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(db)?;
    let count = |n: i32| u32::try_from(n).unwrap_or(0);
    Ok(LoginAttempts {
        failures: count(row.failures),
        window_start: row.window_start,
        locked_until: row.locked_until,
        in_flight: count(row.in_flight),
        in_flight_until: row.in_flight_until,
    })
}

async fn store_attempts(
    conn: &mut PgConnection,
    email: &str,
    state: &LoginAttempts,
) -> Result<(), StoreError> {
    let count = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    sqlx::query!(
        "UPDATE login_attempts SET failures = $2, window_start = $3, locked_until = $4, \
         in_flight = $5, in_flight_until = $6 WHERE email = $1",
        email,
        count(state.failures),
        state.window_start,
        state.locked_until,
        count(state.in_flight),
        state.in_flight_until
    )
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Takes the lock every change to `user_id`'s refresh tokens takes first (rotation,
/// revocation of a family or of them all), so such changes happen one after the other: a
/// revocation never runs beside a rotation whose new token it could not see. False when
/// there is no such account.
async fn lock_tokens_of(conn: &mut PgConnection, user_id: Uuid) -> Result<bool, StoreError> {
    let found = sqlx::query_scalar!(
        "SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE",
        user_id
    )
    .fetch_optional(conn)
    .await
    .map_err(db)?;
    Ok(found.is_some())
}

/// Revokes every live refresh token of `user_id`; the caller holds `lock_tokens_of`.
async fn revoke_all_tokens(conn: &mut PgConnection, user_id: Uuid) -> Result<(), StoreError> {
    sqlx::query!(
        "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL",
        user_id
    )
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Stores a new refresh token of `family`: its hash only.
async fn insert_refresh_token(
    conn: &mut PgConnection,
    family: Uuid,
    user_id: Uuid,
    token: &NewRefreshToken,
) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
        Uuid::now_v7(),
        family,
        user_id,
        &token.hash[..],
        token.expires_at
    )
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Settles an admitted check that succeeded: its hold given back, the failures forgotten,
/// a lock kept.
async fn settle_success(
    conn: &mut PgConnection,
    email: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let state = attempts_for_update(conn, email).await?.after_success(now);
    store_attempts(conn, email, &state).await
}

#[async_trait::async_trait]
impl AuthStore for PgAuthStore {
    async fn create_user(
        &self,
        email: &Email,
        name: &Name,
        password_hash: &str,
        meta: &RequestMeta,
    ) -> Result<Principal, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let id = Uuid::now_v7();
        let inserted = sqlx::query!(
            "INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)",
            id,
            email.as_str(),
            name.as_str(),
            password_hash
        )
        .execute(&mut *tx)
        .await;
        match inserted {
            Err(e) if unique_violation(&e, "users_email_key") => {
                return Err(StoreError::EmailTaken);
            }
            other => other.map_err(db)?,
        };
        sqlx::query!(
            "INSERT INTO user_roles (user_id, role) VALUES ($1, 'customer')",
            id
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let principal = principal_on(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        audit(&mut tx, AuditKind::Register, Some(id), true, meta).await?;
        let data = UserRegistered {
            user_id: id,
            email: principal.email.clone(),
            name: principal.name.clone(),
            roles: principal.roles.clone(),
            registered_at: principal.created_at,
        };
        let event = OutboxEvent::new(
            SOURCE,
            agora_events::types::AUTH_USER_REGISTERED,
            id,
            principal.created_at,
            &data,
        );
        outbox::enqueue(&mut tx, &event).await.map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(principal)
    }

    async fn credentials(&self, email: &str) -> Result<Option<(Principal, String)>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        // A live account has a password hash (only deletion erases it).
        let account = sqlx::query!(
            r#"SELECT id, password_hash AS "password_hash!" FROM users
               WHERE email = $1 AND deleted_at IS NULL"#,
            email
        )
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?;
        let Some(account) = account else {
            return Ok(None);
        };
        // Deleted in between: no account any more.
        Ok(principal_on(&mut conn, account.id)
            .await?
            .map(|principal| (principal, account.password_hash)))
    }

    async fn principal(&self, user_id: Uuid) -> Result<Option<Principal>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        principal_on(&mut conn, user_id).await
    }

    async fn password_hash(&self, user_id: Uuid) -> Result<Option<String>, StoreError> {
        let hash = sqlx::query_scalar!(
            "SELECT password_hash FROM users WHERE id = $1 AND deleted_at IS NULL",
            user_id
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        Ok(hash.flatten())
    }

    async fn admit_login(
        &self,
        email: &str,
        policy: &LockoutPolicy,
        now: DateTime<Utc>,
    ) -> Result<Admission, StoreError> {
        // The row lock makes admission one step: concurrent checks for one address queue
        // here, and each sees the holds of those admitted before it.
        let mut tx = self.pool.begin().await.map_err(db)?;
        let (next, admission) = attempts_for_update(&mut tx, email)
            .await?
            .admit(policy, now);
        if admission == Admission::Admitted {
            store_attempts(&mut tx, email, &next).await?;
        }
        tx.commit().await.map_err(db)?;
        Ok(admission)
    }

    async fn login_verified(&self, email: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        settle_success(&mut tx, email, now).await?;
        tx.commit().await.map_err(db)
    }

    async fn purge_login_attempts(
        &self,
        policy: &LockoutPolicy,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        // The same test as `LoginAttempts::is_spent`, as one statement.
        let done = sqlx::query!(
            "DELETE FROM login_attempts \
             WHERE (locked_until IS NULL OR locked_until <= $1) \
               AND (in_flight = 0 OR in_flight_until IS NULL OR in_flight_until <= $1) \
               AND (failures = 0 OR window_start < $1 - make_interval(secs => $2))",
            now,
            policy.window.num_seconds() as f64
        )
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(done.rows_affected())
    }

    async fn record_failure(
        &self,
        email: &str,
        user_id: Option<Uuid>,
        policy: &LockoutPolicy,
        now: DateTime<Utc>,
        meta: &RequestMeta,
    ) -> Result<(LoginAttempts, bool), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let state = attempts_for_update(&mut tx, email).await?;
        let (next, locked) = state.after_failure(policy, now);
        store_attempts(&mut tx, email, &next).await?;
        audit(&mut tx, AuditKind::LoginFailed, user_id, false, meta).await?;
        if locked {
            audit(&mut tx, AuditKind::Locked, user_id, true, meta).await?;
            if let (Some(user_id), Some(until)) = (user_id, next.locked_until) {
                let data = UserLocked {
                    user_id,
                    email: email.to_owned(),
                    locked_until: until,
                };
                let event = OutboxEvent::new(
                    SOURCE,
                    agora_events::types::AUTH_USER_LOCKED,
                    user_id,
                    now,
                    &data,
                );
                outbox::enqueue(&mut tx, &event).await.map_err(db)?;
            }
        }
        tx.commit().await.map_err(db)?;
        Ok((next, locked))
    }

    async fn record_success(
        &self,
        user_id: Uuid,
        email: &str,
        verified_hash: &str,
        token: &NewRefreshToken,
        meta: &RequestMeta,
    ) -> Result<LoginSettled, StoreError> {
        let now = Utc::now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        // The account's row lock orders this after a password change that committed first
        // (whose revocation this new family must not escape) and before one that comes
        // after (whose revocation will see it).
        lock_tokens_of(&mut tx, user_id).await?;
        let current = sqlx::query_scalar!(
            "SELECT password_hash FROM users WHERE id = $1 AND deleted_at IS NULL",
            user_id
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?
        .flatten();
        if current.as_deref() != Some(verified_hash) {
            return Ok(LoginSettled::HashChanged);
        }
        let state = attempts_for_update(&mut tx, email).await?;
        if let Some(until) = state.locked_until(now) {
            store_attempts(&mut tx, email, &state.after_refusal(now)).await?;
            tx.commit().await.map_err(db)?;
            return Ok(LoginSettled::Locked(until));
        }
        store_attempts(&mut tx, email, &state.after_success(now)).await?;
        insert_refresh_token(&mut tx, token.family_id, user_id, token).await?;
        audit(
            &mut tx,
            AuditKind::LoginSucceeded,
            Some(user_id),
            true,
            meta,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(LoginSettled::Recorded)
    }

    async fn release_login(&self, email: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let state = attempts_for_update(&mut tx, email).await?;
        store_attempts(&mut tx, email, &state.after_refusal(now)).await?;
        tx.commit().await.map_err(db)
    }

    async fn rotate_refresh(
        &self,
        presented: [u8; 32],
        next: &NewRefreshToken,
        now: DateTime<Utc>,
        meta: &RequestMeta,
    ) -> Result<Rotation, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let owner = sqlx::query_scalar!(
            "SELECT user_id FROM refresh_tokens WHERE token_hash = $1",
            &presented[..]
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some(owner) = owner else {
            return Ok(Rotation::Invalid);
        };
        lock_tokens_of(&mut tx, owner).await?;
        // The row lock makes a reuse racing a legitimate use see the token as spent.
        let row = sqlx::query!(
            "SELECT id, family_id, user_id, expires_at, spent_at, revoked_at FROM refresh_tokens \
             WHERE token_hash = $1 FOR UPDATE",
            &presented[..]
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some(row) = row else {
            return Ok(Rotation::Invalid);
        };
        let (id, family, user_id) = (row.id, row.family_id, row.user_id);
        if row.revoked_at.is_some() || row.expires_at <= now {
            return Ok(Rotation::Invalid);
        }
        if row.spent_at.is_some() {
            sqlx::query!(
                "UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL",
                family,
                now
            )
            .execute(&mut *tx)
                .await
                .map_err(db)?;
            audit(
                &mut tx,
                AuditKind::RefreshReuseDetected,
                Some(user_id),
                false,
                meta,
            )
            .await?;
            tx.commit().await.map_err(db)?;
            return Ok(Rotation::Reused);
        }
        sqlx::query!(
            "UPDATE refresh_tokens SET spent_at = $2 WHERE id = $1",
            id,
            now
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        insert_refresh_token(&mut tx, family, user_id, next).await?;
        let Some(principal) = principal_on(&mut tx, user_id).await? else {
            return Ok(Rotation::Invalid);
        };
        audit(&mut tx, AuditKind::Refreshed, Some(user_id), true, meta).await?;
        tx.commit().await.map_err(db)?;
        Ok(Rotation::Rotated(principal))
    }

    async fn revoke_family(
        &self,
        presented: [u8; 32],
        user_id: Uuid,
        meta: &RequestMeta,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        lock_tokens_of(&mut tx, user_id).await?;
        let revoked = sqlx::query!(
            "UPDATE refresh_tokens SET revoked_at = now() \
             WHERE revoked_at IS NULL AND family_id = \
               (SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND user_id = $2)",
            &presented[..],
            user_id
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if revoked == 0 {
            return Ok(false);
        }
        audit(&mut tx, AuditKind::Logout, Some(user_id), true, meta).await?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }

    async fn upgrade_password_hash(
        &self,
        user_id: Uuid,
        old: &str,
        new: &str,
    ) -> Result<bool, StoreError> {
        let updated = sqlx::query!(
            "UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2",
            user_id,
            old,
            new
        )
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(updated.rows_affected() == 1)
    }

    async fn change_password(
        &self,
        user_id: Uuid,
        new_hash: &str,
        meta: &RequestMeta,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        // Updating the account's row takes the lock `lock_tokens_of` takes.
        let email = sqlx::query_scalar!(
            r#"UPDATE users SET password_hash = $2, updated_at = now()
               WHERE id = $1 AND deleted_at IS NULL RETURNING email AS "email!""#,
            user_id,
            new_hash
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let email = email.ok_or(StoreError::NotFound)?;
        revoke_all_tokens(&mut tx, user_id).await?;
        audit(
            &mut tx,
            AuditKind::PasswordChanged,
            Some(user_id),
            true,
            meta,
        )
        .await?;
        let now = Utc::now();
        let data = PasswordChanged {
            user_id,
            email,
            changed_at: now,
        };
        let event = OutboxEvent::new(
            SOURCE,
            agora_events::types::AUTH_PASSWORD_CHANGED,
            user_id,
            now,
            &data,
        );
        outbox::enqueue(&mut tx, &event).await.map_err(db)?;
        tx.commit().await.map_err(db)
    }

    async fn accounts_among(&self, ids: &[Uuid]) -> Result<Vec<Uuid>, StoreError> {
        sqlx::query_scalar!("SELECT id FROM users WHERE id = ANY($1)", ids)
            .fetch_all(&self.pool)
            .await
            .map_err(db)
    }

    async fn unknown_permissions(&self, permissions: &[String]) -> Result<Vec<String>, StoreError> {
        sqlx::query_scalar!(
            r#"SELECT wanted AS "wanted!" FROM unnest($1::text[]) AS wanted
               WHERE NOT EXISTS (SELECT 1 FROM permissions WHERE name = wanted)"#,
            permissions
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db)
    }

    async fn set_roles(
        &self,
        user_id: Uuid,
        roles: &[String],
        meta: &RequestMeta,
    ) -> Result<Principal, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        if !lock_tokens_of(&mut tx, user_id).await? {
            return Err(StoreError::NotFound);
        }
        let before = principal_on(&mut tx, user_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let known = sqlx::query_scalar!("SELECT name FROM roles WHERE name = ANY($1)", roles)
            .fetch_all(&mut *tx)
            .await
            .map_err(db)?;
        let unknown: Vec<String> = roles
            .iter()
            .filter(|r| !known.contains(r))
            .cloned()
            .collect();
        if !unknown.is_empty() {
            return Err(StoreError::UnknownRoles(unknown));
        }
        sqlx::query!("DELETE FROM user_roles WHERE user_id = $1", user_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query!(
            "INSERT INTO user_roles (user_id, role) SELECT $1, unnest($2::text[])",
            user_id,
            roles
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let principal = principal_on(&mut tx, user_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        if principal.roles != before.roles {
            // Refreshing must not keep the old roles alive: the account signs in again.
            revoke_all_tokens(&mut tx, user_id).await?;
        }
        audit(&mut tx, AuditKind::RolesChanged, Some(user_id), true, meta).await?;
        tx.commit().await.map_err(db)?;
        Ok(principal)
    }

    async fn unlock(&self, user_id: Uuid, meta: &RequestMeta) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let email = sqlx::query_scalar!(
            r#"SELECT email AS "email!" FROM users WHERE id = $1 AND deleted_at IS NULL"#,
            user_id
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let email = email.ok_or(StoreError::NotFound)?;
        sqlx::query!("DELETE FROM login_attempts WHERE email = $1", &email)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        audit(&mut tx, AuditKind::Unlocked, Some(user_id), true, meta).await?;
        tx.commit().await.map_err(db)
    }

    async fn audit_events(
        &self,
        filter: &AuditFilter,
    ) -> Result<(Vec<AuditRecord>, i64), StoreError> {
        let kind = filter.kind.map(AuditKind::as_str);
        let rows = sqlx::query!(
            r#"SELECT id, event_type, user_id, ip, user_agent, request_id, outcome, occurred_at,
                 count(*) OVER () AS "total!"
               FROM audit_events
               WHERE ($1::uuid IS NULL OR user_id = $1) AND ($2::text IS NULL OR event_type = $2)
               ORDER BY occurred_at DESC, id DESC LIMIT $3 OFFSET $4"#,
            filter.user_id,
            kind,
            i64::from(filter.paging.per_page),
            filter.paging.offset()
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let total = match rows.first() {
            Some(r) => r.total,
            // Past the last page the window function has no row to report on.
            None => sqlx::query_scalar!(
                r#"SELECT count(*) AS "count!" FROM audit_events
                   WHERE ($1::uuid IS NULL OR user_id = $1) AND ($2::text IS NULL OR event_type = $2)"#,
                filter.user_id,
                kind
            )
            .fetch_one(&self.pool)
            .await
            .map_err(db)?,
        };
        let records = rows
            .into_iter()
            .map(|r| {
                let kind = AuditKind::parse(&r.event_type).ok_or_else(|| {
                    db(sqlx::Error::Decode(
                        format!("unknown audit event type {}", r.event_type).into(),
                    ))
                })?;
                Ok(AuditRecord {
                    id: r.id,
                    kind,
                    user_id: r.user_id,
                    meta: RequestMeta {
                        ip: r.ip,
                        user_agent: r.user_agent,
                        request_id: r.request_id,
                    },
                    success: r.outcome == "success",
                    occurred_at: r.occurred_at,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((records, total))
    }

    async fn delete_account(
        &self,
        event_id: Uuid,
        user_id: Uuid,
        deleted_at: DateTime<Utc>,
        meta: &RequestMeta,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let first = agora_bus::inbox::claim(&mut tx, event_id, USERS_USER_DELETED)
            .await
            .map_err(db)?;
        if !first || !lock_tokens_of(&mut tx, user_id).await? {
            tx.commit().await.map_err(db)?;
            return Ok(false);
        }
        // Locked above: read and erased in one go.
        let email = sqlx::query_scalar!(
            "SELECT email FROM users WHERE id = $1 AND deleted_at IS NULL",
            user_id
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some(email) = email else {
            tx.commit().await.map_err(db)?;
            return Ok(false);
        };
        sqlx::query!(
            "UPDATE users SET email = NULL, name = '', password_hash = NULL, deleted_at = $2, \
             updated_at = now() WHERE id = $1",
            user_id,
            deleted_at
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        revoke_all_tokens(&mut tx, user_id).await?;
        sqlx::query!("DELETE FROM user_roles WHERE user_id = $1", user_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        if let Some(email) = email {
            sqlx::query!("DELETE FROM login_attempts WHERE email = $1", email)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        audit(
            &mut tx,
            AuditKind::AccountDeleted,
            Some(user_id),
            true,
            meta,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }

    async fn ensure_admin(
        &self,
        email: &Email,
        name: &Name,
        password_hash: &str,
    ) -> Result<Option<Principal>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        // A bootstrap admin deleted since is not brought back (with the configured, maybe
        // retired, password); its address, erased, can no longer be matched.
        let live = sqlx::query_scalar!(
            "SELECT bool_or(deleted_at IS NULL) FROM users WHERE bootstrap_admin"
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        if live == Some(false) {
            tx.commit().await.map_err(db)?;
            return Ok(None);
        }
        let created = sqlx::query_scalar!(
            "INSERT INTO users (id, email, name, password_hash, bootstrap_admin) \
             VALUES ($1, $2, $3, $4, true) ON CONFLICT (email) DO NOTHING RETURNING id",
            Uuid::now_v7(),
            email.as_str(),
            name.as_str(),
            password_hash
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let id = match created {
            Some(id) => {
                sqlx::query!(
                    "INSERT INTO user_roles (user_id, role) VALUES ($1, 'admin'), ($1, 'customer')",
                    id
                )
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                id
            }
            // Someone holds the address: the account an earlier start created (marked), or
            // an admin from before the mark (marked now). An account somebody else
            // registered is never given admin this way.
            None => {
                let holder = sqlx::query!(
                    "SELECT id, bootstrap_admin FROM users WHERE email = $1 FOR UPDATE",
                    email.as_str()
                )
                .fetch_one(&mut *tx)
                .await
                .map_err(db)?;
                let (id, marked) = (holder.id, holder.bootstrap_admin);
                if !marked {
                    let admin = principal_on(&mut tx, id)
                        .await?
                        .is_some_and(|p| p.roles.iter().any(|r| r == "admin"));
                    if !admin {
                        return Err(StoreError::EmailTaken);
                    }
                    sqlx::query!("UPDATE users SET bootstrap_admin = true WHERE id = $1", id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db)?;
                }
                id
            }
        };
        let principal = principal_on(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await.map_err(db)?;
        Ok(Some(principal))
    }
}
