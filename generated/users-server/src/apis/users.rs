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
pub enum AddMyAddressResponse {
    /// Created
    Status201_Created(models::Address),
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
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum DeleteMyAddressResponse {
    /// NoContent
    Status204_NoContent,
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
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum DeleteUserResponse {
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
    /// ServiceUnavailable
    Status503_ServiceUnavailable(models::Problem),
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum GetMyProfileResponse {
    /// Ok
    Status200_Ok(models::Profile),
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
    /// NotFound
    Status404_NotFound(models::Problem),
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
pub enum GetUserResponse {
    /// Ok
    Status200_Ok(models::Profile),
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
pub enum ListUsersResponse {
    /// Ok
    Status200_Ok(models::ProfileList),
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
pub enum UpdateMyProfileResponse {
    /// Ok
    Status200_Ok(models::Profile),
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
}

/// Users
#[async_trait]
#[allow(clippy::ptr_arg)]
pub trait Users<E: std::fmt::Debug + Send + Sync + 'static = ()>: super::ErrorHandler<E> {
    type Claims;

    /// Add an address to the caller's profile.
    ///
    /// AddMyAddress - POST /api/v1/users/me/addresses
    async fn add_my_address(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        body: &models::NewAddress,
    ) -> Result<AddMyAddressResponse, E>;

    /// Remove one of the caller's addresses.
    ///
    /// DeleteMyAddress - DELETE /api/v1/users/me/addresses/{address_id}
    async fn delete_my_address(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        path_params: &models::DeleteMyAddressPathParams,
    ) -> Result<DeleteMyAddressResponse, E>;

    /// Delete a profile.
    ///
    /// DeleteUser - DELETE /api/v1/users/{id}
    async fn delete_user(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        path_params: &models::DeleteUserPathParams,
    ) -> Result<DeleteUserResponse, E>;

    /// The caller's profile.
    ///
    /// GetMyProfile - GET /api/v1/users/me
    async fn get_my_profile(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
    ) -> Result<GetMyProfileResponse, E>;

    /// A profile, for its owner or a holder of `users:read`.
    ///
    /// GetUser - GET /api/v1/users/{id}
    async fn get_user(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        path_params: &models::GetUserPathParams,
    ) -> Result<GetUserResponse, E>;

    /// Search profiles.
    ///
    /// ListUsers - GET /api/v1/users
    async fn list_users(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        query_params: &models::ListUsersQueryParams,
    ) -> Result<ListUsersResponse, E>;

    /// Change the caller's name or phone.
    ///
    /// UpdateMyProfile - PATCH /api/v1/users/me
    async fn update_my_profile(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        body: &models::ProfileUpdate,
    ) -> Result<UpdateMyProfileResponse, E>;
}
