//! Login: credentials in, a token pair out, with lockout.

use chrono::Utc;
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use tracing::Instrument;

use super::ports::{HashError, NewRefreshToken, Principal};
use super::{Auth, AuthError, RequestMeta};
use crate::domain::{Admission, Email};

/// What a successful login or refresh returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
}

impl Auth {
    pub async fn login(&self, email: &str, password: &str) -> Result<TokenPair, AuthError> {
        let key = Email::normalise(email);
        let meta = RequestMeta::current();
        self.admit_check(&key).await?;
        let this = self.clone();
        let password = password.to_owned();
        self.run_to_settlement(async move { this.check_login(key, password, meta).await })
            .await
    }

    /// An admitted login: verifies, then settles the check as a success or a failure.
    async fn check_login(
        &self,
        key: String,
        password: String,
        meta: RequestMeta,
    ) -> Result<TokenPair, AuthError> {
        let (principal, hash) = match self.store.credentials(&key).await? {
            Some((p, h)) => (Some(p), Some(h)),
            None => (None, None),
        };
        let verified = self
            .hasher
            .verify(password.clone(), hash.clone())
            .await
            .map_err(AuthError::Hashing)?;
        match principal {
            Some(principal) if verified => {
                let (pair, refresh) = self.issue_pair(&principal, Uuid::now_v7())?;
                self.store
                    .record_success(principal.id, &key, &refresh, &meta)
                    .await?;
                if let Some(old) = hash.filter(|h| self.hasher.needs_rehash(h)) {
                    self.upgrade_hash(principal.id, &old, &password).await;
                }
                Ok(pair)
            }
            principal => {
                self.count_failure(&key, principal.map(|p| p.id), &meta)
                    .await?;
                Err(AuthError::InvalidCredentials)
            }
        }
    }

    /// Asks whether one more password check for `key` may run (see `domain::lockout`): a
    /// locked address, or one whose checks in flight could still lock it, answers 423.
    pub(crate) async fn admit_check(&self, key: &str) -> Result<(), AuthError> {
        let now = Utc::now();
        match self.store.admit_login(key, &self.lockout, now).await? {
            Admission::Admitted => Ok(()),
            // A locked address answers 423 even to the right password, without verifying it.
            Admission::Locked(until) => Err(AuthError::Locked {
                retry_after_secs: (until - now).num_seconds().max(1).unsigned_abs(),
            }),
            Admission::Busy => Err(AuthError::Locked {
                retry_after_secs: 1,
            }),
        }
    }

    /// Runs an admitted check to its end even when the caller stops waiting (client gone,
    /// a timeout), so its place is always given back and its outcome always counted.
    pub(crate) async fn run_to_settlement<T: Send + 'static>(
        &self,
        check: impl Future<Output = Result<T, AuthError>> + Send + 'static,
    ) -> Result<T, AuthError> {
        tokio::spawn(check.instrument(tracing::Span::current()))
            .await
            .map_err(|e| AuthError::Hashing(HashError(format!("the check stopped: {e}"))))?
    }

    /// Settles an admitted check that failed: counted, audited, and maybe the lock.
    pub(crate) async fn count_failure(
        &self,
        key: &str,
        user_id: Option<Uuid>,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let (_, locked) = self
            .store
            .record_failure(key, user_id, &self.lockout, Utc::now(), meta)
            .await?;
        if locked {
            tracing::warn!(?user_id, "login locked after repeated failures");
        }
        Ok(())
    }

    /// Re-hashes a password stored with older parameters now that it is known. Best effort:
    /// the login has succeeded whatever happens here, and the next one tries again.
    async fn upgrade_hash(&self, user_id: Uuid, old: &str, password: &str) {
        let new = match self.hasher.hash(password.to_owned()).await {
            Ok(new) => new,
            Err(e) => {
                tracing::warn!(%user_id, error = %e, "could not re-hash a password");
                return;
            }
        };
        match self.store.upgrade_password_hash(user_id, old, &new).await {
            Ok(true) => {
                tracing::info!(%user_id, "password hash upgraded to the current parameters")
            }
            // The password changed since it was read: the new hash is current already.
            Ok(false) => {}
            Err(e) => {
                tracing::warn!(%user_id, error = %e, "could not store an upgraded password hash")
            }
        }
    }

    /// A fresh access token and a new refresh token in `family`.
    pub(crate) fn issue_pair(
        &self,
        principal: &Principal,
        family_id: Uuid,
    ) -> Result<(TokenPair, NewRefreshToken), AuthError> {
        let now = Utc::now();
        let (access_token, expires_in) = self
            .tokens
            .issue(principal, now)
            .map_err(AuthError::Signing)?;
        let (refresh_token, hash) = new_refresh_token();
        let stored = NewRefreshToken {
            family_id,
            hash,
            expires_at: now + self.refresh_ttl,
        };
        Ok((
            TokenPair {
                access_token,
                refresh_token,
                expires_in,
            },
            stored,
        ))
    }
}

/// 256 random bits, base64url; only the SHA-256 of it is stored.
pub(crate) fn new_refresh_token() -> (String, [u8; 32]) {
    use base64::Engine;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_refresh_token(&token);
    (token, hash)
}

pub(crate) fn hash_refresh_token(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}
