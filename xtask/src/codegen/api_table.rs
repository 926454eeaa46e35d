//! The `agora-api` crate: per service, the bundled spec (served at `/openapi.json`) and a
//! typed table of its operations with the access policy the spec declares.
//!
//! Policy lives in the specs: an operation without a security requirement is public; one
//! with `bearerAuth` needs a valid access token; `x-permission` names the permission it
//! needs, and `x-owner-param` names a path parameter whose value, when it equals the
//! token's subject, grants access without the permission. An operation secured by an HTTP
//! Basic scheme (OAuth 2.0 client credentials) is for registered service clients, whom the
//! service itself authenticates. `x-rate-limit` names the gateway's rate-limit class.
//!
//! An operation on its way out (docs/api-versioning.md) is `deprecated: true` with
//! `x-deprecated-at` and `x-sunset` (RFC 3339 times) and, when it has one, `x-successor`
//! (the path or URL of what replaces it); the table carries the `Deprecation`, `Sunset` and
//! `Link` header values the contract layer answers it with.

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
    deprecation: Option<String>,
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
                deprecation: deprecation(op).with_context(|| format!("{id}: its deprecation"))?,
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
        let deprecation = r.deprecation.unwrap_or_else(|| "None".to_owned());
        writeln!(
            code,
            "    Operation {{ id: {:?}, method: Method::{}, path: {:?}, access: {}, rate_limit: {rate}, served_by_kit: {}, request_body: {}, deprecation: {deprecation} }},",
            r.id, r.method, r.path, r.access, r.kit, r.body
        )?;
    }
    code.push_str("];\n");
    Ok(code)
}

/// The `Deprecation` the table carries for `op`: `None` unless the spec deprecates it.
fn deprecation(op: &Value) -> anyhow::Result<Option<String>> {
    let deprecated = op.get("deprecated") == Some(&Value::Bool(true));
    let time = |key: &str| -> anyhow::Result<Option<chrono::DateTime<chrono::Utc>>> {
        op.get(key)
            .map(|v| {
                let text = v.as_str().with_context(|| format!("{key} is a string"))?;
                chrono::DateTime::parse_from_rfc3339(text)
                    .map(|t| t.to_utc())
                    .with_context(|| format!("{key} {text:?} is an RFC 3339 date-time"))
            })
            .transpose()
    };
    let (since, sunset) = (time("x-deprecated-at")?, time("x-sunset")?);
    let successor = op.get("x-successor").map(|v| v.as_str());
    if !deprecated {
        if since.is_some() || sunset.is_some() || successor.is_some() {
            bail!("x-deprecated-at, x-sunset and x-successor belong to a deprecated operation");
        }
        return Ok(None);
    }
    let (Some(since), Some(sunset)) = (since, sunset) else {
        bail!("a deprecated operation says when (x-deprecated-at) and until when (x-sunset)");
    };
    if sunset <= since {
        bail!("x-sunset comes after x-deprecated-at");
    }
    let link = match successor {
        None => "None".to_owned(),
        Some(Some(s))
            if !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_graphic() && !b"<>\"".contains(&b)) =>
        {
            format!("Some({:?})", format!("<{s}>; rel=\"successor-version\""))
        }
        Some(_) => bail!("x-successor is a path or URL"),
    };
    Ok(Some(format!(
        "Some(crate::Deprecation {{ deprecation: {:?}, sunset: {:?}, link: {link} }})",
        format!("@{}", since.timestamp()),
        sunset.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
    )))
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
    /// Set while the operation is deprecated: what it answers with until its sunset.
    pub deprecation: Option<Deprecation>,
}}

/// An operation on its way out (docs/api-versioning.md): the spec's `deprecated: true`,
/// `x-deprecated-at`, `x-sunset` and `x-successor`, as the header values the contract
/// layer adds to every answer of the operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deprecation {{
    /// `Deprecation` (RFC 9745): `@` and the Unix time it was deprecated.
    pub deprecation: &'static str,
    /// `Sunset` (RFC 8594): the HTTP-date after which it may be removed.
    pub sunset: &'static str,
    /// `Link` to what replaces it (`rel="successor-version"`), when the spec names one.
    pub link: Option<&'static str>,
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::deprecation;

    #[test]
    fn a_deprecated_operation_gets_its_header_values() {
        let op = json!({
            "deprecated": true,
            "x-deprecated-at": "2026-01-01T00:00:00Z",
            "x-sunset": "2026-07-01T12:30:00+02:00",
            "x-successor": "/api/v2/products/{id}",
        });
        assert_eq!(
            deprecation(&op).unwrap().unwrap(),
            r#"Some(crate::Deprecation { deprecation: "@1767225600", sunset: "Wed, 01 Jul 2026 10:30:00 GMT", link: Some("</api/v2/products/{id}>; rel=\"successor-version\"") })"#
        );
        assert_eq!(deprecation(&json!({})).unwrap(), None);
    }

    #[test]
    fn the_versioning_fixtures_v1_answers_with_its_deprecation_and_sunset() {
        let fixture = crate::root().join("xtask/api-check/v2-beside-v1/current.json");
        let spec: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
        let v1 = &spec["paths"]["/api/v1/products/{id}"]["get"];
        assert_eq!(
            deprecation(v1).unwrap().unwrap(),
            r#"Some(crate::Deprecation { deprecation: "@1796342400", sunset: "Wed, 30 Jun 2027 00:00:00 GMT", link: Some("</api/v2/products/{id}>; rel=\"successor-version\"") })"#
        );
        let v2 = &spec["paths"]["/api/v2/products/{id}"]["get"];
        assert_eq!(deprecation(v2).unwrap(), None);
    }

    #[test]
    fn a_deprecation_without_its_dates_or_with_them_upside_down_is_refused() {
        for op in [
            json!({ "deprecated": true }),
            json!({ "deprecated": true, "x-sunset": "2026-07-01T00:00:00Z" }),
            json!({ "deprecated": true, "x-deprecated-at": "2026-07-01T00:00:00Z",
                    "x-sunset": "2026-01-01T00:00:00Z" }),
            json!({ "deprecated": true, "x-deprecated-at": "yesterday",
                    "x-sunset": "2026-01-01T00:00:00Z" }),
            json!({ "deprecated": true, "x-deprecated-at": "2026-01-01T00:00:00Z",
                    "x-sunset": "2026-07-01T00:00:00Z", "x-successor": "/v2\r\nX: y" }),
            json!({ "x-sunset": "2026-07-01T00:00:00Z" }),
        ] {
            assert!(deprecation(&op).is_err(), "{op}");
        }
    }
}
