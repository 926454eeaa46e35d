//! Contract fuzzing: schemathesis against every service's own `/openapi.json`.
//!
//! Starts a throwaway instance of the platform (its own databases, bus and cache prefixes,
//! ports and SMTP server), logs in as its bootstrap administrator, and runs schemathesis
//! twice per service with `xtask/conformance/schemathesis.toml`: every check, every phase,
//! a fixed seed and a bounded example count; once against the service itself and once
//! against the gateway with the same spec, so the edge (token checks, forwarding, streamed
//! bodies, problem answers) is held to every contract it fronts. Any failure fails the
//! run, naming the service and the route; the logs stay in `target/agora-conformance/logs/`.

use std::process::Command;

use anyhow::{Context, bail};

use crate::infra::Infra;
use crate::platform::{self, Options, Platform, ServiceClient};
use crate::{say, tools};

const ADMIN_EMAIL: &str = "conformance-admin@agora.localhost";
const ADMIN_PASSWORD: &str = "conformance-admin-password";

/// Runs the fuzzing against an already provisioned `infra`. `max_examples` overrides the
/// configuration's example count.
pub fn run(infra: &Infra, max_examples: Option<u32>) -> anyhow::Result<()> {
    let schemathesis = tools::python_tool("schemathesis")?;
    platform::build(false)?;
    // A service client of the run's own, so that the client-credentials token request is
    // fuzzed past its Basic authentication too.
    // What the orders service's client holds, so that the operations for service tokens
    // (charging a payment) are fuzzed past their permission check.
    let client = ServiceClient::new(
        "conformance",
        &["products:write", "payments:charge", "payments:write"],
    )?;
    let options = Options {
        instance: "conformance",
        release: false,
        base_port: Some(platform::free_port_block(0)?),
        logs_to_files: true,
        throwaway: true,
        env: vec![
            // One token serves the whole run; fuzzed logins must not lock anyone out for long.
            ("AUTH_ACCESS_TOKEN_TTL_SECS", "7200".into()),
            ("AUTH_CLIENT_TOKEN_TTL_SECS", "7200".into()),
            ("AUTH_LOCKOUT_DURATION_SECS", "1".into()),
            // The fuzzer is one client on one address; the limiter has tests of its own,
            // and a 429 is not part of the services' contracts.
            ("RATE_LIMIT_ANONYMOUS_PER_MINUTE", "10000000".into()),
            ("RATE_LIMIT_USER_PER_MINUTE", "10000000".into()),
            ("RATE_LIMIT_CREDENTIALS_PER_MINUTE", "10000000".into()),
            ("RATE_LIMIT_CHECKOUT_PER_MINUTE", "10000000".into()),
        ],
        clients: vec![client.clone()],
        admin_email: ADMIN_EMAIL.into(),
        admin_password: ADMIN_PASSWORD.into(),
    };
    let mut platform = Platform::start(infra, &options)?;
    let token = platform.login(ADMIN_EMAIL, ADMIN_PASSWORD)?;
    let service_token = platform.client_token(&client.id, &client.secret)?;
    let config = crate::root().join("xtask/conformance/schemathesis.toml");
    let reports = platform.state.join("reports");

    let mut failed = Vec::new();
    let services: Vec<_> = platform.services().collect();
    let gateway = services
        .iter()
        .find(|(s, _)| s.name == "gateway")
        .map(|(_, port)| format!("http://127.0.0.1:{port}"))
        .context("the platform has a gateway")?;
    // The gateway serves no API of its own: its routes are the services' operations.
    for (service, port) in services.iter().filter(|(s, _)| s.name != "gateway") {
        let spec = format!("http://127.0.0.1:{port}/openapi.json");
        for via_gateway in [false, true] {
            let route = if via_gateway {
                format!("{} through the gateway", service.name)
            } else {
                service.name.to_owned()
            };
            say!("schemathesis: {route}");
            let mut cmd = Command::new(&schemathesis);
            cmd.arg("--config-file")
                .arg(&config)
                .arg("run")
                .arg(&spec)
                .args(["--report", "junit", "--report-dir"])
                .arg(reports.join(route.replace(' ', "-")))
                .env("AGORA_CONFORMANCE_TOKEN", &token)
                .env("AGORA_CONFORMANCE_SERVICE_TOKEN", &service_token)
                .env("AGORA_CONFORMANCE_CLIENT_ID", &client.id)
                .env("AGORA_CONFORMANCE_CLIENT_SECRET", &client.secret)
                .env("NO_COLOR", "1")
                .env("SCHEMATHESIS_TELEMETRY", "false");
            if via_gateway {
                // Health, readiness and spec at the gateway's address are its own.
                cmd.args(["--url", &gateway])
                    .args(["--exclude-path-regex", "^/(health|ready|openapi\\.json)$"]);
            }
            if let Some(n) = max_examples {
                cmd.args(["--max-examples", &n.to_string()]);
            }
            let status = cmd.status().context("running schemathesis")?;
            if !status.success() {
                failed.push(route);
            }
            if let Some((name, status)) = platform.exited() {
                bail!(
                    "{name} exited with {status} during the fuzzing; {}",
                    platform.last_words(name)
                );
            }
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
