//! The access-token signing keys: Ed25519, from configuration, or generated and persisted
//! for development so that restarts keep sessions valid. Previous public keys stay in the
//! JWKS so tokens signed before a rotation verify until they expire.

use std::path::Path;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey};
use jsonwebtoken::{EncodingKey, Header};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::app::ports::{AccessTokens, Principal, PublicKey, ServiceClient, SigningError};

/// An Ed25519 public key as the JWKS publishes it, named by its RFC 7638 thumbprint
/// (stable for a key, different for any other).
fn public_key(bytes: &[u8; 32]) -> PublicKey {
    let x = URL_SAFE_NO_PAD.encode(bytes);
    let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
    let kid = URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()));
    PublicKey { kid, x }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read the signing key file {path}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the signing key is not an Ed25519 PKCS#8 PEM private key")]
    Parse,
    #[error("a previous public key is not an Ed25519 PEM public key")]
    ParsePrevious,
    #[error("cannot write the generated signing key to {path}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

pub struct SigningKeys {
    encoding: EncodingKey,
    current: PublicKey,
    previous: Vec<PublicKey>,
    issuer: String,
    audience: String,
    ttl_secs: u64,
    client_ttl_secs: u64,
}

impl SigningKeys {
    /// Keys from a PEM private key; `previous_pem` holds the public keys of earlier signing
    /// keys (PEM blocks, concatenated).
    pub fn from_pem(
        pem: &str,
        previous_pem: Option<&str>,
        issuer: &str,
        audience: &str,
        ttl_secs: u64,
    ) -> Result<Self, KeyError> {
        let signing = SigningKey::from_pkcs8_pem(pem).map_err(|_| KeyError::Parse)?;
        let encoding = EncodingKey::from_ed_pem(pem.as_bytes()).map_err(|_| KeyError::Parse)?;
        let current = public_key(signing.verifying_key().as_bytes());
        let mut previous = Vec::new();
        for block in previous_pem
            .unwrap_or("")
            .split_inclusive("-----END PUBLIC KEY-----")
        {
            if block.trim().is_empty() {
                continue;
            }
            let key = ed25519_dalek::VerifyingKey::from_public_key_pem(block.trim())
                .map_err(|_| KeyError::ParsePrevious)?;
            let public = public_key(key.as_bytes());
            if public != current {
                previous.push(public);
            }
        }
        Ok(Self {
            encoding,
            current,
            previous,
            issuer: issuer.into(),
            audience: audience.into(),
            ttl_secs,
            client_ttl_secs: ttl_secs,
        })
    }

    /// The key in `path`, generated there (mode 0600) when the file does not exist yet.
    pub fn load_or_generate(path: &Path) -> Result<String, KeyError> {
        match std::fs::read_to_string(path) {
            Ok(pem) => Ok(pem),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = SigningKey::generate(&mut rand::rngs::OsRng);
                let pem = key
                    .to_pkcs8_pem(LineEnding::LF)
                    .map_err(|_| KeyError::Parse)?
                    .to_string();
                let write_err = |source| KeyError::Write {
                    path: path.display().to_string(),
                    source,
                };
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(write_err)?;
                }
                write_private(path, &pem).map_err(write_err)?;
                tracing::warn!(path = %path.display(), "generated a development signing key; configure AUTH_SIGNING_KEY_FILE in production");
                Ok(pem)
            }
            Err(source) => Err(KeyError::Read {
                path: path.display().to_string(),
                source,
            }),
        }
    }

    /// Every key a verifier should accept: the current one first.
    pub fn public_keys(&self) -> Vec<PublicKey> {
        std::iter::once(self.current.clone())
            .chain(self.previous.iter().cloned())
            .collect()
    }

    /// How long a service client's token lives (its own, shorter, lifetime).
    pub fn with_client_ttl(mut self, secs: u64) -> Self {
        self.client_ttl_secs = secs;
        self
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn audience(&self) -> &str {
        &self.audience
    }
}

#[cfg(unix)]
fn write_private(path: &Path, pem: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(pem.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, pem: &str) -> std::io::Result<()> {
    std::fs::write(path, pem)
}

impl SigningKeys {
    fn sign(&self, claims: &agora_kit::token::Claims) -> Result<String, SigningError> {
        let mut header = Header::new(jsonwebtoken::Algorithm::EdDSA);
        header.kid = Some(self.current.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding)
            .map_err(|e| SigningError(e.to_string()))
    }
}

impl AccessTokens for SigningKeys {
    fn public_keys(&self) -> Vec<PublicKey> {
        SigningKeys::public_keys(self)
    }

    fn issue_for_client(
        &self,
        client: &ServiceClient,
        permissions: &[String],
        now: DateTime<Utc>,
    ) -> Result<(String, u64), SigningError> {
        let claims = agora_kit::token::Claims {
            sub: client.id,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            iat: now.timestamp(),
            exp: now.timestamp() + self.client_ttl_secs as i64,
            jti: Uuid::now_v7(),
            email: None,
            name: Some(client.name.clone()),
            roles: Vec::new(),
            permissions: permissions.to_vec(),
        };
        Ok((self.sign(&claims)?, self.client_ttl_secs))
    }

    fn issue(
        &self,
        principal: &Principal,
        now: DateTime<Utc>,
    ) -> Result<(String, u64), SigningError> {
        let claims = agora_kit::token::Claims {
            sub: principal.id,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            iat: now.timestamp(),
            exp: now.timestamp() + self.ttl_secs as i64,
            jti: Uuid::now_v7(),
            email: Some(principal.email.clone()),
            name: Some(principal.name.clone()),
            roles: principal.roles.clone(),
            permissions: principal.permissions.clone(),
        };
        Ok((self.sign(&claims)?, self.ttl_secs))
    }
}

/// The auth service verifies its own tokens with its own public keys, no JWKS round trip.
pub async fn local_key_source(
    keys: &SigningKeys,
) -> Result<Arc<agora_kit::token::LocalKeys>, agora_kit::token::TokenError> {
    let local = Arc::new(agora_kit::token::LocalKeys::default());
    for key in keys.public_keys() {
        local
            .insert(
                key.kid.clone(),
                agora_kit::token::decoding_key_from_jwk_x(&key.x)?,
            )
            .await;
    }
    Ok(local)
}
