use async_trait::async_trait;
use axum::extract::*;
use axum_extra::extract::CookieJar;
use bytes::Bytes;
use headers::Host;
use http::Method;
use serde::{Deserialize, Serialize};

use crate::{models, types::*};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum CancelOrderResponse {
    /// Accepted
    Status202_Accepted(models::Order),
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
    /// Forbidden
    Status403_Forbidden(models::Problem),
    /// NotFound
    Status404_NotFound(models::Problem),
    /// Conflict
    Status409_Conflict(models::Problem),
    /// Unprocessable
    Status422_Unprocessable(models::Problem),
    /// TooManyRequests
    Status429_TooManyRequests {
        body: models::Problem,
        rate_limit: Option<String>,
        rate_limit_policy: Option<String>,
        retry_after: Option<u32>,
    },
    /// InternalError
    Status500_InternalError(models::Problem),
    /// ServiceUnavailable
    Status503_ServiceUnavailable(models::Problem),
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum GetOrderResponse {
    /// Ok
    Status200_Ok(models::Order),
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
    /// Forbidden
    Status403_Forbidden(models::Problem),
    /// NotFound
    Status404_NotFound(models::Problem),
    /// Unprocessable
    Status422_Unprocessable(models::Problem),
    /// TooManyRequests
    Status429_TooManyRequests {
        body: models::Problem,
        rate_limit: Option<String>,
        rate_limit_policy: Option<String>,
        retry_after: Option<u32>,
    },
    /// InternalError
    Status500_InternalError(models::Problem),
    /// ServiceUnavailable
    Status503_ServiceUnavailable(models::Problem),
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum ListOrdersResponse {
    /// Ok
    Status200_Ok(models::OrderList),
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
    /// Forbidden
    Status403_Forbidden(models::Problem),
    /// Unprocessable
    Status422_Unprocessable(models::Problem),
    /// TooManyRequests
    Status429_TooManyRequests {
        body: models::Problem,
        rate_limit: Option<String>,
        rate_limit_policy: Option<String>,
        retry_after: Option<u32>,
    },
    /// InternalError
    Status500_InternalError(models::Problem),
    /// ServiceUnavailable
    Status503_ServiceUnavailable(models::Problem),
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum PlaceOrderResponse {
    /// Accepted
    Status202_Accepted {
        body: models::Order,
        location: Option<String>,
    },
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
    /// Conflict
    Status409_Conflict(models::Problem),
    /// PayloadTooLarge
    Status413_PayloadTooLarge(models::Problem),
    /// UnsupportedMediaType
    Status415_UnsupportedMediaType(models::Problem),
    /// Unprocessable
    Status422_Unprocessable(models::Problem),
    /// TooManyRequests
    Status429_TooManyRequests {
        body: models::Problem,
        rate_limit: Option<String>,
        rate_limit_policy: Option<String>,
        retry_after: Option<u32>,
    },
    /// InternalError
    Status500_InternalError(models::Problem),
    /// ServiceUnavailable
    Status503_ServiceUnavailable(models::Problem),
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum ShipOrderResponse {
    /// Ok
    Status200_Ok(models::Order),
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
    /// Forbidden
    Status403_Forbidden(models::Problem),
    /// NotFound
    Status404_NotFound(models::Problem),
    /// Conflict
    Status409_Conflict(models::Problem),
    /// Unprocessable
    Status422_Unprocessable(models::Problem),
    /// TooManyRequests
    Status429_TooManyRequests {
        body: models::Problem,
        rate_limit: Option<String>,
        rate_limit_policy: Option<String>,
        retry_after: Option<u32>,
    },
    /// InternalError
    Status500_InternalError(models::Problem),
    /// ServiceUnavailable
    Status503_ServiceUnavailable(models::Problem),
}

/// Orders
#[async_trait]
#[allow(clippy::ptr_arg)]
pub trait Orders<E: std::fmt::Debug + Send + Sync + 'static = ()>: super::ErrorHandler<E> {
    type Claims;

    /// Cancel an order, for its owner or a holder of `orders:write`.
    ///
    /// CancelOrder - POST /api/v1/orders/{id}/cancel
    async fn cancel_order(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        path_params: &models::CancelOrderPathParams,
    ) -> Result<CancelOrderResponse, E>;

    /// One order, for its owner or a holder of `orders:read`.
    ///
    /// GetOrder - GET /api/v1/orders/{id}
    async fn get_order(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        path_params: &models::GetOrderPathParams,
    ) -> Result<GetOrderResponse, E>;

    /// Orders, newest first.
    ///
    /// ListOrders - GET /api/v1/orders
    async fn list_orders(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        query_params: &models::ListOrdersQueryParams,
    ) -> Result<ListOrdersResponse, E>;

    /// Check out the cart.
    ///
    /// PlaceOrder - POST /api/v1/orders
    async fn place_order(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        header_params: &models::PlaceOrderHeaderParams,
        body: &models::Checkout,
    ) -> Result<PlaceOrderResponse, E>;

    /// Mark a confirmed order shipped.
    ///
    /// ShipOrder - POST /api/v1/orders/{id}/ship
    async fn ship_order(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        path_params: &models::ShipOrderPathParams,
    ) -> Result<ShipOrderResponse, E>;
}
