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
pub enum CreatePaymentResponse {
    /// Created (or the order's first payment, again)
    Status201_Created {
        body: models::Payment,
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
pub enum GetPaymentResponse {
    /// Ok
    Status200_Ok(models::Payment),
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
pub enum ListPaymentsResponse {
    /// Ok
    Status200_Ok(models::PaymentList),
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
pub enum RefundPaymentResponse {
    /// Ok
    Status200_Ok(models::Payment),
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

/// Payments
#[async_trait]
#[allow(clippy::ptr_arg)]
pub trait Payments<E: std::fmt::Debug + Send + Sync + 'static = ()>:
    super::ErrorHandler<E>
{
    type Claims;

    /// Charge an order, once.
    ///
    /// CreatePayment - POST /api/v1/payments
    async fn create_payment(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        body: &models::NewPayment,
    ) -> Result<CreatePaymentResponse, E>;

    /// One payment, for its owner or a holder of `payments:read`.
    ///
    /// GetPayment - GET /api/v1/payments/{id}
    async fn get_payment(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        path_params: &models::GetPaymentPathParams,
    ) -> Result<GetPaymentResponse, E>;

    /// Payments, newest first.
    ///
    /// ListPayments - GET /api/v1/payments
    async fn list_payments(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        query_params: &models::ListPaymentsQueryParams,
    ) -> Result<ListPaymentsResponse, E>;

    /// Refund a captured payment in full.
    ///
    /// RefundPayment - POST /api/v1/payments/{id}/refund
    async fn refund_payment(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        path_params: &models::RefundPaymentPathParams,
    ) -> Result<RefundPaymentResponse, E>;
}
