//! Linters that are real tools, not hand-written checks: `cargo xtask lint-specs` (every
//! spec through an OpenAPI validator, then Spectral with the OWASP API Security ruleset and
//! Agora's own rules, `.spectral.yaml`) and `cargo xtask lint-deploy` (the Dockerfile
//! through hadolint, every kustomize overlay rendered and validated against the Kubernetes
//! schemas, the CloudFormation templates through cfn-lint). One check is ours: every metric
//! the alert rules and the dashboard query is one the services export.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::{say, tools};

/// The Kubernetes version the manifests are validated against: the oldest we support.
const KUBERNETES_VERSION: &str = "1.32.0";

pub fn specs() -> anyhow::Result<()> {
    let root = crate::root();
    let validator = tools::python_tool("openapi-spec-validator")?;
    let specs = files(&root.join("specs"), "yaml")?;
    tools::run(Command::new(validator).args(&specs))?;
    say!("{} specs are valid OpenAPI 3.0", specs.len());

    let spectral = Spectral::install()?;
    spectral.self_test()?;
    // The bundled specs: every $ref inside one document, so `.spectral.yaml` can switch a
    // rule off for one operation by its JSON pointer (it cannot reach into common.yaml).
    let mut linted = files(&root.join("generated/agora-api/specs"), "json")?;
    linted.push(root.join("specs/events.yaml"));
    let findings = spectral.lint(&root.join(".spectral.yaml"), &linted)?;
    if !findings.is_empty() {
        let report: Vec<String> = findings.iter().map(|f| format!("  {f}")).collect();
        bail!(
            "Spectral (OWASP API Security and Agora's rules, .spectral.yaml) found {} problems \
             in the specs; fix each, or switch its rule off there in .spectral.yaml with the \
             reason:\n{}",
            findings.len(),
            report.join("\n")
        );
    }
    say!(
        "{} specs meet the OWASP API Security and Agora rules (Spectral)",
        linted.len()
    );
    Ok(())
}

/// Spectral, pinned with its OWASP ruleset in `xtask/npm/spectral/`.
struct Spectral {
    bin: PathBuf,
    modules: PathBuf,
}

/// One problem Spectral reports.
#[derive(Debug)]
struct Finding {
    code: String,
    message: String,
    file: String,
    line: u64,
    path: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {} ({}) at {}",
            self.file, self.line, self.code, self.message, self.path
        )
    }
}

impl Spectral {
    fn install() -> anyhow::Result<Self> {
        let bin = tools::npm_tool("spectral", "spectral")?;
        let modules = bin
            .parent()
            .and_then(Path::parent)
            .context("spectral lives in node_modules/.bin")?
            .to_path_buf();
        Ok(Self { bin, modules })
    }

    /// The rules bite: a spec that breaks each kind of them gets each reported. A ruleset
    /// that stopped loading one (a renamed rule, a missing package) fails here, not by
    /// letting the specs through.
    fn self_test(&self) -> anyhow::Result<()> {
        let dir = crate::root().join("xtask/spectral");
        let found = self.lint(
            &crate::root().join(".spectral.yaml"),
            &[dir.join("insecure.yaml")],
        )?;
        let expected: Vec<String> = serde_json::from_str(&std::fs::read_to_string(
            dir.join("insecure.expected.json"),
        )?)
        .context("reading xtask/spectral/insecure.expected.json")?;
        let mut codes: Vec<String> = found.iter().map(|f| f.code.clone()).collect();
        codes.sort();
        codes.dedup();
        if codes != expected {
            bail!(
                "the Spectral rules no longer find what xtask/spectral/insecure.yaml breaks: \
                 expected {expected:?}, found {codes:?}"
            );
        }
        say!(
            "the Spectral rules catch all {} kinds of problem in xtask/spectral/insecure.yaml",
            expected.len()
        );
        Ok(())
    }

    fn lint(&self, ruleset: &Path, files: &[PathBuf]) -> anyhow::Result<Vec<Finding>> {
        let root = crate::root();
        let out = Command::new(&self.bin)
            .args([
                "lint",
                "--format",
                "json",
                "--quiet",
                "--fail-severity",
                "hint",
            ])
            .arg("--ruleset")
            .arg(ruleset)
            .args(files)
            .current_dir(&root)
            // `extends: "@stoplight/spectral-owasp-ruleset"` resolves from the pinned install.
            .env("NODE_PATH", &self.modules)
            .output()
            .context("running spectral")?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let Ok(found) = serde_json::from_str::<Vec<serde_json::Value>>(stdout.trim()) else {
            bail!(
                "spectral failed ({}): {}{}",
                out.status,
                stdout,
                String::from_utf8_lossy(&out.stderr)
            );
        };
        Ok(found
            .iter()
            .map(|f| Finding {
                code: f["code"].as_str().unwrap_or_default().to_owned(),
                message: f["message"].as_str().unwrap_or_default().to_owned(),
                file: f["source"]
                    .as_str()
                    .map(|s| {
                        Path::new(s)
                            .strip_prefix(&root)
                            .map_or_else(|_| s.to_owned(), |p| p.display().to_string())
                    })
                    .unwrap_or_default(),
                line: f["range"]["start"]["line"].as_u64().unwrap_or_default() + 1,
                path: f["path"]
                    .as_array()
                    .map(|p| {
                        p.iter()
                            .map(|s| s.as_str().map_or_else(|| s.to_string(), str::to_owned))
                            .collect::<Vec<_>>()
                            .join(".")
                    })
                    .unwrap_or_default(),
            })
            .collect())
    }
}

pub fn deploy() -> anyhow::Result<()> {
    let root = crate::root();
    tools::run(Command::new(tools::python_tool("hadolint")?).arg(root.join("Dockerfile")))?;
    say!("Dockerfile: hadolint found nothing");

    let overlays = root.join("deploy/k8s/overlays");
    let rendered = tempfile::tempdir()?;
    let validate = tools::python_tool("kubernetes-validate")?;
    for overlay in dirs(&overlays)? {
        let name = overlay.file_name().unwrap_or_default().to_string_lossy();
        let out = Command::new(tools::python_tool("kubectl")?)
            .arg("kustomize")
            .arg(&overlay)
            .output()
            .context("running the pinned kubectl")?;
        if !out.status.success() {
            bail!(
                "kubectl kustomize {} failed: {}",
                overlay.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let file = rendered.path().join(format!("{name}.yaml"));
        std::fs::write(&file, &out.stdout)?;
        tools::run(
            Command::new(&validate)
                .args(["--strict", "--quiet", "-k", KUBERNETES_VERSION])
                .arg(&file),
        )?;
        let objects = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("kind: "))
            .count();
        say!(
            "deploy/k8s/overlays/{name}: {objects} objects valid for Kubernetes {KUBERNETES_VERSION}"
        );
    }

    let templates = files(&root.join("deploy/aws"), "yaml")?;
    tools::run(Command::new(tools::python_tool("cfn-lint")?).args(&templates))?;
    say!(
        "deploy/aws: cfn-lint found nothing in {} templates",
        templates.len()
    );

    let exported = exported_metrics(&root.join("services"))?;
    let mut queries = Vec::new();
    let rules: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(
        root.join("deploy/observability/prometheus-rules.yaml"),
    )?)?;
    collect_strings(&rules, "expr", &mut queries);
    let dashboard: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        root.join("deploy/observability/grafana-dashboard.json"),
    )?)?;
    let dashboard: serde_yaml::Value = serde_yaml::to_value(&dashboard)?;
    collect_strings(&dashboard, "expr", &mut queries);
    let mut unknown: Vec<String> = queries
        .iter()
        .flat_map(|q| metric_names(q))
        .filter(|m| !exported.iter().any(|e| is_series_of(m, e)))
        .collect();
    unknown.sort();
    unknown.dedup();
    if !unknown.is_empty() {
        bail!(
            "deploy/observability queries metrics no service exports: {}",
            unknown.join(", ")
        );
    }
    say!(
        "deploy/observability: {} queries, every metric they read is exported",
        queries.len()
    );
    Ok(())
}

/// The names given to `counter!`, `gauge!` and `histogram!` anywhere under `dir`.
fn exported_metrics(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut names = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path)?;
                for macro_name in ["counter!(\"", "gauge!(\"", "histogram!(\""] {
                    for (at, _) in text.match_indices(macro_name) {
                        let rest = &text[at + macro_name.len()..];
                        if let Some(end) = rest.find('"') {
                            names.push(rest[..end].to_owned());
                        }
                    }
                }
            }
        }
    }
    Ok(names)
}

/// Whether the series `name` belongs to the exported metric `metric` (a histogram's
/// `_bucket`, `_count` and `_sum` do).
fn is_series_of(name: &str, metric: &str) -> bool {
    name == metric
        || ["_bucket", "_count", "_sum"]
            .iter()
            .any(|suffix| name.strip_suffix(suffix) == Some(metric))
}

fn collect_strings(value: &serde_yaml::Value, key: &str, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (k, v) in map {
                if k.as_str() == Some(key)
                    && let Some(s) = v.as_str()
                {
                    out.push(s.to_owned());
                }
                collect_strings(v, key, out);
            }
        }
        serde_yaml::Value::Sequence(items) => {
            items.iter().for_each(|v| collect_strings(v, key, out));
        }
        _ => {}
    }
}

/// The metric names a PromQL expression reads: its identifiers outside label matchers,
/// ranges, `by (…)`/`without (…)` lists and strings, that are not called as functions.
/// Every Agora metric has an underscore in its name; identifiers without one are
/// functions, aggregations or keywords here.
fn metric_names(query: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut word = String::new();
    // After `by`, `without`, `on` or `ignoring`, the next parenthesised group is labels.
    let mut labels_next = false;
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            // A function call is a name followed (possibly after spaces) by `(`.
            let mut rest = chars.clone();
            let mut next = Some(c);
            while next == Some(' ') {
                next = rest.next();
            }
            let keyword = matches!(word.as_str(), "by" | "without" | "on" | "ignoring");
            if keyword {
                labels_next = true;
            } else if word.contains('_')
                && next != Some('(')
                && !word.starts_with(|d: char| d.is_ascii_digit())
            {
                names.push(word.clone());
            }
            word.clear();
        }
        let close = match c {
            '{' => Some('}'),
            '[' => Some(']'),
            '"' => Some('"'),
            '(' if labels_next => Some(')'),
            _ => None,
        };
        if c != ' ' {
            labels_next = false;
        }
        if let Some(close) = close {
            for inner in chars.by_ref() {
                if inner == close {
                    break;
                }
            }
        }
    }
    if word.contains('_') {
        names.push(word);
    }
    names
}

fn files(dir: &Path, extension: &str) -> anyhow::Result<Vec<PathBuf>> {
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    found.sort();
    Ok(found)
}

fn dirs(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_metrics_a_query_reads_and_nothing_else() {
        let q = r#"histogram_quantile(0.99, sum by (le, service_name) (rate(http_server_request_duration_seconds_bucket{status=~"5..", a_b="c_d"}[5m]))) / max without (pod_x) (db_pool_max_connections) > 0"#;
        assert_eq!(
            metric_names(q),
            vec![
                "http_server_request_duration_seconds_bucket".to_owned(),
                "db_pool_max_connections".to_owned()
            ]
        );
        assert_eq!(
            metric_names("outbox_unsent_events"),
            vec!["outbox_unsent_events".to_owned()]
        );
    }

    #[test]
    fn histogram_series_belong_to_their_metric() {
        assert!(is_series_of(
            "http_server_request_duration_seconds_bucket",
            "http_server_request_duration_seconds"
        ));
        assert!(!is_series_of(
            "http_server_requests",
            "http_server_requests_total"
        ));
    }
}
