//! Permission decisions the access token cannot settle (its roles may predate a grant),
//! asked of auth's `POST /authorize` through the generated auth client.
//!
//! Answers are cached for a short while in a bounded map; calls have a short timeout and
//! go through a circuit breaker, so when auth is down the operations that need it fail
//! fast with 503 instead of hanging, and recover by themselves when it is back.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use agora_kit::authorizer::{Authorizer, Unavailable};
use agora_kit::breaker::Breaker;
use uuid::Uuid;

type Key = (Uuid, String, Option<Uuid>);

pub struct RemoteAuthorizer {
    client: auth_client::Client,
    breaker: Breaker,
    cache: Mutex<HashMap<Key, (bool, Instant)>>,
    ttl: Duration,
    capacity: usize,
}

impl RemoteAuthorizer {
    /// Calls auth at `auth_url`, each call bounded by `timeout`; after three failures in a
    /// row the circuit stays open for `cooldown`.
    pub fn new(auth_url: &str, timeout: Duration, cooldown: Duration) -> Self {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .expect("a reqwest client with a timeout builds");
        Self {
            client: auth_client::Client::new_with_client(auth_url, http, Default::default()),
            breaker: Breaker::new(3, cooldown).named("auth:authorize"),
            cache: Mutex::new(HashMap::new()),
            ttl: Duration::from_secs(30),
            capacity: 10_000,
        }
    }

    fn cached(&self, key: &Key) -> Option<bool> {
        let cache = self.cache.lock().expect("cache lock");
        cache
            .get(key)
            .filter(|(_, at)| at.elapsed() < self.ttl)
            .map(|(allowed, _)| *allowed)
    }

    fn remember(&self, key: Key, allowed: bool) {
        let mut cache = self.cache.lock().expect("cache lock");
        if cache.len() >= self.capacity {
            cache.retain(|_, (_, at)| at.elapsed() < self.ttl);
            if cache.len() >= self.capacity {
                cache.clear();
            }
        }
        cache.insert(key, (allowed, Instant::now()));
    }
}

#[async_trait::async_trait]
impl Authorizer for RemoteAuthorizer {
    async fn allowed(
        &self,
        token: &str,
        subject: Uuid,
        permission: &str,
        owner: Option<Uuid>,
    ) -> Result<bool, Unavailable> {
        let key = (subject, permission.to_owned(), owner);
        if let Some(allowed) = self.cached(&key) {
            return Ok(allowed);
        }
        let Some(permit) = self.breaker.try_acquire() else {
            return Err(Unavailable);
        };
        let mut body = auth_client::types::AuthorizeRequest::builder().permission(permission);
        if let Some(owner) = owner {
            body = body.resource_owner_id(owner);
        }
        let call = self.client.authorize().body(body).send();
        match agora_context::with_bearer(token.to_owned(), call).await {
            Ok(answer) => {
                permit.success();
                let allowed = answer.into_inner().allowed;
                self.remember(key, allowed);
                Ok(allowed)
            }
            // Auth answered, and the answer is "this token is not good enough".
            Err(auth_client::Error::ErrorResponse(r)) if r.status().is_client_error() => {
                tracing::debug!(status = r.status().as_u16(), problem = ?r.into_inner(), "auth refused the question");
                permit.success();
                Ok(false)
            }
            Err(e) => {
                tracing::warn!(error = %e, "auth's /authorize failed");
                permit.failure();
                Err(Unavailable)
            }
        }
    }
}
