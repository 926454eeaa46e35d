//! Login: credentials in, a token pair out, with lockout.

use std::any::Any;
use std::time::Instant;

use chrono::Utc;
use uuid::Uuid;

use super::ports::{HashError, LoginSettled, NewRefreshToken, Principal};
use super::{Auth, AuthError, RequestMeta};
use crate::domain::lockout::HOLD;
use crate::domain::{Admission, Email};

/// What a successful login or refresh returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
}

impl Auth {
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        meta: &RequestMeta,
    ) -> Result<TokenPair, AuthError> {
        let key = Email::normalise(email);
        let meta = meta.clone();
        let admitted = self.admit_check(&key).await?;
        let this = self.clone();
        let password = password.to_owned();
        self.run_to_settlement(async move { this.check_login(key, password, meta, admitted).await })
            .await
    }

    /// An admitted login: verifies, then settles the check as a success or a failure. A
    /// password changed or re-hashed while it was verified is verified again (twice at most).
    async fn check_login(
        &self,
        key: String,
        password: String,
        meta: RequestMeta,
        admitted: Instant,
    ) -> Result<TokenPair, AuthError> {
        for _ in 0..3 {
            let account = self.store.credentials(&key).await?;
            let verified = self
                .hasher
                .verify(password.clone(), account.as_ref().map(|(_, h)| h.clone()))
                .await
                .map_err(AuthError::Hashing)?;
            self.still_in_time(&key, admitted).await?;
            let (principal, hash) = match account {
                Some(account) if verified => account,
                account => {
                    let user_id = account.map(|(p, _)| p.id);
                    self.count_failure(&key, user_id, &meta).await?;
                    return Err(AuthError::InvalidCredentials);
                }
            };
            let (pair, refresh) = self.issue_pair(&principal, Uuid::now_v7())?;
            match self
                .store
                .record_success(principal.id, &key, &hash, &refresh, &meta)
                .await?
            {
                LoginSettled::Recorded => {
                    if self.hasher.needs_rehash(&hash) {
                        self.upgrade_hash(principal.id, &hash, &password).await;
                    }
                    return Ok(pair);
                }
                LoginSettled::HashChanged => continue,
                LoginSettled::Locked(until) => return Err(locked(until, Utc::now())),
            }
        }
        // The hash kept changing under the check: nothing told, the place given back.
        self.store.release_login(&key, Utc::now()).await?;
        Err(AuthError::Locked {
            retry_after_secs: 1,
        })
    }

    /// Refuses to tell the outcome of a check that took so long that its hold may have
    /// lapsed (a long queue at the hash workers): other checks may have been admitted in its
    /// place, so its answer would be one more than the threshold allows. Its place is given
    /// back and nothing is counted.
    pub(crate) async fn still_in_time(
        &self,
        key: &str,
        admitted: Instant,
    ) -> Result<(), AuthError> {
        let limit = HOLD.to_std().unwrap_or_default() / 2;
        if admitted.elapsed() < limit {
            return Ok(());
        }
        tracing::warn!("a password check outlived half its hold; its outcome is not told");
        self.store.release_login(key, Utc::now()).await?;
        Err(AuthError::Locked {
            retry_after_secs: 1,
        })
    }

    /// Asks whether one more password check for `key` may run (see `domain::lockout`): a
    /// locked address, or one whose checks in flight could still lock it, answers 423.
    pub(crate) async fn admit_check(&self, key: &str) -> Result<Instant, AuthError> {
        let now = Utc::now();
        match self.store.admit_login(key, &self.lockout, now).await? {
            Admission::Admitted => Ok(Instant::now()),
            // A locked address answers 423 even to the right password, without verifying it.
            Admission::Locked(until) => Err(locked(until, now)),
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
        let task = Box::pin(async move { Box::new(check.await) as Box<dyn Any + Send> });
        let stopped = |why: &str| AuthError::Hashing(HashError(format!("the check {why}")));
        let outcome = self
            .runner
            .run_to_end(task)
            .await
            .map_err(|e| stopped(&format!("stopped: {e}")))?;
        *outcome
            .downcast::<Result<T, AuthError>>()
            .map_err(|_| stopped("returned another type"))?
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
        let (refresh_token, hash) = self.refresh_tokens.mint();
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

fn locked(until: chrono::DateTime<Utc>, now: chrono::DateTime<Utc>) -> AuthError {
    AuthError::Locked {
        retry_after_secs: (until - now).num_seconds().max(1).unsigned_abs(),
    }
}
