//! The breaking-change gate: every spec compared with the same spec at the merge base with
//! `main`, by Optic's OpenAPI diff (pinned, from npm), operation by operation.
//!
//! - The services' specs are compared in their bundled form (`generated/agora-api/specs/`,
//!   committed, so the base's is in git and `codegen --check` keeps the current one true).
//! - `specs/events.yaml` has no operations, so each event type becomes one in a synthetic
//!   spec, its `data` the response a consumer reads: a removed field, a changed type or a
//!   new enum value of an event breaks its consumers as it would an API's clients.
//! - Optic knows nothing of Agora's `x-permission`: an operation that starts asking for a
//!   permission, or another one, breaks its callers too, and is reported here.
//!
//! Before the specs, the gate proves itself on the fixtures in `xtask/api-check/`: some
//! pairs must fail it, the others pass (`FIXTURES`), one of each on a real operation.
//!
//! The way out is a new major version served beside the old one, never a flag
//! (docs/api-versioning.md).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use serde_json::{Value, json};

use crate::{say, tools};

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

pub fn run() -> anyhow::Result<()> {
    let optic = tools::npm_tool("optic", "optic")?;
    let scratch = tempfile::tempdir()?;
    self_test(&optic, scratch.path())?;

    let root = crate::root();
    let base = merge_base()?;
    say!("comparing the specs with the merge base {base}");
    let mut broken = Vec::new();
    for (name, current_path) in bundled_specs(&root)? {
        let relative = format!("generated/agora-api/specs/{name}.json");
        let Some(base_text) = git_show(&base, &relative)? else {
            say!("{name}: new since the base");
            continue;
        };
        let current_text = std::fs::read_to_string(&current_path)?;
        let report = compare(&optic, scratch.path(), &name, &base_text, &current_text)?;
        if !report.is_empty() {
            broken.push((name, report));
        }
    }
    for name in removed_specs(&base, &root)? {
        broken.push((name, "the whole API was removed".into()));
    }
    if let Some(base_events) = git_show(&base, "specs/events.yaml")? {
        let current_events = std::fs::read_to_string(root.join("specs/events.yaml"))?;
        let as_api = |text: &str| -> anyhow::Result<String> {
            Ok(events_as_api(&serde_yaml::from_str(text)?)?.to_string())
        };
        let report = compare(
            &optic,
            scratch.path(),
            "events",
            &as_api(&base_events)?,
            &as_api(&current_events)?,
        )?;
        if !report.is_empty() {
            broken.push(("events".into(), report));
        }
    }
    if broken.is_empty() {
        say!("no breaking change since {base}");
        return Ok(());
    }
    for (name, report) in &broken {
        say!("{name}: breaking changes\n{report}");
    }
    bail!(
        "breaking changes in {}: serve them as a new major version beside the old one \
         (docs/api-versioning.md)",
        broken
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The fixtures: a removed response field must be caught, an added one let through.
/// The fixtures in `xtask/api-check/`, and whether each must fail the gate.
const FIXTURES: &[(&str, bool)] = &[
    // A response field removed and a permission added.
    ("breaking", true),
    // A response field and an operation added.
    ("additive", false),
    // The real `GET /api/v1/products/{id}` with its answer's `price` made an object and
    // `currency` gone: made in place, it breaks every client…
    ("v1-changed-in-place", true),
    // …and made as `/api/v2/products/{id}` beside it, v1 deprecated with a sunset and a
    // link to v2 (docs/api-versioning.md), it breaks none.
    ("v2-beside-v1", false),
    // The same breaking change with `info.version` raised to 1.0.0: a number in a document
    // is no way out (Optic's rules would stand down without `standard.yml`).
    ("major-version-bump", true),
];

fn self_test(optic: &Path, scratch: &Path) -> anyhow::Result<()> {
    let fixtures = crate::root().join("xtask/api-check");
    let read = |p: &str| std::fs::read_to_string(fixtures.join(p)).with_context(|| p.to_owned());
    for &(name, must_fail) in FIXTURES {
        let report = compare(
            optic,
            scratch,
            &format!("fixture-{name}"),
            &read(&format!("{name}/base.json"))?,
            &read(&format!("{name}/current.json"))?,
        )?;
        match (must_fail, report.is_empty()) {
            (true, true) => bail!(
                "the gate let xtask/api-check/{name} through, a breaking change: it would let \
                 any change through"
            ),
            (false, false) => {
                bail!("the gate stopped xtask/api-check/{name}, which breaks no client:\n{report}")
            }
            _ => {}
        }
    }
    say!(
        "the gate stops the breaking fixtures and lets the others through ({} pairs in \
         xtask/api-check)",
        FIXTURES.len()
    );
    Ok(())
}

/// The breaking changes from `base` to `current` (both OpenAPI JSON), as a report; empty
/// when there are none.
fn compare(
    optic: &Path,
    scratch: &Path,
    name: &str,
    base: &str,
    current: &str,
) -> anyhow::Result<String> {
    let (base_file, current_file) = (
        scratch.join(format!("{name}.base.json")),
        scratch.join(format!("{name}.current.json")),
    );
    std::fs::write(&base_file, base)?;
    std::fs::write(&current_file, current)?;
    let out = Command::new(optic)
        .arg("diff")
        .arg(&base_file)
        .arg(&current_file)
        .arg("--check")
        .arg("--standard")
        .arg(crate::root().join("xtask/api-check/standard.yml"))
        .env("OPTIC_TELEMETRY_LEVEL", "off")
        .env("NO_COLOR", "1")
        .current_dir(scratch)
        .output()
        .with_context(|| format!("running {}", optic.display()))?;
    let mut report = String::new();
    if !out.status.success() {
        let text = String::from_utf8_lossy(&out.stdout);
        if !text.contains("breaking change") {
            bail!(
                "optic failed on {name}: {}{}",
                text,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        report.push_str(&breaking_lines(&text));
    }
    let base: Value = serde_json::from_str(base)?;
    let current: Value = serde_json::from_str(current)?;
    for line in permission_changes(&base, &current) {
        report.push_str(&line);
        report.push('\n');
    }
    Ok(report)
}

/// Optic's report, down to the operations and the rules they break.
fn breaking_lines(text: &str) -> String {
    text.lines()
        .filter(|l| {
            let t = l.trim_start();
            // The operations, the parts of them that changed and the rules they break;
            // not the title and tally lines around them.
            (t.starts_with("x ") || t.starts_with("- "))
                && !t.contains("Checks:")
                && !t.contains(".json")
        })
        .map(|l| format!("  {l}\n"))
        .collect()
}

/// Operations that ask for a permission they did not, or for another one; and operations
/// that became protected.
fn permission_changes(base: &Value, current: &Value) -> Vec<String> {
    let ops = |spec: &Value| -> BTreeMap<(String, String), (Option<String>, bool)> {
        let mut ops = BTreeMap::new();
        for (path, item) in spec["paths"].as_object().into_iter().flatten() {
            for method in METHODS {
                let Some(op) = item.get(*method) else {
                    continue;
                };
                let permission = op
                    .get("x-permission")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                let secured = op
                    .get("security")
                    .or(spec.get("security"))
                    .and_then(Value::as_array)
                    .is_some_and(|s| !s.is_empty());
                ops.insert((method.to_uppercase(), path.clone()), (permission, secured));
            }
        }
        ops
    };
    let before = ops(base);
    let mut changes = Vec::new();
    for (key, (permission, secured)) in ops(current) {
        let Some((was_permission, was_secured)) = before.get(&key) else {
            continue;
        };
        let (method, path) = &key;
        if secured && !was_secured {
            changes.push(format!("  x {method} {path}: now needs an access token"));
        }
        if let Some(p) = &permission
            && was_permission.as_ref() != Some(p)
        {
            changes.push(format!(
                "  x {method} {path}: now needs the permission {p} (was {})",
                was_permission.as_deref().unwrap_or("none")
            ));
        }
    }
    changes
}

/// `specs/events.yaml` as an API: one `GET /events/<type>` per event type, answering its
/// `data`, so that the diff treats each event's consumers as clients.
fn events_as_api(events: &Value) -> anyhow::Result<Value> {
    let mut paths = serde_json::Map::new();
    for event in events["x-agora-events"]
        .as_array()
        .context("specs/events.yaml lists its events under x-agora-events")?
    {
        let ty = event["type"].as_str().context("an event without a type")?;
        let data = event["data"].as_str().context("an event without data")?;
        paths.insert(
            format!("/events/{ty}"),
            json!({ "get": {
                "operationId": ty.replace('.', "_"),
                "responses": { "200": {
                    "description": "The event's data",
                    "content": { "application/json": {
                        "schema": { "$ref": format!("#/components/schemas/{data}") }
                    } }
                } }
            } }),
        );
    }
    Ok(json!({
        "openapi": "3.0.3",
        "info": { "title": "Agora events", "version": events["info"]["version"] },
        "paths": paths,
        "components": { "schemas": events["components"]["schemas"] },
    }))
}

/// The bundled service specs of the working tree, by service name.
fn bundled_specs(root: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let mut specs = Vec::new();
    for entry in std::fs::read_dir(root.join("generated/agora-api/specs"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json")
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        {
            specs.push((stem.to_owned(), path));
        }
    }
    specs.sort();
    Ok(specs)
}

/// Services whose spec the base had and the working tree has not.
fn removed_specs(base: &str, root: &Path) -> anyhow::Result<Vec<String>> {
    let out = git(&["ls-tree", "--name-only", base, "generated/agora-api/specs/"])?;
    Ok(out
        .lines()
        .filter_map(|l| l.strip_prefix("generated/agora-api/specs/"))
        .filter_map(|f| f.strip_suffix(".json"))
        .filter(|name| {
            !root
                .join(format!("generated/agora-api/specs/{name}.json"))
                .exists()
        })
        .map(str::to_owned)
        .collect())
}

/// The commit to compare with: `AGORA_API_BASE` when set, else the merge base of `HEAD`
/// with `origin/main` (fetched when the clone lacks it) or `main`, else `HEAD` itself.
fn merge_base() -> anyhow::Result<String> {
    if let Ok(base) = std::env::var("AGORA_API_BASE")
        && !base.is_empty()
    {
        return Ok(
            git(&["rev-parse", "--verify", &format!("{base}^{{commit}}")])?
                .trim()
                .to_owned(),
        );
    }
    let has = |r: &str| git(&["rev-parse", "--verify", "--quiet", r]).is_ok();
    if !has("origin/main") && git(&["remote"]).is_ok_and(|r| r.lines().any(|l| l == "origin")) {
        // A shallow or single-branch clone: fetch main's history, quietly, if it can.
        let _ = git(&[
            "fetch",
            "--quiet",
            "origin",
            "main:refs/remotes/origin/main",
        ]);
    }
    let Some(main) = ["origin/main", "main"].into_iter().find(|r| has(r)) else {
        // A checkout of one commit with no branch at all: what it changed is all there is
        // to compare (set AGORA_API_BASE to compare with something else).
        say!("no main branch here: comparing the working tree with HEAD");
        return Ok(git(&["rev-parse", "HEAD"])?.trim().to_owned());
    };
    Ok(git(&["merge-base", "HEAD", main])?.trim().to_owned())
}

fn git_show(rev: &str, path: &str) -> anyhow::Result<Option<String>> {
    let out = Command::new("git")
        .args(["show", &format!("{rev}:{path}")])
        .current_dir(crate::root())
        .output()
        .context("running git")?;
    Ok(out
        .status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned()))
}

fn git(args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(crate::root())
        .output()
        .context("running git")?;
    if !out.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(security: bool, permission: Option<&str>) -> Value {
        let mut op = json!({ "operationId": "get_thing", "responses": {} });
        if security {
            op["security"] = json!([{ "bearerAuth": [] }]);
        }
        if let Some(p) = permission {
            op["x-permission"] = json!(p);
        }
        json!({ "paths": { "/things": { "get": op } } })
    }

    #[test]
    fn a_permission_added_or_changed_and_a_new_token_requirement_are_breaking() {
        let open = spec(false, None);
        let token = spec(true, None);
        let read = spec(true, Some("things:read"));
        let write = spec(true, Some("things:write"));
        assert_eq!(permission_changes(&open, &token).len(), 1);
        assert_eq!(permission_changes(&token, &read).len(), 1);
        assert_eq!(permission_changes(&read, &write).len(), 1);
        // Dropping a requirement, or changing nothing, breaks nobody.
        assert!(permission_changes(&read, &token).is_empty());
        assert!(permission_changes(&token, &open).is_empty());
        assert!(permission_changes(&read, &read).is_empty());
    }

    #[test]
    fn each_event_type_becomes_an_operation_answering_its_data() {
        let events: Value = serde_yaml::from_str(
            &std::fs::read_to_string(crate::root().join("specs/events.yaml")).unwrap(),
        )
        .unwrap();
        let api = events_as_api(&events).unwrap();
        let placed = &api["paths"]["/events/orders.order.placed"]["get"];
        assert_eq!(
            placed["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/OrderPlaced"
        );
        assert!(api["components"]["schemas"]["OrderPlaced"].is_object());
        let count = events["x-agora-events"].as_array().unwrap().len();
        assert_eq!(api["paths"].as_object().unwrap().len(), count);
    }
}
