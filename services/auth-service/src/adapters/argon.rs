//! argon2id password hashing with OWASP's parameters (19 MiB, 2 passes, 1 lane), run on
//! the blocking pool with a bound on how many run at once, so a burst of logins cannot
//! exhaust memory or starve the async workers.

use std::sync::Arc;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::app::ports::{HashError, PasswordHasher};

pub struct Argon2id {
    params: Params,
    permits: Arc<Semaphore>,
    /// Verified against when an account does not exist, so that the answer takes as long.
    dummy_hash: String,
}

impl Argon2id {
    /// OWASP's minimum for argon2id: m=19456 KiB, t=2, p=1.
    pub fn owasp() -> Self {
        Self::with_params(
            Params::new(19_456, 2, 1, None).expect("OWASP's argon2 parameters are valid"),
        )
    }

    pub fn with_params(params: Params) -> Self {
        let concurrency = std::thread::available_parallelism().map_or(2, |n| n.get()) * 2;
        let hasher = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
        let salt = SaltString::generate(&mut OsRng);
        let dummy_hash = hasher
            .hash_password(b"a password nobody has", &salt)
            .expect("hashing a constant succeeds")
            .to_string();
        Self {
            params,
            permits: Arc::new(Semaphore::new(concurrency)),
            dummy_hash,
        }
    }

    fn argon(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| HashError(e.to_string()))?;
        tokio::task::spawn_blocking(f)
            .await
            .map_err(|e| HashError(e.to_string()))
    }
}

#[async_trait::async_trait]
impl PasswordHasher for Argon2id {
    async fn hash(&self, password: String) -> Result<String, HashError> {
        let argon = self.argon();
        self.blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| HashError(e.to_string()))
        })
        .await?
    }

    async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, HashError> {
        let argon = self.argon();
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy_hash.clone());
        self.blocking(move || {
            let parsed = PasswordHash::new(&hash).map_err(|e| HashError(e.to_string()))?;
            // The stored hash carries its own parameters; verification honours them, so
            // raising the parameters later does not lock out existing accounts.
            let ok = argon.verify_password(password.as_bytes(), &parsed).is_ok();
            Ok(ok && known)
        })
        .await?
    }
}
