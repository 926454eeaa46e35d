//! The platform kit: what every Agora service binary needs, written once.
//!
//! A service opens its composition root with [`app::Opening`] (its database connected and
//! migrated, readiness watching it), wires its adapters and use cases, and serves its
//! generated router through it with its entry in `agora_api::SERVICES`: it gets the
//! contract layer (routing, authentication, validation and problem bodies driven by the
//! spec), request ids, CORS, timeouts, health, readiness, Swagger UI and graceful shutdown
//! around it.

pub mod app;
pub mod authorizer;
pub mod breaker;

/// The secrets configuration holds ([`config::KitConfig::database_url`], `redis_url`), and how
/// to read one where it is needed.
pub use secrecy::{ExposeSecret, SecretString};
pub mod client_ip;
pub mod clients;
pub mod config;
pub mod connections;
pub mod contract;
pub mod db;
pub mod health;
pub mod log_format;
pub mod log_writer;
pub mod metrics;
pub mod operations;
pub mod outbox;
pub mod problem;
pub mod redis;
pub mod request_id;
pub mod schema;
pub mod telemetry;
pub mod token;

pub use problem::{FieldError, Problem};

#[doc(hidden)]
pub use async_trait::async_trait as __async_trait;

/// Implements a generated server crate's `ErrorHandler` and `ApiAuthBasic` for a service's
/// API type, the same way in every service: errors become problem bodies through the
/// service's own `fn(Error) -> Problem` (its error type lives in its core crate, which knows
/// nothing of HTTP), and bearer tokens are verified by the kit's verifier (the `verifier`
/// field, an `Arc<TokenVerifier>`).
///
/// `generated_glue!(ProductsApi, CatalogueError, products_server, problem);`
#[macro_export]
macro_rules! generated_glue {
    ($api:ty, $error:ty, $server:ident, $problem:path) => {
        #[$crate::__async_trait]
        impl $server::apis::ErrorHandler<$error> for $api {
            async fn handle_error(
                &self,
                _: &::http::Method,
                _: &::headers::Host,
                _: &::axum_extra::extract::CookieJar,
                error: $error,
            ) -> ::std::result::Result<::axum::response::Response, ::http::StatusCode> {
                Ok(::axum::response::IntoResponse::into_response($problem(
                    error,
                )))
            }
        }

        #[$crate::__async_trait]
        impl $server::apis::ApiAuthBasic for $api {
            type Claims = $crate::token::Claims;

            async fn extract_claims_from_auth_header(
                &self,
                kind: $server::apis::BasicAuthKind,
                headers: &::http::HeaderMap,
                _: &str,
            ) -> Option<$crate::token::Claims> {
                match kind {
                    // A service client: only ever the one the contract layer authenticated.
                    $server::apis::BasicAuthKind::Basic => $crate::token::verified_client(headers),
                    _ => self.verifier.verify_header(headers).await.ok(),
                }
            }
        }
    };
}

/// The allocator every service binary installs (`#[global_allocator]` in its `main.rs`):
/// jemalloc, whose thread caches suit many small, short-lived allocations per request
/// better than glibc's malloc (see docs/benchmarks.md).
pub use tikv_jemallocator::Jemalloc as Allocator;
