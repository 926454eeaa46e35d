//! The seam every generated client sends its requests through.
//!
//! Each client crate's `Client` carries a [`Hooks`] (progenitor's inner type) and hands
//! every request to it: [`Hooks::pre`] sets the request's context (request id, trace) and
//! lets an [`Executor`] prepare it; [`Hooks::exec`] sends it, through the executor when
//! there is one. Services use `Hooks::default()`: the request is sent as it is. An SDK
//! session installs an executor that attaches its token, refreshes it, and retries.

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

pub use progenitor_client::OperationInfo;

/// A boxed future that may cross threads.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What sends a generated client's requests, when the client has one.
pub trait Executor: Send + Sync + Debug {
    /// Before the request is sent, once per call (its context already set). An `Err` ends
    /// the call with `progenitor_client::Error::Custom`.
    fn prepare<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
        info: &'a OperationInfo,
    ) -> BoxFuture<'a, Result<(), String>> {
        let _ = (request, info);
        Box::pin(async { Ok(()) })
    }

    /// Sends the request with `client`, as many times as it sees fit, and answers the
    /// response the call ends with.
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        info: &'a OperationInfo,
    ) -> BoxFuture<'a, reqwest::Result<reqwest::Response>>;
}

/// A generated client's hooks: none (send as is), or an [`Executor`].
#[derive(Clone, Debug, Default)]
pub struct Hooks(Option<Arc<dyn Executor>>);

impl Hooks {
    pub fn new(executor: Arc<dyn Executor>) -> Self {
        Self(Some(executor))
    }

    /// Sets the request's context and lets the executor prepare it.
    pub async fn pre(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), String> {
        agora_context::outgoing::decorate(request);
        match &self.0 {
            Some(executor) => executor.prepare(request, info).await,
            None => Ok(()),
        }
    }

    /// Sends the request: through the executor, or once as it is.
    pub async fn exec(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        match &self.0 {
            Some(executor) => executor.execute(client, request, info).await,
            None => client.execute(request).await,
        }
    }
}
