//! Server crates: openapi-generator's `rust-axum` generator, one crate per service.
//!
//! The generator's own request validation is disabled: it refuses passwords for containing
//! HTML-like text and echoes submitted values in its plain-text errors. The platform kit
//! validates every request against the same spec instead and answers with problem bodies.
//! Operations marked `x-agora-kit` (health, readiness, the spec itself) are served by the kit
//! and left out of the generated router.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, bail};
use serde_json::Value;

use super::{DO_NOT_EDIT, to_json, write};
use crate::tools;

const GENERATOR_PROPERTIES: &str = "hideGenerationTimestamp=true,disableValidator=true,\
allowBlockingValidator=true,allowBlockingResponseSerialize=true";

pub fn generate(specs: &BTreeMap<String, Value>, out: &Path) -> anyhow::Result<()> {
    let generator = tools::python_tool("openapi-generator-cli")?;
    let work = tempfile::Builder::new()
        .prefix("agora-rust-axum-")
        .tempdir()?;
    // One JVM per spec, started together: the start-up dominates a run.
    let mut children = Vec::new();
    for (service, spec) in specs {
        let input = work.path().join(format!("{service}.json"));
        write(&input, to_json(&without_kit_operations(spec.clone())))?;
        let output = work.path().join(service);
        let child = Command::new(&generator)
            .args([
                "generate",
                "--generator-name",
                "rust-axum",
                "--skip-validate-spec",
                // Form bodies (OAuth 2.0's token request) need their models too.
                "--global-property",
                "skipFormModel=false",
            ])
            .arg("--input-spec")
            .arg(&input)
            .arg("--output")
            .arg(&output)
            .arg("--additional-properties")
            .arg(format!(
                "packageName={service}-server,{GENERATOR_PROPERTIES}"
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .context("starting openapi-generator-cli")?;
        children.push((service, output, child));
    }
    for (service, output, child) in children {
        let result = child.wait_with_output()?;
        if !result.status.success() {
            bail!(
                "openapi-generator failed for specs/{service}.yaml:\n{}",
                String::from_utf8_lossy(&result.stderr)
            );
        }
        let crate_dir = out.join(format!("{service}-server"));
        copy_tree(&output.join("src"), &crate_dir.join("src"))?;
        let version = specs[service]["info"]["version"]
            .as_str()
            .unwrap_or("0.1.0");
        write(&crate_dir.join("Cargo.toml"), manifest(service, version))?;
    }
    Ok(())
}

fn without_kit_operations(mut spec: Value) -> Value {
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            if let Some(ops) = item.as_object_mut() {
                ops.retain(|_, op| op.get("x-agora-kit") != Some(&Value::Bool(true)));
            }
        }
        paths.retain(|_, item| item.as_object().is_some_and(|ops| !ops.is_empty()));
    }
    spec
}

fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let dest = to.join(path.file_name().expect("entries have names"));
        if path.is_dir() {
            copy_tree(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest)?;
        }
    }
    Ok(())
}

/// The generator's own manifest pins its dependencies by itself; ours takes them from the
/// workspace so the implementing crates use the very same axum.
fn manifest(service: &str, version: &str) -> String {
    format!(
        r#"# {DO_NOT_EDIT}
# axum server for specs/{service}.yaml (openapi-generator, rust-axum).
[package]
name = "{service}-server"
version = "{version}"
edition.workspace = true
publish = false
description = "Generated axum server trait and router for Agora's {service} service"

[features]
default = ["server"]
server = []

[dependencies]
ammonia.workspace = true
async-trait.workspace = true
axum.workspace = true
axum-extra.workspace = true
base64.workspace = true
bytes.workspace = true
chrono.workspace = true
futures-util.workspace = true
headers.workspace = true
http.workspace = true
lazy_static.workspace = true
regex.workspace = true
serde.workspace = true
serde_html_form.workspace = true
serde_json.workspace = true
tokio.workspace = true
tracing.workspace = true
uuid.workspace = true
validator.workspace = true

# Generated code is exempt from the workspace's lints; it must still build without warnings.
[lints.rust]
unexpected_cfgs = {{ level = "warn", check-cfg = ['cfg(feature, values("conversion"))'] }}

[lints.clippy]
all = {{ level = "allow", priority = -1 }}
"#
    )
}
