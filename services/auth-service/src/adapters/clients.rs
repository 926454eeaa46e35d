//! The registered service clients (OAuth 2.0 client credentials), from configuration:
//! each an id (a UUID, the subject of its tokens), a name, the SHA-256 of its secret and
//! the permissions its tokens may carry. Auth never holds a client's secret, only its
//! digest: secrets are random (256 bits or more), so a plain digest is as good as a slow
//! hash and costs nothing per token request.

use std::collections::HashMap;

use agora_kit::clients::ClientAuthenticator;
use agora_kit::token::Claims;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::config::ClientConfig;

pub struct ConfiguredClients {
    clients: HashMap<Uuid, ClientConfig>,
    issuer: String,
    audience: String,
}

impl ConfiguredClients {
    pub fn new(clients: &[ClientConfig], issuer: &str, audience: &str) -> Self {
        Self {
            clients: clients.iter().map(|c| (c.id, c.clone())).collect(),
            issuer: issuer.into(),
            audience: audience.into(),
        }
    }
}

/// Equal digests, compared in time independent of where they differ.
fn same(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[async_trait::async_trait]
impl ClientAuthenticator for ConfiguredClients {
    async fn authenticate(&self, id: &str, secret: &str) -> Option<Claims> {
        let digest: [u8; 32] = Sha256::digest(secret.as_bytes()).into();
        // An unknown id costs the same comparison as a wrong secret.
        let client = Uuid::parse_str(id)
            .ok()
            .and_then(|id| self.clients.get(&id));
        let expected = client.map_or([0u8; 32], |c| c.secret_sha256);
        if !same(&digest, &expected) {
            return None;
        }
        let client = client?;
        let now = chrono::Utc::now().timestamp();
        Some(Claims {
            sub: client.id,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            exp: now,
            iat: now,
            jti: Uuid::now_v7(),
            email: None,
            name: Some(client.name.clone()),
            roles: Vec::new(),
            permissions: client.permissions.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_the_secret_whose_digest_is_configured_authenticates_its_client() {
        let id = Uuid::now_v7();
        let orders = ClientConfig {
            id,
            name: "orders".into(),
            secret_sha256: Sha256::digest(b"the-secret").into(),
            permissions: vec!["payments:write".into()],
        };
        let clients = ConfiguredClients::new(&[orders], "agora-auth", "agora");
        let claims = clients
            .authenticate(&id.to_string(), "the-secret")
            .await
            .expect("the client authenticates");
        assert_eq!(
            (claims.sub, claims.permissions.as_slice()),
            (id, ["payments:write".to_owned()].as_slice())
        );
        assert!(
            clients
                .authenticate(&id.to_string(), "the-secreT")
                .await
                .is_none()
        );
        assert!(clients.authenticate("orders", "the-secret").await.is_none());
        let other = Uuid::now_v7().to_string();
        assert!(clients.authenticate(&other, "the-secret").await.is_none());
        // The all-zero digest of "no such client" matches no secret.
        assert!(clients.authenticate(&other, "").await.is_none());
    }
}
