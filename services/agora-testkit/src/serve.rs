//! A service's [`Server`] running in the test's runtime until the handle is dropped (or
//! stopped and awaited), and HTTP clients that carry a bearer token.

use std::net::SocketAddr;

use agora_kit::app::Server;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A server serving until this is dropped: the test's end stops it.
pub struct Running {
    addr: SocketAddr,
    metrics: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    done: Option<JoinHandle<()>>,
}

impl Running {
    pub fn start(server: Server) -> Self {
        let (addr, metrics) = (server.local_addr(), server.metrics_addr());
        let (stop, stopped) = oneshot::channel();
        let done = tokio::spawn(async move {
            let _ = server
                .run_until(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Self {
            addr,
            metrics,
            stop: Some(stop),
            done: Some(done),
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Where the server's `/metrics` are (never on the port clients reach).
    pub fn metrics_url(&self) -> String {
        format!("http://{}/metrics", self.metrics)
    }

    /// Stops the server and waits until it has drained and closed its port.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(done) = self.done.take() {
            let _ = done.await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// An HTTP client that sends `token` as its bearer on every request, for a generated
/// client's `new_with_client`; no header at all without a token.
pub fn bearer_http(token: Option<&str>) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    if let Some(token) = token {
        let value = HeaderValue::from_str(&format!("Bearer {token}"))
            .expect("a token is a valid header value");
        headers.insert(AUTHORIZATION, value);
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("an HTTP client with default headers builds")
}
