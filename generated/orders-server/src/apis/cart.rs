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
pub enum ClearCartResponse {
    /// NoContent
    Status204_NoContent,
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
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
pub enum GetCartResponse {
    /// Ok
    Status200_Ok(models::Cart),
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
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
pub enum RemoveCartItemResponse {
    /// Ok
    Status200_Ok(models::Cart),
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
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
pub enum SetCartItemResponse {
    /// Ok
    Status200_Ok(models::Cart),
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
    /// NotFound
    Status404_NotFound(models::Problem),
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

/// Cart
#[async_trait]
#[allow(clippy::ptr_arg)]
pub trait Cart<E: std::fmt::Debug + Send + Sync + 'static = ()>: super::ErrorHandler<E> {
    type Claims;

    /// Empty the caller's cart.
    ///
    /// ClearCart - DELETE /api/v1/cart
    async fn clear_cart(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
    ) -> Result<ClearCartResponse, E>;

    /// The caller's cart, at the catalogue's current prices.
    ///
    /// GetCart - GET /api/v1/cart
    async fn get_cart(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
    ) -> Result<GetCartResponse, E>;

    /// Take a product out of the cart.
    ///
    /// RemoveCartItem - DELETE /api/v1/cart/items/{product_id}
    async fn remove_cart_item(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        path_params: &models::RemoveCartItemPathParams,
    ) -> Result<RemoveCartItemResponse, E>;

    /// Put a product in the cart, or change its quantity.
    ///
    /// SetCartItem - PUT /api/v1/cart/items/{product_id}
    async fn set_cart_item(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        path_params: &models::SetCartItemPathParams,
        body: &models::CartItemUpdate,
    ) -> Result<SetCartItemResponse, E>;
}
