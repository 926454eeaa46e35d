//! Client crates: progenitor, used as a library, one crate per service.
//!
//! progenitor types only `application/json` bodies, so the client's copy of the spec calls
//! problem bodies `application/json`: errors then decode as `Error<types::Problem>`. Every
//! request passes through `agora_context::outgoing::decorate`, which carries the current
//! request id (and later the trace context) to the callee.

use std::path::Path;

use anyhow::Context;
use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle};
use serde_json::Value;

use super::{DO_NOT_EDIT, write};

pub fn generate(service: &str, spec: &Value, out: &Path) -> anyhow::Result<()> {
    let mut spec = spec.clone();
    problem_as_json(&mut spec);
    let spec: openapiv3::OpenAPI =
        serde_json::from_value(spec).context("reading the bundled spec")?;
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("PartialEq")
        .with_pre_hook(quote_path("agora_context::outgoing::decorate"));
    let tokens = Generator::new(&settings)
        .generate_tokens(&spec)
        .context("progenitor")?;
    let file: syn::File = syn::parse2(tokens).context("parsing progenitor's output")?;
    let code = prettyplease::unparse(&file);
    write(
        &out.join("src/generated.rs"),
        format!("// {DO_NOT_EDIT}\n// progenitor output for specs/{service}.yaml.\n\n{code}"),
    )?;
    write(&out.join("src/lib.rs"), lib_rs(service))?;
    write(&out.join("Cargo.toml"), manifest(service))?;
    Ok(())
}

fn quote_path(path: &str) -> proc_macro2::TokenStream {
    path.parse().expect("a Rust path is a token stream")
}

fn problem_as_json(node: &mut Value) {
    match node {
        Value::Object(map) => {
            if let Some(problem) = map.remove("application/problem+json") {
                map.insert("application/json".into(), problem);
            }
            map.values_mut().for_each(problem_as_json);
        }
        Value::Array(items) => items.iter_mut().for_each(problem_as_json),
        _ => {}
    }
}

fn lib_rs(service: &str) -> String {
    format!(
        r#"//! Typed client for Agora's {service} service, generated from `specs/{service}.yaml`.
//!
//! {DO_NOT_EDIT}

// rustfmt would turn progenitor's doc comments into failing doctests.
#[rustfmt::skip]
#[allow(clippy::all, unused_imports, unused_mut, unused_variables, reason = "generated code")]
mod generated;

pub use generated::*;
"#
    )
}

fn manifest(service: &str) -> String {
    format!(
        r#"# {DO_NOT_EDIT}
# progenitor client for specs/{service}.yaml.
[package]
name = "{service}-client"
version = "0.0.0"
edition.workspace = true
publish = false
description = "Generated typed HTTP client for Agora's {service} service"

[dependencies]
agora-context.workspace = true
bytes.workspace = true
chrono.workspace = true
futures-util.workspace = true
progenitor-client.workspace = true
regress.workspace = true
reqwest.workspace = true
serde.workspace = true
serde_json.workspace = true
uuid.workspace = true

[lints.clippy]
all = {{ level = "allow", priority = -1 }}
"#
    )
}
