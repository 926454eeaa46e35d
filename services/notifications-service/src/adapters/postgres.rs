//! The notification record on PostgreSQL.

use agora_values::Paging;
use sqlx::PgPool;
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

/// A notification row as stored; the template and status are text the migration's
/// CHECK constraints keep to the known names.
struct Row {
    id: Uuid,
    user_id: Uuid,
    template: String,
    recipient: String,
    subject: String,
    body: String,
    status: String,
    created_at: chrono::DateTime<chrono::Utc>,
    sent_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl TryFrom<Row> for Notification {
    type Error = StoreError;

    fn try_from(row: Row) -> Result<Self, StoreError> {
        let template = Template::parse(&row.template).ok_or_else(|| {
            db(sqlx::Error::Decode(
                format!("unknown template {}", row.template).into(),
            ))
        })?;
        Ok(Notification {
            id: row.id,
            user_id: row.user_id,
            template,
            recipient: row.recipient,
            subject: row.subject,
            body: row.body,
            status: match row.status.as_str() {
                "sent" => Status::Sent,
                "failed" => Status::Failed,
                _ => Status::Pending,
            },
            created_at: row.created_at,
            sent_at: row.sent_at,
        })
    }
}

#[async_trait::async_trait]
impl NotificationStore for PgNotifications {
    async fn record(&self, n: &NewNotification) -> Result<Notification, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        agora_bus::inbox::claim(&mut tx, n.event_id, &n.event_type)
            .await
            .map_err(db)?;
        sqlx::query!(
            "INSERT INTO notifications (id, event_id, user_id, channel, template, recipient, subject, body, status) \
             VALUES ($1, $2, $3, 'email', $4, $5, $6, $7, 'pending') ON CONFLICT (event_id, template) DO NOTHING",
            Uuid::now_v7(),
            n.event_id,
            n.user_id,
            n.template.as_str(),
            &n.recipient,
            &n.subject,
            &n.body
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let row = sqlx::query_as!(
            Row,
            "SELECT id, user_id, template, recipient, subject, body, status, created_at, sent_at \
             FROM notifications WHERE event_id = $1 AND template = $2",
            n.event_id,
            n.template.as_str()
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        row.try_into()
    }

    async fn erase_person(&self, event_id: Uuid, user_id: Uuid) -> Result<u64, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let first =
            agora_bus::inbox::claim(&mut tx, event_id, agora_events::types::USERS_USER_DELETED)
                .await
                .map_err(db)?;
        let erased = if first {
            sqlx::query!(
                "UPDATE notifications SET recipient = '', subject = '', body = '', \
                 last_error = NULL WHERE user_id = $1",
                user_id
            )
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
        sqlx::query!(
            "UPDATE notifications SET status = 'sent', sent_at = now(), attempts = attempts + 1, \
             last_error = NULL WHERE id = $1",
            id
        )
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn mark_failed(&self, id: Uuid, error: &str) -> Result<(), StoreError> {
        sqlx::query!(
            "UPDATE notifications SET status = 'failed', attempts = attempts + 1, last_error = $2 \
             WHERE id = $1",
            id,
            error
        )
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
        let rows = sqlx::query_as!(
            Row,
            "SELECT id, user_id, template, recipient, subject, body, status, created_at, sent_at \
             FROM notifications WHERE ($1::uuid IS NULL OR user_id = $1) \
             ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
            user_id,
            i64::from(paging.per_page),
            paging.offset()
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let total = sqlx::query_scalar!(
            r#"SELECT count(*) AS "count!" FROM notifications WHERE ($1::uuid IS NULL OR user_id = $1)"#,
            user_id
        )
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        let items = rows
            .into_iter()
            .map(Notification::try_from)
            .collect::<Result<_, _>>()?;
        Ok((items, total))
    }
}
