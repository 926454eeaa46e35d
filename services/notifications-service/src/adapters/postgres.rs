//! The notification record on PostgreSQL.

use agora_values::Paging;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use crate::app::ports::{NewNotification, Notification, NotificationStore, Status, StoreError};
use crate::domain::Template;

pub struct PgNotifications {
    pool: PgPool,
}

impl PgNotifications {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

fn db(e: sqlx::Error) -> StoreError {
    StoreError(Box::new(e))
}

const COLUMNS: &str =
    "id, user_id, template, recipient, subject, body, status, created_at, sent_at";

fn from_row(row: &sqlx::postgres::PgRow) -> Result<Notification, sqlx::Error> {
    let template: String = row.try_get("template")?;
    let status: String = row.try_get("status")?;
    Ok(Notification {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        template: Template::parse(&template)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown template {template}").into()))?,
        recipient: row.try_get("recipient")?,
        subject: row.try_get("subject")?,
        body: row.try_get("body")?,
        status: match status.as_str() {
            "sent" => Status::Sent,
            "failed" => Status::Failed,
            _ => Status::Pending,
        },
        created_at: row.try_get("created_at")?,
        sent_at: row.try_get("sent_at")?,
    })
}

#[async_trait::async_trait]
impl NotificationStore for PgNotifications {
    async fn record(&self, n: &NewNotification) -> Result<Notification, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        agora_bus::inbox::claim(&mut tx, n.event_id, &n.event_type)
            .await
            .map_err(db)?;
        sqlx::query(
            "INSERT INTO notifications (id, event_id, user_id, channel, template, recipient, subject, body, status) \
             VALUES ($1, $2, $3, 'email', $4, $5, $6, $7, 'pending') ON CONFLICT (event_id, template) DO NOTHING",
        )
        .bind(Uuid::now_v7())
        .bind(n.event_id)
        .bind(n.user_id)
        .bind(n.template.as_str())
        .bind(&n.recipient)
        .bind(&n.subject)
        .bind(&n.body)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM notifications WHERE event_id = $1 AND template = $2"
        )))
        .bind(n.event_id)
        .bind(n.template.as_str())
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        from_row(&row).map_err(db)
    }

    async fn erase_person(&self, event_id: Uuid, user_id: Uuid) -> Result<u64, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let first =
            agora_bus::inbox::claim(&mut tx, event_id, agora_events::types::USERS_USER_DELETED)
                .await
                .map_err(db)?;
        let erased = if first {
            sqlx::query(
                "UPDATE notifications SET recipient = '', subject = '', body = '', \
                 last_error = NULL WHERE user_id = $1",
            )
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected()
        } else {
            0
        };
        tx.commit().await.map_err(db)?;
        Ok(erased)
    }

    async fn mark_sent(&self, id: Uuid) -> Result<(), StoreError> {
        sqlx::query("UPDATE notifications SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn mark_failed(&self, id: Uuid, error: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE notifications SET status = 'failed', attempts = attempts + 1, last_error = $2 WHERE id = $1")
            .bind(id)
            .bind(error)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn list(
        &self,
        user_id: Option<Uuid>,
        paging: Paging,
    ) -> Result<(Vec<Notification>, i64), StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM notifications WHERE ($1::uuid IS NULL OR user_id = $1) \
             ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3"
        )))
        .bind(user_id)
        .bind(i64::from(paging.per_page))
        .bind(paging.offset())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let total: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM notifications WHERE ($1::uuid IS NULL OR user_id = $1)",
        )
        .bind(user_id)
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        let items = rows
            .iter()
            .map(from_row)
            .collect::<Result<_, _>>()
            .map_err(db)?;
        Ok((items, total))
    }
}
