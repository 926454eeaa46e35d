//! Forwarding: the route table, edge authentication, rate limits, and the streaming proxy
//! with a circuit breaker per upstream.

use std::sync::Arc;
use std::time::Duration;

use agora_api::Access;
use agora_kit::breaker::Breaker;
use agora_kit::operations::{self, Lookup, OperationMatcher};
use agora_kit::problem::Problem;
use agora_kit::token::{TokenError, TokenVerifier};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use futures_util::TryStreamExt;
use http::StatusCode;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};

use crate::ratelimit::{self, Limiter, Policy};

/// Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

pub struct Upstream {
    pub name: &'static str,
    /// Where the service lives, without a trailing '/': a URL with an optional path prefix.
    pub base: String,
    pub breaker: Breaker,
}

impl Upstream {
    /// The path part of `base`, which the upstream's URL starts with.
    fn path_prefix(&self) -> &str {
        let after_scheme = self.base.split_once("://").map_or("", |(_, rest)| rest);
        after_scheme.find('/').map_or("", |i| &after_scheme[i..])
    }
}

pub struct Gateway {
    pub upstreams: Vec<Upstream>,
    /// Every operation the services' specs declare; a request that names none is answered
    /// here (404, 405) and never forwarded.
    pub operations: OperationMatcher,
    pub verifier: Arc<TokenVerifier>,
    pub limiter: Limiter,
    pub anonymous: Policy,
    pub user: Policy,
    pub credentials: Policy,
    pub checkout: Policy,
    pub http: reqwest::Client,
    pub timeout: Duration,
    pub body_limit: usize,
}

impl Gateway {
    fn upstream(&self, service: &str) -> Option<&Upstream> {
        self.upstreams.iter().find(|u| u.name == service)
    }
}

pub async fn handle(State(gw): State<Arc<Gateway>>, req: Request) -> Response {
    // Every decision below is made on this path, and exactly this path is forwarded: one
    // that parsers on the way could read differently is refused first.
    let path = req.uri().path();
    if let Err(why) = operations::canonical(path) {
        return ambiguous(why.to_string());
    }
    let (service, operation) = match gw.operations.find(req.method(), path) {
        Lookup::Found {
            service, operation, ..
        } => (service, operation),
        Lookup::NotFound => {
            return Problem::not_found("no resource lives at this path").into_response();
        }
        Lookup::MethodNotAllowed(allow) => {
            let mut problem = Problem::for_status(StatusCode::METHOD_NOT_ALLOWED);
            if let Ok(allow) = HeaderValue::from_str(&allow) {
                problem = problem.header(header::ALLOW, allow);
            }
            return problem.into_response();
        }
    };
    let mut response = answer(&gw, req, service, operation).await;
    // The upstream says so too; the gateway's own answers (401, 429, 502…) must as well.
    if let Some(headers) = operation
        .deprecation
        .as_ref()
        .and_then(agora_kit::contract::deprecation_headers)
    {
        agora_kit::contract::add_deprecation(response.headers_mut(), &headers);
    }
    response
        .extensions_mut()
        .insert(agora_kit::metrics::OperationId(operation.id));
    response
}

/// The answer to `req`, which names `operation` of `service`: refused here, or forwarded.
async fn answer(
    gw: &Gateway,
    req: Request,
    service: &str,
    operation: &'static agora_api::Operation,
) -> Response {
    let Some(upstream) = gw.upstream(service) else {
        return Problem::not_found("no service lives at this path").into_response();
    };
    let url = match upstream_url(upstream, req.uri()) {
        Ok(url) => url,
        Err(why) => return ambiguous(why.into()),
    };
    // Edge authentication: protected operations need a valid token before anything is
    // forwarded. Public ones use a valid token, if any, only to rate-limit per user; a
    // service client's token request carries no token (its service authenticates it).
    let protected = !matches!(operation.access, Access::Public | Access::Client);
    let claims = match gw.verifier.verify_header(req.headers()).await {
        Ok(claims) => Some(claims),
        Err(e) if protected => return token_problem(e).into_response(),
        Err(_) => None,
    };
    let client = agora_context::current()
        .and_then(|c| c.client_ip)
        .unwrap_or_else(|| "unknown".into());
    let (policy, key) = match (operation.rate_limit, &claims) {
        (Some("credentials"), _) => (gw.credentials, client.clone()),
        (Some("checkout"), Some(c)) => (gw.checkout, c.sub.to_string()),
        (_, Some(c)) => (gw.user, c.sub.to_string()),
        (_, None) => (gw.anonymous, client.clone()),
    };
    let outcome = limit_and_forward(gw, upstream, url, req, &client, policy, &key).await;
    let verdict = match &outcome {
        Outcome::Refused(_) => "limited",
        Outcome::Forwarded(Some(_), _) => "allowed",
        Outcome::Forwarded(None, _) => "unchecked",
    };
    metrics::counter!("rate_limit_decisions_total", "policy" => policy.name, "decision" => verdict)
        .increment(1);
    match outcome {
        Outcome::Refused(d) => {
            let secs = d.retry_after.as_secs_f64().ceil().max(1.0) as u64;
            let mut response = Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests",
            )
            .detail("the rate limit for this client is exhausted; retry later")
            .header(header::RETRY_AFTER, HeaderValue::from(secs))
            .into_response();
            add_rate_headers(response.headers_mut(), &policy, &d);
            response
        }
        Outcome::Forwarded(decision, mut response) => {
            if let Some(d) = &decision {
                add_rate_headers(response.headers_mut(), &policy, d);
            }
            response
        }
    }
}

fn ambiguous(detail: String) -> Response {
    Problem::new(StatusCode::BAD_REQUEST, "ambiguous-path", "Ambiguous path")
        .detail(detail)
        .into_response()
}

/// The upstream's URL for `uri`, with the path and query exactly as received: a URL parser
/// that would change them (normalise, re-encode) would make the upstream serve another
/// path than the one classified, so such a request is refused instead.
fn upstream_url(upstream: &Upstream, uri: &http::Uri) -> Result<reqwest::Url, &'static str> {
    let sent = uri.path_and_query().map_or("/", |p| p.as_str());
    let url = reqwest::Url::parse(&format!("{}{sent}", upstream.base))
        .map_err(|_| "the path cannot be forwarded as sent")?;
    let same_path = url.path().strip_prefix(upstream.path_prefix()) == Some(uri.path());
    if !same_path || url.query() != uri.query() {
        return Err("the path or query would reach the service in another form");
    }
    Ok(url)
}

/// What became of a request at the rate limiter.
enum Outcome {
    Refused(ratelimit::Decision),
    /// Forwarded: allowed, or unchecked (`None`) when Redis could not decide.
    Forwarded(Option<ratelimit::Decision>, Response),
}

/// Rate-limits the request and forwards it unless refused.
///
/// A request that changes nothing (`GET`, `HEAD`, `OPTIONS`) is forwarded while Redis
/// decides, so its latency is the slower of the two rather than their sum; when the answer
/// is no, the upstream's response is dropped (or its call cancelled) and the client gets
/// the 429 all the same. Other methods reach the upstream only once allowed. Either way a
/// client already refused is refused again here, before anything is sent anywhere, until
/// its retry time.
async fn limit_and_forward(
    gw: &Gateway,
    upstream: &Upstream,
    url: reqwest::Url,
    req: Request,
    client: &str,
    policy: Policy,
    key: &str,
) -> Outcome {
    if let Some(denial) = gw.limiter.remembered_denial(&policy, key) {
        return Outcome::Refused(denial);
    }
    let safe = matches!(
        *req.method(),
        http::Method::GET | http::Method::HEAD | http::Method::OPTIONS
    );
    if !safe {
        return match gw.limiter.check(&policy, key).await {
            Some(d) if !d.allowed => Outcome::Refused(d),
            decision => Outcome::Forwarded(decision, forward(gw, upstream, url, req, client).await),
        };
    }
    let check = gw.limiter.check(&policy, key);
    let forwarding = forward(gw, upstream, url, req, client);
    tokio::pin!(check, forwarding);
    let (decision, response) = tokio::select! {
        decision = &mut check => match decision {
            Some(d) if !d.allowed => return Outcome::Refused(d),
            decision => (decision, forwarding.await),
        },
        response = &mut forwarding => (check.await, response),
    };
    match decision {
        Some(d) if !d.allowed => Outcome::Refused(d),
        decision => Outcome::Forwarded(decision, response),
    }
}

fn token_problem(e: TokenError) -> Problem {
    match e {
        TokenError::KeysUnavailable => {
            Problem::unavailable("access tokens cannot be verified right now")
        }
        TokenError::Missing => Problem::unauthorized("a bearer access token is required"),
        TokenError::Expired | TokenError::Invalid => {
            let mut p = Problem::unauthorized("the access token is not valid");
            p.headers = vec![(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            )];
            p
        }
    }
}

fn add_rate_headers(headers: &mut HeaderMap, policy: &Policy, decision: &ratelimit::Decision) {
    for (name, value) in ratelimit::headers(policy, decision) {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), v);
        }
    }
}

async fn forward(
    gw: &Gateway,
    upstream: &Upstream,
    url: reqwest::Url,
    req: Request,
    client: &str,
) -> Response {
    // Refused here without the upstream, so it says nothing of the upstream's health.
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > gw.body_limit as u64) {
        return Problem::for_status(StatusCode::PAYLOAD_TOO_LARGE).into_response();
    }
    let Some(permit) = upstream.breaker.try_acquire() else {
        return Problem::unavailable(format!(
            "the {} service is unavailable; try again shortly",
            upstream.name
        ))
        .into_response();
    };
    let (parts, body) = req.into_parts();
    let mut headers = parts.headers.clone();
    strip_hop_by_hop(&mut headers);
    let original_host = headers.remove(header::HOST);
    if let Ok(v) = HeaderValue::from_str(client) {
        headers.insert(HeaderName::from_static("x-forwarded-for"), v);
    }
    headers.insert(
        HeaderName::from_static("x-forwarded-proto"),
        HeaderValue::from_static("http"),
    );
    if let Some(host) = original_host {
        headers.insert(HeaderName::from_static("x-forwarded-host"), host);
    }
    // This hop is the gateway's: the upstream gets its request id and names its span as the
    // parent, as any call made through the generated clients would.
    for own in [
        agora_context::REQUEST_ID_HEADER,
        agora_context::TRACEPARENT_HEADER,
        "tracestate",
    ] {
        headers.remove(own);
    }
    let mut request = gw
        .http
        .request(parts.method.clone(), url)
        .headers(headers)
        .timeout(gw.timeout);
    // A request without a body (most reads) goes without one, rather than as an empty
    // chunked stream the upstream would have to wait for and read.
    if !axum::body::HttpBody::is_end_stream(&body) {
        let limited = http_body_util::Limited::new(body, gw.body_limit);
        let stream = http_body_util::BodyDataStream::new(limited);
        request = request.body(reqwest::Body::wrap_stream(stream));
    }
    let request = request.build();
    let result = match request {
        Ok(mut request) => {
            agora_context::outgoing::decorate(&mut request);
            gw.http.execute(request).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(res) => {
            permit.success();
            let status = res.status();
            let mut headers = res.headers().clone();
            strip_hop_by_hop(&mut headers);
            let body = Body::from_stream(res.bytes_stream().map_err(std::io::Error::other));
            let mut response = Response::new(body);
            *response.status_mut() = status;
            *response.headers_mut() = headers;
            response
        }
        // The client's body was too big: no outcome for the upstream (the permit is dropped).
        Err(e) if over_limit(&e) => {
            drop(permit);
            Problem::for_status(StatusCode::PAYLOAD_TOO_LARGE)
                .detail(format!(
                    "the request body is over the limit of {} bytes",
                    gw.body_limit
                ))
                .into_response()
        }
        Err(e) => {
            permit.failure();
            tracing::warn!(upstream = upstream.name, error = %e, "upstream failed");
            if e.is_timeout() {
                Problem::new(
                    StatusCode::GATEWAY_TIMEOUT,
                    "upstream-timeout",
                    "Gateway timeout",
                )
                .detail(format!(
                    "the {} service did not answer in time",
                    upstream.name
                ))
                .into_response()
            } else {
                Problem::new(
                    StatusCode::BAD_GATEWAY,
                    "upstream-unavailable",
                    "Bad gateway",
                )
                .detail(format!(
                    "the {} service could not be reached",
                    upstream.name
                ))
                .into_response()
            }
        }
    }
}

/// Whether forwarding failed because the client's body went over the limit.
fn over_limit(e: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = err.source();
    }
    false
}

fn strip_hop_by_hop(headers: &mut HeaderMap) {
    // Headers named in `Connection` are hop-by-hop too.
    let named: Vec<String> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| {
            v.split(',')
                .map(|s| s.trim().to_ascii_lowercase())
                .collect::<Vec<_>>()
        })
        .collect();
    for name in HOP_BY_HOP.iter().map(|s| s.to_string()).chain(named) {
        headers.remove(name.as_str());
    }
}
