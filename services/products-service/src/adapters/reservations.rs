//! The checkout saga's reservations on PostgreSQL. Each event is applied in one
//! transaction with its inbox entry and its outbox events; the order's products are locked
//! in id order before its reservation is read, so concurrent placements of one order (the
//! orders service repeating itself) are decided once, and reservations of different
//! orders never wait on each other in a cycle.

use std::collections::BTreeMap;
use std::num::NonZeroU64;

use agora_events::{
    ReservedLine, StockChanged, StockReleased, StockReservationFailed,
    StockReservationFailedReason, StockReserved, types,
};
use chrono::Utc;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::postgres::{db, enqueue, trimmed};
use crate::app::ports::StoreError;
use crate::domain::reservation::decide;
use crate::domain::{Decision, MAX_STOCK, Product, ReservationLine, ReservationState, ShortReason};

struct Held {
    state: ReservationState,
    failure_reason: Option<String>,
    failed_product_ids: Option<Vec<Uuid>>,
}

async fn held(conn: &mut PgConnection, order_id: Uuid) -> Result<Option<Held>, StoreError> {
    let row = sqlx::query!(
        "SELECT state, failure_reason, failed_product_ids FROM reservations \
         WHERE order_id = $1 FOR UPDATE",
        order_id
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?;
    row.map(|r| {
        Ok(Held {
            state: ReservationState::parse(&r.state).ok_or_else(|| {
                StoreError::Database(format!("reservation state {:?}", r.state).into())
            })?,
            failure_reason: r.failure_reason,
            failed_product_ids: r.failed_product_ids,
        })
    })
    .transpose()
}

async fn held_lines(
    conn: &mut PgConnection,
    order_id: Uuid,
) -> Result<Vec<ReservationLine>, StoreError> {
    Ok(sqlx::query!(
        "SELECT product_id, quantity FROM reservation_lines WHERE order_id = $1 \
         ORDER BY product_id",
        order_id
    )
    .fetch_all(conn)
    .await
    .map_err(db)?
    .into_iter()
    .map(|r| ReservationLine {
        product_id: r.product_id,
        quantity: r.quantity,
    })
    .collect())
}

fn reserved_lines(lines: &[ReservationLine]) -> Vec<ReservedLine> {
    lines
        .iter()
        .filter_map(|l| {
            let quantity = NonZeroU64::new(u64::try_from(l.quantity).ok()?)?;
            Some(ReservedLine {
                product_id: l.product_id,
                quantity,
            })
        })
        .collect()
}

fn reason_code(reason: ShortReason) -> &'static str {
    match reason {
        ShortReason::OutOfStock => "out_of_stock",
        ShortReason::UnknownProduct => "unknown_product",
    }
}

async fn answer_reserved(
    conn: &mut PgConnection,
    order_id: Uuid,
    lines: &[ReservationLine],
) -> Result<(), StoreError> {
    let data = StockReserved {
        order_id,
        lines: reserved_lines(lines),
        reserved_at: Utc::now(),
    };
    enqueue(conn, types::PRODUCTS_STOCK_RESERVED, order_id, &data).await
}

async fn answer_failed(
    conn: &mut PgConnection,
    order_id: Uuid,
    reason: &str,
    product_ids: Vec<Uuid>,
) -> Result<(), StoreError> {
    let reason = match reason {
        "unknown_product" => StockReservationFailedReason::UnknownProduct,
        _ => StockReservationFailedReason::OutOfStock,
    };
    let data = StockReservationFailed {
        order_id,
        reason,
        product_ids,
        failed_at: Utc::now(),
    };
    enqueue(
        conn,
        types::PRODUCTS_STOCK_RESERVATION_FAILED,
        order_id,
        &data,
    )
    .await
}

/// Moves `delta` of the product's stock (within 0 and `MAX_STOCK`) and emits
/// `products.stock.changed`; `None` for a product that is gone.
async fn move_stock(
    conn: &mut PgConnection,
    product_id: Uuid,
    delta: i64,
    reason: String,
) -> Result<Option<Product>, StoreError> {
    let moved = sqlx::query_as!(
        Product,
        "UPDATE products SET stock = LEAST(stock + $2, $3), version = version + 1, \
         updated_at = now() WHERE id = $1 RETURNING id, sku, name, description, price, \
         currency, category_id, stock, created_at, updated_at, version",
        product_id,
        delta,
        MAX_STOCK
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?
    .map(trimmed);
    if let Some(p) = &moved {
        let data = StockChanged {
            product_id,
            delta,
            stock: p.stock,
            reason,
            version: p.version,
        };
        enqueue(conn, types::PRODUCTS_STOCK_CHANGED, product_id, &data).await?;
    }
    Ok(moved)
}

pub async fn reserve(
    pool: &PgPool,
    event_id: Uuid,
    order_id: Uuid,
    lines: &[ReservationLine],
) -> Result<Vec<Product>, StoreError> {
    let mut tx = pool.begin().await.map_err(db)?;
    if !agora_bus::inbox::claim(&mut tx, event_id, types::ORDERS_ORDER_PLACED)
        .await
        .map_err(db)?
    {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = lines.iter().map(|l| l.product_id).collect();
    let available: BTreeMap<Uuid, i64> = sqlx::query!(
        "SELECT id, stock FROM products WHERE id = ANY($1) ORDER BY id FOR UPDATE",
        &ids
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(db)?
    .into_iter()
    .map(|r| (r.id, r.stock))
    .collect();
    if let Some(before) = held(&mut tx, order_id).await? {
        // Decided before: a repeated placement gets the same answer, and nothing moves.
        match before.state {
            ReservationState::Reserved => {
                let lines = held_lines(&mut tx, order_id).await?;
                answer_reserved(&mut tx, order_id, &lines).await?;
            }
            ReservationState::Failed => {
                answer_failed(
                    &mut tx,
                    order_id,
                    before.failure_reason.as_deref().unwrap_or("out_of_stock"),
                    before.failed_product_ids.unwrap_or_default(),
                )
                .await?;
            }
            ReservationState::Released | ReservationState::Committed => {}
        }
        tx.commit().await.map_err(db)?;
        return Ok(Vec::new());
    }
    let mut changed = Vec::new();
    match decide(lines, &available) {
        Decision::Reserve => {
            sqlx::query!(
                "INSERT INTO reservations (order_id, state) VALUES ($1, 'reserved')",
                order_id
            )
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            let quantities: Vec<i64> = lines.iter().map(|l| l.quantity).collect();
            sqlx::query!(
                "INSERT INTO reservation_lines (order_id, product_id, quantity) \
                 SELECT $1, * FROM UNNEST($2::uuid[], $3::bigint[])",
                order_id,
                &ids,
                &quantities
            )
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            for l in lines {
                let reason = format!("reserved for order {order_id}");
                if let Some(p) = move_stock(&mut tx, l.product_id, -l.quantity, reason).await? {
                    changed.push(p);
                }
            }
            answer_reserved(&mut tx, order_id, lines).await?;
        }
        Decision::Refuse {
            reason,
            product_ids,
        } => {
            let code = reason_code(reason);
            sqlx::query!(
                "INSERT INTO reservations (order_id, state, failure_reason, failed_product_ids) \
                 VALUES ($1, 'failed', $2, $3)",
                order_id,
                code,
                &product_ids
            )
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            answer_failed(&mut tx, order_id, code, product_ids).await?;
        }
    }
    tx.commit().await.map_err(db)?;
    Ok(changed)
}

pub async fn release(
    pool: &PgPool,
    event_id: Uuid,
    order_id: Uuid,
) -> Result<Vec<Product>, StoreError> {
    let mut tx = pool.begin().await.map_err(db)?;
    if !agora_bus::inbox::claim(&mut tx, event_id, types::ORDERS_ORDER_CANCELLED)
        .await
        .map_err(db)?
    {
        return Ok(Vec::new());
    }
    let mut changed = Vec::new();
    match held(&mut tx, order_id).await?.map(|h| h.state) {
        None => {
            // Cancelled before its placement arrived: the placement will find this and
            // reserve nothing.
            sqlx::query!(
                "INSERT INTO reservations (order_id, state) VALUES ($1, 'released')",
                order_id
            )
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        Some(ReservationState::Reserved) => {
            let lines = held_lines(&mut tx, order_id).await?;
            for l in &lines {
                let reason = format!("released by cancelled order {order_id}");
                if let Some(p) = move_stock(&mut tx, l.product_id, l.quantity, reason).await? {
                    changed.push(p);
                }
            }
            sqlx::query!(
                "UPDATE reservations SET state = 'released', updated_at = now() \
                 WHERE order_id = $1",
                order_id
            )
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            let data = StockReleased {
                order_id,
                lines: reserved_lines(&lines),
                released_at: Utc::now(),
            };
            enqueue(&mut tx, types::PRODUCTS_STOCK_RELEASED, order_id, &data).await?;
        }
        // Nothing was held, or it is already given back or gone with the parcel.
        Some(
            ReservationState::Failed | ReservationState::Released | ReservationState::Committed,
        ) => {}
    }
    tx.commit().await.map_err(db)?;
    Ok(changed)
}

pub async fn commit(pool: &PgPool, event_id: Uuid, order_id: Uuid) -> Result<(), StoreError> {
    let mut tx = pool.begin().await.map_err(db)?;
    if agora_bus::inbox::claim(&mut tx, event_id, types::ORDERS_ORDER_SHIPPED)
        .await
        .map_err(db)?
    {
        sqlx::query!(
            "UPDATE reservations SET state = 'committed', updated_at = now() \
             WHERE order_id = $1 AND state = 'reserved'",
            order_id
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    }
    tx.commit().await.map_err(db)
}
