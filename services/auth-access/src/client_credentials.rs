//! A service's own identity towards the others: an access token from auth's OAuth 2.0
//! client-credentials grant (`POST /api/v1/auth/token`, through the generated auth
//! client), kept until shortly before it expires and fetched again by one caller while the
//! others wait for that one answer. Services call each other with it, never with a user's
//! token and never with a shared static secret.

use std::time::{Duration, Instant};

use agora_kit::{ExposeSecret, SecretString};
use base64::Engine;
use tokio::sync::Mutex;

/// How long before its expiry a token is replaced: a call made with it must still find it
/// valid at the callee, whatever the clocks and the network add.
const RENEW_BEFORE: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum ClientTokenError {
    /// Auth refused the client's id or secret (or its scope): a configuration error.
    #[error("auth refused this service's client credentials: {0}")]
    Refused(String),
    /// The configured scope is not one auth can take (over its length limit).
    #[error("the client scope is invalid: {0}")]
    Scope(String),
    /// Auth did not answer, or not in time: worth a retry.
    #[error("auth is unavailable for client tokens: {0}")]
    Unavailable(String),
}

/// This service's client credentials and the token they last got.
pub struct ClientCredentials {
    client: auth_client::Client,
    scope: Option<auth_client::types::ClientTokenRequestScope>,
    current: Mutex<Option<Held>>,
}

struct Held {
    token: SecretString,
    renew_at: Instant,
}

impl ClientCredentials {
    /// The client `id` with `secret`, asking auth at `auth_url`; each call bounded by
    /// `timeout`. With `scope`, tokens carry only those permissions.
    pub fn new(
        auth_url: &str,
        id: &str,
        secret: &SecretString,
        scope: Option<&str>,
        timeout: Duration,
    ) -> Result<Self, ClientTokenError> {
        let scope = scope
            .map(|s| auth_client::types::ClientTokenRequestScope::try_from(s.to_owned()))
            .transpose()
            .map_err(|e| ClientTokenError::Scope(e.to_string()))?;
        // RFC 6749 §2.3.1: the id and secret are form-urlencoded before Basic encodes them.
        let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let basic = base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            encode(id),
            encode(secret.expose_secret())
        ));
        let mut authorization = reqwest::header::HeaderValue::from_str(&format!("Basic {basic}"))
            .expect("base64 is a valid header value");
        authorization.set_sensitive(true);
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::AUTHORIZATION, authorization);
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .default_headers(headers)
            .build()
            .expect("a reqwest client with a timeout builds");
        Ok(Self {
            client: auth_client::Client::new_with_client(auth_url, http, Default::default()),
            scope,
            current: Mutex::new(None),
        })
    }

    /// A valid access token: the one held, or a new one when it is about to expire. Callers
    /// that come while one is fetched wait for it rather than ask auth too.
    pub async fn token(&self) -> Result<SecretString, ClientTokenError> {
        let mut current = self.current.lock().await;
        if let Some(held) = current.as_ref().filter(|h| Instant::now() < h.renew_at) {
            return Ok(held.token.clone());
        }
        let held = self.fetch().await?;
        let token = held.token.clone();
        *current = Some(held);
        Ok(token)
    }

    /// Forgets the held token (a callee answered 401 to it: auth's keys rotated, say), so
    /// the next [`ClientCredentials::token`] asks auth again.
    pub async fn forget(&self) {
        *self.current.lock().await = None;
    }

    async fn fetch(&self) -> Result<Held, ClientTokenError> {
        let mut body = auth_client::types::ClientTokenRequest::builder()
            .grant_type(auth_client::types::GrantType::ClientCredentials);
        if let Some(scope) = &self.scope {
            body = body.scope(Some(scope.clone()));
        }
        let asked = Instant::now();
        match self.client.issue_client_token().body(body).send().await {
            Ok(answer) => {
                let answer = answer.into_inner();
                let lifetime = Duration::from_secs(answer.expires_in.get());
                Ok(Held {
                    token: answer.access_token.into(),
                    // Half the lifetime at the least, so a short-lived token is not fetched
                    // for every call.
                    renew_at: asked + lifetime.saturating_sub(RENEW_BEFORE).max(lifetime / 2),
                })
            }
            Err(auth_client::Error::ErrorResponse(r)) if r.status().is_client_error() => {
                let status = r.status();
                let problem = r.into_inner();
                Err(ClientTokenError::Refused(format!(
                    "{status}: {}",
                    problem.detail.unwrap_or(problem.title)
                )))
            }
            Err(e) => Err(ClientTokenError::Unavailable(e.to_string())),
        }
    }
}
