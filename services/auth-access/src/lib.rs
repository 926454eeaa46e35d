//! How every service but auth consults auth, through the generated `auth-client`: its JWKS
//! to verify access tokens ([`JwksKeys`]), its `POST /authorize` for the permission
//! decisions a token cannot settle ([`RemoteAuthorizer`]), and its client-credentials grant
//! for the service's own token when it calls another service ([`ClientCredentials`]). Kept out of `agora-kit`, so the
//! kit knows no particular service.

mod authorizer;
mod client_credentials;
mod jwks;

use std::sync::Arc;

use agora_kit::config::KitConfig;
use agora_kit::token::TokenVerifier;

pub use authorizer::RemoteAuthorizer;
pub use client_credentials::{ClientCredentials, ClientTokenError};
pub use jwks::JwksKeys;

/// The verifier every service but auth uses: auth's JWKS from `config.auth_url`, with the
/// configured issuer and audience.
pub fn verifier(config: &KitConfig) -> Arc<TokenVerifier> {
    Arc::new(TokenVerifier::new(
        Arc::new(JwksKeys::new(&config.auth_url)),
        &config.token_issuer,
        &config.token_audience,
    ))
}
