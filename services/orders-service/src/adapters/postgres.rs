//! Carts, orders, idempotency keys and the saga's work on PostgreSQL. Every change of an
//! order is applied by the domain's state machine under the order's row lock, in one
//! transaction with its outbox event (and its inbox entry, for a consumed event).

use std::sync::Arc;
use std::time::Duration;

use agora_events::{OrderCancelled, OrderConfirmed, OrderLine, OrderPlaced, OrderShipped, types};
use agora_kit::outbox::{self, OutboxEvent};
use agora_values::Paging;
use chrono::{DateTime, SubsecRound, Utc};
use sqlx::{PgConnection, PgPool};
use tokio::sync::Notify;
use uuid::Uuid;

use crate::app::ports::{
    Applied, CartContents, CartLine, KeyClaim, NewOrder, OrderFilter, OrderStore, Step, StoreError,
    Work,
};
use crate::domain::{
    Address, CancellationReason, Event, Line, Order, Refund, Stage, Transition, Transitioned,
};

const SOURCE: &str = "orders";

pub struct PgOrders {
    pool: PgPool,
    /// Woken when a change makes a step due at once, so that a waiting worker of this
    /// instance takes it without waiting for its next poll.
    due: Arc<Notify>,
}

impl PgOrders {
    pub fn new(pool: PgPool) -> Self {
        Self::waking(pool, Arc::new(Notify::new()))
    }

    /// The store, waking `due` whenever a step becomes due at once.
    pub fn waking(pool: PgPool, due: Arc<Notify>) -> Self {
        Self { pool, due }
    }

    /// How long the oldest pending order and the oldest refund still due have waited, in
    /// seconds (0 when there is none): what the saga's alerts watch.
    pub async fn oldest_unsettled(&self) -> Result<(f64, f64), StoreError> {
        let ages = sqlx::query!(
            r#"SELECT
                 coalesce(extract(epoch FROM now() - min(created_at)
                   FILTER (WHERE stage IN ('placed', 'reserved'))), 0)::float8 AS "pending!",
                 coalesce(extract(epoch FROM now() - min(updated_at)
                   FILTER (WHERE stage = 'cancelled' AND refund = 'due')), 0)::float8 AS "refunds!"
               FROM orders WHERE stage IN ('placed', 'reserved') OR refund = 'due'"#
        )
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok((ages.pending, ages.refunds))
    }

    /// One attempt at claiming the key; `None` when the claim vanished under it.
    async fn try_claim(
        &self,
        user_id: Uuid,
        key: &str,
        fingerprint: &str,
        stale_after: Duration,
    ) -> Result<Option<KeyClaim>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let claim = Uuid::now_v7();
        let fresh = sqlx::query!(
            "INSERT INTO idempotency_keys (user_id, key, fingerprint, claim_id) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, key) DO NOTHING",
            user_id,
            key,
            fingerprint,
            claim
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected()
            == 1;
        if fresh {
            tx.commit().await.map_err(db)?;
            return Ok(Some(KeyClaim::Fresh(claim)));
        }
        let Some(held) = sqlx::query!(
            "SELECT fingerprint, order_id, claimed_at FROM idempotency_keys \
             WHERE user_id = $1 AND key = $2 FOR UPDATE",
            user_id,
            key
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?
        else {
            return Ok(None);
        };
        let answer = if held.fingerprint != fingerprint {
            KeyClaim::OtherRequest
        } else if let Some(order_id) = held.order_id {
            KeyClaim::Replay(order_id)
        } else if Utc::now() - held.claimed_at < std_to_chrono(stale_after) {
            KeyClaim::InFlight
        } else {
            // Its first call is taken for dead: this one holds the claim from now on.
            sqlx::query!(
                "UPDATE idempotency_keys SET claimed_at = now(), claim_id = $3 \
                 WHERE user_id = $1 AND key = $2",
                user_id,
                key,
                claim
            )
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            KeyClaim::Fresh(claim)
        };
        tx.commit().await.map_err(db)?;
        Ok(Some(answer))
    }
}

fn db(e: sqlx::Error) -> StoreError {
    StoreError::Database(Box::new(e))
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Database(format!("the orders table holds an unknown {what}: {value:?}").into())
}

fn std_to_chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

/// An order row, before its lines join it.
struct OrderRow {
    id: Uuid,
    user_id: Uuid,
    email: String,
    stage: String,
    cancellation_reason: Option<String>,
    cancel_requested: Option<String>,
    refund: String,
    total: i64,
    currency: String,
    ship_line1: String,
    ship_line2: Option<String>,
    ship_city: String,
    ship_postal_code: String,
    ship_country: String,
    payment_id: Option<Uuid>,
    charge_attempts: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i64,
}

impl OrderRow {
    fn order(self, lines: Vec<Line>) -> Result<Order, StoreError> {
        let reason = |r: Option<String>| {
            r.map(|r| CancellationReason::parse(&r).ok_or_else(|| corrupt("reason", &r)))
                .transpose()
        };
        Ok(Order {
            id: self.id,
            user_id: self.user_id,
            email: self.email,
            stage: Stage::parse(&self.stage).ok_or_else(|| corrupt("stage", &self.stage))?,
            cancellation_reason: reason(self.cancellation_reason)?,
            cancel_requested: reason(self.cancel_requested)?,
            refund: Refund::parse(&self.refund).ok_or_else(|| corrupt("refund", &self.refund))?,
            lines,
            total: self.total,
            currency: self.currency.trim_end().to_owned(),
            shipping_address: Address {
                line1: self.ship_line1,
                line2: self.ship_line2,
                city: self.ship_city,
                postal_code: self.ship_postal_code,
                country: self.ship_country.trim_end().to_owned(),
            },
            payment_id: self.payment_id,
            charge_attempts: self.charge_attempts,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}

/// The rows' orders with their lines, in the rows' order.
async fn with_lines(
    conn: &mut PgConnection,
    rows: Vec<OrderRow>,
) -> Result<Vec<Order>, StoreError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut lines = sqlx::query!(
        "SELECT order_id, product_id, sku, name, quantity, unit_price FROM order_lines \
         WHERE order_id = ANY($1) ORDER BY order_id, position",
        &ids
    )
    .fetch_all(conn)
    .await
    .map_err(db)?;
    rows.into_iter()
        .map(|r| {
            let (mine, others) = lines.drain(..).partition(|l| l.order_id == r.id);
            lines = others;
            let mine: Vec<_> = mine;
            r.order(
                mine.into_iter()
                    .map(|l| Line {
                        product_id: l.product_id,
                        sku: l.sku,
                        name: l.name,
                        quantity: l.quantity,
                        unit_price: l.unit_price,
                    })
                    .collect(),
            )
        })
        .collect()
}

async fn load(conn: &mut PgConnection, id: Uuid, lock: bool) -> Result<Option<Order>, StoreError> {
    let row = if lock {
        sqlx::query_as!(
            OrderRow,
            "SELECT id, user_id, email, stage, cancellation_reason, cancel_requested, refund, \
             total, currency, ship_line1, ship_line2, ship_city, ship_postal_code, ship_country, \
             payment_id, charge_attempts, created_at, updated_at, version \
             FROM orders WHERE id = $1 FOR UPDATE",
            id
        )
        .fetch_optional(&mut *conn)
        .await
    } else {
        sqlx::query_as!(
            OrderRow,
            "SELECT id, user_id, email, stage, cancellation_reason, cancel_requested, refund, \
             total, currency, ship_line1, ship_line2, ship_city, ship_postal_code, ship_country, \
             payment_id, charge_attempts, created_at, updated_at, version \
             FROM orders WHERE id = $1",
            id
        )
        .fetch_optional(&mut *conn)
        .await
    }
    .map_err(db)?;
    match row {
        Some(row) => Ok(with_lines(conn, vec![row]).await?.pop()),
        None => Ok(None),
    }
}

fn event_lines(order: &Order) -> Vec<OrderLine> {
    order
        .lines
        .iter()
        .filter_map(|l| {
            Some(OrderLine {
                product_id: l.product_id,
                sku: l.sku.clone(),
                name: l.name.clone(),
                quantity: std::num::NonZeroU64::new(u64::try_from(l.quantity).ok()?)?,
                unit_price: l.unit_price,
            })
        })
        .collect()
}

/// The outbox event for `event` of `order`, as it now is.
fn outbox_event(order: &Order, event: Event, now: DateTime<Utc>) -> OutboxEvent {
    let (order_id, user_id, email) = (order.id, order.user_id, order.email.clone());
    let (lines, total, currency) = (event_lines(order), order.total, order.currency.clone());
    match event {
        Event::Confirmed => OutboxEvent::new(
            SOURCE,
            types::ORDERS_ORDER_CONFIRMED,
            order_id,
            now,
            &OrderConfirmed {
                order_id,
                user_id,
                email,
                lines,
                total,
                currency,
                payment_id: order.payment_id.unwrap_or_default(),
                confirmed_at: now,
            },
        ),
        Event::Cancelled { refunded } => OutboxEvent::new(
            SOURCE,
            types::ORDERS_ORDER_CANCELLED,
            order_id,
            now,
            &OrderCancelled {
                order_id,
                user_id,
                email,
                lines,
                total,
                currency,
                reason: match order.cancellation_reason {
                    Some(CancellationReason::OutOfStock) => {
                        agora_events::CancellationReason::OutOfStock
                    }
                    Some(CancellationReason::PaymentDeclined) => {
                        agora_events::CancellationReason::PaymentDeclined
                    }
                    Some(CancellationReason::AdminRequest) => {
                        agora_events::CancellationReason::AdminRequest
                    }
                    Some(CancellationReason::CustomerRequest) | None => {
                        agora_events::CancellationReason::CustomerRequest
                    }
                },
                refunded,
                cancelled_at: now,
            },
        ),
        Event::Shipped => OutboxEvent::new(
            SOURCE,
            types::ORDERS_ORDER_SHIPPED,
            order_id,
            now,
            &OrderShipped {
                order_id,
                user_id,
                email,
                lines,
                total,
                currency,
                shipped_at: now,
            },
        ),
    }
}

fn placed_event(order: &Order, now: DateTime<Utc>) -> OutboxEvent {
    OutboxEvent::new(
        SOURCE,
        types::ORDERS_ORDER_PLACED,
        order.id,
        now,
        &OrderPlaced {
            order_id: order.id,
            user_id: order.user_id,
            email: order.email.clone(),
            lines: event_lines(order),
            total: order.total,
            currency: order.currency.clone(),
            placed_at: order.created_at,
        },
    )
}

/// When the order's next step is due after a change at `now`: a reserved order is charged
/// and a refund made at once; a placed order keeps its recheck; anything else is done.
fn next_step_at(
    order: &Order,
    current: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    match (order.stage, order.refund) {
        (Stage::Placed, _) => current,
        (Stage::Reserved, _) | (Stage::Cancelled, Refund::Due) => Some(now),
        _ => None,
    }
}

async fn touch_cart(conn: &mut PgConnection, user_id: Uuid) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO carts (user_id) VALUES ($1) \
         ON CONFLICT (user_id) DO UPDATE SET updated_at = now()",
        user_id
    )
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

#[async_trait::async_trait]
impl OrderStore for PgOrders {
    async fn cart(&self, user_id: Uuid) -> Result<CartContents, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        let updated_at =
            sqlx::query_scalar!("SELECT updated_at FROM carts WHERE user_id = $1", user_id)
                .fetch_optional(&mut *conn)
                .await
                .map_err(db)?;
        let lines = sqlx::query_as!(
            CartLine,
            "SELECT product_id, quantity FROM cart_lines WHERE user_id = $1 \
             ORDER BY added_at, product_id",
            user_id
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
        Ok(CartContents { lines, updated_at })
    }

    async fn set_cart_line(
        &self,
        user_id: Uuid,
        line: CartLine,
        max_lines: usize,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        touch_cart(&mut tx, user_id).await?;
        // The cart's row is locked by the upsert: concurrent additions count one by one.
        let max = i64::try_from(max_lines).unwrap_or(i64::MAX);
        let set = sqlx::query!(
            "INSERT INTO cart_lines (user_id, product_id, quantity) \
             SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM cart_lines WHERE user_id = $1 AND product_id = $2) \
                OR (SELECT count(*) FROM cart_lines WHERE user_id = $1) < $4 \
             ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity",
            user_id,
            line.product_id,
            line.quantity,
            max
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if set == 0 {
            return Err(StoreError::CartFull);
        }
        tx.commit().await.map_err(db)
    }

    async fn remove_cart_line(&self, user_id: Uuid, product_id: Uuid) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let removed = sqlx::query!(
            "DELETE FROM cart_lines WHERE user_id = $1 AND product_id = $2",
            user_id,
            product_id
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if removed == 1 {
            touch_cart(&mut tx, user_id).await?;
        }
        tx.commit().await.map_err(db)?;
        Ok(removed == 1)
    }

    async fn clear_cart(&self, user_id: Uuid) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query!("DELETE FROM cart_lines WHERE user_id = $1", user_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        touch_cart(&mut tx, user_id).await?;
        tx.commit().await.map_err(db)
    }

    async fn drop_cart_lines(&self, user_id: Uuid, products: &[Uuid]) -> Result<(), StoreError> {
        sqlx::query!(
            "DELETE FROM cart_lines WHERE user_id = $1 AND product_id = ANY($2)",
            user_id,
            products
        )
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn claim_key(
        &self,
        user_id: Uuid,
        key: &str,
        fingerprint: &str,
        stale_after: Duration,
    ) -> Result<KeyClaim, StoreError> {
        // A claim released between the insert and the read is claimed afresh.
        for _ in 0..3 {
            if let Some(claim) = self
                .try_claim(user_id, key, fingerprint, stale_after)
                .await?
            {
                return Ok(claim);
            }
        }
        Err(StoreError::Database(
            "an idempotency key kept changing hands".into(),
        ))
    }

    async fn release_key(&self, user_id: Uuid, key: &str, claim: Uuid) -> Result<(), StoreError> {
        sqlx::query!(
            "DELETE FROM idempotency_keys \
             WHERE user_id = $1 AND key = $2 AND claim_id = $3 AND order_id IS NULL",
            user_id,
            key,
            claim
        )
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn place(
        &self,
        key: &str,
        claim: Uuid,
        o: &NewOrder,
        taken: &[CartLine],
        recheck_at: DateTime<Utc>,
    ) -> Result<Order, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        // The claim first: a call taken for dead places nothing, whatever it read.
        let held = sqlx::query!(
            "SELECT 1 AS held FROM idempotency_keys \
             WHERE user_id = $1 AND key = $2 AND claim_id = $3 AND order_id IS NULL FOR UPDATE",
            o.user_id,
            key,
            claim
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        if held.is_none() {
            return Err(StoreError::KeyTakenOver);
        }
        let a = &o.shipping_address;
        sqlx::query!(
            "INSERT INTO orders (id, user_id, email, stage, total, currency, ship_line1, \
             ship_line2, ship_city, ship_postal_code, ship_country, payment_token, next_attempt_at) \
             VALUES ($1, $2, $3, 'placed', $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            o.id,
            o.user_id,
            &o.email,
            o.total,
            &o.currency,
            &a.line1,
            a.line2.as_deref(),
            &a.city,
            &a.postal_code,
            &a.country,
            &o.payment_token,
            recheck_at
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let positions: Vec<i32> = (0..).take(o.lines.len()).collect();
        let products: Vec<Uuid> = o.lines.iter().map(|l| l.product_id).collect();
        let skus: Vec<String> = o.lines.iter().map(|l| l.sku.clone()).collect();
        let names: Vec<String> = o.lines.iter().map(|l| l.name.clone()).collect();
        let quantities: Vec<i32> = o.lines.iter().map(|l| l.quantity).collect();
        let prices: Vec<i64> = o.lines.iter().map(|l| l.unit_price).collect();
        sqlx::query!(
            "INSERT INTO order_lines (order_id, position, product_id, sku, name, quantity, unit_price) \
             SELECT $1, * FROM UNNEST($2::int[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::bigint[])",
            o.id,
            &positions,
            &products,
            &skus,
            &names,
            &quantities,
            &prices
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        sqlx::query!(
            "UPDATE idempotency_keys SET order_id = $3 WHERE user_id = $1 AND key = $2 AND claim_id = $4",
            o.user_id,
            key,
            o.id,
            claim
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        // Only the lines the order took, as they were: a line changed meanwhile stays.
        let taken_products: Vec<Uuid> = taken.iter().map(|l| l.product_id).collect();
        let taken_quantities: Vec<i32> = taken.iter().map(|l| l.quantity).collect();
        sqlx::query!(
            "DELETE FROM cart_lines c USING UNNEST($2::uuid[], $3::int[]) AS t(product_id, quantity) \
             WHERE c.user_id = $1 AND c.product_id = t.product_id AND c.quantity = t.quantity",
            o.user_id,
            &taken_products,
            &taken_quantities
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        touch_cart(&mut tx, o.user_id).await?;
        let order = load(&mut tx, o.id, false)
            .await?
            .ok_or_else(|| StoreError::Database("the order just placed is gone".into()))?;
        outbox::enqueue(&mut tx, &placed_event(&order, order.created_at))
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(order)
    }

    async fn forget_keys(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        Ok(
            sqlx::query!("DELETE FROM idempotency_keys WHERE claimed_at < $1", before)
                .execute(&self.pool)
                .await
                .map_err(db)?
                .rows_affected(),
        )
    }

    async fn order(&self, id: Uuid) -> Result<Option<Order>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        load(&mut conn, id, false).await
    }

    async fn list(
        &self,
        filter: OrderFilter,
        paging: Paging,
    ) -> Result<(Vec<Order>, i64), StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        let stages: Option<Vec<String>> = filter
            .stages
            .map(|s| s.iter().map(|s| s.as_str().to_owned()).collect());
        let rows = sqlx::query!(
            r#"SELECT id, user_id, email, stage, cancellation_reason, cancel_requested, refund,
                 total, currency, ship_line1, ship_line2, ship_city, ship_postal_code,
                 ship_country, payment_id, charge_attempts, created_at, updated_at, version,
                 count(*) OVER () AS "total_count!"
               FROM orders
               WHERE ($1::uuid IS NULL OR user_id = $1) AND ($2::text[] IS NULL OR stage = ANY($2))
               ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4"#,
            filter.user_id,
            stages.as_deref(),
            i64::from(paging.per_page),
            paging.offset()
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
        let total = match rows.first() {
            Some(r) => r.total_count,
            // Past the last page there is no row to carry the count: ask for it.
            None => sqlx::query_scalar!(
                r#"SELECT count(*) AS "count!" FROM orders
                   WHERE ($1::uuid IS NULL OR user_id = $1) AND ($2::text[] IS NULL OR stage = ANY($2))"#,
                filter.user_id,
                stages.as_deref()
            )
            .fetch_one(&mut *conn)
            .await
            .map_err(db)?,
        };
        let rows = rows
            .into_iter()
            .map(|r| OrderRow {
                id: r.id,
                user_id: r.user_id,
                email: r.email,
                stage: r.stage,
                cancellation_reason: r.cancellation_reason,
                cancel_requested: r.cancel_requested,
                refund: r.refund,
                total: r.total,
                currency: r.currency,
                ship_line1: r.ship_line1,
                ship_line2: r.ship_line2,
                ship_city: r.ship_city,
                ship_postal_code: r.ship_postal_code,
                ship_country: r.ship_country,
                payment_id: r.payment_id,
                charge_attempts: r.charge_attempts,
                created_at: r.created_at,
                updated_at: r.updated_at,
                version: r.version,
            })
            .collect();
        Ok((with_lines(&mut conn, rows).await?, total))
    }

    async fn transition(
        &self,
        id: Uuid,
        t: Transition,
        inbox: Option<(Uuid, &'static str)>,
        now: DateTime<Utc>,
    ) -> Result<Applied, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        if let Some((event_id, event_type)) = inbox
            && !agora_bus::inbox::claim(&mut tx, event_id, event_type)
                .await
                .map_err(db)?
        {
            return Ok(Applied::AlreadyProcessed);
        }
        let Some(mut order) = load(&mut tx, id, true).await? else {
            tx.commit().await.map_err(db)?;
            return Ok(Applied::NoSuchOrder);
        };
        let current_due =
            sqlx::query_scalar!("SELECT next_attempt_at FROM orders WHERE id = $1", id)
                .fetch_one(&mut *tx)
                .await
                .map_err(db)?;
        let before = order.stage;
        let outcome = match order.apply(t, now) {
            Ok(outcome) => outcome,
            Err(e) => return Ok(Applied::Refused(e)),
        };
        let mut due_now = false;
        if let Transitioned::Changed(event) = outcome {
            let moved = order.stage != before;
            let due = next_step_at(&order, current_due, now);
            due_now = due == Some(now);
            sqlx::query!(
                "UPDATE orders SET stage = $2, cancellation_reason = $3, cancel_requested = $4, \
                 refund = $5, payment_id = $6, updated_at = $7, version = $8, \
                 next_attempt_at = $9, \
                 payment_token = CASE WHEN $2 IN ('placed', 'reserved') THEN payment_token END, \
                 attempts = CASE WHEN $10 THEN 0 ELSE attempts END, \
                 leased_until = CASE WHEN $10 THEN NULL ELSE leased_until END \
                 WHERE id = $1",
                id,
                order.stage.as_str(),
                order.cancellation_reason.map(CancellationReason::as_str),
                order.cancel_requested.map(CancellationReason::as_str),
                order.refund.as_str(),
                order.payment_id,
                order.updated_at,
                order.version,
                due,
                moved
            )
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if let Some(event) = event {
                outbox::enqueue(&mut tx, &outbox_event(&order, event, now))
                    .await
                    .map_err(db)?;
            }
        }
        tx.commit().await.map_err(db)?;
        if due_now {
            self.due.notify_one();
        }
        Ok(Applied::Done(Box::new(order), outcome))
    }

    async fn next_work(
        &self,
        now: DateTime<Utc>,
        lease: Duration,
    ) -> Result<Option<Work>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        // At the database's precision, so that it can name the lease exactly.
        let leased_until = (now + std_to_chrono(lease)).trunc_subsecs(6);
        let leased = sqlx::query!(
            "UPDATE orders SET leased_until = $2, attempts = attempts + 1, \
             charge_attempts = charge_attempts + CASE WHEN stage = 'reserved' THEN 1 ELSE 0 END \
             WHERE id = (SELECT id FROM orders WHERE next_attempt_at <= $1 \
                           AND (leased_until IS NULL OR leased_until <= $1) \
                         ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED) \
             RETURNING id, attempts, payment_token",
            now,
            leased_until
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some(leased) = leased else {
            return Ok(None);
        };
        let order = load(&mut tx, leased.id, false)
            .await?
            .ok_or_else(|| StoreError::Database("a leased order is gone".into()))?;
        let step = match (order.stage, order.refund, leased.payment_token) {
            (Stage::Placed, ..) => Some(Step::Republish),
            (Stage::Reserved, _, Some(token)) => Some(Step::Charge { token }),
            (Stage::Cancelled, Refund::Due, _) => Some(Step::Refund),
            _ => None,
        };
        if step.is_none() {
            // Nothing left to do: decided under the same row lock as the lease.
            sqlx::query!(
                "UPDATE orders SET next_attempt_at = NULL, leased_until = NULL WHERE id = $1",
                order.id
            )
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        tx.commit().await.map_err(db)?;
        Ok(step.map(|step| Work {
            order,
            step,
            attempts: leased.attempts,
            leased_until,
        }))
    }

    async fn postpone(
        &self,
        id: Uuid,
        lease: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query!(
            "UPDATE orders SET next_attempt_at = $3, leased_until = NULL \
             WHERE id = $1 AND leased_until = $2",
            id,
            lease,
            at
        )
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn republish(
        &self,
        id: Uuid,
        lease: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let Some(order) = load(&mut tx, id, true).await? else {
            return Ok(());
        };
        let held = sqlx::query_scalar!("SELECT leased_until FROM orders WHERE id = $1", id)
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
        if order.stage == Stage::Placed && held == Some(lease) {
            outbox::enqueue(&mut tx, &placed_event(&order, Utc::now()))
                .await
                .map_err(db)?;
            sqlx::query!(
                "UPDATE orders SET next_attempt_at = $2, leased_until = NULL WHERE id = $1",
                id,
                at
            )
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        tx.commit().await.map_err(db)
    }
}
