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
pub enum AdjustStockResponse {
    /// Ok
    Status200_Ok(models::StockLevel),
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
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum CreateProductResponse {
    /// Created
    Status201_Created {
        body: models::Product,
        e_tag: Option<String>,
        location: Option<String>,
    },
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
    /// Forbidden
    Status403_Forbidden(models::Problem),
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
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum DeleteProductResponse {
    /// NoContent
    Status204_NoContent,
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
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum GetProductResponse {
    /// Ok
    Status200_Ok {
        body: models::Product,
        e_tag: Option<String>,
    },
    /// NotModified
    Status304_NotModified { e_tag: Option<String> },
    /// BadRequest
    Status400_BadRequest(models::Problem),
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
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum ListProductsResponse {
    /// Ok
    Status200_Ok(models::ProductList),
    /// BadRequest
    Status400_BadRequest(models::Problem),
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
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum UpdateProductResponse {
    /// Ok
    Status200_Ok {
        body: models::Product,
        e_tag: Option<String>,
    },
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
    /// PreconditionFailed
    Status412_PreconditionFailed(models::Problem),
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
}

/// Products
#[async_trait]
#[allow(clippy::ptr_arg)]
pub trait Products<E: std::fmt::Debug + Send + Sync + 'static = ()>:
    super::ErrorHandler<E>
{
    type Claims;

    /// Add to or take from a product's stock.
    ///
    /// AdjustStock - POST /api/v1/products/{id}/stock
    async fn adjust_stock(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        path_params: &models::AdjustStockPathParams,
        body: &models::StockAdjustment,
    ) -> Result<AdjustStockResponse, E>;

    /// Add a product.
    ///
    /// CreateProduct - POST /api/v1/products
    async fn create_product(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        body: &models::NewProduct,
    ) -> Result<CreateProductResponse, E>;

    /// Remove a product.
    ///
    /// DeleteProduct - DELETE /api/v1/products/{id}
    async fn delete_product(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        path_params: &models::DeleteProductPathParams,
    ) -> Result<DeleteProductResponse, E>;

    /// One product, with its `ETag`.
    ///
    /// GetProduct - GET /api/v1/products/{id}
    async fn get_product(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        header_params: &models::GetProductHeaderParams,
        path_params: &models::GetProductPathParams,
    ) -> Result<GetProductResponse, E>;

    /// Browse and search the catalogue.
    ///
    /// ListProducts - GET /api/v1/products
    async fn list_products(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        query_params: &models::ListProductsQueryParams,
    ) -> Result<ListProductsResponse, E>;

    /// Change a product.
    ///
    /// UpdateProduct - PATCH /api/v1/products/{id}
    async fn update_product(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        header_params: &models::UpdateProductHeaderParams,
        path_params: &models::UpdateProductPathParams,
        body: &models::ProductUpdate,
    ) -> Result<UpdateProductResponse, E>;
}
