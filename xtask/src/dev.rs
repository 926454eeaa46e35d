//! `cargo xtask dev`: the whole platform on this machine.
//!
//! Provisions the dependencies, creates one database per service, builds and starts every
//! service binary, waits until each is ready, prints the URLs, and on Ctrl-C (or SIGTERM)
//! stops the services gracefully and then whatever it provisioned.

use std::process::{Child, Command};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::infra::{self, Infra};
use crate::{say, tools};

/// A service binary: its name, crate, default port and the env var that moves it.
struct Service {
    name: &'static str,
    package: &'static str,
    port_var: &'static str,
    default_port: u16,
}

const SERVICES: &[Service] = &[
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
        name: "gateway",
        package: "gateway",
        port_var: "GATEWAY_PORT",
        default_port: 8080,
    },
];

const DEV_ADMIN_EMAIL: &str = "admin@agora.localhost";
const DEV_ADMIN_PASSWORD: &str = "agora-dev-admin-password";

pub fn run() -> anyhow::Result<()> {
    let root = crate::root();
    let present: Vec<&Service> = SERVICES
        .iter()
        .filter(|s| {
            root.join("services")
                .join(s.package)
                .join("Cargo.toml")
                .exists()
        })
        .collect();
    let (stop_tx, stop_rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .context("installing the Ctrl-C handler")?;

    say!(
        "building {}",
        present
            .iter()
            .map(|s| s.package)
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut build = Command::new("cargo");
    build.arg("build");
    for s in &present {
        build.args(["--package", s.package]);
    }
    tools::run(&mut build)?;

    let infra = Infra::provision()?;
    let mut smtp = start_smtp(&root)?;
    let target_dir = std::env::var("CARGO_TARGET_DIR")
        .map(Into::into)
        .unwrap_or_else(|_| root.join("target"));
    let state = root.join("target/agora-dev");
    std::fs::create_dir_all(&state)?;
    let admin_email =
        std::env::var("AUTH_BOOTSTRAP_ADMIN_EMAIL").unwrap_or_else(|_| DEV_ADMIN_EMAIL.into());
    let admin_password = std::env::var("AUTH_BOOTSTRAP_ADMIN_PASSWORD")
        .unwrap_or_else(|_| DEV_ADMIN_PASSWORD.into());
    let port = |s: &Service| {
        std::env::var(s.port_var)
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(s.default_port)
    };
    let auth_port = SERVICES
        .iter()
        .find(|s| s.name == "auth")
        .map_or(3001, port);

    let mut running: Vec<(&Service, Child)> = Vec::new();
    let started = (|| -> anyhow::Result<()> {
        for s in &present {
            let database = create_database(&infra.postgres_url, s.name)?;
            let mut cmd = Command::new(target_dir.join("debug").join(s.package));
            cmd.env("DATABASE_URL", database)
                .env(s.port_var, port(s).to_string())
                .env("AUTH_URL", format!("http://127.0.0.1:{auth_port}"))
                .env("AUTH_SIGNING_KEY_FILE", state.join("auth-signing-key.pem"))
                .env("AUTH_BOOTSTRAP_ADMIN_EMAIL", &admin_email)
                .env("AUTH_BOOTSTRAP_ADMIN_PASSWORD", &admin_password)
                .env(
                    "LOG_FORMAT",
                    std::env::var("LOG_FORMAT").unwrap_or_else(|_| "pretty".into()),
                );
            for (name, value) in infra.env() {
                cmd.env(name, value);
            }
            cmd.env("SMTP_HOST", "127.0.0.1")
                .env("SMTP_PORT", SMTP_PORT.to_string());
            if s.name != "gateway" {
                // The gateway forwards the client's address; the services may take its word.
                cmd.env("TRUST_PROXY_HEADERS", "true");
            }
            let child = cmd
                .spawn()
                .with_context(|| format!("starting {}", s.package))?;
            running.push((s, child));
        }
        for (s, child) in &mut running {
            wait_ready(s.name, port(s), child)?;
        }
        Ok(())
    })();
    if let Err(e) = started {
        stop(&mut running);
        if let Some(smtp) = &mut smtp {
            infra::terminate(smtp);
        }
        return Err(e);
    }

    say!("Agora is running:");
    for (s, _) in &running {
        let p = port(s);
        say!(
            "  {:<14} http://127.0.0.1:{p}   docs: http://127.0.0.1:{p}/docs/",
            s.name
        );
    }
    say!("  admin account  {admin_email} / {admin_password}");
    say!(
        "  e-mail         delivered to target/agora-dev/mail/new/ (SMTP on 127.0.0.1:{SMTP_PORT})"
    );
    say!("press Ctrl-C to stop");

    loop {
        if stop_rx.recv_timeout(Duration::from_millis(500)).is_ok() {
            break;
        }
        if let Some((s, status)) = running
            .iter_mut()
            .find_map(|(s, c)| c.try_wait().ok().flatten().map(|st| (s.name, st)))
        {
            say!("{s} exited with {status}; stopping everything");
            break;
        }
    }
    stop(&mut running);
    if let Some(smtp) = &mut smtp {
        infra::terminate(smtp);
        say!("stopped the SMTP server");
    }
    drop(infra);
    Ok(())
}

const SMTP_PORT: u16 = 2525;

/// A local SMTP server (aiosmtpd) that keeps every message in a maildir, unless something
/// already answers on the port.
fn start_smtp(root: &std::path::Path) -> anyhow::Result<Option<Child>> {
    let addr = format!("127.0.0.1:{SMTP_PORT}");
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
        .arg(root.join("target/agora-dev/mail"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .context("starting aiosmtpd")?;
    infra::wait_for(&addr, "aiosmtpd")?;
    say!("SMTP: started aiosmtpd on {addr}");
    Ok(Some(child))
}

fn stop(running: &mut [(&Service, Child)]) {
    for (s, child) in running.iter_mut().rev() {
        infra::terminate(child);
        say!("stopped {}", s.name);
    }
}

/// Creates the service's database on the server if it is missing; returns its URL.
fn create_database(server_url: &str, name: &str) -> anyhow::Result<String> {
    let psql = |sql: &str| {
        Command::new("psql")
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
    };
    let out = psql(&format!(
        "SELECT 1 FROM pg_database WHERE datname = '{name}'"
    ))
    .context(
        "psql is needed to create the service databases: apt-get install -y postgresql-client",
    )?;
    if !out.status.success() {
        bail!(
            "cannot query {server_url}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    if String::from_utf8_lossy(&out.stdout).trim() != "1" {
        let created = psql(&format!("CREATE DATABASE \"{name}\""))?;
        if !created.status.success() {
            bail!(
                "cannot create database {name}: {}",
                String::from_utf8_lossy(&created.stderr)
            );
        }
        say!("created database {name}");
    }
    let base = server_url.rsplit_once('/').map_or(server_url, |(b, _)| b);
    Ok(format!("{base}/{name}"))
}

fn wait_ready(name: &str, port: u16, child: &mut Child) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let addr = format!("127.0.0.1:{port}");
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait()? {
            bail!("{name} exited with {status} while starting; its log is above");
        }
        if infra::answers(&addr) && http_status(&addr, "/ready") == Some(200) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("{name} was not ready on {addr} within 60 s")
}

/// A minimal HTTP/1.1 GET, to keep the xtask free of an HTTP client.
fn http_status(addr: &str, path: &str) -> Option<u16> {
    use std::io::{Read, Write};
    let mut stream =
        std::net::TcpStream::connect_timeout(&addr.parse().ok()?, Duration::from_secs(1)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(3))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}
