//! Linters that are real tools, not hand-written checks: `cargo xtask lint-specs` (every
//! spec through an OpenAPI validator) and `cargo xtask lint-deploy` (the Dockerfile through
//! hadolint, every kustomize overlay rendered and validated against the Kubernetes schemas,
//! the CloudFormation templates through cfn-lint).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::{say, tools};

/// The Kubernetes version the manifests are validated against: the oldest we support.
const KUBERNETES_VERSION: &str = "1.32.0";

pub fn specs() -> anyhow::Result<()> {
    let validator = tools::python_tool("openapi-spec-validator")?;
    let specs = files(&crate::root().join("specs"), "yaml")?;
    tools::run(Command::new(validator).args(&specs))?;
    say!("{} specs are valid OpenAPI 3.0", specs.len());
    Ok(())
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
        let out = Command::new("kubectl")
            .arg("kustomize")
            .arg(&overlay)
            .output()
            .context(
                "kubectl renders the Kubernetes manifests; install it from \
                 https://kubernetes.io/docs/tasks/tools/ (any version from 1.27 has kustomize 5)",
            )?;
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
    Ok(())
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
