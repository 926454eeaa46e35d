//! RFC 9457 problem details: the one shape every Agora error takes on the wire.
//!
//! Services build a [`Problem`] from their own error enums; the kit's response layer fills
//! in `request_id` and `instance` for every problem body on the way out, and turns any
//! error response that is not a problem body (axum's rejections, the generated router's
//! empty 401s and 500s) into one, so no client ever sees another error shape.

use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};

pub const PROBLEM_JSON: &str = "application/problem+json";

/// A problem details body, with the headers that belong with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub errors: Vec<FieldError>,
    /// Extension members (RFC 9457 §3.2), such as OAuth 2.0's `error` on a token request.
    #[serde(flatten)]
    pub extensions: serde_json::Map<String, serde_json::Value>,
    #[serde(skip)]
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

pub use agora_values::FieldError;

impl Problem {
    /// A problem of type `urn:agora:problem:<slug>`.
    pub fn new(status: StatusCode, slug: &str, title: impl Into<String>) -> Self {
        Self {
            kind: format!("urn:agora:problem:{slug}"),
            title: title.into(),
            status: status.as_u16(),
            detail: None,
            instance: None,
            request_id: None,
            errors: Vec::new(),
            extensions: serde_json::Map::new(),
            headers: Vec::new(),
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// An extension member: `name` must not be one of the standard members.
    pub fn extension(mut self, name: &str, value: impl Into<serde_json::Value>) -> Self {
        self.extensions.insert(name.to_owned(), value.into());
        self
    }

    /// The error of an OAuth 2.0 token request (RFC 6749 §5.2) as extension members, so
    /// that OAuth client libraries can read it from the problem body.
    pub fn oauth_error(self, error: &str) -> Self {
        let description = self.detail.clone();
        let problem = self.extension("error", error);
        match description {
            Some(d) => problem.extension("error_description", d),
            None => problem,
        }
    }

    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// 422 with field errors.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let mut p = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "Validation failed",
        )
        .detail("the request does not satisfy the API's schema; see `errors`");
        p.errors = errors;
        p
    }

    pub fn malformed_json(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "malformed-json", "Malformed JSON").detail(detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "Unauthorized")
            .detail(detail)
            .header(
                http::header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer"),
            )
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "Forbidden").detail(detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found").detail(detail)
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", "Conflict").detail(detail)
    }

    /// The opaque answer to a failure the client cannot act on; the cause is logged, never sent.
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal server error",
        )
        .detail("the server failed to handle the request; quote the request id when reporting it")
    }

    pub fn unavailable(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service unavailable",
        )
        .detail(detail)
    }

    /// The generic problem for a status that reached the edge without a body of its own.
    pub fn for_status(status: StatusCode) -> Self {
        let (slug, detail) = match status {
            StatusCode::BAD_REQUEST => ("bad-request", "the request could not be understood"),
            StatusCode::UNAUTHORIZED => ("unauthorized", "a valid bearer access token is required"),
            StatusCode::FORBIDDEN => ("forbidden", "the token does not grant this operation"),
            StatusCode::NOT_FOUND => ("not-found", "no such resource"),
            StatusCode::METHOD_NOT_ALLOWED => (
                "method-not-allowed",
                "the resource does not support this method",
            ),
            StatusCode::REQUEST_TIMEOUT => ("timeout", "the request took too long"),
            StatusCode::PAYLOAD_TOO_LARGE => (
                "payload-too-large",
                "the request body is over the size limit",
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => (
                "unsupported-media-type",
                "the request body must be application/json",
            ),
            StatusCode::UNPROCESSABLE_ENTITY => (
                "validation",
                "the request does not satisfy the API's schema",
            ),
            StatusCode::SERVICE_UNAVAILABLE => {
                ("unavailable", "the service cannot handle the request now")
            }
            s if s.is_server_error() => return Self::internal().with_status(s),
            _ => ("error", "the request failed"),
        };
        let title = status.canonical_reason().unwrap_or("Error");
        let mut p = Self::new(status, slug, title).detail(detail);
        if status == StatusCode::UNAUTHORIZED {
            p = p.header(
                http::header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer"),
            );
        }
        p
    }

    fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status.as_u16();
        self
    }

    /// This problem as a generated crate's `models::Problem` (the same fields, by another name).
    pub fn to_model<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_value(serde_json::to_value(self).expect("a problem serialises"))
            .expect("generated Problem models have the fields of the kit's Problem")
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self).expect("a problem serialises");
        let mut response = (self.status(), body).into_response();
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        for (name, value) in self.headers {
            response.headers_mut().append(name, value);
        }
        response
    }
}

impl Problem {
    /// The answer to a failure the client cannot act on: 503 when the database is out of
    /// reach (worth a retry), an opaque 500 otherwise. The cause is logged once, here.
    pub fn from_internal(error: &(dyn std::error::Error + 'static)) -> Self {
        if crate::db::is_unavailable(error) {
            tracing::warn!(error = %error, "the database is unavailable");
            Self::unavailable("the service's database is unavailable; try again shortly")
        } else {
            tracing::error!(error = ?error, "request failed");
            Self::internal()
        }
    }
}
