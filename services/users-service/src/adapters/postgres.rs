//! Profiles on PostgreSQL; each write is one transaction with its outbox event.

use agora_events::{UserDeleted, UserUpdated};
use agora_kit::outbox::{self, OutboxEvent};
use agora_values::Paging;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::app::ports::{Ensured, ProfileStore, StoreError};
use crate::domain::{Address, NewAddress, Profile, ProfileChanges};

const SOURCE: &str = "users";

pub struct PgProfiles {
    pool: PgPool,
}

impl PgProfiles {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

fn db(e: sqlx::Error) -> StoreError {
    StoreError::Database(Box::new(e))
}

/// A profile row, before its addresses join it.
struct ProfileRow {
    id: Uuid,
    email: String,
    name: String,
    phone: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    deleted_at: Option<DateTime<Utc>>,
}

/// Profile rows and their addresses, in the rows' order.
async fn with_addresses(
    conn: &mut PgConnection,
    rows: Vec<ProfileRow>,
) -> Result<Vec<Profile>, StoreError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut addresses = sqlx::query!(
        "SELECT id, user_id, line1, line2, city, postal_code, country, created_at FROM addresses \
         WHERE user_id = ANY($1) ORDER BY created_at, id",
        &ids
    )
    .fetch_all(conn)
    .await
    .map_err(db)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let (mine, others) = addresses.drain(..).partition(|a| a.user_id == r.id);
            addresses = others;
            Profile {
                id: r.id,
                email: r.email,
                name: r.name,
                phone: r.phone,
                addresses: mine
                    .into_iter()
                    .map(|a| Address {
                        id: a.id,
                        line1: a.line1,
                        line2: a.line2,
                        city: a.city,
                        postal_code: a.postal_code,
                        country: a.country,
                        created_at: a.created_at,
                    })
                    .collect(),
                created_at: r.created_at,
                updated_at: r.updated_at,
            }
        })
        .collect())
}

/// The profile, or why there is none; `lock` holds its row until the transaction ends.
async fn load(conn: &mut PgConnection, id: Uuid, lock: bool) -> Result<Profile, StoreError> {
    let row = if lock {
        sqlx::query_as!(
            ProfileRow,
            "SELECT id, email, name, phone, created_at, updated_at, deleted_at FROM profiles \
             WHERE id = $1 FOR UPDATE",
            id
        )
        .fetch_optional(&mut *conn)
        .await
    } else {
        sqlx::query_as!(
            ProfileRow,
            "SELECT id, email, name, phone, created_at, updated_at, deleted_at FROM profiles \
             WHERE id = $1",
            id
        )
        .fetch_optional(&mut *conn)
        .await
    };
    let row = row.map_err(db)?.ok_or(StoreError::NotFound)?;
    if row.deleted_at.is_some() {
        return Err(StoreError::Deleted);
    }
    Ok(with_addresses(conn, vec![row]).await?.remove(0))
}

/// `%`, `_` and `\` match themselves in the search.
fn like_pattern(q: &str) -> String {
    let escaped = q
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

#[async_trait::async_trait]
impl ProfileStore for PgProfiles {
    async fn ensure_profile(
        &self,
        id: Uuid,
        email: &str,
        name: &str,
    ) -> Result<Ensured, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        sqlx::query!(
            "INSERT INTO profiles (id, email, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
            id,
            email,
            name
        )
        .execute(&mut *conn)
            .await
            .map_err(db)?;
        match load(&mut conn, id, false).await {
            Ok(p) => Ok(Ensured::Profile(p)),
            Err(StoreError::Deleted) => Ok(Ensured::Deleted),
            Err(e) => Err(e),
        }
    }

    async fn apply_registration(
        &self,
        event_id: Uuid,
        id: Uuid,
        email: &str,
        name: &str,
        registered_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let fresh = sqlx::query!(
            "INSERT INTO processed_events (event_id, event_type) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            event_id,
            agora_events::types::AUTH_USER_REGISTERED
        )
        .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected()
            == 1;
        if !fresh {
            return Ok(false);
        }
        sqlx::query!(
            "INSERT INTO profiles (id, email, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
             ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name \
             WHERE profiles.deleted_at IS NULL AND profiles.updated_at < EXCLUDED.updated_at",
            id,
            email,
            name,
            registered_at
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }

    async fn profile(&self, id: Uuid) -> Result<Option<Profile>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        match load(&mut conn, id, false).await {
            Ok(p) => Ok(Some(p)),
            Err(StoreError::NotFound | StoreError::Deleted) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn update_profile(
        &self,
        id: Uuid,
        changes: &ProfileChanges,
    ) -> Result<Profile, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let current = load(&mut tx, id, true).await?;
        let name = changes.name.clone().unwrap_or(current.name);
        let phone = match &changes.phone {
            Some(p) => p.as_ref().map(|p| p.as_str().to_owned()),
            None => current.phone,
        };
        sqlx::query!(
            "UPDATE profiles SET name = $2, phone = $3, updated_at = now() WHERE id = $1",
            id,
            &name,
            phone.as_deref()
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let updated = load(&mut tx, id, false).await?;
        let data = UserUpdated {
            user_id: id,
            name,
            phone,
            updated_at: updated.updated_at,
        };
        let event = OutboxEvent::new(
            SOURCE,
            agora_events::types::USERS_USER_UPDATED,
            id,
            updated.updated_at,
            &data,
        );
        outbox::enqueue(&mut tx, &event).await.map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(updated)
    }

    async fn add_address(&self, user_id: Uuid, a: &NewAddress) -> Result<Address, StoreError> {
        sqlx::query_as!(
            Address,
            "INSERT INTO addresses (id, user_id, line1, line2, city, postal_code, country) \
             SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM profiles WHERE id = $2 AND deleted_at IS NULL) \
             RETURNING id, line1, line2, city, postal_code, country, created_at",
            Uuid::now_v7(),
            user_id,
            &a.line1,
            a.line2.as_deref(),
            &a.city,
            &a.postal_code,
            a.country.as_str()
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)
    }

    async fn delete_address(&self, user_id: Uuid, address_id: Uuid) -> Result<bool, StoreError> {
        let deleted = sqlx::query!(
            "DELETE FROM addresses WHERE id = $1 AND user_id = $2",
            address_id,
            user_id
        )
        .execute(&self.pool)
        .await
        .map_err(db)?
        .rows_affected();
        Ok(deleted == 1)
    }

    async fn search(
        &self,
        q: Option<&str>,
        paging: Paging,
    ) -> Result<(Vec<Profile>, i64), StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        let pattern = q.map(like_pattern);
        let rows = sqlx::query!(
            r#"SELECT id, email, name, phone, created_at, updated_at, count(*) OVER () AS "total!" FROM profiles
             WHERE deleted_at IS NULL AND ($1::text IS NULL OR (lower(name) || ' ' || lower(email)) LIKE $1)
             ORDER BY created_at, id LIMIT $2 OFFSET $3"#,
            pattern.as_deref(),
            i64::from(paging.per_page),
            paging.offset()
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
        let total = match rows.first() {
            Some(r) => r.total,
            // Past the last page there is no row to carry the count: ask for it.
            None => sqlx::query_scalar!(
                r#"SELECT count(*) AS "count!" FROM profiles
                 WHERE deleted_at IS NULL AND ($1::text IS NULL OR (lower(name) || ' ' || lower(email)) LIKE $1)"#,
                pattern.as_deref()
            )
            .fetch_one(&mut *conn)
            .await
            .map_err(db)?,
        };
        let rows = rows
            .into_iter()
            .map(|r| ProfileRow {
                id: r.id,
                email: r.email,
                name: r.name,
                phone: r.phone,
                created_at: r.created_at,
                updated_at: r.updated_at,
                deleted_at: None,
            })
            .collect();
        Ok((with_addresses(&mut conn, rows).await?, total))
    }

    async fn delete_profile(&self, id: Uuid) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        load(&mut tx, id, true).await?;
        let now = Utc::now();
        // The tombstone keeps no personal data.
        sqlx::query!(
            "UPDATE profiles SET deleted_at = $2, updated_at = $2, email = '', name = '', phone = NULL \
             WHERE id = $1",
            id,
            now
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        sqlx::query!("DELETE FROM addresses WHERE user_id = $1", id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let event = OutboxEvent::new(
            SOURCE,
            agora_events::types::USERS_USER_DELETED,
            id,
            now,
            &UserDeleted {
                user_id: id,
                deleted_at: now,
            },
        );
        outbox::enqueue(&mut tx, &event).await.map_err(db)?;
        tx.commit().await.map_err(db)
    }
}
