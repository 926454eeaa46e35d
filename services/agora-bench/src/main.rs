//! The reference points of `cargo xtask bench`, as one binary:
//!
//! - `agora-bench baseline <port> <body-file>`: a bare axum server whose one route,
//!   `GET /api/v1/products/{id}`, answers the given JSON from memory. It is the ceiling a
//!   product read could reach on this machine: same runtime, HTTP stack and allocator, no
//!   work.
//! - `agora-bench redis-read <port> <body-file> <redis-url>`: the same route, answering the
//!   JSON it reads from Redis with one `GET` per request, through the kit's Redis pool. It
//!   is the ceiling of a product read that honours the contract (a cache hit is read from
//!   Redis, so a read after a write on any instance sees the write): the baseline plus
//!   one Redis round trip, and nothing else.
//! - `agora-bench proxy <port> <upstream-address>`: a bare reverse proxy for `GET`s, on the
//!   gateway's HTTP client: it forwards the path, query and headers, and streams the
//!   answer back. It is the ceiling for any gateway: one more process on the way, no work.
//! - `agora-bench argon2 <seconds>`: raw argon2id with the auth service's parameters, on as
//!   many threads as auth has hash workers by default, each reusing its working memory, and
//!   prints `{"verifications_per_second": …}`: the ceiling for logins per second.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use agora_kit::redis::redis;
use anyhow::{Context, bail};
use argon2::{Algorithm, Argon2, Block, Version};
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use bytes::Bytes;

/// The services' allocator: the ceiling is measured on the same footing.
#[global_allocator]
static ALLOCATOR: agora_kit::Allocator = agora_kit::Allocator;

/// The route every reference server answers, as products does.
const PRODUCT_ROUTE: &str = "/api/v1/products/{id}";

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["baseline", port, body_file] => baseline(port.parse()?, body_file),
        ["redis-read", port, body_file, redis_url] => {
            redis_read(port.parse()?, body_file, redis_url)
        }
        ["proxy", port, upstream] => proxy(port.parse()?, upstream),
        ["argon2", seconds] => argon2(Duration::from_secs(seconds.parse()?)),
        _ => bail!(
            "usage: agora-bench baseline <port> <body-file> | agora-bench redis-read <port> \
             <body-file> <redis-url> | agora-bench proxy <port> <upstream-address> | \
             agora-bench argon2 <seconds>"
        ),
    }
}

fn baseline(port: u16, body_file: &str) -> anyhow::Result<()> {
    let body = read_body(body_file)?;
    let app = Router::new().route(
        PRODUCT_ROUTE,
        get(move || {
            let body = body.clone();
            async move { ([(header::CONTENT_TYPE, "application/json")], body) }
        }),
    );
    serve(port, async { Ok(app) })
}

fn redis_read(port: u16, body_file: &str, redis_url: &str) -> anyhow::Result<()> {
    let body = read_body(body_file)?;
    let key: Arc<str> = format!("agora-bench:{}:product", std::process::id()).into();
    serve(port, async move {
        let pool = agora_kit::redis::pool(redis_url)?;
        let mut conn = pool.get().await.context("connecting to Redis")?;
        redis::cmd("SET")
            .arg(&*key)
            .arg(&body[..])
            .arg("EX")
            .arg(3600)
            .query_async::<()>(&mut *conn)
            .await
            .context("storing the product in Redis")?;
        drop(conn);
        Ok(Router::new().route(
            PRODUCT_ROUTE,
            get(move || {
                let (pool, key) = (pool.clone(), key.clone());
                async move {
                    let mut conn = pool.get().await.map_err(|_| StatusCode::BAD_GATEWAY)?;
                    let body: Vec<u8> = redis::cmd("GET")
                        .arg(&*key)
                        .query_async(&mut *conn)
                        .await
                        .map_err(|_| StatusCode::BAD_GATEWAY)?;
                    Ok::<_, StatusCode>(([(header::CONTENT_TYPE, "application/json")], body))
                }
            }),
        ))
    })
}

fn proxy(port: u16, upstream: &str) -> anyhow::Result<()> {
    let upstream: Arc<str> = format!("http://{upstream}").into();
    let client = gateway::upstream_client()?;
    let app = Router::new().fallback(get(move |req: Request| {
        let (client, upstream) = (client.clone(), upstream.clone());
        async move {
            let target = req.uri().path_and_query().map_or("/", |p| p.as_str());
            let mut headers = req.headers().clone();
            headers.remove(header::HOST);
            let answer = client
                .get(format!("{upstream}{target}"))
                .headers(headers)
                .send()
                .await
                .map_err(|_| StatusCode::BAD_GATEWAY)?;
            let (status, headers) = (answer.status(), answer.headers().clone());
            let mut response = Response::new(Body::from_stream(answer.bytes_stream()));
            *response.status_mut() = status;
            *response.headers_mut() = headers;
            Ok::<_, StatusCode>(response)
        }
    }));
    serve(port, async { Ok(app) })
}

fn read_body(file: &str) -> anyhow::Result<Bytes> {
    Ok(Bytes::from(
        std::fs::read(file).with_context(|| format!("reading {file}"))?,
    ))
}

/// Serves the router `app` makes on `port`, as the services are served, so a reference
/// point and a service differ only by the work done.
fn serve(port: u16, app: impl Future<Output = anyhow::Result<Router>>) -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let app = app.await?;
            let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
            agora_kit::app::serve(
                "api",
                listener,
                app,
                agora_kit::connections::ConnectionLimits::default(),
                Duration::ZERO,
                std::future::pending(),
            )
            .await?;
            Ok(())
        })
}

fn argon2(duration: Duration) -> anyhow::Result<()> {
    let params = auth_service::adapters::argon::owasp_params();
    let workers = auth_service::config::default_hash_workers();
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + duration;
    let threads: Vec<_> = (0..workers)
        .map(|_| {
            let (params, done) = (params.clone(), done.clone());
            std::thread::spawn(move || -> anyhow::Result<()> {
                let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
                let mut memory = vec![Block::default(); params.block_count()];
                let mut out = [0u8; 32];
                while Instant::now() < deadline {
                    argon
                        .hash_password_into_with_memory(
                            b"correct horse battery staple",
                            b"a sixteen byte salt",
                            &mut out,
                            &mut memory[..],
                        )
                        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
                    done.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            })
        })
        .collect();
    for t in threads {
        t.join()
            .map_err(|_| anyhow::anyhow!("a worker panicked"))??;
    }
    let per_second = done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
    let out = serde_json::json!({ "verifications_per_second": per_second, "workers": workers });
    #[allow(clippy::print_stdout, reason = "the result is this command's output")]
    {
        println!("{out}");
    }
    Ok(())
}
