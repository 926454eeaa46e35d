//! Profiles on PostgreSQL; each write is one transaction with its outbox event.

use agora_events::{UserDeleted, UserUpdated};
use agora_kit::outbox::{self, OutboxEvent};
use agora_values::Paging;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool, Row};
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

fn address_from(row: &sqlx::postgres::PgRow) -> Result<Address, sqlx::Error> {
    Ok(Address {
        id: row.try_get("id")?,
        line1: row.try_get("line1")?,
        line2: row.try_get("line2")?,
        city: row.try_get("city")?,
        postal_code: row.try_get("postal_code")?,
        country: row.try_get("country")?,
        created_at: row.try_get("created_at")?,
    })
}

/// Profile rows and their addresses, in the rows' order.
async fn with_addresses(
    conn: &mut PgConnection,
    rows: &[sqlx::postgres::PgRow],
) -> Result<Vec<Profile>, StoreError> {
    let ids: Vec<Uuid> = rows
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()
        .map_err(db)?;
    let address_rows = sqlx::query(
        "SELECT id, user_id, line1, line2, city, postal_code, country, created_at FROM addresses \
         WHERE user_id = ANY($1) ORDER BY created_at, id",
    )
    .bind(&ids)
    .fetch_all(conn)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|r| {
            let id: Uuid = r.try_get("id")?;
            let addresses = address_rows
                .iter()
                .filter(|a| a.try_get::<Uuid, _>("user_id").is_ok_and(|u| u == id))
                .map(address_from)
                .collect::<Result<_, _>>()?;
            Ok(Profile {
                id,
                email: r.try_get("email")?,
                name: r.try_get("name")?,
                phone: r.try_get("phone")?,
                addresses,
                created_at: r.try_get("created_at")?,
                updated_at: r.try_get("updated_at")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(db)
}

/// The profile, or why there is none.
async fn load(conn: &mut PgConnection, id: Uuid, lock: bool) -> Result<Profile, StoreError> {
    let sql = if lock {
        "SELECT id, email, name, phone, created_at, updated_at, deleted_at FROM profiles WHERE id = $1 FOR UPDATE"
    } else {
        "SELECT id, email, name, phone, created_at, updated_at, deleted_at FROM profiles WHERE id = $1"
    };
    let row = sqlx::query(sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
    if row
        .try_get::<Option<DateTime<Utc>>, _>("deleted_at")
        .map_err(db)?
        .is_some()
    {
        return Err(StoreError::Deleted);
    }
    Ok(with_addresses(conn, &[row]).await?.remove(0))
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
        sqlx::query("INSERT INTO profiles (id, email, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING")
            .bind(id)
            .bind(email)
            .bind(name)
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
        let fresh = sqlx::query("INSERT INTO processed_events (event_id, event_type) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(event_id)
            .bind(agora_events::types::AUTH_USER_REGISTERED)
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected()
            == 1;
        if !fresh {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO profiles (id, email, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
             ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name \
             WHERE profiles.deleted_at IS NULL AND profiles.updated_at < EXCLUDED.updated_at",
        )
        .bind(id)
        .bind(email)
        .bind(name)
        .bind(registered_at)
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
        sqlx::query("UPDATE profiles SET name = $2, phone = $3, updated_at = now() WHERE id = $1")
            .bind(id)
            .bind(&name)
            .bind(&phone)
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
        let row = sqlx::query(
            "INSERT INTO addresses (id, user_id, line1, line2, city, postal_code, country) \
             SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM profiles WHERE id = $2 AND deleted_at IS NULL) \
             RETURNING id, line1, line2, city, postal_code, country, created_at",
        )
        .bind(Uuid::now_v7())
        .bind(user_id)
        .bind(&a.line1)
        .bind(&a.line2)
        .bind(&a.city)
        .bind(&a.postal_code)
        .bind(a.country.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        address_from(&row).map_err(db)
    }

    async fn delete_address(&self, user_id: Uuid, address_id: Uuid) -> Result<bool, StoreError> {
        let deleted = sqlx::query("DELETE FROM addresses WHERE id = $1 AND user_id = $2")
            .bind(address_id)
            .bind(user_id)
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
        let rows = sqlx::query(
            "SELECT id, email, name, phone, created_at, updated_at, count(*) OVER () AS total FROM profiles \
             WHERE deleted_at IS NULL AND ($1::text IS NULL OR (lower(name) || ' ' || lower(email)) LIKE $1) \
             ORDER BY created_at, id LIMIT $2 OFFSET $3",
        )
        .bind(&pattern)
        .bind(i64::from(paging.per_page))
        .bind(paging.offset())
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
        let total = match rows.first() {
            Some(r) => r.try_get("total").map_err(db)?,
            None => sqlx::query_scalar(
                "SELECT count(*) FROM profiles WHERE deleted_at IS NULL AND ($1::text IS NULL OR (lower(name) || ' ' || lower(email)) LIKE $1)",
            )
            .bind(&pattern)
            .fetch_one(&mut *conn)
            .await
            .map_err(db)?,
        };
        Ok((with_addresses(&mut conn, &rows).await?, total))
    }

    async fn delete_profile(&self, id: Uuid) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        load(&mut tx, id, true).await?;
        let now = Utc::now();
        // The tombstone keeps no personal data.
        sqlx::query("UPDATE profiles SET deleted_at = $2, updated_at = $2, email = '', name = '', phone = NULL WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query("DELETE FROM addresses WHERE user_id = $1")
            .bind(id)
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
