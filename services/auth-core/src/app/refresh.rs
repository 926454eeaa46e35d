//! Refresh-token rotation and logout.

use chrono::Utc;
use uuid::Uuid;

use super::login::TokenPair;
use super::ports::{NewRefreshToken, Rotation};
use super::{Auth, AuthError, RequestMeta};

impl Auth {
    /// Spends `presented` and returns a new pair in the same family. A token presented
    /// after it was spent revokes its whole family: someone else has a copy.
    pub async fn refresh(
        &self,
        presented: &str,
        meta: &RequestMeta,
    ) -> Result<TokenPair, AuthError> {
        let now = Utc::now();
        // The successor is made before the store decides, so that spending the old token and
        // storing the new one happen in one transaction. The store keeps the old family.
        let (refresh_token, hash) = self.refresh_tokens.mint();
        let next = NewRefreshToken {
            family_id: Uuid::nil(),
            hash,
            expires_at: now + self.refresh_ttl,
        };
        match self
            .store
            .rotate_refresh(self.refresh_tokens.digest(presented), &next, now, meta)
            .await?
        {
            Rotation::Rotated(principal) => {
                let (access_token, expires_in) = self
                    .tokens
                    .issue(&principal, now)
                    .map_err(AuthError::Signing)?;
                Ok(TokenPair {
                    access_token,
                    refresh_token,
                    expires_in,
                })
            }
            Rotation::Reused | Rotation::Invalid => Err(AuthError::InvalidRefreshToken),
        }
    }

    pub async fn logout(
        &self,
        user_id: Uuid,
        presented: &str,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let revoked = self
            .store
            .revoke_family(self.refresh_tokens.digest(presented), user_id, meta)
            .await?;
        if revoked {
            Ok(())
        } else {
            Err(AuthError::InvalidRefreshToken)
        }
    }
}
