//! Client crates: progenitor, used as a library, one crate per service.
//!
//! progenitor types only `application/json` bodies, so the client's copy of the spec calls
//! problem bodies `application/json`: errors then decode as `Error<types::Problem>`. Every
//! request passes through the client's `agora_client_runtime::Hooks` (progenitor's inner
//! type, given to `Client::new`): it carries the current request id and trace context to
//! the callee and, when an SDK session installed one, hands the request to its executor
//! (tokens, retries).

use std::path::Path;

use anyhow::Context;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
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
        .with_inner_type(quote_path("agora_client_runtime::Hooks"))
        .with_hooks(HooksMode::Expected);
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

// Every request goes through the client's hooks (agora_client_runtime).
impl progenitor_client::ClientHooks<agora_client_runtime::Hooks> for Client {{
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &progenitor_client::OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {{
        let hooks = progenitor_client::ClientInfo::inner(self);
        hooks.pre(request, info).await.map_err(progenitor_client::Error::Custom)
    }}

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &progenitor_client::OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {{
        let hooks = progenitor_client::ClientInfo::inner(self);
        hooks.exec(progenitor_client::ClientInfo::client(self), request, info).await
    }}
}}
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
agora-client-runtime.workspace = true
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
