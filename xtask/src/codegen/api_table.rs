//! The `agora-api` crate: per service, the bundled spec (served at `/openapi.json`) and a
//! typed table of its operations with the access policy the spec declares.
//!
//! Policy lives in the specs: an operation without a security requirement is public; one
//! with `bearerAuth` needs a valid access token; `x-permission` names the permission it
//! needs, and `x-owner-param` names a path parameter whose value, when it equals the
//! token's subject, grants access without the permission. An operation secured by an HTTP
//! Basic scheme (OAuth 2.0 client credentials) is for registered service clients, whom the
//! service itself authenticates. `x-rate-limit` names the gateway's rate-limit class.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use anyhow::{Context, bail};
use serde_json::Value;

use super::{DO_NOT_EDIT, to_json, write};

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub fn generate(specs: &BTreeMap<String, Value>, out: &Path) -> anyhow::Result<()> {
    for (service, spec) in specs {
        write(&out.join(format!("specs/{service}.json")), to_json(spec))?;
        let table = table(service, spec)
            .with_context(|| format!("the operations of specs/{service}.yaml"))?;
        write(&out.join(format!("src/{service}.rs")), table)?;
    }
    write(&out.join("src/lib.rs"), lib_rs(specs.keys()))?;
    write(&out.join("Cargo.toml"), MANIFEST)?;
    Ok(())
}

struct Row {
    id: String,
    method: String,
    path: String,
    access: String,
    rate_limit: Option<String>,
    kit: bool,
    body: String,
}

fn table(service: &str, spec: &Value) -> anyhow::Result<String> {
    let global_security = spec.get("security");
    let mut rows = Vec::new();
    let paths = spec["paths"].as_object().context("the spec has paths")?;
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let id = op["operationId"]
                .as_str()
                .with_context(|| format!("{method} {path} has no operationId"))?;
            let requirements = match op.get("security").or(global_security) {
                Some(Value::Array(reqs)) => reqs.clone(),
                _ => Vec::new(),
            };
            let secured = !requirements.is_empty();
            let basic = requirements.iter().any(|req| {
                req.as_object().into_iter().flatten().any(|(scheme, _)| {
                    let scheme = &spec["components"]["securitySchemes"][scheme];
                    scheme["type"] == "http" && scheme["scheme"] == "basic"
                })
            });
            let permission = op.get("x-permission").and_then(Value::as_str);
            let owner = op.get("x-owner-param").and_then(Value::as_str);
            let access = match (secured, permission, owner) {
                _ if basic
                    && (requirements.len() > 1 || permission.is_some() || owner.is_some()) =>
                {
                    bail!("{id}: an HTTP Basic (client) requirement stands alone")
                }
                _ if basic => "Access::Client".to_owned(),
                (false, None, None) => "Access::Public".to_owned(),
                (true, None, None) => "Access::Authenticated".to_owned(),
                (true, Some(p), None) => format!("Access::Permission({p:?})"),
                (true, Some(p), Some(o)) => {
                    format!("Access::OwnerOrPermission {{ owner_param: {o:?}, permission: {p:?} }}")
                }
                (false, Some(_), _) | (false, _, Some(_)) => {
                    bail!("{id}: x-permission/x-owner-param need a security requirement")
                }
                (true, None, Some(_)) => bail!("{id}: x-owner-param needs x-permission"),
            };
            let body = match op.get("requestBody") {
                None => "RequestBody::None".to_owned(),
                Some(b) => {
                    let required = b["required"].as_bool().unwrap_or(false);
                    if b["content"].get("application/json").is_some() {
                        format!("RequestBody::Json {{ required: {required} }}")
                    } else if b["content"]
                        .get("application/x-www-form-urlencoded")
                        .is_some()
                    {
                        format!("RequestBody::Form {{ required: {required} }}")
                    } else {
                        bail!("{id}: a request body is JSON or a form")
                    }
                }
            };
            rows.push(Row {
                id: id.to_owned(),
                method: method.to_uppercase(),
                path: path.clone(),
                access,
                rate_limit: op
                    .get("x-rate-limit")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                kit: op.get("x-agora-kit") == Some(&Value::Bool(true)),
                body,
            });
        }
    }
    rows.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
    let mut code = format!(
        "//! The {service} service's operations, from `specs/{service}.yaml`.\n//!\n//! {DO_NOT_EDIT}\n\n\
         use crate::{{Access, Operation, RequestBody, Service}};\nuse http::Method;\n\n\
         /// This service's entry in [`SERVICES`](crate::SERVICES).\n\
         pub static SERVICE: Service = Service {{ name: {service:?}, operations: OPERATIONS, openapi_json: OPENAPI_JSON }};\n\n\
         /// The bundled spec, as served at `/openapi.json`.\n\
         pub const OPENAPI_JSON: &str = include_str!(\"../specs/{service}.json\");\n\n\
         /// Every operation of the spec, sorted by path and method.\n\
         pub static OPERATIONS: &[Operation] = &[\n"
    );
    for r in rows {
        let rate = r
            .rate_limit
            .map_or("None".to_owned(), |c| format!("Some({c:?})"));
        writeln!(
            code,
            "    Operation {{ id: {:?}, method: Method::{}, path: {:?}, access: {}, rate_limit: {rate}, served_by_kit: {}, request_body: {} }},",
            r.id, r.method, r.path, r.access, r.kit, r.body
        )?;
    }
    code.push_str("];\n");
    Ok(code)
}

fn lib_rs<'a>(services: impl Iterator<Item = &'a String> + Clone) -> String {
    let mods: String = services
        .clone()
        .map(|s| format!("pub mod {s};\n"))
        .collect();
    let entries: String = services
        .map(|s| format!("    Service {{ name: {s:?}, operations: {s}::OPERATIONS, openapi_json: {s}::OPENAPI_JSON }},\n"))
        .collect();
    format!(
        r#"//! Agora's API surface as data: each service's bundled OpenAPI document and the table of
//! its operations with the access policy and rate-limit class the spec declares. The
//! platform kit and the gateway enforce these tables, so access rules live in the specs.
//!
//! {DO_NOT_EDIT}

{mods}
/// One operation of a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {{
    /// The spec's `operationId`.
    pub id: &'static str,
    pub method: http::Method,
    /// The path template, with `{{param}}` placeholders.
    pub path: &'static str,
    pub access: Access,
    /// The `x-rate-limit` class, when the spec names one.
    pub rate_limit: Option<&'static str>,
    /// Served by the platform kit (`x-agora-kit`), not by the generated router.
    pub served_by_kit: bool,
    pub request_body: RequestBody,
}}

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {{
    /// No security requirement.
    Public,
    /// Any valid access token.
    Authenticated,
    /// A valid access token carrying this permission.
    Permission(&'static str),
    /// The subject named by this path parameter, or a token carrying the permission.
    OwnerOrPermission {{ owner_param: &'static str, permission: &'static str }},
    /// A registered service client, by its id and secret in HTTP Basic (OAuth 2.0 client
    /// credentials); the service authenticates it.
    Client,
}}

/// Which body an operation takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestBody {{
    None,
    Json {{ required: bool }},
    /// `application/x-www-form-urlencoded`.
    Form {{ required: bool }},
}}

/// A service's spec and operations.
#[derive(Debug, Clone, Copy)]
pub struct Service {{
    pub name: &'static str,
    pub operations: &'static [Operation],
    pub openapi_json: &'static str,
}}

/// Every service that has a spec.
pub static SERVICES: &[Service] = &[
{entries}];
"#
    )
}

const MANIFEST: &str = r#"# Generated by `cargo xtask codegen`. Do not edit by hand.
[package]
name = "agora-api"
version = "0.0.0"
edition.workspace = true
publish = false
description = "Agora's bundled specs and operation tables, generated from specs/"

[dependencies]
http.workspace = true

[lints]
workspace = true
"#;
