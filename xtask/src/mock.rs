//! `cargo xtask mock [service…] [--check]`: every spec served as a mock by Prism (pinned,
//! from npm), so that a front end or an SDK consumer works before a service runs.
//!
//! - Each service's bundled spec (`generated/agora-api/specs/<service>.json`) on the port
//!   `cargo xtask dev` gives the service (its `*_PORT` variable, else the default), and one
//!   document merging them all on the gateway's port: one base URL for every `/api/v1`
//!   route, as through the gateway.
//! - Prism answers each call with the operation's example for the status it picks (the
//!   success example, or the example of the problem it finds: a missing token is the 401,
//!   a body that breaks the schema the 422), and checks requests against the schemas.
//!   `Prefer: code=404` asks it for another documented answer.
//! - `--check` (a step of `cargo xtask test`) serves every mock on free ports and runs
//!   schemathesis against each with `xtask/mock/schemathesis.toml`: every operation called
//!   with data its schema allows must answer a documented success, and every answer (of
//!   every status the run provokes) must match the spec. That the specs carry an example
//!   for every success, and that the examples are valid, is Spectral's part
//!   (`lint-specs`).

use std::collections::BTreeMap;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Map, Value};

use crate::platform::{self, SERVICES};
use crate::{say, tools};

/// The merged document's name, and the entry that serves it.
const GATEWAY: &str = "gateway";

pub fn run(only: &[String], check: bool) -> anyhow::Result<()> {
    let wanted = selection(only)?;
    let prism = tools::npm_tool("prism", "prism")?;
    let dir = crate::root().join("target/agora-mock");
    std::fs::create_dir_all(dir.join("logs"))?;
    let merged = dir.join("gateway.json");
    std::fs::write(&merged, serde_json::to_string_pretty(&merge(&bundled()?)?)?)?;

    let base = check.then(|| platform::free_port_block(0)).transpose()?;
    let mut mocks = Vec::new();
    for (i, (name, default_port, port_var)) in wanted.iter().enumerate() {
        let port = match base {
            Some(base) => base + u16::try_from(i)?,
            None => port_for(port_var, *default_port)?,
        };
        let spec = if *name == GATEWAY {
            merged.clone()
        } else {
            spec_path(name)
        };
        mocks.push(Mock::start(&prism, name, &spec, port, &dir.join("logs"))?);
    }
    for mock in &mut mocks {
        mock.wait_ready()?;
    }
    if check {
        return self_check(&mocks);
    }

    let (stop_tx, stop_rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .context("installing the Ctrl-C handler")?;
    say!(
        "Agora's mocks are answering (Prism; requests are logged in {}):",
        dir.join("logs").display()
    );
    for m in &mocks {
        say!(
            "  {:<14} http://127.0.0.1:{}   spec: {}",
            m.name,
            m.port,
            m.spec
                .strip_prefix(crate::root())
                .unwrap_or(&m.spec)
                .display()
        );
    }
    say!("any bearer token is accepted; `Prefer: code=404` picks another documented answer");
    say!("press Ctrl-C to stop");
    loop {
        if stop_rx.recv_timeout(Duration::from_millis(500)).is_ok() {
            break;
        }
        for m in &mut mocks {
            if m.exited() {
                // Prism dies on some malformed requests; a mock is stateless, so a new one
                // is as good as the old.
                say!(
                    "the {} mock stopped; starting it again. {}",
                    m.name,
                    m.last_words()
                );
                *m = Mock::start(&prism, m.name, &m.spec.clone(), m.port, &dir.join("logs"))?;
                m.wait_ready()?;
            }
        }
    }
    drop(mocks);
    say!("stopped the mocks");
    Ok(())
}

/// The mocks asked for, in port order: `(name, default port, port variable)`. Every
/// service and the gateway when none is named.
fn selection(only: &[String]) -> anyhow::Result<Vec<(&'static str, u16, &'static str)>> {
    let known: Vec<_> = SERVICES
        .iter()
        .filter(|s| s.name == GATEWAY || spec_path(s.name).exists())
        .map(|s| (s.name, s.default_port, s.port_var))
        .collect();
    if only.is_empty() {
        return Ok(known);
    }
    only.iter()
        .map(|name| {
            known
                .iter()
                .find(|(n, ..)| n == name)
                .copied()
                .with_context(|| {
                    let names: Vec<_> = known.iter().map(|(n, ..)| *n).collect();
                    format!("no mock named {name:?}; there are {}", names.join(", "))
                })
        })
        .collect()
}

fn spec_path(service: &str) -> PathBuf {
    crate::root().join(format!("generated/agora-api/specs/{service}.json"))
}

fn port_for(var: &str, default: u16) -> anyhow::Result<u16> {
    match std::env::var(var) {
        Ok(v) => v
            .parse()
            .with_context(|| format!("{var}={v:?} is not a port number")),
        Err(_) => Ok(default),
    }
}

/// Every service's bundled spec, by name.
fn bundled() -> anyhow::Result<BTreeMap<String, Value>> {
    let mut specs = BTreeMap::new();
    for s in SERVICES {
        let path = spec_path(s.name);
        if path.exists() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            specs.insert(s.name.to_owned(), serde_json::from_str(&text)?);
        }
    }
    Ok(specs)
}

/// One document with every service's operations, as the gateway routes them: the paths of
/// all (the operational `/health`, `/ready` and `/openapi.json` once), their components
/// (a name two services define differently is prefixed with the service's, and its
/// references follow), tags and security schemes.
fn merge(specs: &BTreeMap<String, Value>) -> anyhow::Result<Value> {
    let mut paths = Map::new();
    let mut components: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut tags: Vec<Value> = Vec::new();
    for (service, spec) in specs {
        let mut spec = spec.clone();
        // The names this service must rename: those another service defines otherwise.
        let mut renames = BTreeMap::new();
        for (kind, entries) in spec["components"].as_object().into_iter().flatten() {
            for (name, value) in entries.as_object().into_iter().flatten() {
                let taken = components.get(kind).and_then(|c| c.get(name));
                if taken.is_some_and(|t| t != value) && kind != "securitySchemes" {
                    renames.insert(
                        format!("#/components/{kind}/{name}"),
                        format!("#/components/{kind}/{service}_{name}"),
                    );
                }
            }
        }
        rewrite_refs(&mut spec, &renames);
        for (kind, entries) in spec["components"].as_object().into_iter().flatten() {
            let merged = components.entry(kind.clone()).or_default();
            for (name, value) in entries.as_object().into_iter().flatten() {
                let key = format!("#/components/{kind}/{name}");
                let name = match renames.get(&key) {
                    Some(renamed) => renamed.rsplit('/').next().unwrap_or(name).to_owned(),
                    None => name.clone(),
                };
                match merged.get(&name) {
                    Some(existing) if kind == "securitySchemes" => {
                        if existing["type"] != value["type"]
                            || existing["scheme"] != value["scheme"]
                        {
                            bail!(
                                "{service}'s security scheme {name} differs from another service's"
                            );
                        }
                    }
                    _ => {
                        merged.insert(name, value.clone());
                    }
                }
            }
        }
        for (path, item) in spec["paths"].as_object().into_iter().flatten() {
            if paths.contains_key(path) {
                if ["/health", "/ready", "/openapi.json"].contains(&path.as_str()) {
                    continue;
                }
                bail!("{path} is in two specs ({service}'s and another's)");
            }
            paths.insert(path.clone(), item.clone());
        }
        for tag in spec["tags"].as_array().into_iter().flatten() {
            if !tags.iter().any(|t| t["name"] == tag["name"]) {
                tags.push(tag.clone());
            }
        }
    }
    Ok(serde_json::json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Agora (every service, as through the gateway)",
            "version": "0.1.0",
            "description": "Every service's operations in one document, generated by `cargo xtask mock` for the gateway's mock.",
        },
        "servers": [{ "url": "/" }],
        "tags": tags,
        "paths": paths,
        "components": components,
    }))
}

fn rewrite_refs(node: &mut Value, renames: &BTreeMap<String, String>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(target) if key == "$ref" => {
                        if let Some(renamed) = renames.get(target.as_str()) {
                            *target = renamed.clone();
                        }
                    }
                    _ => rewrite_refs(value, renames),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, renames)),
        _ => {}
    }
}

/// A running Prism mock.
struct Mock {
    name: &'static str,
    spec: PathBuf,
    port: u16,
    log: PathBuf,
    child: Child,
}

impl Mock {
    fn start(
        prism: &Path,
        name: &'static str,
        spec: &Path,
        port: u16,
        logs: &Path,
    ) -> anyhow::Result<Self> {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            bail!(
                "port {port} (the {name} mock's) is taken: stop what is there, or move the mock with its *_PORT variable"
            );
        }
        let log = logs.join(format!("{name}.log"));
        let out = std::fs::File::create(&log)?;
        let child = Command::new(prism)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .with_context(|| format!("starting Prism for {name}"))?;
        Ok(Self {
            name,
            spec: spec.to_path_buf(),
            port,
            log,
            child,
        })
    }

    fn wait_ready(&mut self) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return Ok(());
            }
            if self.exited() {
                bail!(
                    "the {} mock did not start; {}",
                    self.name,
                    self.last_words()
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        bail!(
            "the {} mock did not answer within a minute; {}",
            self.name,
            self.last_words()
        )
    }

    fn exited(&mut self) -> bool {
        !matches!(self.child.try_wait(), Ok(None))
    }

    fn last_words(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<_> = text.lines().rev().take(10).collect();
        let lines: Vec<_> = lines.into_iter().rev().collect();
        format!(
            "its last lines ({}):\n{}",
            self.log.display(),
            lines.join("\n")
        )
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Schemathesis against every mock: each operation answers a documented success to data
/// its schema allows, and every answer matches the spec.
fn self_check(mocks: &[Mock]) -> anyhow::Result<()> {
    let schemathesis = tools::python_tool("schemathesis")?;
    let config = crate::root().join("xtask/mock/schemathesis.toml");
    let mut failed = Vec::new();
    for m in mocks {
        say!("schemathesis: the {} mock", m.name);
        let status = Command::new(&schemathesis)
            .arg("--config-file")
            .arg(&config)
            .arg("run")
            .arg(&m.spec)
            .args(["--url", &format!("http://127.0.0.1:{}", m.port)])
            .env("NO_COLOR", "1")
            .env("SCHEMATHESIS_TELEMETRY", "false")
            .status()
            .context("running schemathesis")?;
        if !status.success() {
            failed.push(m.name);
        }
    }
    if !failed.is_empty() {
        bail!(
            "the mocks of {} answer what their specs do not allow (Prism logs: target/agora-mock/logs/)",
            failed.join(", ")
        );
    }
    say!(
        "every mock answers every operation as its spec says ({} mocks)",
        mocks.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn merging_keeps_every_operation_and_tells_apart_components_that_differ() {
        let a = json!({
            "paths": {
                "/health": { "get": { "operationId": "health" } },
                "/api/v1/a": { "get": { "responses": { "200": { "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/Thing" } } } } } } }
            },
            "components": { "schemas": {
                "Thing": { "type": "string" },
                "Problem": { "type": "object" }
            } }
        });
        let b = json!({
            "paths": {
                "/health": { "get": { "operationId": "health" } },
                "/api/v1/b": { "get": { "responses": { "200": { "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/Thing" } } } } } } }
            },
            "components": { "schemas": {
                "Thing": { "type": "integer" },
                "Problem": { "type": "object" }
            } }
        });
        let merged = merge(&BTreeMap::from([("a".into(), a), ("b".into(), b)])).unwrap();
        let paths: Vec<_> = merged["paths"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(paths, ["/api/v1/a", "/api/v1/b", "/health"]);
        let schemas = &merged["components"]["schemas"];
        assert_eq!(schemas["Thing"]["type"], "string");
        assert_eq!(schemas["b_Thing"]["type"], "integer");
        assert_eq!(schemas["Problem"]["type"], "object");
        assert!(
            schemas.get("b_Problem").is_none(),
            "the same component is kept once"
        );
        let b_ref = &merged["paths"]["/api/v1/b"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"]["$ref"];
        assert_eq!(b_ref, "#/components/schemas/b_Thing");
    }

    #[test]
    fn the_real_specs_merge() {
        let merged = merge(&bundled().unwrap()).unwrap();
        let paths = merged["paths"].as_object().unwrap();
        for path in [
            "/api/v1/auth/login",
            "/api/v1/products",
            "/api/v1/orders",
            "/api/v1/payments",
        ] {
            assert!(paths.contains_key(path), "{path}");
        }
    }
}
