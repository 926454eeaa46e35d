//! Refresh tokens: 256 random bits from the operating system, base64url for the client,
//! SHA-256 for the store (a stolen table holds nothing that can be presented).

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::app::ports::RefreshTokens;

pub struct RandomRefreshTokens;

impl RefreshTokens for RandomRefreshTokens {
    fn mint(&self) -> (String, [u8; 32]) {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let digest = self.digest(&token);
        (token, digest)
    }

    fn digest(&self, token: &str) -> [u8; 32] {
        Sha256::digest(token.as_bytes()).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_fresh_and_stored_only_as_their_digest() {
        let (a, digest_a) = RandomRefreshTokens.mint();
        let (b, _) = RandomRefreshTokens.mint();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "256 bits in base64url without padding");
        assert_eq!(RandomRefreshTokens.digest(&a), digest_a);
        assert_ne!(digest_a.as_slice(), a.as_bytes());
    }
}
