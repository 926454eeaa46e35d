//! The reference points of `cargo xtask bench`, as one binary:
//!
//! - `agora-bench baseline <port> <body-file>`: a bare axum server whose one route,
//!   `GET /api/v1/products/{id}`, answers the given JSON from memory. It is the ceiling a
//!   product read could reach on this machine: same runtime, HTTP stack and allocator, no
//!   work.
//! - `agora-bench argon2 <seconds>`: raw argon2id with the auth service's parameters, on as
//!   many threads as auth has hash workers by default, each reusing its working memory, and
//!   prints `{"verifications_per_second": …}`: the ceiling for logins per second.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use argon2::{Algorithm, Argon2, Block, Version};
use axum::Router;
use axum::http::header;
use axum::routing::get;
use bytes::Bytes;

/// The services' allocator: the ceiling is measured on the same footing.
#[global_allocator]
static ALLOCATOR: agora_kit::Allocator = agora_kit::Allocator;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["baseline", port, body_file] => baseline(port.parse()?, body_file),
        ["argon2", seconds] => argon2(Duration::from_secs(seconds.parse()?)),
        _ => bail!("usage: agora-bench baseline <port> <body-file> | agora-bench argon2 <seconds>"),
    }
}

fn baseline(port: u16, body_file: &str) -> anyhow::Result<()> {
    let body =
        Bytes::from(std::fs::read(body_file).with_context(|| format!("reading {body_file}"))?);
    let app = Router::new().route(
        "/api/v1/products/{id}",
        get(move || {
            let body = body.clone();
            async move { ([(header::CONTENT_TYPE, "application/json")], body) }
        }),
    );
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(async {
            // Served as the services are, so the two differ only by the work done.
            let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
            agora_kit::app::serve(listener, app, Duration::ZERO, std::future::pending()).await?;
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
