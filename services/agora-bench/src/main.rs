//! The reference points of `cargo xtask bench`, as one binary:
//!
//! - `agora-bench baseline <port> <body-file>`: a bare axum server whose one route,
//!   `GET /api/v1/products/{id}`, answers the given JSON from memory. It is the ceiling a
//!   product read could reach on this machine: same runtime, same HTTP stack, no work.
//! - `agora-bench argon2 <seconds>`: verifies passwords with the auth service's own argon2id
//!   adapter (the parameters logins use) on as many concurrent tasks as there are cores,
//!   and prints `{"verifications_per_second": …}`: the ceiling for logins per second.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use auth_service::adapters::argon::Argon2id;
use auth_service::app::ports::PasswordHasher as _;
use axum::Router;
use axum::http::header;
use axum::routing::get;
use bytes::Bytes;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["baseline", port, body_file] => baseline(port.parse()?, body_file).await,
        ["argon2", seconds] => argon2(Duration::from_secs(seconds.parse()?)).await,
        _ => bail!("usage: agora-bench baseline <port> <body-file> | agora-bench argon2 <seconds>"),
    }
}

async fn baseline(port: u16, body_file: &str) -> anyhow::Result<()> {
    let body =
        Bytes::from(std::fs::read(body_file).with_context(|| format!("reading {body_file}"))?);
    let app = Router::new().route(
        "/api/v1/products/{id}",
        get(move || {
            let body = body.clone();
            async move { ([(header::CONTENT_TYPE, "application/json")], body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

async fn argon2(duration: Duration) -> anyhow::Result<()> {
    let hasher = Arc::new(Argon2id::owasp());
    let hash = hasher
        .hash("correct horse battery staple".into())
        .await
        .context("hashing the reference password")?;
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = Instant::now() + duration;
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut tasks = Vec::new();
    for _ in 0..workers {
        let (hasher, hash, done) = (hasher.clone(), hash.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let ok = hasher
                    .verify("correct horse battery staple".into(), Some(hash.clone()))
                    .await?;
                anyhow::ensure!(ok, "the reference password did not verify");
                done.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    let per_second = done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
    let out = serde_json::json!({ "verifications_per_second": per_second, "workers": workers });
    #[allow(clippy::print_stdout, reason = "the result is this command's output")]
    {
        println!("{out}");
    }
    Ok(())
}
