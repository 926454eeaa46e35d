//! The request context that travels with a request: set by the platform kit's request-id
//! layer for the duration of a request, read by every generated client's pre-request hook
//! so that outgoing calls carry the same request id and trace (`traceparent`).
//!
//! Kept tiny on purpose: the generated clients depend on it.

use std::future::Future;

pub mod trace;

pub use trace::{TRACEPARENT_HEADER, TraceContext};

/// The header that carries the request id, in and out.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// What a request carries to the calls it makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestContext {
    pub request_id: String,
    /// The client's address, as the kit determined it (the peer, or the first
    /// `X-Forwarded-For` hop when the service trusts its proxy).
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
    /// This request's span in its trace: what outgoing calls name as their parent.
    pub trace: Option<TraceContext>,
}

tokio::task_local! {
    static CURRENT: RequestContext;
    static BEARER: String;
}

/// Runs `fut` with outgoing calls made inside it carrying `token` as their bearer: for the
/// few calls that act on the caller's behalf (asking auth about the caller). Calls outside
/// the scope carry no token of the caller's.
pub fn with_bearer<F: Future>(token: String, fut: F) -> impl Future<Output = F::Output> {
    BEARER.scope(token, fut)
}

/// Runs `fut` with `ctx` as the current request context.
pub fn scope<F: Future>(ctx: RequestContext, fut: F) -> impl Future<Output = F::Output> {
    CURRENT.scope(ctx, fut)
}

/// A copy of the current request's context, when running inside a request.
pub fn current() -> Option<RequestContext> {
    CURRENT.try_with(Clone::clone).ok()
}

/// The current request's span in its trace, when running inside a traced request.
pub fn current_trace() -> Option<TraceContext> {
    CURRENT.try_with(|c| c.trace).ok().flatten()
}

/// The current request's id, when running inside a request.
pub fn current_request_id() -> Option<String> {
    CURRENT.try_with(|c| c.request_id.clone()).ok()
}

/// Outgoing calls.
pub mod outgoing {
    use reqwest::header::HeaderValue;

    /// The generated clients' pre-request hook: copies the current request id, the trace
    /// (`traceparent`, naming the current span as the parent) and, inside
    /// [`with_bearer`](super::with_bearer), the bearer token onto the outgoing request,
    /// unless the caller set them explicitly.
    pub fn decorate(request: &mut reqwest::Request) {
        if !request.headers().contains_key(super::TRACEPARENT_HEADER)
            && let Some(trace) =
                super::current_trace().and_then(|t| HeaderValue::from_str(&t.header()).ok())
        {
            request
                .headers_mut()
                .insert(super::TRACEPARENT_HEADER, trace);
        }
        if !request.headers().contains_key(super::REQUEST_ID_HEADER)
            && let Some(id) =
                super::current_request_id().and_then(|id| HeaderValue::from_str(&id).ok())
        {
            request.headers_mut().insert(super::REQUEST_ID_HEADER, id);
        }
        if !request
            .headers()
            .contains_key(reqwest::header::AUTHORIZATION)
            && let Ok(Ok(bearer)) =
                super::BEARER.try_with(|t| HeaderValue::from_str(&format!("Bearer {t}")))
        {
            request
                .headers_mut()
                .insert(reqwest::header::AUTHORIZATION, bearer);
        }
    }
}
