//! The generated `orders-server` traits, implemented: translate, call a use case,
//! translate back. Failures become problem bodies in one place, [`problem`].

use std::sync::Arc;

use agora_kit::problem::Problem;
use agora_kit::token::{Claims, TokenVerifier};
use agora_values::Paging;
use async_trait::async_trait;
use axum_extra::extract::CookieJar;
use chrono::Utc;
use headers::Host;
use http::Method;
use orders_server::apis::{cart, orders};
use orders_server::models;
use orders_server::types::Nullable;
use sha2::Digest;
use tracing::Instrument;

use crate::app::cart::CartView;
use crate::app::checkout::{CheckoutInput, Placed};
use crate::app::{Caller, Orders, OrdersError};
use crate::domain::{AddressInput, CancellationReason, Order, Status};

#[derive(Clone)]
pub struct OrdersApi {
    orders: Orders,
    verifier: Arc<TokenVerifier>,
}

impl OrdersApi {
    pub fn new(orders: Orders, verifier: Arc<TokenVerifier>) -> Self {
        Self { orders, verifier }
    }
}

impl AsRef<OrdersApi> for OrdersApi {
    fn as_ref(&self) -> &OrdersApi {
        self
    }
}

/// The answer a failure of the use cases gets: the one place one becomes an HTTP problem.
fn problem(error: OrdersError) -> Problem {
    match error {
        OrdersError::Validation(errors) => Problem::validation(errors),
        e @ OrdersError::NoIdentity => Problem::forbidden(e.to_string()),
        OrdersError::ProductNotFound => Problem::not_found("no such product in the catalogue"),
        OrdersError::NotInCart => Problem::not_found("the product is not in the cart"),
        e @ OrdersError::CartFull(_) => Problem::validation(vec![agora_values::FieldError::new(
            "product_id",
            e.to_string(),
        )]),
        e @ (OrdersError::EmptyCart
        | OrdersError::CartChanged(_)
        | OrdersError::KeyInFlight
        | OrdersError::Transition(_)) => Problem::conflict(e.to_string()),
        e @ OrdersError::KeyReused => Problem::new(
            http::StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency-key-reused",
            "Idempotency-Key reused",
        )
        .detail(e.to_string()),
        OrdersError::NotFound => Problem::not_found("no such order"),
        OrdersError::Forbidden => {
            Problem::forbidden("the order is another customer's and the token does not grant it")
        }
        e @ OrdersError::CatalogueUnavailable(_) => {
            tracing::warn!(error = ?e, "the catalogue is unavailable");
            Problem::unavailable("the catalogue cannot be reached right now; try again shortly")
        }
        OrdersError::Store(e) => Problem::from_internal(&e),
    }
}

agora_kit::generated_glue!(OrdersApi, OrdersError, orders_server, problem);

fn caller(claims: &Claims) -> Caller {
    Caller {
        id: claims.sub,
        email: claims.email.clone(),
        reads_all: claims.has_permission("orders:read"),
        writes_all: claims.has_permission("orders:write"),
    }
}

/// Minor units are never negative here (the domain's invariant); the wire's are unsigned.
fn unsigned(minor: i64) -> u64 {
    minor.max(0).unsigned_abs()
}

fn cart_model(c: CartView) -> models::Cart {
    models::Cart {
        items: c
            .items
            .into_iter()
            .map(|i| models::CartItem {
                product_id: i.product_id,
                sku: i.sku,
                name: i.name,
                quantity: i.quantity.unsigned_abs(),
                unit_price: unsigned(i.unit_price),
                currency: i.currency,
                line_total: unsigned(i.line_total),
            })
            .collect(),
        total: c
            .total
            .map_or(Nullable::Null, |t| Nullable::Present(unsigned(t))),
        currency: c.currency.map_or(Nullable::Null, Nullable::Present),
        updated_at: c.updated_at.map_or(Nullable::Null, Nullable::Present),
    }
}

fn status_model(s: Status) -> models::OrderStatus {
    match s {
        Status::Pending => models::OrderStatus::Pending,
        Status::Confirmed => models::OrderStatus::Confirmed,
        Status::Shipped => models::OrderStatus::Shipped,
        Status::Cancelled => models::OrderStatus::Cancelled,
    }
}

fn reason_model(r: CancellationReason) -> models::CancellationReason {
    match r {
        CancellationReason::OutOfStock => models::CancellationReason::OutOfStock,
        CancellationReason::PaymentDeclined => models::CancellationReason::PaymentDeclined,
        CancellationReason::CustomerRequest => models::CancellationReason::CustomerRequest,
        CancellationReason::AdminRequest => models::CancellationReason::AdminRequest,
    }
}

fn order_model(o: Order) -> models::Order {
    let status = status_model(o.status());
    let a = o.shipping_address;
    models::Order {
        id: o.id,
        user_id: o.user_id,
        status,
        cancellation_reason: o
            .cancellation_reason
            .map_or(Nullable::Null, |r| Nullable::Present(reason_model(r))),
        lines: o
            .lines
            .into_iter()
            .map(|l| models::OrderLine {
                line_total: unsigned(l.total().unwrap_or(i64::MAX)),
                product_id: l.product_id,
                sku: l.sku,
                name: l.name,
                quantity: l.quantity.unsigned_abs(),
                unit_price: unsigned(l.unit_price),
            })
            .collect(),
        total: unsigned(o.total),
        currency: o.currency,
        shipping_address: models::ShippingAddress {
            line1: a.line1,
            line2: a.line2.map_or(Nullable::Null, Nullable::Present),
            city: a.city,
            postal_code: a.postal_code,
            country: a.country,
        },
        payment_id: o.payment_id.map_or(Nullable::Null, Nullable::Present),
        created_at: o.created_at,
        updated_at: o.updated_at,
        version: o.version,
    }
}

/// A checkout task that ended without an answer (it panicked): an internal failure.
fn checkout_died(e: tokio::task::JoinError) -> OrdersError {
    OrdersError::Store(crate::app::ports::StoreError::Database(Box::new(e)))
}

/// A digest of a checkout's body: the same key with another body is refused.
fn fingerprint(body: &models::Checkout) -> String {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn quantity(q: u32) -> i32 {
    i32::try_from(q).unwrap_or(i32::MAX)
}

#[async_trait]
impl cart::Cart<OrdersError> for OrdersApi {
    type Claims = Claims;

    async fn clear_cart(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
    ) -> Result<cart::ClearCartResponse, OrdersError> {
        self.orders.clear_cart(claims.sub).await?;
        Ok(cart::ClearCartResponse::Status204_NoContent)
    }

    async fn get_cart(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
    ) -> Result<cart::GetCartResponse, OrdersError> {
        let c = self.orders.cart(claims.sub).await?;
        Ok(cart::GetCartResponse::Status200_Ok(cart_model(c)))
    }

    async fn remove_cart_item(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        path: &models::RemoveCartItemPathParams,
    ) -> Result<cart::RemoveCartItemResponse, OrdersError> {
        let c = self
            .orders
            .remove_cart_item(claims.sub, path.product_id)
            .await?;
        Ok(cart::RemoveCartItemResponse::Status200_Ok(cart_model(c)))
    }

    async fn set_cart_item(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        path: &models::SetCartItemPathParams,
        body: &models::CartItemUpdate,
    ) -> Result<cart::SetCartItemResponse, OrdersError> {
        let c = self
            .orders
            .set_cart_item(claims.sub, path.product_id, quantity(body.quantity))
            .await?;
        Ok(cart::SetCartItemResponse::Status200_Ok(cart_model(c)))
    }
}

#[async_trait]
impl orders::Orders<OrdersError> for OrdersApi {
    type Claims = Claims;

    async fn cancel_order(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        path: &models::CancelOrderPathParams,
    ) -> Result<orders::CancelOrderResponse, OrdersError> {
        let o = self
            .orders
            .cancel(&caller(claims), path.id, Utc::now())
            .await?;
        Ok(orders::CancelOrderResponse::Status202_Accepted(
            order_model(o),
        ))
    }

    async fn get_order(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        path: &models::GetOrderPathParams,
    ) -> Result<orders::GetOrderResponse, OrdersError> {
        let o = self.orders.order(&caller(claims), path.id).await?;
        Ok(orders::GetOrderResponse::Status200_Ok(order_model(o)))
    }

    async fn list_orders(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        q: &models::ListOrdersQueryParams,
    ) -> Result<orders::ListOrdersResponse, OrdersError> {
        let paging = Paging::new(q.page, q.per_page);
        let status = q.status.map(|s| match s {
            models::OrderStatus::Pending => Status::Pending,
            models::OrderStatus::Confirmed => Status::Confirmed,
            models::OrderStatus::Shipped => Status::Shipped,
            models::OrderStatus::Cancelled => Status::Cancelled,
        });
        let (items, total) = self
            .orders
            .list(&caller(claims), q.user_id, status, paging)
            .await?;
        let (page, per_page) = paging.as_i32();
        Ok(orders::ListOrdersResponse::Status200_Ok(
            models::OrderList::new(
                items.into_iter().map(order_model).collect(),
                page,
                per_page,
                total,
            ),
        ))
    }

    async fn place_order(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        headers: &models::PlaceOrderHeaderParams,
        body: &models::Checkout,
    ) -> Result<orders::PlaceOrderResponse, OrdersError> {
        // Once started, a checkout runs to its end even when its client hangs up or its
        // request times out: dropped half-way, it would hold its Idempotency-Key (claimed,
        // never answered) until the claim goes stale, and the client's retry would be told
        // for minutes that the first call is still running.
        let (orders, caller, key, body) = (
            self.orders.clone(),
            caller(claims),
            headers.idempotency_key.clone(),
            body.clone(),
        );
        let checkout = async move {
            let fingerprint = fingerprint(&body);
            let a = &body.shipping_address;
            let input = CheckoutInput {
                key: &key,
                fingerprint: &fingerprint,
                shipping_address: AddressInput {
                    line1: &a.line1,
                    line2: a.line2.as_deref(),
                    city: &a.city,
                    postal_code: &a.postal_code,
                    country: &a.country,
                },
                payment_token: &body.payment_token,
            };
            orders.checkout(&caller, input, Utc::now()).await
        }
        .instrument(tracing::Span::current());
        let placed = match agora_context::current() {
            Some(ctx) => tokio::spawn(agora_context::scope(ctx, checkout)).await,
            None => tokio::spawn(checkout).await,
        };
        let order = match placed.map_err(checkout_died)?? {
            Placed::New(o) | Placed::Replayed(o) => o,
        };
        Ok(orders::PlaceOrderResponse::Status202_Accepted {
            location: Some(format!("/api/v1/orders/{}", order.id)),
            body: order_model(order),
        })
    }

    async fn ship_order(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        _: &Claims,
        path: &models::ShipOrderPathParams,
    ) -> Result<orders::ShipOrderResponse, OrdersError> {
        let o = self.orders.ship(path.id, Utc::now()).await?;
        Ok(orders::ShipOrderResponse::Status200_Ok(order_model(o)))
    }
}
