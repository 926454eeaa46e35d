//! `cargo xtask bench`: the platform in release mode under load, against its own limits.
//!
//! Starts a throwaway release instance of every service, seeds a catalogue, and drives load
//! with oha from a separate process on loopback. In the same run it measures the reference
//! points: a bare axum handler serving the same product JSON from memory (the ceiling for a
//! product read), the same handler reading the JSON from Redis (the ceiling for a read that
//! honours the contract's cache), a bare proxy in front of products (the ceiling for a
//! gateway), and raw argon2id verifications per second with the auth service's own
//! parameters (the ceiling for logins). It prints one table, writes every figure to
//! `target/bench/results.json`, and fails when a target is missed.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Value, json};

use crate::http;
use crate::infra::{self, Infra};
use crate::platform::{self, Options, Platform};
use crate::{say, tools};

const ADMIN_EMAIL: &str = "bench-admin@agora.localhost";
const ADMIN_PASSWORD: &str = "bench-admin-password";
const OHA_VERSION: &str = "1.16.0";

pub struct Settings {
    /// Seconds of load per throughput scenario.
    pub seconds: u32,
    /// Concurrent connections for the throughput scenarios.
    pub connections: u32,
    /// Requests per second of the fixed-rate latency comparison.
    pub latency_rate: u32,
    /// Registrations timed through the event pipeline.
    pub registrations: u32,
    /// Checkouts timed from `POST /orders` to `confirmed`, by 8 customers at once.
    pub checkouts: u32,
}

/// One load scenario's figures.
#[derive(Debug, Clone)]
struct Load {
    name: String,
    requests_per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
    total: u64,
    /// A product read at full speed, comparable with the baseline's throughput.
    of_baseline: bool,
}

impl Load {
    fn json(&self) -> Value {
        json!({
            "name": self.name,
            "requests_per_second": self.requests_per_second,
            "p50_ms": self.p50_ms,
            "p99_ms": self.p99_ms,
            "errors": self.errors,
            "requests": self.total,
        })
    }
}

pub fn run(settings: &Settings) -> anyhow::Result<()> {
    let oha = tools::cargo_tool("oha", OHA_VERSION)?;
    platform::build(true)?;
    tools::run(Command::new("cargo").args([
        "build",
        "--release",
        "--locked",
        "--package",
        "agora-bench",
    ]))?;
    let root = crate::root();
    let out_dir = root.join("target/bench");
    std::fs::create_dir_all(&out_dir)?;
    let target_dir = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("target"));
    let bench_bin = target_dir.join("release/agora-bench");

    let infra = Infra::provision()?;
    // The platform's ports, then one for each reference server.
    let base_port = platform::free_port_block(3)?;
    let options = Options {
        instance: "bench",
        release: true,
        base_port: Some(base_port),
        logs_to_files: true,
        throwaway: true,
        env: vec![
            // One client on one address: the limits would measure themselves.
            ("RATE_LIMIT_ANONYMOUS_PER_MINUTE", "100000000".into()),
            ("RATE_LIMIT_USER_PER_MINUTE", "100000000".into()),
            ("RATE_LIMIT_CREDENTIALS_PER_MINUTE", "100000000".into()),
            ("RATE_LIMIT_CHECKOUT_PER_MINUTE", "100000000".into()),
        ],
        clients: Vec::new(),
        admin_email: ADMIN_EMAIL.into(),
        admin_password: ADMIN_PASSWORD.into(),
    };
    let platform = Platform::start(&infra, &options)?;
    let idle_kib = platform.memory_kib("VmRSS");

    let token = platform.login(ADMIN_EMAIL, ADMIN_PASSWORD)?;
    let seeded = seed(&platform, &token)?;
    let products = platform.addr("products")?;
    let gateway = platform.addr("gateway")?;
    let product_path = format!("/api/v1/products/{}", seeded.product_id);
    let product = http::get(&products, &product_path)?;
    let body_file = out_dir.join("product.json");
    std::fs::write(&body_file, &product.body)?;

    let reference_port = |i: u16| base_port + platform::PORTS_USED + i;
    let mut references = Vec::new();
    let measured = (|| -> anyhow::Result<Value> {
        let mut reference = |what: &str, args: &[&std::ffi::OsStr]| -> anyhow::Result<String> {
            let port = reference_port(references.len() as u16);
            references.push(
                Command::new(&bench_bin)
                    .arg(what)
                    .arg(port.to_string())
                    .args(args)
                    .stdout(Stdio::null())
                    .spawn()
                    .with_context(|| format!("starting agora-bench {what}"))?,
            );
            let addr = format!("127.0.0.1:{port}");
            infra::wait_for(&addr, &format!("agora-bench {what}"))?;
            Ok(addr)
        };
        let baseline_addr = reference("baseline", &[body_file.as_os_str()])?;
        let redis_read_addr = reference(
            "redis-read",
            &[
                body_file.as_os_str(),
                std::ffi::OsStr::new(&infra.redis_url),
            ],
        )?;
        let proxy_addr = reference("proxy", &[std::ffi::OsStr::new(&products)])?;
        let load = |name: &str, url: String, extra: &[&str]| -> anyhow::Result<Load> {
            say!("load: {name}");
            oha_run(&oha, name, &url, extra)
        };
        let duration = settings.seconds.to_string();
        let connections = settings.connections.to_string();
        let saturate = ["-z", &format!("{duration}s"), "-c", &connections];

        let base = load(
            "bare axum baseline: GET product from memory",
            format!("http://{baseline_addr}{product_path}"),
            &saturate,
        )?;
        let redis_base = load(
            "bare axum + one Redis GET: GET product from Redis",
            format!("http://{redis_read_addr}{product_path}"),
            &saturate,
        )?;
        let direct = load(
            "GET /api/v1/products/{id} (cache hit), direct",
            format!("http://{products}{product_path}"),
            &saturate,
        )?;
        let via_gateway = load(
            "GET /api/v1/products/{id} (cache hit), through the gateway",
            format!("http://{gateway}{product_path}"),
            &saturate,
        )?;
        let list = load(
            "GET /api/v1/products filtered and sorted, direct",
            format!(
                "http://{products}/api/v1/products?category_id={}&min_price=500&max_price=50000&sort=price_asc&per_page=20",
                seeded.category_id
            ),
            &saturate,
        )?;
        let rate = settings.latency_rate.to_string();
        // At a fixed rate well below saturation, latency is service time, not queueing; the
        // correction counts from when each request was due (no coordinated omission).
        let paced = [
            "-z",
            &format!("{duration}s"),
            "-c",
            "8",
            "-q",
            &rate,
            "--latency-correction",
        ];
        let direct_paced = load(
            &format!("GET product at {rate} req/s, direct"),
            format!("http://{products}{product_path}"),
            &paced,
        )?;
        let gateway_paced = load(
            &format!("GET product at {rate} req/s, through the gateway"),
            format!("http://{gateway}{product_path}"),
            &paced,
        )?;
        let proxy_paced = load(
            &format!("GET product at {rate} req/s, through a bare proxy"),
            format!("http://{proxy_addr}{product_path}"),
            &paced,
        )?;
        let login_body = json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD }).to_string();
        let mut login = load(
            "POST /api/v1/auth/login, direct",
            format!("http://{}/api/v1/auth/login", platform.addr("auth")?),
            &[
                "-z",
                &format!("{duration}s"),
                "-c",
                "4",
                "-m",
                "POST",
                "-T",
                "application/json",
                "-d",
                &login_body,
            ],
        )?;
        // Another endpoint: its limit is argon2id's, reported beside it.
        login.of_baseline = false;
        say!("raw argon2id verifications");
        let argon = Command::new(&bench_bin)
            .args(["argon2", &duration])
            .output()
            .context("running agora-bench argon2")?;
        if !argon.status.success() {
            bail!(
                "agora-bench argon2 failed: {}",
                String::from_utf8_lossy(&argon.stderr)
            );
        }
        let argon: Value = serde_json::from_slice(&argon.stdout)?;
        let argon_per_second = argon["verifications_per_second"].as_f64().unwrap_or(0.0);

        say!(
            "register → profile visible, {} times",
            settings.registrations
        );
        let events = event_latency(&platform, &token, settings.registrations)?;
        say!(
            "checkout → confirmed, {} times by 8 customers at once",
            settings.checkouts
        );
        let checkout = checkouts(&platform, &token, settings.checkouts)?;
        let peaks = platform.memory_kib("VmHWM");
        let memory = idle_kib
            .iter()
            .map(|&(name, idle)| Memory {
                name,
                idle_kib: idle,
                peak_kib: peaks
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or(0, |(_, k)| *k),
            })
            .collect();

        Ok(report(Report {
            base,
            redis_base,
            direct,
            via_gateway,
            list,
            direct_paced,
            gateway_paced,
            proxy_paced,
            login,
            argon_per_second,
            events,
            checkout,
            memory,
            settings,
        }))
    })();
    for child in &mut references {
        infra::terminate(child);
    }
    drop(platform);
    drop(infra);
    let results = measured?;
    let file = out_dir.join("results.json");
    std::fs::write(&file, serde_json::to_string_pretty(&results)?)?;
    say!("figures written to {}", file.display());
    let missed: Vec<&str> = results["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["met"] == false)
        .filter_map(|t| t["target"].as_str())
        .collect();
    if !missed.is_empty() {
        bail!("targets missed: {}", missed.join("; "));
    }
    say!("every target met");
    Ok(())
}

struct Seeded {
    category_id: String,
    product_id: String,
}

/// A category with 200 products, priced 1.00 to 200.00.
fn seed(platform: &Platform, token: &str) -> anyhow::Result<Seeded> {
    let products = platform.addr("products")?;
    let created = |path: &str, body: Value| -> anyhow::Result<Value> {
        let r = http::post_json_as(&products, path, token, &body)?;
        if r.status != 201 {
            bail!("seeding {path} answered {}: {}", r.status, r.body);
        }
        Ok(serde_json::from_str(&r.body)?)
    };
    let category = created("/api/v1/categories", json!({ "name": "Bench" }))?;
    let category_id = category["id"].as_str().context("category id")?.to_owned();
    let mut product_id = String::new();
    for i in 1..=200 {
        let p = created(
            "/api/v1/products",
            json!({
                "sku": format!("BENCH-{i:04}"),
                "name": format!("Bench product {i}"),
                "description": "A product of the benchmark catalogue, with a description long enough to be realistic for a listing page.",
                "price": i * 100,
                "currency": "EUR",
                "stock": 1000,
                "category_id": category_id,
            }),
        )?;
        if i == 1 {
            product_id = p["id"].as_str().context("product id")?.to_owned();
        }
    }
    Ok(Seeded {
        category_id,
        product_id,
    })
}

/// The checkout scenario's figures: each order's time from `POST /orders` to `confirmed`
/// (the saga: outbox, SNS, SQS, products' reservation, its answer, the charge at
/// payments), and how many orders settled per second of the run.
struct Checkouts {
    latencies_ms: Vec<f64>,
    settled_per_second: f64,
    /// Orders that did not end `confirmed` (there is stock for all of them).
    failed: u64,
}

const CHECKOUT_CUSTOMERS: u32 = 8;

/// `count` checkouts of one unit of a product with stock for all, by
/// [`CHECKOUT_CUSTOMERS`] customers at once, each filling its cart and checking out in turn.
fn checkouts(platform: &Platform, admin: &str, count: u32) -> anyhow::Result<Checkouts> {
    let products = platform.addr("products")?;
    let orders = platform.addr("orders")?;
    let auth = platform.addr("auth")?;
    let r = http::post_json_as(
        &products,
        "/api/v1/products",
        admin,
        &json!({ "sku": "BENCH-CHECKOUT", "name": "Checkout bench product",
                 "description": "Stock for every checkout of the run.", "price": 1234,
                 "currency": "EUR", "stock": 1_000_000 }),
    )?;
    if r.status != 201 {
        bail!(
            "creating the checkout product answered {}: {}",
            r.status,
            r.body
        );
    }
    let product: Value = serde_json::from_str(&r.body)?;
    let product = product["id"].as_str().context("the product id")?.to_owned();
    let mut tokens = Vec::new();
    for i in 0..CHECKOUT_CUSTOMERS {
        let email = format!("bench-checkout-{}-{i}@example.com", std::process::id());
        let password = "plum-lantern-violin-42";
        let r = http::post_json(
            &auth,
            "/api/v1/auth/register",
            &json!({ "email": email, "password": password, "name": "Bench" }),
        )?;
        if r.status != 201 {
            bail!("register answered {}: {}", r.status, r.body);
        }
        tokens.push(platform.login(&email, password)?);
    }
    let started = Instant::now();
    let per_customer = count.div_ceil(CHECKOUT_CUSTOMERS);
    let runs: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(c, token)| {
            let (orders, product) = (orders.clone(), product.clone());
            std::thread::spawn(move || -> anyhow::Result<(Vec<f64>, u64)> {
                let mut latencies = Vec::new();
                let mut failed = 0;
                for n in 0..per_customer {
                    let cart = format!("/api/v1/cart/items/{product}");
                    let r = http::send_as(
                        &orders,
                        "PUT",
                        &cart,
                        &token,
                        &[],
                        Some(&json!({ "quantity": 1 })),
                    )?;
                    if r.status != 200 {
                        bail!("filling the cart answered {}: {}", r.status, r.body);
                    }
                    let key = format!("bench-{}-{c}-{n}", std::process::id());
                    let body = json!({
                        "shipping_address": { "line1": "1 High Street", "city": "London",
                                              "postal_code": "SW1A 1AA", "country": "GB" },
                        "payment_token": "tok_ok_bench",
                    });
                    let posted = Instant::now();
                    let r = http::send_as(
                        &orders,
                        "POST",
                        "/api/v1/orders",
                        &token,
                        &[("Idempotency-Key", &key)],
                        Some(&body),
                    )?;
                    if r.status != 202 {
                        bail!("checkout answered {}: {}", r.status, r.body);
                    }
                    let order: Value = serde_json::from_str(&r.body)?;
                    let path = format!(
                        "/api/v1/orders/{}",
                        order["id"].as_str().context("the order id")?
                    );
                    let status = loop {
                        let r = http::get_as(&orders, &path, &token)?;
                        let o: Value = serde_json::from_str(&r.body)?;
                        let status = o["status"].as_str().unwrap_or_default().to_owned();
                        if status != "pending" || posted.elapsed() > Duration::from_secs(30) {
                            break status;
                        }
                        std::thread::sleep(Duration::from_millis(2));
                    };
                    if status == "confirmed" {
                        latencies.push(posted.elapsed().as_secs_f64() * 1000.0);
                    } else {
                        failed += 1;
                    }
                }
                Ok((latencies, failed))
            })
        })
        .collect();
    let mut latencies_ms = Vec::new();
    let mut failed = 0;
    for run in runs {
        let (l, f) = run
            .join()
            .map_err(|_| anyhow::anyhow!("a checkout thread panicked"))??;
        latencies_ms.extend(l);
        failed += f;
    }
    let settled_per_second = latencies_ms.len() as f64 / started.elapsed().as_secs_f64();
    Ok(Checkouts {
        latencies_ms,
        settled_per_second,
        failed,
    })
}

/// Registers `count` accounts one after the other and times, for each, from auth's 201 to
/// the profile answering 200 at users (the event's trip: outbox, relay, SNS, SQS, consumer).
fn event_latency(platform: &Platform, token: &str, count: u32) -> anyhow::Result<Vec<f64>> {
    let auth = platform.addr("auth")?;
    let users = platform.addr("users")?;
    let mut latencies = Vec::new();
    for i in 0..count {
        let email = format!("bench-{}-{i}@example.com", std::process::id());
        let r = http::post_json(
            &auth,
            "/api/v1/auth/register",
            &json!({ "email": email, "password": "plum-lantern-violin-42", "name": "Bench" }),
        )?;
        if r.status != 201 {
            bail!("register answered {}: {}", r.status, r.body);
        }
        let registered = Instant::now();
        let body: Value = serde_json::from_str(&r.body)?;
        let id = body["id"].as_str().context("the registered user's id")?;
        let path = format!("/api/v1/users/{id}");
        loop {
            if http::get_as(&users, &path, token)?.status == 200 {
                break;
            }
            if registered.elapsed() > Duration::from_secs(30) {
                bail!("the profile of {email} did not appear within 30 s");
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        latencies.push(registered.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(latencies)
}

fn oha_run(oha: &std::path::Path, name: &str, url: &str, extra: &[&str]) -> anyhow::Result<Load> {
    let out = Command::new(oha)
        // -w: requests still in flight at the deadline finish (and count) instead of being
        // aborted as errors.
        .args(["--no-tui", "--output-format", "json", "-w"])
        .args(extra)
        .arg(url)
        .output()
        .context("running oha")?;
    if !out.status.success() {
        bail!(
            "oha failed on {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let v: Value = serde_json::from_slice(&out.stdout).context("oha's JSON")?;
    let codes = v["statusCodeDistribution"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let ok: u64 = codes
        .iter()
        .filter(|(code, _)| code.starts_with('2'))
        .filter_map(|(_, n)| n.as_u64())
        .sum();
    let non_2xx: u64 = codes
        .iter()
        .filter(|(code, _)| !code.starts_with('2'))
        .filter_map(|(_, n)| n.as_u64())
        .sum();
    let transport: u64 = v["errorDistribution"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(_, n)| n.as_u64())
        .sum();
    let ms = |key: &str| v["latencyPercentiles"][key].as_f64().unwrap_or(f64::NAN) * 1000.0;
    Ok(Load {
        name: name.to_owned(),
        requests_per_second: v["summary"]["requestsPerSec"].as_f64().unwrap_or(0.0),
        p50_ms: ms("p50"),
        p99_ms: ms("p99"),
        errors: non_2xx + transport,
        // A fixed rate is not a throughput.
        of_baseline: !extra.contains(&"-q"),
        total: ok + non_2xx + transport,
    })
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

struct Report<'a> {
    base: Load,
    /// The baseline with one Redis `GET` per request.
    redis_base: Load,
    direct: Load,
    via_gateway: Load,
    list: Load,
    direct_paced: Load,
    gateway_paced: Load,
    /// `direct_paced` through a bare proxy.
    proxy_paced: Load,
    login: Load,
    argon_per_second: f64,
    events: Vec<f64>,
    checkout: Checkouts,
    memory: Vec<Memory>,
    settings: &'a Settings,
}

/// A service's resident memory after start-up and at its peak under the load.
struct Memory {
    name: &'static str,
    idle_kib: u64,
    peak_kib: u64,
}

fn report(r: Report<'_>) -> Value {
    let ratio = |l: &Load| l.requests_per_second / r.base.requests_per_second;
    let loads = [
        &r.base,
        &r.redis_base,
        &r.direct,
        &r.via_gateway,
        &r.list,
        &r.direct_paced,
        &r.gateway_paced,
        &r.proxy_paced,
        &r.login,
    ];
    say!("");
    say!(
        "{:<58} {:>10} {:>8} {:>9} {:>9} {:>7}",
        "scenario",
        "req/s",
        "of base",
        "p50 ms",
        "p99 ms",
        "errors"
    );
    for l in loads {
        let of_base = if l.of_baseline {
            format!("{:.0}%", ratio(l) * 100.0)
        } else {
            "—".to_owned()
        };
        say!(
            "{:<58} {:>10.0} {:>8} {:>9.2} {:>9.2} {:>7}",
            l.name,
            l.requests_per_second,
            of_base,
            l.p50_ms,
            l.p99_ms,
            l.errors
        );
    }
    say!(
        "{:<58} {:>10.1}   (logins/s {:.1} = {:.0}% of it)",
        "raw argon2id verifications/s, same parameters and threads",
        r.argon_per_second,
        r.login.requests_per_second,
        r.login.requests_per_second / r.argon_per_second * 100.0
    );
    let mut events = r.events.clone();
    events.sort_by(f64::total_cmp);
    let (e50, e99) = (percentile(&events, 50.0), percentile(&events, 99.0));
    say!(
        "{:<58} p50 {e50:.1} ms, p99 {e99:.1} ms over {} registrations",
        "register → profile visible (events)",
        events.len()
    );
    let mut checkout = r.checkout.latencies_ms.clone();
    checkout.sort_by(f64::total_cmp);
    let (c50, c99) = (percentile(&checkout, 50.0), percentile(&checkout, 99.0));
    say!(
        "{:<58} p50 {c50:.1} ms, p99 {c99:.1} ms, {:.1} orders settled/s over {} checkouts",
        "checkout → confirmed (the saga)",
        r.checkout.settled_per_second,
        checkout.len()
    );
    say!("resident memory (MiB):   idle   peak under load");
    for m in &r.memory {
        say!(
            "  {:<20} {:>8.1} {:>8.1}",
            m.name,
            m.idle_kib as f64 / 1024.0,
            m.peak_kib as f64 / 1024.0
        );
    }

    let gateway_added = r.gateway_paced.p50_ms / r.direct_paced.p50_ms - 1.0;
    let proxy_added = r.proxy_paced.p50_ms / r.direct_paced.p50_ms - 1.0;
    // What the targets are up against on this machine, measured in the same run.
    say!(
        "references: one Redis GET per request reaches {:.0}% of the baseline (products reads at \
         {:.0}% of that); a bare proxy adds {:+.0}% at p50 (the gateway {:+.0}%)",
        ratio(&r.redis_base) * 100.0,
        r.direct.requests_per_second / r.redis_base.requests_per_second * 100.0,
        proxy_added * 100.0,
        gateway_added * 100.0
    );
    let errors: u64 = loads.iter().map(|l| l.errors).sum::<u64>() + r.checkout.failed;
    let max_rss_mib = r
        .memory
        .iter()
        .map(|m| m.peak_kib as f64 / 1024.0)
        .fold(0.0, f64::max);
    let targets = vec![
        target(
            "product read ≥ 50 % of the bare-axum baseline's throughput",
            ratio(&r.direct) >= 0.5,
            json!(ratio(&r.direct)),
        ),
        target(
            "gateway adds ≤ 25 % latency at p50",
            gateway_added <= 0.25,
            json!(gateway_added),
        ),
        target("zero errors", errors == 0, json!(errors)),
        target("event latency p99 under 1 s", e99 < 1000.0, json!(e99)),
        target(
            "each service under 50 MiB RSS under load",
            max_rss_mib < 50.0,
            json!(max_rss_mib),
        ),
    ];
    for t in &targets {
        say!(
            "{} {}",
            if t["met"] == true {
                "met:   "
            } else {
                "MISSED:"
            },
            t["target"].as_str().unwrap_or_default()
        );
    }
    json!({
        "machine": {
            "cores": std::thread::available_parallelism().map_or(0, |n| n.get()),
        },
        "settings": {
            "seconds": r.settings.seconds,
            "connections": r.settings.connections,
            "latency_rate": r.settings.latency_rate,
        },
        "loads": loads.iter().map(|l| {
            let mut v = l.json();
            if l.of_baseline {
                v["ratio_to_baseline"] = json!(ratio(l));
            }
            v
        }).collect::<Vec<_>>(),
        "argon2id_verifications_per_second": r.argon_per_second,
        "logins_per_second": r.login.requests_per_second,
        "event_latency_ms": { "p50": e50, "p99": e99, "samples": events.len() },
        "checkout": {
            "to_confirmed_ms": { "p50": c50, "p99": c99 },
            "settled_per_second": r.checkout.settled_per_second,
            "confirmed": checkout.len(),
            "not_confirmed": r.checkout.failed,
        },
        "rss_kib": r.memory.iter().map(|m| {
            json!({ "service": m.name, "idle": m.idle_kib, "peak_under_load": m.peak_kib })
        }).collect::<Vec<_>>(),
        "gateway_added_latency_p50": gateway_added,
        "references": {
            "redis_read_ratio_to_baseline": ratio(&r.redis_base),
            "product_read_ratio_to_redis_read":
                r.direct.requests_per_second / r.redis_base.requests_per_second,
            "bare_proxy_added_latency_p50": proxy_added,
        },
        "targets": targets,
    })
}

fn target(name: &str, met: bool, value: Value) -> Value {
    json!({ "target": name, "met": met, "value": value })
}
