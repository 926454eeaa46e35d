//! The whole platform as processes on this machine: one database per service, an SMTP
//! server, every service binary, each waited on until `/ready` answers 200.
//!
//! `dev` runs it in the foreground on the default ports; `test` runs a throwaway instance
//! for contract fuzzing; `bench` runs a release build. Dropping a [`Platform`] stops the
//! services (SIGTERM, so they drain) and the SMTP server, and drops throwaway databases.

use std::collections::VecDeque;
use std::io::{BufRead, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::infra::{self, Infra};
use crate::{http, say, tools};

/// A service binary: its name, crate, default port and the env var that moves it.
pub struct Service {
    pub name: &'static str,
    pub package: &'static str,
    pub port_var: &'static str,
    pub default_port: u16,
}

pub const SERVICES: &[Service] = &[
    Service {
        name: "auth",
        package: "auth-service",
        port_var: "AUTH_PORT",
        default_port: 3001,
    },
    Service {
        name: "users",
        package: "users-service",
        port_var: "USERS_PORT",
        default_port: 3002,
    },
    Service {
        name: "products",
        package: "products-service",
        port_var: "PRODUCTS_PORT",
        default_port: 3003,
    },
    Service {
        name: "notifications",
        package: "notifications-service",
        port_var: "NOTIFICATIONS_PORT",
        default_port: 3004,
    },
    Service {
        name: "orders",
        package: "orders-service",
        port_var: "ORDERS_PORT",
        default_port: 3005,
    },
    Service {
        name: "payments",
        package: "payments-service",
        port_var: "PAYMENTS_PORT",
        default_port: 3006,
    },
    Service {
        name: "gateway",
        package: "gateway",
        port_var: "GATEWAY_PORT",
        default_port: 8080,
    },
];

/// How to run one instance of the platform.
pub struct Options {
    /// `dev`, `conformance`, `bench`: names the state folder, the databases (except for
    /// `dev`, whose databases carry the bare service names), the bus and cache prefixes.
    pub instance: &'static str,
    pub release: bool,
    /// `None`: each service on its default port (or its `*_PORT` variable); `Some(base)`:
    /// the services on `base`, `base + 1`, ... and the SMTP server after them.
    pub base_port: Option<u16>,
    /// Service output goes to the terminal when `false`, to `<state>/logs/` when `true`.
    pub logs_to_files: bool,
    /// Drop the databases when the platform stops (and start from empty ones).
    pub throwaway: bool,
    /// Extra variables for every service.
    pub env: Vec<(&'static str, String)>,
    /// Service clients auth knows besides the orders service's own (which every instance
    /// registers, with a new secret each start).
    pub clients: Vec<ServiceClient>,
    pub admin_email: String,
    pub admin_password: String,
}

/// A service client (OAuth 2.0 client credentials) of one run: a random id and secret,
/// and the permissions auth is told it holds.
#[derive(Debug, Clone)]
pub struct ServiceClient {
    pub name: &'static str,
    pub id: String,
    pub secret: String,
    pub permissions: &'static [&'static str],
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl ServiceClient {
    pub fn new(name: &'static str, permissions: &'static [&'static str]) -> anyhow::Result<Self> {
        use std::io::Read;
        let mut bytes = [0u8; 48];
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(&mut bytes))
            .context("reading /dev/urandom")?;
        let mut id = [0u8; 16];
        id.copy_from_slice(&bytes[..16]);
        id[6] = (id[6] & 0x0f) | 0x40; // version 4
        id[8] = (id[8] & 0x3f) | 0x80; // RFC 4122 variant
        let h = hex(&id);
        Ok(Self {
            name,
            id: format!(
                "{}-{}-{}-{}-{}",
                &h[..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..]
            ),
            secret: hex(&bytes[16..]),
            permissions,
        })
    }

    /// This client as an entry of `AUTH_CLIENTS`, with the digest of its secret.
    fn auth_entry(&self) -> serde_json::Value {
        use sha2::Digest;
        serde_json::json!({
            "id": self.id,
            "name": self.name,
            "secret_sha256": hex(&sha2::Sha256::digest(self.secret.as_bytes())),
            "permissions": self.permissions,
        })
    }
}

/// `AUTH_CLIENTS` for `clients`.
fn auth_clients(clients: &[&ServiceClient]) -> String {
    serde_json::Value::Array(clients.iter().map(|c| c.auth_entry()).collect()).to_string()
}

pub const DEV_ADMIN_EMAIL: &str = "admin@agora.localhost";
pub const DEV_ADMIN_PASSWORD: &str = "agora-dev-admin-password";
const DEV_SMTP_PORT: u16 = 2525;

pub struct Platform {
    pub state: PathBuf,
    pub smtp_port: u16,
    running: Vec<Running>,
    smtp: Option<Child>,
    databases: Vec<String>,
    postgres_url: String,
    throwaway: bool,
}

/// Ports a platform on `base_port` takes: one per service, then SMTP's.
pub const PORTS_USED: u16 = SERVICES.len() as u16 + 1;

/// The first of a few port blocks whose every port is free: the platform's
/// [`PORTS_USED`], then `extra` more for the caller.
pub fn free_port_block(extra: u16) -> anyhow::Result<u16> {
    let width = PORTS_USED + extra;
    (0..20)
        .map(|i| 13100 + i * 20)
        .find(|&base| (base..base + width).all(|p| TcpListener::bind(("127.0.0.1", p)).is_ok()))
        .context("no free block of ports between 13100 and 13500")
}

/// The services whose crates exist in this checkout.
pub fn present() -> Vec<&'static Service> {
    let root = crate::root();
    SERVICES
        .iter()
        .filter(|s| {
            root.join("services")
                .join(s.package)
                .join("Cargo.toml")
                .exists()
        })
        .collect()
}

/// Builds every service binary in the chosen profile.
pub fn build(release: bool) -> anyhow::Result<()> {
    let present = present();
    say!(
        "building {}{}",
        present
            .iter()
            .map(|s| s.package)
            .collect::<Vec<_>>()
            .join(", "),
        if release { " (release)" } else { "" }
    );
    let mut build = Command::new("cargo");
    build.args(["build", "--locked"]);
    if release {
        build.arg("--release");
    }
    for s in &present {
        build.args(["--package", s.package]);
    }
    tools::run(&mut build)
}

impl Platform {
    /// Starts every present service (already built with [`build`]) against `infra`.
    pub fn start(infra: &Infra, options: &Options) -> anyhow::Result<Self> {
        let root = crate::root();
        let state = root
            .join("target")
            .join(format!("agora-{}", options.instance));
        std::fs::create_dir_all(state.join("logs"))?;
        let services = present();
        let port_of = |i: usize, s: &Service| match options.base_port {
            Some(base) => base + u16::try_from(i).expect("a handful of services"),
            None => std::env::var(s.port_var)
                .ok()
                .and_then(|p| p.parse().ok())
                .unwrap_or(s.default_port),
        };
        let ports: Vec<u16> = services
            .iter()
            .enumerate()
            .map(|(i, s)| port_of(i, s))
            .collect();
        let url_of = |name: &str| {
            let i = services.iter().position(|s| s.name == name);
            let default = SERVICES
                .iter()
                .find(|s| s.name == name)
                .map(|s| s.default_port);
            let port = i.map(|i| ports[i]).or(default).unwrap_or(0);
            format!("http://127.0.0.1:{port}")
        };
        let smtp_port = options
            .base_port
            .map_or(DEV_SMTP_PORT, |b| b + PORTS_USED - 1);

        // The orders service charges and refunds at payments as itself.
        let orders_client = ServiceClient::new("orders", &["payments:charge", "payments:write"])?;
        let clients: Vec<&ServiceClient> = std::iter::once(&orders_client)
            .chain(&options.clients)
            .collect();
        let clients = auth_clients(&clients);
        let mut platform = Platform {
            state: state.clone(),
            smtp_port,
            running: Vec::new(),
            smtp: None,
            databases: Vec::new(),
            postgres_url: infra.postgres_url.clone(),
            throwaway: options.throwaway,
        };
        platform.smtp = start_smtp(&state.join("mail"), smtp_port)?;

        let target_dir = std::env::var("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|_| root.join("target"));
        let profile = if options.release { "release" } else { "debug" };
        let prefix = match options.instance {
            "dev" => "agora".to_owned(),
            other => format!("agora-{other}"),
        };
        for (s, &port) in services.iter().zip(&ports) {
            let mut cmd = Command::new(target_dir.join(profile).join(s.package));
            if s.name != "gateway" {
                let name = match options.instance {
                    "dev" => s.name.to_owned(),
                    other => format!("agora_{other}_{}", s.name),
                };
                if options.throwaway {
                    drop_database(&infra.postgres_url, &name)?;
                }
                let url = create_database(&infra.postgres_url, &name)?;
                platform.databases.push(name);
                cmd.env("DATABASE_URL", url)
                    // The gateway forwards the client's address; the services may take its word.
                    .env("TRUSTED_PROXY_HOPS", "1");
            }
            // Each secret goes only where it is used.
            match s.name {
                "auth" => {
                    cmd.env("AUTH_CLIENTS", &clients);
                }
                "orders" => {
                    cmd.env("ORDERS_CLIENT_ID", &orders_client.id)
                        .env("ORDERS_CLIENT_SECRET", &orders_client.secret);
                }
                _ => {}
            }
            if options.base_port.is_some() {
                // A throwaway instance beside `dev`: nobody scrapes it, any free port will do.
                cmd.env("METRICS_PORT", "0");
            }
            cmd.env(s.port_var, port.to_string())
                .env("AUTH_URL", url_of("auth"))
                .env("USERS_URL", url_of("users"))
                .env("PRODUCTS_URL", url_of("products"))
                .env("NOTIFICATIONS_URL", url_of("notifications"))
                .env("ORDERS_URL", url_of("orders"))
                .env("PAYMENTS_URL", url_of("payments"))
                .env("AUTH_SIGNING_KEY_FILE", state.join("auth-signing-key.pem"))
                .env("AUTH_BOOTSTRAP_ADMIN_EMAIL", &options.admin_email)
                .env("AUTH_BOOTSTRAP_ADMIN_PASSWORD", &options.admin_password)
                .env("AGORA_BUS_PREFIX", &prefix)
                .env("PRODUCTS_CACHE_PREFIX", format!("{prefix}:products"))
                .env("RATE_LIMIT_PREFIX", format!("{prefix}:ratelimit"))
                .env("SMTP_HOST", "127.0.0.1")
                .env("SMTP_PORT", smtp_port.to_string());
            for (name, value) in infra.env() {
                cmd.env(name, value);
            }
            cmd.env(
                "LOG_FORMAT",
                std::env::var("LOG_FORMAT").unwrap_or_else(|_| {
                    if options.logs_to_files {
                        "json"
                    } else {
                        "pretty"
                    }
                    .into()
                }),
            );
            for (name, value) in &options.env {
                cmd.env(name, value);
            }
            if options.logs_to_files {
                let log =
                    std::fs::File::create(state.join("logs").join(format!("{}.log", s.name)))?;
                cmd.stdout(log.try_clone()?).stderr(log);
            }
            let log = if options.logs_to_files {
                Log::File(state.join("logs").join(format!("{}.log", s.name)))
            } else {
                cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
                Log::Tail(Arc::default())
            };
            let mut child = cmd
                .spawn()
                .with_context(|| format!("starting {}", s.package))?;
            if let Log::Tail(tail) = &log {
                pass_through(child.stdout.take(), std::io::stdout(), tail);
                pass_through(child.stderr.take(), std::io::stderr(), tail);
            }
            platform.running.push(Running {
                service: s,
                port,
                child,
                log,
            });
        }
        for r in &mut platform.running {
            if let Err(e) = wait_ready(r.service.name, r.port, &mut r.child) {
                // Give its last words a moment to arrive through the pipe.
                std::thread::sleep(Duration::from_millis(200));
                return Err(e.context(r.last_words()));
            }
        }
        Ok(platform)
    }

    /// What `name` wrote last, for a report of its death.
    pub fn last_words(&self, name: &str) -> String {
        self.running
            .iter()
            .find(|r| r.service.name == name)
            .map(Running::last_words)
            .unwrap_or_default()
    }

    /// `host:port` of a running service.
    pub fn addr(&self, name: &str) -> anyhow::Result<String> {
        self.running
            .iter()
            .find(|r| r.service.name == name)
            .map(|r| format!("127.0.0.1:{}", r.port))
            .with_context(|| format!("{name} is not running"))
    }

    pub fn services(&self) -> impl Iterator<Item = (&'static Service, u16)> + '_ {
        self.running.iter().map(|r| (r.service, r.port))
    }

    /// Each running service's resident memory in KiB, as `/proc/<pid>/status` gives it:
    /// `VmRSS` (now) or `VmHWM` (the peak so far).
    pub fn memory_kib(&self, field: &str) -> Vec<(&'static str, u64)> {
        self.running
            .iter()
            .filter_map(|r| {
                let status =
                    std::fs::read_to_string(format!("/proc/{}/status", r.child.id())).ok()?;
                let kib = status
                    .lines()
                    .find(|l| l.starts_with(field))?
                    .split_whitespace()
                    .nth(1)?
                    .parse()
                    .ok()?;
                Some((r.service.name, kib))
            })
            .collect()
    }

    /// The first service that has exited, if any, with its status.
    pub fn exited(&mut self) -> Option<(&'static str, std::process::ExitStatus)> {
        self.running.iter_mut().find_map(|r| {
            let status = r.child.try_wait().ok().flatten()?;
            Some((r.service.name, status))
        })
    }

    /// Logs in at auth and returns the access token.
    pub fn login(&self, email: &str, password: &str) -> anyhow::Result<String> {
        let response = http::post_json(
            &self.addr("auth")?,
            "/api/v1/auth/login",
            &serde_json::json!({ "email": email, "password": password }),
        )?;
        access_token(response, &format!("login as {email}"))
    }

    /// An access token for the service client `id` (OAuth 2.0 client credentials).
    pub fn client_token(&self, id: &str, secret: &str) -> anyhow::Result<String> {
        let response = http::post_form_basic(
            &self.addr("auth")?,
            "/api/v1/auth/token",
            (id, secret),
            "grant_type=client_credentials",
        )?;
        access_token(response, &format!("the token request of client {id}"))
    }
}

/// The `access_token` of auth's 200 answer to `what`.
fn access_token(response: http::Response, what: &str) -> anyhow::Result<String> {
    if response.status != 200 {
        bail!("{what} answered {}: {}", response.status, response.body);
    }
    let body: serde_json::Value = serde_json::from_str(&response.body)?;
    body["access_token"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("the answer to {what} has no access_token"))
}

impl Drop for Platform {
    fn drop(&mut self) {
        for r in self.running.iter_mut().rev() {
            infra::terminate(&mut r.child);
            say!("stopped {}", r.service.name);
        }
        if let Some(smtp) = &mut self.smtp {
            infra::terminate(smtp);
            say!("stopped the SMTP server");
        }
        if self.throwaway {
            for name in &self.databases {
                if let Err(e) = drop_database(&self.postgres_url, name) {
                    say!("could not drop database {name}: {e:#}");
                }
            }
        }
    }
}

/// A local SMTP server (aiosmtpd) that keeps every message in a maildir, unless something
/// already answers on the port.
fn start_smtp(maildir: &Path, port: u16) -> anyhow::Result<Option<Child>> {
    let addr = format!("127.0.0.1:{port}");
    if infra::answers(&addr) {
        say!("SMTP: using the server on {addr}");
        return Ok(None);
    }
    let python = tools::python_tool("python")?;
    let child = Command::new(python)
        .args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &addr,
            "-c",
            "aiosmtpd.handlers.Mailbox",
        ])
        .arg(maildir)
        .stdout(Stdio::null())
        .spawn()
        .context("starting aiosmtpd")?;
    infra::wait_for(&addr, "aiosmtpd")?;
    say!("SMTP: started aiosmtpd on {addr}");
    Ok(Some(child))
}

fn psql(server_url: &str, sql: &str) -> anyhow::Result<String> {
    let out = Command::new("psql")
        .args([
            "-X",
            "-q",
            "-t",
            "-A",
            "-v",
            "ON_ERROR_STOP=1",
            server_url,
            "-c",
            sql,
        ])
        .output()
        .context(
            "psql is needed to create the service databases: apt-get install -y postgresql-client",
        )?;
    if !out.status.success() {
        bail!(
            "`{sql}` failed on {}: {}",
            infra::redacted(server_url),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Creates the database on the server if it is missing; returns its URL.
fn create_database(server_url: &str, name: &str) -> anyhow::Result<String> {
    if psql(
        server_url,
        &format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
    )? != "1"
    {
        psql(server_url, &format!("CREATE DATABASE \"{name}\""))?;
        say!("created database {name}");
    }
    infra::database_url(server_url, name)
}

fn drop_database(server_url: &str, name: &str) -> anyhow::Result<()> {
    psql(
        server_url,
        &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
    )
    .map(drop)
}

/// A service process and where its output goes.
struct Running {
    service: &'static Service,
    port: u16,
    child: Child,
    log: Log,
}

enum Log {
    /// Written to this file.
    File(PathBuf),
    /// Passed through to this process's output, the last lines kept.
    Tail(Arc<Mutex<VecDeque<String>>>),
}

/// How many of a service's last lines a report of its death shows.
const LAST_LINES: usize = 30;

impl Running {
    /// The last lines it wrote, as a paragraph naming the service.
    fn last_words(&self) -> String {
        let lines: Vec<String> = match &self.log {
            Log::File(path) => {
                let text = std::fs::read_to_string(path).unwrap_or_default();
                let all: Vec<&str> = text.lines().collect();
                let from = all.len().saturating_sub(LAST_LINES);
                all[from..].iter().map(|l| (*l).to_owned()).collect()
            }
            Log::Tail(tail) => tail
                .lock()
                .map(|t| t.iter().cloned().collect())
                .unwrap_or_default(),
        };
        let name = self.service.name;
        let whole = match &self.log {
            Log::File(path) => format!(" (the whole log is {})", path.display()),
            Log::Tail(_) => String::new(),
        };
        if lines.is_empty() {
            return format!("{name} wrote nothing{whole}");
        }
        format!(
            "the last lines {name} wrote{whole}:\n  {}",
            lines.join("\n  ")
        )
    }
}

/// Copies a child's output to `out` line by line, keeping the last lines in `tail`.
fn pass_through(
    from: Option<impl std::io::Read + Send + 'static>,
    mut out: impl Write + Send + 'static,
    tail: &Arc<Mutex<VecDeque<String>>>,
) {
    let (Some(from), tail) = (from, tail.clone()) else {
        return;
    };
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            let _ = writeln!(out, "{line}");
            if let Ok(mut tail) = tail.lock() {
                if tail.len() == LAST_LINES {
                    tail.pop_front();
                }
                tail.push_back(line);
            }
        }
    });
}

fn wait_ready(name: &str, port: u16, child: &mut Child) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let addr = format!("127.0.0.1:{port}");
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait()? {
            bail!("{name} exited with {status} while starting");
        }
        if http::get(&addr, "/ready").is_ok_and(|r| r.status == 200) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("{name} was not ready on {addr} within 60 s")
}
