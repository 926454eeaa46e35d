//! Agora's API gateway: one base URL for every service. It routes by path prefix, checks
//! access tokens at the edge for the operations the specs protect, rate-limits per client
//! and per user in Redis, streams requests and responses, and answers 502/503/504 problem
//! bodies when an upstream fails, with a circuit breaker per upstream. `/docs` shows every
//! service's spec.

pub mod config;
pub mod proxy;
pub mod ratelimit;

use std::sync::Arc;
use std::time::Duration;

use agora_kit::ExposeSecret;
use agora_kit::app::Server;
use agora_kit::breaker::Breaker;
use agora_kit::health::{self, Readiness};
use agora_kit::operations::OperationMatcher;
use agora_kit::token::TokenVerifier;
use anyhow::Context;
use auth_access::JwksKeys;
use axum::Router;
use axum::routing::get;
use utoipa_swagger_ui::{SwaggerUi, Url};

use crate::config::GatewayConfig;
use crate::proxy::{Gateway, Upstream};
use crate::ratelimit::{Limiter, Policy};

/// The service's entry point: `build` wires it up and binds its port.
pub struct Application;

impl Application {
    pub async fn build(config: GatewayConfig) -> anyhow::Result<Server> {
        let kit = &config.kit;
        let auth_url = config
            .upstreams
            .iter()
            .find(|(n, _)| *n == "auth")
            .map(|(_, u)| u.clone())
            .context("an auth upstream")?;
        let verifier = Arc::new(TokenVerifier::new(
            Arc::new(JwksKeys::new(&auth_url)),
            &kit.token_issuer,
            &kit.token_audience,
        ));
        let mut readiness = Readiness::default();
        let limiter = match &kit.redis_url {
            Some(url) => {
                let pool = agora_kit::redis::pool(url.expose_secret()).context("REDIS_URL")?;
                readiness = readiness.with(health::Redis(pool.clone()));
                Limiter::redis(pool, &config.rate_limit_prefix)
            }
            None => {
                tracing::warn!("REDIS_URL is not set: requests are not rate-limited");
                Limiter::Off
            }
        };
        let minute = Duration::from_secs(60);
        let gateway = Arc::new(Gateway {
            upstreams: config
                .upstreams
                .iter()
                .map(|(name, base)| Upstream {
                    name,
                    base: base.trim_end_matches('/').to_owned(),
                    breaker: Breaker::new(5, Duration::from_secs(5))
                        .named(format!("upstream:{name}")),
                })
                .collect(),
            operations: OperationMatcher::new(config.services, false)
                .context("the services' operations")?,
            verifier,
            limiter,
            anonymous: Policy {
                name: "anonymous",
                limit: config.anonymous_per_minute,
                window: minute,
            },
            user: Policy {
                name: "user",
                limit: config.user_per_minute,
                window: minute,
            },
            credentials: Policy {
                name: "credentials",
                limit: config.credentials_per_minute,
                window: minute,
            },
            checkout: Policy {
                name: "checkout",
                limit: config.checkout_per_minute,
                window: minute,
            },
            http: upstream_client().context("the upstream HTTP client")?,
            timeout: config.upstream_timeout,
            body_limit: kit.body_limit,
        });
        let services = config.services;
        let routes = Router::new()
            .route("/health", get(health::health))
            .route("/ready", get(health::ready).with_state(readiness))
            .route(
                "/openapi.json",
                get(move || async move { axum::Json(own_spec(services)) }),
            )
            .merge(docs(services))
            .fallback(proxy::handle)
            .with_state(gateway);
        Ok(Server::bind(kit, agora_kit::app::with_edge("gateway", routes, kit), None).await?)
    }
}

/// Swagger UI with a spec selector: every service's spec, embedded at build time.
/// The HTTP client the gateway forwards with: pooled keep-alive connections to every
/// upstream. `agora-bench`'s bare proxy uses it too, so it measures the same client.
pub fn upstream_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        // Below the services' idle timeout (REQUEST_HEAD_TIMEOUT_SECS, 10 s by default), so
        // the gateway lets an idle connection go before the service closes it under a
        // request about to be sent on it.
        .pool_idle_timeout(Duration::from_secs(5))
        .build()
}

fn docs(services: &'static [agora_api::Service]) -> SwaggerUi {
    let specs = services.iter().map(|s| {
        let spec: serde_json::Value = serde_json::from_str(s.openapi_json).unwrap_or_default();
        // Built once per process; Swagger UI keeps its URLs for the life of the router.
        let path: &'static str = Box::leak(format!("/openapi/{}.json", s.name).into_boxed_str());
        (Url::new(s.name, path), spec)
    });
    SwaggerUi::new("/docs").external_urls_from_iter_unchecked(specs)
}

/// The gateway's own endpoints; the services' are listed under `x-agora-services`.
fn own_spec(services: &[agora_api::Service]) -> serde_json::Value {
    let services: Vec<_> = services
        .iter()
        .map(|s| serde_json::json!({ "name": s.name, "spec": format!("/openapi/{}.json", s.name) }))
        .collect();
    serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "Agora gateway", "version": "0.1.0", "description": "One entry point for every Agora service; their specs are listed in x-agora-services and shown at /docs." },
        "x-agora-services": services,
        "paths": {
            "/health": { "get": { "operationId": "health", "responses": { "200": { "description": "Alive" } } } },
            "/ready": { "get": { "operationId": "ready", "responses": { "200": { "description": "Ready" }, "503": { "description": "NotReady" } } } },
            "/openapi.json": { "get": { "operationId": "openapi", "responses": { "200": { "description": "Spec" } } } }
        }
    })
}
