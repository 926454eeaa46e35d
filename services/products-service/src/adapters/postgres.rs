//! The catalogue on PostgreSQL. Each write is one transaction together with its outbox
//! event; stock is adjusted with a guarded UPDATE, so concurrent adjustments serialise on
//! the row and the level never goes below zero.

use agora_events::{ProductDeleted, ProductSnapshot, StockChanged};
use agora_kit::outbox::{self, OutboxEvent};
use agora_values::Paging;
use chrono::Utc;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder, Row};
use uuid::Uuid;

use crate::app::ports::{CatalogueStore, ProductPage, StoreError};
use crate::domain::{
    Category, MAX_STOCK, NewCategory, NewProduct, Product, ProductChanges, ProductQuery,
    ReservationLine, Sort,
};

use super::reservations;

const SOURCE: &str = "products";
/// The columns of a product, for the listing, whose statement is built (its filters and
/// order vary); every other statement is checked at compile time.
const PRODUCT_COLUMNS: &str = "id, sku, name, description, price, currency, category_id, stock, created_at, updated_at, version";

pub struct PgCatalogue {
    pool: PgPool,
}

impl PgCatalogue {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

pub(super) fn db(e: sqlx::Error) -> StoreError {
    StoreError::Database(Box::new(e))
}

/// The one place constraint violations become client errors.
fn constraint_error(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(d) = &e {
        match (
            d.constraint(),
            d.is_unique_violation(),
            d.is_foreign_key_violation(),
        ) {
            (Some("products_sku_key"), true, _) => return StoreError::DuplicateSku,
            (Some("categories_name_key"), true, _) => return StoreError::DuplicateCategory,
            (Some("products_category_id_fkey"), _, true) => return StoreError::UnknownCategory,
            (Some("categories_parent_id_fkey"), _, true) => return StoreError::UnknownParent,
            (Some("products_stock_check"), _, _) => return StoreError::InsufficientStock,
            (Some("products_stock_max"), _, _) => return StoreError::StockLimit,
            _ => {}
        }
    }
    db(e)
}

/// A listing row (see [`PRODUCT_COLUMNS`]).
fn product_from(row: &sqlx::postgres::PgRow) -> Result<Product, sqlx::Error> {
    Ok(Product {
        id: row.try_get("id")?,
        sku: row.try_get("sku")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        price: row.try_get("price")?,
        currency: row.try_get::<String, _>("currency")?.trim_end().to_owned(),
        category_id: row.try_get("category_id")?,
        stock: row.try_get("stock")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        version: row.try_get("version")?,
    })
}

fn snapshot(p: &Product) -> ProductSnapshot {
    ProductSnapshot {
        product_id: p.id,
        sku: p.sku.clone(),
        name: p.name.clone(),
        price: p.price,
        currency: p.currency.clone(),
        category_id: p.category_id,
        stock: p.stock,
        version: p.version,
    }
}

pub(super) async fn enqueue<T: serde::Serialize>(
    conn: &mut PgConnection,
    event_type: &'static str,
    id: Uuid,
    data: &T,
) -> Result<(), StoreError> {
    outbox::enqueue(
        conn,
        &OutboxEvent::new(SOURCE, event_type, id, Utc::now(), data),
    )
    .await
    .map_err(db)
}

/// `currency` is `char(3)`: blank-padded should a code ever be shorter.
pub(super) fn trimmed(mut product: Product) -> Product {
    product.currency.truncate(product.currency.trim_end().len());
    product
}

async fn locked_product(conn: &mut PgConnection, id: Uuid) -> Result<Product, StoreError> {
    sqlx::query_as!(
        Product,
        "SELECT id, sku, name, description, price, currency, category_id, stock, created_at, \
         updated_at, version FROM products WHERE id = $1 FOR UPDATE",
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(db)?
    .map(trimmed)
    .ok_or(StoreError::NotFound)
}

#[async_trait::async_trait]
impl CatalogueStore for PgCatalogue {
    async fn create_product(&self, p: &NewProduct) -> Result<Product, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let product = sqlx::query_as!(
            Product,
            "INSERT INTO products (id, sku, name, description, price, currency, category_id, stock) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, sku, name, description, price, \
             currency, category_id, stock, created_at, updated_at, version",
            Uuid::now_v7(),
            p.sku.as_str(),
            &p.name,
            &p.description,
            p.price.minor_units(),
            p.currency.as_str(),
            p.category_id,
            p.stock
        )
        .fetch_one(&mut *tx)
        .await
        .map(trimmed)
        .map_err(constraint_error)?;
        enqueue(
            &mut tx,
            agora_events::types::PRODUCTS_PRODUCT_CREATED,
            product.id,
            &snapshot(&product),
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(product)
    }

    async fn product(&self, id: Uuid) -> Result<Option<Product>, StoreError> {
        let product = sqlx::query_as!(
            Product,
            "SELECT id, sku, name, description, price, currency, category_id, stock, created_at, \
             updated_at, version FROM products WHERE id = $1",
            id
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        Ok(product.map(trimmed))
    }

    async fn list_products(&self, q: &ProductQuery) -> Result<ProductPage, StoreError> {
        let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(format!(
            "SELECT {PRODUCT_COLUMNS}, count(*) OVER () AS total FROM products WHERE TRUE"
        ));
        push_filters(&mut sql, q);
        match (q.sort, &q.q) {
            (Sort::PriceAsc, _) => sql.push(" ORDER BY price ASC, id"),
            (Sort::PriceDesc, _) => sql.push(" ORDER BY price DESC, id"),
            (Sort::Name, _) => sql.push(" ORDER BY lower(name), id"),
            (Sort::Relevance, Some(text)) => sql
                .push(" ORDER BY ts_rank(search, websearch_to_tsquery('english', ")
                .push_bind(text.clone())
                .push(")) DESC, created_at DESC, id"),
            (Sort::Newest | Sort::Relevance, _) => sql.push(" ORDER BY created_at DESC, id"),
        };
        sql.push(" LIMIT ")
            .push_bind(i64::from(q.paging.per_page))
            .push(" OFFSET ")
            .push_bind(q.paging.offset());
        let rows = sql.build().fetch_all(&self.pool).await.map_err(db)?;
        let items = rows
            .iter()
            .map(product_from)
            .collect::<Result<Vec<_>, _>>()
            .map_err(db)?;
        let total = match rows.first() {
            Some(r) => r.try_get("total").map_err(db)?,
            // Past the last page there is no row to carry the count: ask for it.
            None if q.paging.page > 1 => {
                let mut count: QueryBuilder<Postgres> =
                    QueryBuilder::new("SELECT count(*) FROM products WHERE TRUE");
                push_filters(&mut count, q);
                count
                    .build_query_scalar()
                    .fetch_one(&self.pool)
                    .await
                    .map_err(db)?
            }
            None => 0,
        };
        Ok(ProductPage { items, total })
    }

    async fn update_product(
        &self,
        id: Uuid,
        changes: &ProductChanges,
        expected_version: Option<i64>,
    ) -> Result<Product, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let mut product = locked_product(&mut tx, id).await?;
        if expected_version.is_some_and(|v| v != product.version) {
            return Err(StoreError::VersionChanged);
        }
        changes.apply(&mut product);
        let product = sqlx::query_as!(
            Product,
            "UPDATE products SET name = $2, description = $3, price = $4, currency = $5, \
             category_id = $6, version = version + 1, updated_at = now() WHERE id = $1 \
             RETURNING id, sku, name, description, price, currency, category_id, stock, \
             created_at, updated_at, version",
            id,
            &product.name,
            &product.description,
            product.price,
            &product.currency,
            product.category_id
        )
        .fetch_one(&mut *tx)
        .await
        .map(trimmed)
        .map_err(constraint_error)?;
        enqueue(
            &mut tx,
            agora_events::types::PRODUCTS_PRODUCT_UPDATED,
            id,
            &snapshot(&product),
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(product)
    }

    async fn delete_product(&self, id: Uuid) -> Result<Product, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let mut product = sqlx::query_as!(
            Product,
            "DELETE FROM products WHERE id = $1 RETURNING id, sku, name, description, price, \
             currency, category_id, stock, created_at, updated_at, version",
            id
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?
        .map(trimmed)
        .ok_or(StoreError::NotFound)?;
        // The deletion is the product's last change: it ends the next version.
        product.version += 1;
        enqueue(
            &mut tx,
            agora_events::types::PRODUCTS_PRODUCT_DELETED,
            id,
            &ProductDeleted {
                product_id: id,
                sku: product.sku.clone(),
            },
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(product)
    }

    async fn adjust_stock(
        &self,
        id: Uuid,
        delta: i64,
        reason: &str,
    ) -> Result<Product, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let adjusted = sqlx::query_as!(
            Product,
            "UPDATE products SET stock = stock + $2, version = version + 1, updated_at = now() \
             WHERE id = $1 AND stock + $2 BETWEEN 0 AND $3 RETURNING id, sku, name, description, \
             price, currency, category_id, stock, created_at, updated_at, version",
            id,
            delta,
            MAX_STOCK
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(constraint_error)?;
        let Some(product) = adjusted.map(trimmed) else {
            let exists = sqlx::query_scalar!("SELECT stock FROM products WHERE id = $1", id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db)?;
            return Err(match exists {
                Some(stock) if stock.saturating_add(delta) < 0 => StoreError::InsufficientStock,
                Some(_) => StoreError::StockLimit,
                None => StoreError::NotFound,
            });
        };
        let data = StockChanged {
            product_id: id,
            delta,
            stock: product.stock,
            reason: reason.to_owned(),
            version: product.version,
        };
        enqueue(
            &mut tx,
            agora_events::types::PRODUCTS_STOCK_CHANGED,
            id,
            &data,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(product)
    }

    async fn create_category(&self, c: &NewCategory) -> Result<Category, StoreError> {
        sqlx::query_as!(
            Category,
            "INSERT INTO categories (id, name, parent_id) VALUES ($1, $2, $3) \
             RETURNING id, name, parent_id, created_at",
            Uuid::now_v7(),
            &c.name,
            c.parent_id
        )
        .fetch_one(&self.pool)
        .await
        .map_err(constraint_error)
    }

    async fn list_categories(&self, paging: Paging) -> Result<(Vec<Category>, i64), StoreError> {
        let items = sqlx::query_as!(
            Category,
            "SELECT id, name, parent_id, created_at FROM categories ORDER BY lower(name), id \
             LIMIT $1 OFFSET $2",
            i64::from(paging.per_page),
            paging.offset()
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let total = sqlx::query_scalar!(r#"SELECT count(*) AS "count!" FROM categories"#)
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        Ok((items, total))
    }

    async fn reserve(
        &self,
        event_id: Uuid,
        order_id: Uuid,
        lines: &[ReservationLine],
    ) -> Result<Vec<Product>, StoreError> {
        reservations::reserve(&self.pool, event_id, order_id, lines).await
    }

    async fn release(&self, event_id: Uuid, order_id: Uuid) -> Result<Vec<Product>, StoreError> {
        reservations::release(&self.pool, event_id, order_id).await
    }

    async fn commit_reservation(&self, event_id: Uuid, order_id: Uuid) -> Result<(), StoreError> {
        reservations::commit(&self.pool, event_id, order_id).await
    }
}

/// The WHERE conditions of a listing; the builder's query ends in `WHERE TRUE`.
fn push_filters(sql: &mut QueryBuilder<Postgres>, q: &ProductQuery) {
    if let Some(text) = &q.q {
        sql.push(" AND search @@ websearch_to_tsquery('english', ")
            .push_bind(text.clone())
            .push(")");
    }
    if let Some(c) = q.category_id {
        sql.push(" AND category_id = ").push_bind(c);
    }
    if let Some(lo) = q.min_price {
        sql.push(" AND price >= ").push_bind(lo);
    }
    if let Some(hi) = q.max_price {
        sql.push(" AND price <= ").push_bind(hi);
    }
}
