//! Provisioning for `dev` and `test`: PostgreSQL, Redis and the SNS/SQS endpoint.
//!
//! For each, in order: what the environment names (`AGORA_POSTGRES_URL`, `REDIS_URL`,
//! `AWS_ENDPOINT_URL`); a server already answering on the default port; otherwise a
//! throwaway one started here (installing the package first when running as root, or
//! failing with the exact command to run). What is started here is stopped on drop.

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::{say, tools};

const PG_DEFAULT: &str = "127.0.0.1:5432";
const PG_OWN_PORT: u16 = 55432;
const REDIS_DEFAULT: &str = "127.0.0.1:6379";
const REDIS_OWN_PORT: u16 = 56379;
const MOTO_PORT: u16 = 4566;

/// The running dependencies, and whatever this process started to get them.
pub struct Infra {
    /// A server URL ending in the maintenance database (`/postgres`).
    pub postgres_url: String,
    pub redis_url: String,
    pub aws_endpoint_url: String,
    own_postgres: Option<PathBuf>,
    children: Vec<(&'static str, Child)>,
}

impl Infra {
    pub fn provision() -> anyhow::Result<Self> {
        let mut infra = Self::provision_postgres()?;
        infra.redis()?;
        infra.moto()?;
        Ok(infra)
    }

    /// PostgreSQL alone, found or started as [`Infra::provision`] does.
    pub fn provision_postgres() -> anyhow::Result<Self> {
        let mut infra = Infra {
            postgres_url: String::new(),
            redis_url: String::new(),
            aws_endpoint_url: String::new(),
            own_postgres: None,
            children: Vec::new(),
        };
        infra.postgres()?;
        Ok(infra)
    }

    /// The variables every service and test reads to find the dependencies.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AGORA_TEST_POSTGRES_URL", self.postgres_url.clone()),
            ("REDIS_URL", self.redis_url.clone()),
            ("AWS_ENDPOINT_URL", self.aws_endpoint_url.clone()),
            (
                "AWS_REGION",
                std::env::var("AWS_REGION").unwrap_or_else(|_| "us-east-1".into()),
            ),
            (
                "AWS_ACCESS_KEY_ID",
                std::env::var("AWS_ACCESS_KEY_ID").unwrap_or_else(|_| "test".into()),
            ),
            (
                "AWS_SECRET_ACCESS_KEY",
                std::env::var("AWS_SECRET_ACCESS_KEY").unwrap_or_else(|_| "test".into()),
            ),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
            // Tests start their own SMTP server (aiosmtpd) with this interpreter.
            (
                "AGORA_PYTHON",
                tools::tools_dir()
                    .join("venv/bin/python")
                    .display()
                    .to_string(),
            ),
        ]
    }

    fn postgres(&mut self) -> anyhow::Result<()> {
        if let Ok(url) = std::env::var("AGORA_POSTGRES_URL") {
            self.postgres_url = server_url(&url)?;
            say!(
                "PostgreSQL: using AGORA_POSTGRES_URL ({})",
                redacted(&self.postgres_url)
            );
            return Ok(());
        }
        if answers(PG_DEFAULT) {
            say!("PostgreSQL: using the server on {PG_DEFAULT}");
            self.postgres_url = format!("postgres://postgres@{PG_DEFAULT}/postgres");
            return Ok(());
        }
        let bin = postgres_bin_dir().or_else(|| {
            install("postgresql", "PostgreSQL").ok()?;
            postgres_bin_dir()
        });
        let Some(bin) = bin else {
            bail!(
                "no PostgreSQL server answers on {PG_DEFAULT} and none is installed; run\n    apt-get install -y postgresql\nor set AGORA_POSTGRES_URL to a server URL"
            );
        };
        // Not under the work tree: every parent of the data directory must be enterable by
        // the postgres user, which a checkout under /root is not.
        let dir = std::env::temp_dir().join(format!("agora-postgres-{PG_OWN_PORT}"));
        let data = dir.join("data");
        let as_root = is_root();
        if !data.join("PG_VERSION").exists() {
            std::fs::create_dir_all(&dir)?;
            let mut initdb = Command::new(bin.join("initdb"));
            initdb
                .args([
                    "--auth=trust",
                    "--username=postgres",
                    "--encoding=UTF8",
                    "--locale=C",
                ])
                .arg("-D")
                .arg(&data);
            if as_root {
                ensure_postgres_user()?;
                tools::run(Command::new("chown").arg("postgres").arg(&dir))?;
                initdb = run_as_postgres(initdb);
            }
            tools::run(initdb.stdout(Stdio::null()))?;
        }
        if !answers(&format!("127.0.0.1:{PG_OWN_PORT}")) {
            let mut start = Command::new(bin.join("pg_ctl"));
            start
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(dir.join("log"))
                .arg("-o")
                .arg(format!("-p {PG_OWN_PORT} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", dir.display()))
                .args(["-w", "start"]);
            if as_root {
                start = run_as_postgres(start);
            }
            tools::run(start.stdout(Stdio::null()))?;
            self.own_postgres = Some(data);
        }
        say!("PostgreSQL: started a throwaway cluster on 127.0.0.1:{PG_OWN_PORT}");
        self.postgres_url = format!("postgres://postgres@127.0.0.1:{PG_OWN_PORT}/postgres");
        Ok(())
    }

    fn redis(&mut self) -> anyhow::Result<()> {
        if let Ok(url) = std::env::var("REDIS_URL") {
            say!("Redis: using REDIS_URL");
            self.redis_url = url;
            return Ok(());
        }
        if answers(REDIS_DEFAULT) {
            say!("Redis: using the server on {REDIS_DEFAULT}");
            self.redis_url = format!("redis://{REDIS_DEFAULT}");
            return Ok(());
        }
        if which("redis-server").is_none() {
            install("redis-server", "Redis")?;
        }
        let dir = crate::root().join("target/agora-dev/redis");
        std::fs::create_dir_all(&dir)?;
        let child = Command::new("redis-server")
            .args([
                "--port",
                &REDIS_OWN_PORT.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .arg("--dir")
            .arg(&dir)
            .stdout(Stdio::null())
            .spawn()
            .context("starting redis-server")?;
        self.children.push(("redis", child));
        wait_for(&format!("127.0.0.1:{REDIS_OWN_PORT}"), "redis-server")?;
        say!("Redis: started on 127.0.0.1:{REDIS_OWN_PORT}");
        self.redis_url = format!("redis://127.0.0.1:{REDIS_OWN_PORT}");
        Ok(())
    }

    fn moto(&mut self) -> anyhow::Result<()> {
        if let Ok(url) = std::env::var("AWS_ENDPOINT_URL") {
            say!("SNS/SQS: using AWS_ENDPOINT_URL");
            self.aws_endpoint_url = url;
            return Ok(());
        }
        let addr = format!("127.0.0.1:{MOTO_PORT}");
        if !answers(&addr) {
            let moto = tools::python_tool("moto_server")?;
            let child = Command::new(moto)
                .args(["-H", "127.0.0.1", "-p", &MOTO_PORT.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("starting moto_server")?;
            self.children.push(("moto", child));
            wait_for(&addr, "moto_server")?;
            say!("SNS/SQS: started moto_server on {addr}");
        } else {
            say!("SNS/SQS: using the endpoint on {addr}");
        }
        self.aws_endpoint_url = format!("http://{addr}");
        Ok(())
    }
}

impl Drop for Infra {
    fn drop(&mut self) {
        for (name, child) in &mut self.children {
            terminate(child);
            say!("stopped {name}");
        }
        if let Some(data) = &self.own_postgres
            && let Some(bin) = postgres_bin_dir()
        {
            let mut stop = Command::new(bin.join("pg_ctl"));
            stop.arg("-D").arg(data).args(["-m", "fast", "-w", "stop"]);
            if is_root() {
                stop = run_as_postgres(stop);
            }
            let _ = stop.stdout(Stdio::null()).status();
            say!("stopped PostgreSQL");
        }
    }
}

/// SIGTERM, then up to five seconds for the process to go, then SIGKILL.
pub fn terminate(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

pub fn answers(addr: &str) -> bool {
    addr.parse::<SocketAddr>()
        .is_ok_and(|a| TcpStream::connect_timeout(&a, Duration::from_millis(300)).is_ok())
}

pub fn wait_for(addr: &str, what: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if answers(addr) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("{what} did not start listening on {addr} within 30 s")
}

fn postgres_bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop()
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(program))
        .find(|p| p.exists())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Headless Chromium and chromedriver for the browser test of the gateway's Swagger UI:
/// Debian's packages, installed when missing and running as root (otherwise the exact
/// command is the error). The variables that name them to the tests.
pub fn browser() -> anyhow::Result<Vec<(&'static str, String)>> {
    let (chromium, driver) = ("/usr/bin/chromium", "/usr/bin/chromedriver");
    if !Path::new(driver).exists() || !Path::new(chromium).exists() {
        install("chromium-driver", "Chromium's WebDriver (chromium-driver)")?;
    }
    say!("browser: {chromium} with {driver}");
    Ok(vec![
        ("AGORA_CHROMIUM", chromium.to_owned()),
        ("AGORA_CHROMEDRIVER", driver.to_owned()),
    ])
}

/// Installs a Debian package when running as root; otherwise fails with the command.
pub(crate) fn install(package: &str, what: &str) -> anyhow::Result<()> {
    if !is_root() {
        bail!("{what} is not installed; install it with\n    sudo apt-get install -y {package}");
    }
    say!("installing {package} (apt-get)");
    tools::run(Command::new("apt-get").args(["update", "-qq"]))?;
    tools::run(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", package])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn ensure_postgres_user() -> anyhow::Result<()> {
    let exists = Command::new("id")
        .arg("postgres")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?
        .success();
    if !exists {
        tools::run(Command::new("useradd").args(["--system", "postgres"]))?;
    }
    Ok(())
}

/// initdb and pg_ctl refuse to run as root.
fn run_as_postgres(cmd: Command) -> Command {
    let mut wrapped = Command::new("runuser");
    wrapped
        .args(["-u", "postgres", "--"])
        .arg(cmd.get_program())
        .args(cmd.get_args());
    wrapped
}

/// `AGORA_POSTGRES_URL` as the URL of a database to administer the server through: parsed as
/// a URL (never cut as a string), its user, password, host, port and parameters kept; when
/// it names no database, the server's `postgres` database.
pub fn server_url(raw: &str) -> anyhow::Result<String> {
    let url = url::Url::parse(raw.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "postgres" | "postgresql") && u.host().is_some())
        .with_context(|| {
            format!(
                "AGORA_POSTGRES_URL is not a PostgreSQL URL such as \
                 postgres://user:password@host:5432 (it is {})",
                redacted(raw)
            )
        })?;
    if url.path().trim_matches('/').is_empty() {
        return database_url(url.as_str(), "postgres");
    }
    Ok(url.into())
}

/// `server_url` with its database replaced by `name`.
pub fn database_url(server_url: &str, name: &str) -> anyhow::Result<String> {
    let mut url = url::Url::parse(server_url).context("the PostgreSQL server URL")?;
    url.set_path(&format!("/{name}"));
    Ok(url.into())
}

/// `url` fit to print: its password replaced.
pub fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.into()
        }
        Ok(u) => u.into(),
        Err(_) => "not a URL".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_url_with_or_without_a_database_gives_each_service_its_own() {
        for (given, server, auth) in [
            (
                "postgres://u:p@127.0.0.1:5432",
                "postgres://u:p@127.0.0.1:5432/postgres",
                "postgres://u:p@127.0.0.1:5432/auth",
            ),
            (
                "postgres://u:p@127.0.0.1:5432/",
                "postgres://u:p@127.0.0.1:5432/postgres",
                "postgres://u:p@127.0.0.1:5432/auth",
            ),
            (
                "postgres://u:p@db.example.com/agora_admin",
                "postgres://u:p@db.example.com/agora_admin",
                "postgres://u:p@db.example.com/auth",
            ),
            (
                "postgresql://u:p%2Fw@db.example.com:6543?sslmode=verify-full&sslrootcert=/ca.pem",
                "postgresql://u:p%2Fw@db.example.com:6543/postgres?sslmode=verify-full&sslrootcert=/ca.pem",
                "postgresql://u:p%2Fw@db.example.com:6543/auth?sslmode=verify-full&sslrootcert=/ca.pem",
            ),
            (
                "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
                "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
                "postgres://postgres@127.0.0.1:5432/auth?sslmode=disable",
            ),
        ] {
            let s = server_url(given).unwrap();
            assert_eq!(s, server, "{given}");
            assert_eq!(database_url(&s, "auth").unwrap(), auth, "{given}");
        }
    }

    #[test]
    fn what_is_no_postgresql_url_is_refused_without_printing_its_password() {
        for bad in [
            "127.0.0.1:5432",
            "http://u:secret@h/db",
            "postgres://",
            "postgres:///db",
        ] {
            let e = server_url(bad).unwrap_err().to_string();
            assert!(e.contains("AGORA_POSTGRES_URL"), "{e}");
            assert!(!e.contains("secret"), "{e}");
        }
        assert_eq!(
            redacted("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
    }
}
