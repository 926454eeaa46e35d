//! The layer rules, read off the crates' manifests (`cargo metadata`) so that a layer
//! violation fails the gate instead of waiting for a reviewer:
//!
//! - a service's core (`<svc>-core`: domain and use cases) depends only on [`CORE_MAY_USE`]:
//!   nothing that speaks HTTP, SQL or Redis, no runtime, no other service;
//! - `agora-values` (the cores' shared value types) depends on nothing but serde, optionally;
//! - `agora-kit` knows no particular service: no generated crate of one, no core, no service;
//! - a core is used by its own service crate only, and a service reaches another service
//!   through that service's generated client, never through its core, server or service
//!   crate (tests may, as dev-dependencies: they start the real thing).

use std::collections::BTreeMap;
use std::process::Command;

use anyhow::Context;
use serde_json::Value;

use crate::say;

/// What a `<svc>-core` crate may depend on. `async-trait` is a macro (object-safe async
/// ports); `tracing` is the log facade without a subscriber.
pub const CORE_MAY_USE: &[&str] = &[
    "agora-values",
    "async-trait",
    "chrono",
    "thiserror",
    "tracing",
    "uuid",
];

/// Crates that start the real services on purpose: the test kit (a dev-dependency of the
/// tests) and the benchmarks.
const STARTS_SERVICES: &[&str] = &["agora-testkit", "agora-bench", "xtask"];

/// One workspace crate and its normal (not dev, not build) dependencies.
#[derive(Debug, Clone)]
pub struct Crate {
    pub name: String,
    pub dependencies: Vec<String>,
}

pub fn check() -> anyhow::Result<()> {
    let crates = workspace_crates()?;
    let broken = violations(&crates);
    if !broken.is_empty() {
        anyhow::bail!(
            "the layer rules are broken (see xtask/src/layers.rs):\n  {}",
            broken.join("\n  ")
        );
    }
    let cores = crates.iter().filter(|c| service_of_core(&c.name).is_some());
    say!(
        "layers hold: {} core crates, the kit, the services",
        cores.count()
    );
    Ok(())
}

fn workspace_crates() -> anyhow::Result<Vec<Crate>> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(crate::root())
        .output()
        .context("running cargo metadata")?;
    anyhow::ensure!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout)?;
    let packages = metadata["packages"]
        .as_array()
        .context("cargo metadata lists no packages")?;
    Ok(packages
        .iter()
        .map(|p| Crate {
            name: p["name"].as_str().unwrap_or_default().to_owned(),
            dependencies: p["dependencies"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|d| d["kind"].is_null())
                .filter_map(|d| d["name"].as_str().map(str::to_owned))
                .collect(),
        })
        .collect())
}

/// `users` for `users-core`.
fn service_of_core(name: &str) -> Option<&str> {
    name.strip_suffix("-core")
}

/// The service a crate belongs to, and what it is of it: `("users", "client")`.
fn service_part(name: &str) -> Option<(&str, &str)> {
    ["-core", "-service", "-server", "-client"]
        .iter()
        .find_map(|suffix| Some((name.strip_suffix(suffix)?, &suffix[1..])))
}

pub fn violations(crates: &[Crate]) -> Vec<String> {
    let mut broken = Vec::new();
    let by_name: BTreeMap<&str, &Crate> = crates.iter().map(|c| (c.name.as_str(), c)).collect();
    for c in crates {
        for dep in &c.dependencies {
            let why = if service_of_core(&c.name).is_some() {
                (!CORE_MAY_USE.contains(&dep.as_str()))
                    .then(|| format!("a core crate may use only {}", CORE_MAY_USE.join(", ")))
            } else if c.name == "agora-values" {
                (dep != "serde").then(|| "agora-values depends on nothing but serde".to_owned())
            } else if c.name == "agora-kit" {
                (service_part(dep).is_some() || dep == "auth-access")
                    .then(|| "the kit knows no particular service".to_owned())
            } else {
                None
            };
            if let Some(why) = why {
                broken.push(format!("{} depends on {dep}: {why}", c.name));
            }
            // Another service is reached through its client only; its own core only by
            // the service itself.
            if let Some((owner, part)) = service_part(dep)
                && part != "client"
                && !STARTS_SERVICES.contains(&c.name.as_str())
                && by_name.contains_key(dep.as_str())
            {
                let own = match part {
                    "core" => c.name == format!("{owner}-service"),
                    "server" => c.name == format!("{owner}-service"),
                    _ => false,
                };
                if !own {
                    broken.push(format!(
                        "{} depends on {dep}: another crate reaches {owner} through \
                         {owner}-client only",
                        c.name
                    ));
                }
            }
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn krate(name: &str, deps: &[&str]) -> Crate {
        Crate {
            name: name.into(),
            dependencies: deps.iter().map(|d| d.to_string()).collect(),
        }
    }

    fn workspace(extra: Crate) -> Vec<Crate> {
        vec![
            krate("agora-values", &["serde"]),
            krate("agora-kit", &["agora-values", "axum", "sqlx"]),
            krate("users-core", &["agora-values", "chrono", "uuid"]),
            krate(
                "users-service",
                &["users-core", "users-server", "agora-kit", "auth-access"],
            ),
            krate("users-server", &["axum"]),
            krate("users-client", &["reqwest"]),
            krate("products-core", &["uuid"]),
            krate("products-service", &["products-core", "products-server"]),
            krate("products-server", &["axum"]),
            extra,
        ]
    }

    #[test]
    fn the_workspace_as_intended_holds() {
        assert_eq!(
            violations(&workspace(krate("gateway", &["agora-kit"]))),
            Vec::<String>::new()
        );
    }

    #[test]
    fn every_kind_of_crossing_is_named() {
        for (extra, expected) in [
            (
                krate("orders-core", &["uuid", "sqlx"]),
                "orders-core depends on sqlx",
            ),
            (
                krate("orders-core", &["products-core"]),
                "orders-core depends on products-core",
            ),
            (
                krate("agora-values", &["axum"]),
                "agora-values depends on axum",
            ),
            (
                krate("agora-kit", &["users-client"]),
                "agora-kit depends on users-client",
            ),
            (
                krate("agora-kit", &["auth-access"]),
                "agora-kit depends on auth-access",
            ),
            (
                krate("orders-service", &["products-core"]),
                "orders-service depends on products-core",
            ),
            (
                krate("orders-service", &["products-service"]),
                "orders-service depends on products-service",
            ),
            (
                krate("orders-service", &["users-server"]),
                "orders-service depends on users-server",
            ),
        ] {
            let name = extra.name.clone();
            let found = violations(&workspace(extra));
            assert!(
                found.iter().any(|v| v.starts_with(expected)),
                "{name}: expected {expected:?}, found {found:?}"
            );
        }
        // The service's own core and server, and another service's client, are fine.
        let fine = krate(
            "orders-service",
            &["orders-core", "orders-server", "users-client"],
        );
        let mut crates = workspace(fine);
        crates.push(krate("orders-core", &["uuid"]));
        crates.push(krate("orders-server", &["axum"]));
        assert_eq!(violations(&crates), Vec::<String>::new());
    }

    #[test]
    fn the_real_workspace_holds() {
        let crates = workspace_crates().expect("cargo metadata");
        assert!(
            crates.iter().filter(|c| c.name.ends_with("-core")).count() >= 4,
            "every service has its core"
        );
        assert_eq!(violations(&crates), Vec::<String>::new());
    }
}
