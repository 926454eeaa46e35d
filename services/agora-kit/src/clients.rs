//! Service clients (OAuth 2.0 client credentials, RFC 6749 §4.4): the operations a spec
//! secures with HTTP Basic are for registered clients, whom the contract layer
//! authenticates through the service's [`ClientAuthenticator`] before the generated handler
//! runs; the handler then finds the client's claims as it finds a verified token's.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http::HeaderValue;
use http::header::WWW_AUTHENTICATE;

use crate::problem::Problem;
use crate::token::Claims;

/// Basic credentials that cannot be read: not base64, not UTF-8, no `id:secret` pair, or
/// an empty id or secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the HTTP Basic credentials are malformed")]
pub struct MalformedCredentials;

/// Who the registered clients are: the service that issues their tokens implements it.
#[async_trait::async_trait]
pub trait ClientAuthenticator: Send + Sync {
    /// The claims of client `id` when `secret` is its secret; `None` otherwise (an unknown
    /// id and a wrong secret look the same).
    async fn authenticate(&self, id: &str, secret: &str) -> Option<Claims>;
}

/// The id and secret of an `Authorization: Basic` header (RFC 7617; the id and secret are
/// form-urlencoded first, as RFC 6749 §2.3.1 asks of OAuth clients). `Ok(None)` when the
/// request has no Basic credentials, `Err` when they are malformed.
pub fn basic_credentials(
    headers: &http::HeaderMap,
) -> Result<Option<(String, String)>, MalformedCredentials> {
    let Some(value) = headers.get(http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| MalformedCredentials)?;
    let Some((scheme, encoded)) = value.split_once(' ') else {
        return Ok(None);
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Ok(None);
    }
    let decoded = STANDARD
        .decode(encoded.trim())
        .map_err(|_| MalformedCredentials)?;
    let decoded = String::from_utf8(decoded).map_err(|_| MalformedCredentials)?;
    let (id, secret) = decoded.split_once(':').ok_or(MalformedCredentials)?;
    // Percent-escapes only: `+` stays `+`, since clients that skip the encoding (most
    // HTTP libraries' Basic helpers) send a secret's `+` as it is.
    let unescape = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .ok()
            .map(|v| v.into_owned())
    };
    match (unescape(id), unescape(secret)) {
        (Some(id), Some(secret)) if !id.is_empty() && !secret.is_empty() => Ok(Some((id, secret))),
        _ => Err(MalformedCredentials),
    }
}

/// 401 `invalid_client` with a Basic challenge (RFC 6749 §5.2).
pub fn invalid_client(detail: &str) -> Problem {
    let mut problem = Problem::new(
        http::StatusCode::UNAUTHORIZED,
        "invalid_client",
        "Invalid client",
    )
    .detail(detail)
    .oauth_error("invalid_client");
    problem.headers = vec![(
        WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"agora\", charset=\"UTF-8\""),
    )];
    problem
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        h.insert(http::header::AUTHORIZATION, value.parse().unwrap());
        h
    }

    #[test]
    fn basic_credentials_are_read_as_rfc_6749_sends_them() {
        let encoded = STANDARD.encode("orders:s3cr%3At");
        assert_eq!(
            basic_credentials(&headers(&format!("Basic {encoded}"))),
            Ok(Some(("orders".into(), "s3cr:t".into())))
        );
        // A secret sent without the encoding keeps its `+` and `&`.
        let raw = STANDARD.encode("orders:a+b&c=d");
        assert_eq!(
            basic_credentials(&headers(&format!("Basic {raw}"))),
            Ok(Some(("orders".into(), "a+b&c=d".into())))
        );
        assert_eq!(basic_credentials(&http::HeaderMap::new()), Ok(None));
        assert_eq!(basic_credentials(&headers("Bearer abc")), Ok(None));
        for bad in [
            "Basic !!!".to_owned(),
            format!("Basic {}", STANDARD.encode("no-colon")),
            format!("Basic {}", STANDARD.encode(":secret")),
            format!("Basic {}", STANDARD.encode("id:")),
        ] {
            assert_eq!(
                basic_credentials(&headers(&bad)),
                Err(MalformedCredentials),
                "{bad}"
            );
        }
    }
}
