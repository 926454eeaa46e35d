//! Assembles a service: the generated router behind the contract layer, the kit's own
//! routes, and the edge (request ids, timeouts, problem bodies, CORS, panics) around it;
//! then serves it until SIGTERM/SIGINT and drains in-flight requests, bounded.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use agora_api::Service;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HOST, HeaderValue, WWW_AUTHENTICATE};
use http::{HeaderName, Method, StatusCode};
use http_body_util::BodyExt;
use secrecy::ExposeSecret;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tracing::Instrument;
use utoipa_swagger_ui::SwaggerUi;

use crate::authorizer::Authorizer;
use crate::client_ip::TrustedProxies;
use crate::clients::ClientAuthenticator;
use crate::config::KitConfig;
use crate::connections::ConnectionLimits;
use crate::contract::{Contract, ContractError};
use crate::health::{self, Readiness};
use crate::problem::{PROBLEM_JSON, Problem};
use crate::request_id::{self, RequestId};
use crate::token::TokenVerifier;

const REQUEST_ID: HeaderName = HeaderName::from_static(agora_context::REQUEST_ID_HEADER);
/// Problem bodies are small; anything bigger is not one of ours and is replaced.
const MAX_PROBLEM_BYTES: usize = 64 * 1024;

/// Wraps `api` (the generated router with the service's implementation) in everything the
/// kit provides, for the service described by `service`.
pub fn router(
    service: &'static Service,
    api: Router,
    config: &KitConfig,
    verifier: Arc<TokenVerifier>,
    authorizer: Option<Arc<dyn Authorizer>>,
    clients: Option<Arc<dyn ClientAuthenticator>>,
    readiness: Readiness,
) -> Result<Router, ContractError> {
    let contract = Arc::new(Contract::new(
        service,
        verifier,
        authorizer,
        clients,
        config.body_limit,
    )?);
    let spec: serde_json::Value =
        serde_json::from_str(service.openapi_json).map_err(ContractError::Spec)?;
    let kit = Router::new()
        .route("/health", get(health::health))
        .route("/ready", get(health::ready).with_state(readiness))
        .merge(SwaggerUi::new("/docs").external_url_unchecked("/openapi.json", spec));
    let routes = api
        .merge(kit)
        .fallback(|| async { Problem::not_found("no resource lives at this path") })
        .layer(from_fn_with_state(
            contract.clone(),
            crate::contract::enforce,
        ));
    let app = with_edge(service.name, routes, config);
    Ok(if contract.has_deprecations() {
        app.layer(from_fn_with_state(contract, crate::contract::announce))
    } else {
        app
    })
}

/// The edge every Agora server has, around `routes`: request ids, the request timeout,
/// problem bodies for every error, CORS, and panics turned into 500s. The gateway uses it
/// on its own routes; services get it through [`router`].
pub fn with_edge(service: &'static str, routes: Router, config: &KitConfig) -> Router {
    // The recorder must exist before the first request is counted.
    crate::metrics::handle();
    let edge = Arc::new(Edge {
        service,
        timeout: config.request_timeout,
        trusted_proxies: config.trusted_proxies.clone(),
    });
    routes
        .layer(cors(&config.cors_allowed_origins))
        .layer(CatchPanicLayer::custom(|_panic| {
            tracing::error!("a handler panicked");
            Problem::internal().into_response()
        }))
        .layer(from_fn_with_state(edge, edge_layer))
}

fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allow_headers([
            http::header::AUTHORIZATION,
            CONTENT_TYPE,
            http::header::IF_MATCH,
            http::header::IF_NONE_MATCH,
            REQUEST_ID,
        ])
        .expose_headers([
            REQUEST_ID,
            http::header::ETAG,
            http::header::LOCATION,
            http::header::RETRY_AFTER,
            HeaderName::from_static("ratelimit"),
            HeaderName::from_static("ratelimit-policy"),
            // A deprecated operation's (docs/api-versioning.md): front ends read them too.
            HeaderName::from_static("deprecation"),
            HeaderName::from_static("sunset"),
            http::header::LINK,
        ])
        .max_age(Duration::from_secs(600))
}

struct Edge {
    service: &'static str,
    timeout: Duration,
    trusted_proxies: TrustedProxies,
}

/// The client's address: the TCP peer, or who the trusted proxies in front say it is.
fn client_ip(req: &Request, trusted: &TrustedProxies) -> Option<String> {
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<SocketAddr>>()?
        .0
        .ip();
    Some(trusted.client(peer, req.headers()).to_string())
}

/// The outermost layer: gives the request its id (in extensions, the log span, the context
/// for outgoing calls, and the response), bounds its time, and makes every error response
/// a problem body carrying that id.
async fn edge_layer(State(edge): State<Arc<Edge>>, mut req: Request, next: Next) -> Response {
    let id =
        request_id::accept_or_make(req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()));
    req.extensions_mut().insert(id.clone());
    if !req.headers().contains_key(HOST) {
        // HTTP/2 carries the authority in the URI; the generated handlers read `Host`.
        let host = req
            .uri()
            .authority()
            .map(|a| a.to_string())
            .unwrap_or_else(|| "localhost".into());
        if let Ok(v) = HeaderValue::from_str(&host) {
            req.headers_mut().insert(HOST, v);
        }
    }
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    let span = tracing::info_span!(
        "request",
        request_id = id.0.as_str(),
        trace_id = tracing::field::Empty,
        method = method.as_str(),
        path = path.as_str()
    );
    let parent = req
        .headers()
        .get(agora_context::TRACEPARENT_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(agora_context::TraceContext::parse);
    let trace = crate::telemetry::enter_trace(&span, parent);
    let started = Instant::now();
    let context = agora_context::RequestContext {
        request_id: id.0.clone(),
        client_ip: client_ip(&req, &edge.trusted_proxies),
        user_agent: req
            .headers()
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(512).collect()),
        trace: Some(trace),
    };
    let timeout = edge.timeout;
    let response = agora_context::scope(context, async move {
        match tokio::time::timeout(timeout, next.run(req)).await {
            Ok(response) => response,
            Err(_) => {
                tracing::warn!("request timed out");
                Problem::unavailable("the request took longer than the server allows")
                    .into_response()
            }
        }
    })
    .instrument(span.clone())
    .await;
    let mut response = as_problem(response, &path, &id).await;
    if let Ok(v) = HeaderValue::from_str(&id.0) {
        response.headers_mut().insert(REQUEST_ID, v);
    }
    let status = response.status().as_u16();
    let operation = response
        .extensions()
        .get::<crate::metrics::OperationId>()
        .map_or("unmatched", |o| o.0);
    crate::metrics::record_request(edge.service, operation, &method, status, started.elapsed());
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| tracing::info!(status, latency_ms, "request finished"));
    response
}

/// Error responses leave as problem bodies with `request_id` and `instance`; anything else
/// at an error status (an empty 401 or 500 from the generated router, axum's plain-text
/// rejections) is replaced, so no input is ever echoed back.
async fn as_problem(response: Response, path: &str, id: &RequestId) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let is_problem = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with(PROBLEM_JSON));
    let mut problem: serde_json::Map<String, serde_json::Value> = if is_problem {
        match http_body_util::Limited::new(body, MAX_PROBLEM_BYTES)
            .collect()
            .await
        {
            Ok(bytes) => serde_json::from_slice(&bytes.to_bytes()).unwrap_or_default(),
            Err(_) => Default::default(),
        }
    } else {
        Default::default()
    };
    if problem.get("status").and_then(|s| s.as_u64()) != Some(u64::from(status.as_u16())) {
        if !is_problem {
            tracing::debug!(
                status = status.as_u16(),
                "replacing a non-problem error body"
            );
        }
        let generic =
            serde_json::to_value(Problem::for_status(status)).expect("a problem serialises");
        problem = generic.as_object().cloned().unwrap_or_default();
    }
    problem.entry("instance").or_insert_with(|| path.into());
    problem.insert("request_id".into(), id.0.clone().into());
    parts
        .headers
        .insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    parts.headers.remove(CONTENT_LENGTH);
    if status == StatusCode::UNAUTHORIZED && !parts.headers.contains_key(WWW_AUTHENTICATE) {
        parts
            .headers
            .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    let body = serde_json::to_vec(&problem).expect("a JSON map serialises");
    Response::from_parts(parts, Body::from(body))
}

/// The opening every service's composition root shares: its database connected and
/// migrated, readiness watching it, and at the end its generated router wrapped by the kit
/// and bound. Between [`Opening::connect`] and [`Opening::serve`] the service wires its
/// own adapters and use cases on [`Opening::pool`].
pub struct Opening<'a> {
    service: &'static Service,
    kit: &'a KitConfig,
    pool: sqlx::PgPool,
    readiness: Readiness,
    authorizer: Option<Arc<dyn Authorizer>>,
    clients: Option<Arc<dyn ClientAuthenticator>>,
}

impl<'a> Opening<'a> {
    /// Connects to `kit.database_url` and applies `migrator`.
    pub async fn connect(
        service: &'static Service,
        kit: &'a KitConfig,
        migrator: &sqlx::migrate::Migrator,
    ) -> Result<Self, crate::db::DbError> {
        let pool = crate::db::connect_and_migrate(
            kit.database_url.expose_secret(),
            kit.database_max_connections,
            migrator,
        )
        .await?;
        Ok(Self {
            service,
            kit,
            readiness: Readiness::default().with(health::Postgres(pool.clone())),
            pool,
            authorizer: None,
            clients: None,
        })
    }

    /// The service's database: its adapters and its outbox relay take clones.
    pub fn pool(&self) -> &sqlx::PgPool {
        &self.pool
    }

    /// One more dependency `/ready` asks (a cache, say).
    pub fn ready_when(mut self, check: impl health::Check + 'static) -> Self {
        self.readiness = self.readiness.with(check);
        self
    }

    /// Who settles the permission decisions a token cannot (a permission the operation
    /// requires and the token does not carry, which a later grant may have given).
    pub fn authorizer(mut self, authorizer: Arc<dyn Authorizer>) -> Self {
        self.authorizer = Some(authorizer);
        self
    }

    /// Who the registered service clients are (the HTTP Basic operations of the spec).
    pub fn clients(mut self, clients: Arc<dyn ClientAuthenticator>) -> Self {
        self.clients = Some(clients);
        self
    }

    /// `api` (the generated router with the service's implementation) behind the kit, bound
    /// to the configured port; the pool is closed after the drain.
    pub async fn serve(self, api: Router, verifier: Arc<TokenVerifier>) -> anyhow::Result<Server> {
        let router = router(
            self.service,
            api,
            self.kit,
            verifier,
            self.authorizer,
            self.clients,
            self.readiness,
        )?;
        Ok(Server::bind(self.kit, router, Some(self.pool)).await?)
    }
}

/// A service bound to its port, ready to run: what every service's `build` returns.
pub struct Server {
    listener: TcpListener,
    /// `/metrics`, on an address of its own: never on the port clients reach.
    metrics: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    drain: Duration,
    pool: Option<sqlx::PgPool>,
    background: Vec<Background>,
}

type Background = (
    &'static str,
    tokio::sync::watch::Sender<bool>,
    tokio::task::JoinHandle<()>,
);

impl Server {
    /// Binds `config`'s address for `router`; `pool` is closed after the drain.
    pub async fn bind(
        config: &KitConfig,
        router: Router,
        pool: Option<sqlx::PgPool>,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind((config.host.as_str(), config.port))
            .await
            .map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!("binding {}:{}: {e}", config.host, config.port),
                )
            })?;
        let metrics = TcpListener::bind((config.metrics_host.as_str(), config.metrics_port))
            .await
            .map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!(
                        "binding the metrics listener {}:{}: {e}",
                        config.metrics_host, config.metrics_port
                    ),
                )
            })?;
        if let Some(pool) = &pool {
            crate::metrics::watch_postgres_pool(pool);
        }
        Ok(Self {
            listener,
            metrics,
            router,
            limits: config.connections.clone(),
            drain: config.drain_timeout,
            pool,
            background: Vec::new(),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Where `/metrics` is served.
    pub fn metrics_addr(&self) -> SocketAddr {
        self.metrics
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until `shutdown` resolves, drains, stops the background tasks, then closes
    /// the pool.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        // A scraper or two, never a crowd: a small bound of its own.
        let scrapers = ConnectionLimits {
            max_connections: 16,
            max_per_client: 16,
            ..self.limits.clone()
        };
        let metrics = tokio::spawn(serve(
            "metrics",
            self.metrics,
            Router::new().route("/metrics", get(crate::metrics::render)),
            scrapers,
            Duration::ZERO,
            std::future::pending(),
        ));
        let result = serve(
            "api",
            self.listener,
            self.router,
            self.limits,
            self.drain,
            shutdown,
        )
        .await;
        metrics.abort();
        for (_, stop, _) in &self.background {
            let _ = stop.send(true);
        }
        for (name, _, task) in self.background {
            if tokio::time::timeout(self.drain, task).await.is_err() {
                tracing::warn!(
                    task = name,
                    "a background task did not stop within the drain time"
                );
            }
        }
        if let Some(pool) = self.pool {
            pool.close().await;
        }
        result
    }

    /// Runs `task` beside the server (an outbox relay, an event consumer) from now on; it
    /// gets a receiver that turns `true` when the server shuts down, and is awaited then
    /// (for at most the drain time).
    pub fn with_background<F, Fut>(mut self, name: &'static str, task: F) -> Self
    where
        F: FnOnce(tokio::sync::watch::Receiver<bool>) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let (stop, stopping) = tokio::sync::watch::channel(false);
        self.background
            .push((name, stop, tokio::spawn(task(stopping))));
        self
    }
}

/// A service binary's `main`: logging first, then `server` (configuration, connections,
/// binding), then serving until SIGTERM/SIGINT. Start-up errors are logged with their causes.
///
/// `<binary> healthcheck` instead probes the running service's `/health` on its port
/// (`<SERVICE>_PORT`, else `default_port`) and exits 0 when it answers 200: the container
/// image's `HEALTHCHECK`, with no shell or curl in the image.
pub async fn run_main<E: std::fmt::Display>(
    service: &'static str,
    default_port: u16,
    server: impl Future<Output = Result<Server, E>>,
) -> std::process::ExitCode {
    if std::env::args().nth(1).as_deref() == Some("healthcheck") {
        let port =
            crate::config::parse_or(&format!("{}_PORT", service.to_uppercase()), default_port)
                .unwrap_or(default_port);
        return match crate::health::probe(port).await {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                #[allow(
                    clippy::print_stderr,
                    reason = "the container engine shows this output"
                )]
                {
                    eprintln!("{service} is not healthy: {e}");
                }
                std::process::ExitCode::FAILURE
            }
        };
    }
    // Dropped on every way out of here, so the last lines always reach the output.
    let _telemetry = crate::telemetry::init(service);
    let server = match server.await {
        Ok(server) => server,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "{service} failed to start");
            // Also as a plain sentence for whoever started it by hand.
            #[allow(clippy::print_stderr, reason = "a start-up failure is for people")]
            {
                eprintln!("{service} cannot start: {e:#}");
            }
            return std::process::ExitCode::FAILURE;
        }
    };
    tracing::info!(addr = %server.local_addr(), "{service} listening");
    match server.run_until(shutdown_signal()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "{service} failed");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Serves `app` on `listener` within `limits` until `shutdown` resolves, then lets
/// in-flight requests finish for at most `drain` (see [`crate::connections`]).
pub use crate::connections::serve;

/// Resolves on SIGTERM or SIGINT (Ctrl-C).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
