//! The ledger on PostgreSQL: one payment per order (a unique index on `order_id`); each
//! settlement and refund is one transaction with its outbox event.

use agora_events::{PaymentCaptured, PaymentDeclined, PaymentRefunded, types};
use agora_kit::outbox::{self, OutboxEvent};
use agora_values::Paging;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::app::ports::{Claim, Decision, PaymentFilter, PaymentStore, StoreError};
use crate::domain::{Charge, Payment, PaymentStatus};

const SOURCE: &str = "payments";

pub struct PgPayments {
    pool: PgPool,
}

impl PgPayments {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

fn db(e: sqlx::Error) -> StoreError {
    StoreError::Database(Box::new(e))
}

#[derive(Debug, thiserror::Error)]
#[error("the ledger holds a payment status it does not know: {0:?}")]
struct UnknownStatus(String);

struct Row {
    id: Uuid,
    order_id: Uuid,
    user_id: Uuid,
    amount: i64,
    currency: String,
    status: String,
    provider_reference: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl Row {
    fn payment(self) -> Result<(Payment, Option<String>), StoreError> {
        let status = PaymentStatus::parse(&self.status)
            .ok_or_else(|| StoreError::Database(Box::new(UnknownStatus(self.status.clone()))))?;
        Ok((
            Payment {
                id: self.id,
                order_id: self.order_id,
                user_id: self.user_id,
                amount: self.amount,
                currency: self.currency,
                status,
                created_at: self.created_at,
                updated_at: self.updated_at,
            },
            self.provider_reference,
        ))
    }
}

async fn by_id(
    conn: &mut sqlx::PgConnection,
    id: Uuid,
) -> Result<Option<(Payment, Option<String>)>, StoreError> {
    sqlx::query_as!(
        Row,
        "SELECT id, order_id, user_id, amount, currency, status, provider_reference, created_at, \
         updated_at FROM payments WHERE id = $1",
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(db)?
    .map(Row::payment)
    .transpose()
}

#[async_trait::async_trait]
impl PaymentStore for PgPayments {
    async fn claim(&self, charge: &Charge) -> Result<Claim, StoreError> {
        // A concurrent claim of the same order waits on the unique index for this insert
        // and then finds the row: one payment per order, whoever asks first.
        sqlx::query!(
            "INSERT INTO payments (id, order_id, user_id, amount, currency, status) \
             VALUES ($1, $2, $3, $4, $5, 'processing') ON CONFLICT (order_id) DO NOTHING",
            Uuid::now_v7(),
            charge.order_id,
            charge.user_id,
            charge.amount,
            charge.currency.as_str()
        )
        .execute(&self.pool)
        .await
        .map_err(db)?;
        let (payment, _) = sqlx::query_as!(
            Row,
            "SELECT id, order_id, user_id, amount, currency, status, provider_reference, \
             created_at, updated_at FROM payments WHERE order_id = $1",
            charge.order_id
        )
        .fetch_one(&self.pool)
        .await
        .map_err(db)?
        .payment()?;
        Ok(match payment.status {
            PaymentStatus::Processing => Claim::Processing(payment),
            _ => Claim::Settled(payment),
        })
    }

    async fn settle(&self, id: Uuid, decision: &Decision) -> Result<Option<Payment>, StoreError> {
        let (status, reference, reason) = match decision {
            Decision::Approved { reference } => (PaymentStatus::Captured, reference, None),
            Decision::Declined { reference, reason } => {
                (PaymentStatus::Declined, reference, Some(reason.as_str()))
            }
        };
        let mut tx = self.pool.begin().await.map_err(db)?;
        let settled = sqlx::query_as!(
            Row,
            "UPDATE payments SET status = $2, provider_reference = $3, decline_reason = $4, \
             updated_at = now() WHERE id = $1 AND status = 'processing' \
             RETURNING id, order_id, user_id, amount, currency, status, provider_reference, \
             created_at, updated_at",
            id,
            status.as_str(),
            reference,
            reason
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some(row) = settled else {
            // Settled (or abandoned) by another request meanwhile: answer what it recorded.
            drop(tx);
            let mut conn = self.pool.acquire().await.map_err(db)?;
            return Ok(by_id(&mut conn, id).await?.map(|(p, _)| p));
        };
        let (p, _) = row.payment()?;
        let event = match p.status {
            PaymentStatus::Captured => OutboxEvent::new(
                SOURCE,
                types::PAYMENTS_PAYMENT_CAPTURED,
                p.id,
                p.updated_at,
                &PaymentCaptured {
                    payment_id: p.id,
                    order_id: p.order_id,
                    user_id: p.user_id,
                    amount: p.amount,
                    currency: p.currency.clone(),
                    captured_at: p.updated_at,
                },
            ),
            _ => OutboxEvent::new(
                SOURCE,
                types::PAYMENTS_PAYMENT_DECLINED,
                p.id,
                p.updated_at,
                &PaymentDeclined {
                    payment_id: p.id,
                    order_id: p.order_id,
                    user_id: p.user_id,
                    amount: p.amount,
                    currency: p.currency.clone(),
                    declined_at: p.updated_at,
                },
            ),
        };
        outbox::enqueue(&mut tx, &event).await.map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(Some(p))
    }

    async fn abandon(&self, id: Uuid) -> Result<(), StoreError> {
        sqlx::query!(
            "DELETE FROM payments WHERE id = $1 AND status = 'processing'",
            id
        )
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn payment(&self, id: Uuid) -> Result<Option<(Payment, String)>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        Ok(by_id(&mut conn, id)
            .await?
            .and_then(|(p, reference)| Some((p, reference?))))
    }

    async fn mark_refunded(&self, id: Uuid) -> Result<Payment, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let refunded = sqlx::query_as!(
            Row,
            "UPDATE payments SET status = 'refunded', updated_at = now() \
             WHERE id = $1 AND status = 'captured' \
             RETURNING id, order_id, user_id, amount, currency, status, provider_reference, \
             created_at, updated_at",
            id
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some(row) = refunded else {
            // Refunded by another request meanwhile.
            let (p, _) = by_id(&mut tx, id)
                .await?
                .ok_or_else(|| StoreError::Database(Box::new(sqlx::Error::RowNotFound)))?;
            return Ok(p);
        };
        let (p, _) = row.payment()?;
        let event = OutboxEvent::new(
            SOURCE,
            types::PAYMENTS_PAYMENT_REFUNDED,
            p.id,
            p.updated_at,
            &PaymentRefunded {
                payment_id: p.id,
                order_id: p.order_id,
                amount: p.amount,
                currency: p.currency.clone(),
                refunded_at: p.updated_at,
            },
        );
        outbox::enqueue(&mut tx, &event).await.map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(p)
    }

    async fn list(
        &self,
        filter: PaymentFilter,
        paging: Paging,
    ) -> Result<(Vec<Payment>, i64), StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        let rows = sqlx::query!(
            r#"SELECT id, order_id, user_id, amount, currency, status, provider_reference,
                 created_at, updated_at, count(*) OVER () AS "total!"
               FROM payments
               WHERE status <> 'processing'
                 AND ($1::uuid IS NULL OR order_id = $1) AND ($2::uuid IS NULL OR user_id = $2)
               ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4"#,
            filter.order_id,
            filter.user_id,
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
                r#"SELECT count(*) AS "count!" FROM payments
                   WHERE status <> 'processing'
                     AND ($1::uuid IS NULL OR order_id = $1) AND ($2::uuid IS NULL OR user_id = $2)"#,
                filter.order_id,
                filter.user_id
            )
            .fetch_one(&mut *conn)
            .await
            .map_err(db)?,
        };
        let items = rows
            .into_iter()
            .map(|r| {
                Row {
                    id: r.id,
                    order_id: r.order_id,
                    user_id: r.user_id,
                    amount: r.amount,
                    currency: r.currency,
                    status: r.status,
                    provider_reference: r.provider_reference,
                    created_at: r.created_at,
                    updated_at: r.updated_at,
                }
                .payment()
                .map(|(p, _)| p)
            })
            .collect::<Result<_, _>>()?;
        Ok((items, total))
    }
}
