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
pub enum AuthorizeResponse {
    /// Ok
    Status200_Ok(models::AuthorizeResponse),
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
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
pub enum ChangePasswordResponse {
    /// NoContent
    Status204_NoContent,
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
    /// PayloadTooLarge
    Status413_PayloadTooLarge(models::Problem),
    /// UnsupportedMediaType
    Status415_UnsupportedMediaType(models::Problem),
    /// Unprocessable
    Status422_Unprocessable(models::Problem),
    /// Locked
    Status423_Locked {
        body: models::Problem,
        retry_after: Option<u32>,
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
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum IssueClientTokenResponse {
    /// Ok
    Status200_Ok(models::ClientToken),
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
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
pub enum JwksResponse {
    /// Keys
    Status200_Keys(models::Jwks),
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// InternalError
    Status500_InternalError(models::Problem),
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum ListAuditEventsResponse {
    /// Ok
    Status200_Ok(models::AuditEventList),
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
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum LoginResponse {
    /// Ok
    Status200_Ok(models::TokenPair),
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
    /// PayloadTooLarge
    Status413_PayloadTooLarge(models::Problem),
    /// UnsupportedMediaType
    Status415_UnsupportedMediaType(models::Problem),
    /// Unprocessable
    Status422_Unprocessable(models::Problem),
    /// Locked
    Status423_Locked {
        body: models::Problem,
        retry_after: Option<u32>,
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
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum LogoutResponse {
    /// NoContent
    Status204_NoContent,
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
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
pub enum MeResponse {
    /// Ok
    Status200_Ok(models::Me),
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
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum RefreshResponse {
    /// Ok
    Status200_Ok(models::TokenPair),
    /// BadRequest
    Status400_BadRequest(models::Problem),
    /// Unauthorized
    Status401_Unauthorized {
        body: models::Problem,
        www_authenticate: Option<String>,
    },
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
pub enum RegisterResponse {
    /// Created
    Status201_Created(models::User),
    /// BadRequest
    Status400_BadRequest(models::Problem),
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
pub enum SetUserRolesResponse {
    /// Ok
    Status200_Ok(models::User),
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
pub enum UnlockUserResponse {
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

/// Auth
#[async_trait]
#[allow(clippy::ptr_arg)]
pub trait Auth<E: std::fmt::Debug + Send + Sync + 'static = ()>: super::ErrorHandler<E> {
    type Claims;

    /// Decide whether the bearer holds a permission.
    ///
    /// Authorize - POST /api/v1/auth/authorize
    async fn authorize(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        body: &models::AuthorizeRequest,
    ) -> Result<AuthorizeResponse, E>;

    /// Change the caller's password.
    ///
    /// ChangePassword - POST /api/v1/auth/password
    async fn change_password(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        body: &models::ChangePasswordRequest,
    ) -> Result<ChangePasswordResponse, E>;

    /// A service client's access token (OAuth 2.0 client credentials).
    ///
    /// IssueClientToken - POST /api/v1/auth/token
    async fn issue_client_token(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        body: &models::ClientTokenRequest,
    ) -> Result<IssueClientTokenResponse, E>;

    /// Public keys that verify access tokens.
    ///
    /// Jwks - GET /.well-known/jwks.json
    async fn jwks(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
    ) -> Result<JwksResponse, E>;

    /// Query the security audit log.
    ///
    /// ListAuditEvents - GET /api/v1/auth/audit-events
    async fn list_audit_events(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        query_params: &models::ListAuditEventsQueryParams,
    ) -> Result<ListAuditEventsResponse, E>;

    /// Exchange credentials for a token pair.
    ///
    /// Login - POST /api/v1/auth/login
    async fn login(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        body: &models::LoginRequest,
    ) -> Result<LoginResponse, E>;

    /// Revoke a refresh token family.
    ///
    /// Logout - POST /api/v1/auth/logout
    async fn logout(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        body: &models::RefreshRequest,
    ) -> Result<LogoutResponse, E>;

    /// The caller's identity, roles and permissions.
    ///
    /// Me - GET /api/v1/auth/me
    async fn me(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
    ) -> Result<MeResponse, E>;

    /// Rotate a refresh token.
    ///
    /// Refresh - POST /api/v1/auth/refresh
    async fn refresh(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        body: &models::RefreshRequest,
    ) -> Result<RefreshResponse, E>;

    /// Create an account.
    ///
    /// Register - POST /api/v1/auth/register
    async fn register(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        body: &models::RegisterRequest,
    ) -> Result<RegisterResponse, E>;

    /// Replace a user's roles.
    ///
    /// SetUserRoles - PUT /api/v1/auth/users/{id}/roles
    async fn set_user_roles(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        path_params: &models::SetUserRolesPathParams,
        body: &models::SetRolesRequest,
    ) -> Result<SetUserRolesResponse, E>;

    /// Lift a lockout.
    ///
    /// UnlockUser - POST /api/v1/auth/users/{id}/unlock
    async fn unlock_user(
        &self,

        method: &Method,
        host: &Host,
        cookies: &CookieJar,
        claims: &Self::Claims,
        path_params: &models::UnlockUserPathParams,
    ) -> Result<UnlockUserResponse, E>;
}
