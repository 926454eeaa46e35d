//! Contract fuzzing: schemathesis against every service's own `/openapi.json`.
//!
//! Starts a throwaway instance of the platform (its own databases, bus and cache prefixes,
//! ports and SMTP server), logs in as its bootstrap administrator, and runs schemathesis
//! once per service with `xtask/conformance/schemathesis.toml`: every check, every phase,
//! a fixed seed and a bounded example count. Any failure fails the run, naming the service;
//! the services' logs stay in `target/agora-conformance/logs/`.

use std::process::Command;

use anyhow::{Context, bail};

use crate::infra::Infra;
use crate::platform::{self, Options, Platform};
use crate::{say, tools};

const ADMIN_EMAIL: &str = "conformance-admin@agora.localhost";
const ADMIN_PASSWORD: &str = "conformance-admin-password";

/// Runs the fuzzing against an already provisioned `infra`. `max_examples` overrides the
/// configuration's example count.
pub fn run(infra: &Infra, max_examples: Option<u32>) -> anyhow::Result<()> {
    let schemathesis = tools::python_tool("schemathesis")?;
    platform::build(false)?;
    let options = Options {
        instance: "conformance",
        release: false,
        base_port: Some(platform::free_port_block(0)?),
        logs_to_files: true,
        throwaway: true,
        env: vec![
            // One token serves the whole run; fuzzed logins must not lock anyone out for long.
            ("AUTH_ACCESS_TOKEN_TTL_SECS", "7200".into()),
            ("AUTH_LOCKOUT_DURATION_SECS", "1".into()),
        ],
        admin_email: ADMIN_EMAIL.into(),
        admin_password: ADMIN_PASSWORD.into(),
    };
    let mut platform = Platform::start(infra, &options)?;
    let token = platform.login(ADMIN_EMAIL, ADMIN_PASSWORD)?;
    let config = crate::root().join("xtask/conformance/schemathesis.toml");
    let reports = platform.state.join("reports");

    let mut failed = Vec::new();
    let services: Vec<_> = platform.services().collect();
    for (service, port) in services {
        if service.name == "gateway" {
            // The gateway serves no API of its own: its routes are the services' operations,
            // fuzzed here directly, and its edge behaviour has tests of its own.
            continue;
        }
        say!("schemathesis: {}", service.name);
        let mut cmd = Command::new(&schemathesis);
        cmd.arg("--config-file")
            .arg(&config)
            .arg("run")
            .arg(format!("http://127.0.0.1:{port}/openapi.json"))
            .args(["--report", "junit", "--report-dir"])
            .arg(reports.join(service.name))
            .env("AGORA_CONFORMANCE_TOKEN", &token)
            .env("NO_COLOR", "1")
            .env("SCHEMATHESIS_TELEMETRY", "false");
        if let Some(n) = max_examples {
            cmd.args(["--max-examples", &n.to_string()]);
        }
        let status = cmd.status().context("running schemathesis")?;
        if !status.success() {
            failed.push(service.name);
        }
        if let Some((name, status)) = platform.exited() {
            bail!("{name} exited with {status} during the fuzzing; see its log");
        }
    }
    let logs = platform.state.join("logs");
    drop(platform);
    if !failed.is_empty() {
        bail!(
            "schemathesis found contract violations in {} (service logs: {})",
            failed.join(", "),
            logs.display()
        );
    }
    say!("every service conforms to its spec");
    Ok(())
}
