//! Auth's signing keys for every other service: its JWKS, fetched through the generated
//! auth client and cached.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use agora_kit::token::{KeySource, TokenError, decoding_key_from_jwk_x};
use jsonwebtoken::DecodingKey;
use tokio::sync::{Mutex, RwLock};

/// Auth's JWKS, fetched through the generated auth client and cached. An unknown key id
/// triggers a refresh, at most once per `min_refresh`, so a flood of forged key ids cannot
/// turn into a flood of calls to auth.
pub struct JwksKeys {
    client: auth_client::Client,
    cache: RwLock<HashMap<String, Arc<DecodingKey>>>,
    last_refresh: Mutex<Option<Instant>>,
    min_refresh: Duration,
}

impl JwksKeys {
    pub fn new(auth_url: &str) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(3))
            .build()
            .expect("a reqwest client with a timeout builds");
        Self {
            client: auth_client::Client::new_with_client(auth_url, http, Default::default()),
            cache: RwLock::new(HashMap::new()),
            last_refresh: Mutex::new(None),
            min_refresh: Duration::from_secs(10),
        }
    }

    async fn refresh(&self) -> Result<(), TokenError> {
        let mut last = self.last_refresh.lock().await;
        if last.is_some_and(|t| t.elapsed() < self.min_refresh) {
            return Ok(());
        }
        *last = Some(Instant::now());
        let jwks = self.client.jwks().send().await.map_err(|e| {
            tracing::warn!(error = %e, "fetching the JWKS failed");
            TokenError::KeysUnavailable
        })?;
        let mut keys = HashMap::new();
        for jwk in &jwks.keys {
            if jwk.kty == "OKP"
                && jwk.alg == "EdDSA"
                && let Some(x) = &jwk.x
            {
                keys.insert(jwk.kid.clone(), Arc::new(decoding_key_from_jwk_x(x)?));
            }
        }
        *self.cache.write().await = keys;
        Ok(())
    }
}

#[async_trait::async_trait]
impl KeySource for JwksKeys {
    async fn key(&self, kid: &str) -> Result<Option<Arc<DecodingKey>>, TokenError> {
        if let Some(key) = self.cache.read().await.get(kid) {
            return Ok(Some(key.clone()));
        }
        self.refresh().await?;
        Ok(self.cache.read().await.get(kid).cloned())
    }
}
