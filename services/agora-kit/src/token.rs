//! Access-token verification, the same in every service and the gateway.
//!
//! Tokens are EdDSA-signed JWTs. The verifier pins the algorithm, issuer and audience, so
//! `alg: none`, HMAC tokens keyed with a public key, tokens of other audiences and tampered
//! tokens all fail the same way. Keys come from a [`KeySource`]: the auth service reads its
//! own, every other service fetches auth's JWKS (`auth-access`'s `JwksKeys`) and refreshes
//! it when a token names a key it does not know.

use std::collections::HashMap;
use std::sync::Arc;

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;
use uuid::Uuid;

/// What an access token says about its bearer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub iss: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    pub jti: Uuid,
    /// The account's e-mail address and name, so that services can greet the bearer
    /// without a call to auth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub permissions: Vec<String>,
}

impl Claims {
    pub fn has_permission(&self, permission: &str) -> bool {
        self.permissions.iter().any(|p| p == permission)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("no bearer token")]
    Missing,
    #[error("the token is malformed or not signed by a known key")]
    Invalid,
    #[error("the token has expired")]
    Expired,
    #[error("the token signing keys are unavailable")]
    KeysUnavailable,
}

/// Where verification keys come from, by key id.
#[async_trait::async_trait]
pub trait KeySource: Send + Sync {
    async fn key(&self, kid: &str) -> Result<Option<Arc<DecodingKey>>, TokenError>;
}

pub struct TokenVerifier {
    keys: Arc<dyn KeySource>,
    validation: Validation,
}

impl TokenVerifier {
    pub fn new(keys: Arc<dyn KeySource>, issuer: &str, audience: &str) -> Self {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = 30;
        Self { keys, validation }
    }

    pub async fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Invalid)?;
        if header.alg != Algorithm::EdDSA {
            return Err(TokenError::Invalid);
        }
        let kid = header.kid.ok_or(TokenError::Invalid)?;
        let key = self.keys.key(&kid).await?.ok_or(TokenError::Invalid)?;
        jsonwebtoken::decode::<Claims>(token, &key, &self.validation)
            .map(|d| d.claims)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }

    /// Verifies the bearer token of an `Authorization` header. Within a request whose token
    /// the contract layer already verified (see [`verified_scope`]), the same token's claims
    /// are taken from there instead of checking the signature a second time.
    pub async fn verify_header(&self, headers: &http::HeaderMap) -> Result<Claims, TokenError> {
        let token = bearer(headers).ok_or(TokenError::Missing)?;
        let known = VERIFIED
            .try_with(|(verified, claims)| (verified == token).then(|| claims.clone()))
            .ok()
            .flatten();
        match known {
            Some(claims) => Ok(claims),
            None => self.verify(token).await,
        }
    }
}

tokio::task_local! {
    /// The bearer token the contract layer verified for the current request, and its claims.
    static VERIFIED: (String, Claims);
}

/// Runs `fut` (the rest of a request's handling) knowing that `token` was verified and
/// carries `claims`.
pub fn verified_scope<F: std::future::Future>(
    token: String,
    claims: Claims,
    fut: F,
) -> impl std::future::Future<Output = F::Output> {
    VERIFIED.scope((token, claims), fut)
}

/// The claims of the service client whose Basic credentials the contract layer
/// authenticated for the current request ([`verified_scope`] keyed by the whole header).
pub fn verified_client(headers: &http::HeaderMap) -> Option<Claims> {
    let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
    VERIFIED
        .try_with(|(verified, claims)| (verified == value).then(|| claims.clone()))
        .ok()
        .flatten()
}

/// What a request's verified credentials are known by in [`verified_scope`]: a bearer
/// token, or a client's whole `Authorization: Basic …` header.
pub fn credential(headers: &http::HeaderMap) -> Option<&str> {
    bearer(headers).or_else(|| {
        let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
        value
            .get(..6)
            .is_some_and(|s| s.eq_ignore_ascii_case("basic "))
            .then_some(value)
    })
}

/// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
pub fn bearer(headers: &http::HeaderMap) -> Option<&str> {
    let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// An Ed25519 public key from a JWK's base64url `x`.
pub fn decoding_key_from_jwk_x(x: &str) -> Result<DecodingKey, TokenError> {
    DecodingKey::from_ed_components(x).map_err(|_| TokenError::Invalid)
}

/// Keys held in memory: what the auth service verifies its own tokens with.
#[derive(Default)]
pub struct LocalKeys {
    keys: RwLock<HashMap<String, Arc<DecodingKey>>>,
}

impl LocalKeys {
    pub async fn insert(&self, kid: String, key: DecodingKey) {
        self.keys.write().await.insert(kid, Arc::new(key));
    }
}

#[async_trait::async_trait]
impl KeySource for LocalKeys {
    async fn key(&self, kid: &str) -> Result<Option<Arc<DecodingKey>>, TokenError> {
        Ok(self.keys.read().await.get(kid).cloned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims {
            sub: Uuid::nil(),
            iss: "agora-auth".into(),
            aud: "agora".into(),
            exp: i64::MAX,
            iat: 0,
            jti: Uuid::nil(),
            email: None,
            name: None,
            roles: vec!["admin".into()],
            permissions: vec![],
        }
    }

    fn headers(token: &str) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        h.insert(
            http::header::AUTHORIZATION,
            format!("Bearer {token}").parse().unwrap(),
        );
        h
    }

    #[tokio::test]
    async fn a_token_verified_earlier_in_the_request_is_not_checked_again_and_no_other_is_trusted()
    {
        // No keys at all: anything that reaches signature checking fails.
        let verifier = TokenVerifier::new(Arc::new(LocalKeys::default()), "agora-auth", "agora");
        assert!(verifier.verify_header(&headers("t.o.k")).await.is_err());
        let (same, other) = verified_scope("t.o.k".into(), claims(), async {
            (
                verifier.verify_header(&headers("t.o.k")).await,
                verifier.verify_header(&headers("another.to.ken")).await,
            )
        })
        .await;
        assert_eq!(same, Ok(claims()), "the verified token's claims");
        assert!(other.is_err(), "a different token is verified on its own");
    }
}
