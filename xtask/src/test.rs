//! `cargo xtask test`: the whole gate, the same on a laptop and in CI.
//!
//! Provisions PostgreSQL, Redis and moto, then runs, in order: the codegen drift check, the
//! spec linter, rustfmt, clippy with `-D warnings`, and every test with nextest.

use std::process::Command;

use crate::infra::Infra;
use crate::{codegen, lint, say, tools};

pub fn run(extra: &[String]) -> anyhow::Result<()> {
    say!("step 1/5: generated code is up to date");
    codegen::run(true)?;
    say!("step 2/5: specs are valid OpenAPI");
    lint::run()?;
    say!("step 3/5: cargo fmt --check");
    tools::run(Command::new("cargo").args(["fmt", "--all", "--check"]))?;
    say!("step 4/5: cargo clippy -D warnings");
    tools::run(Command::new("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]))?;
    let infra = Infra::provision()?;
    say!("step 5/5: every test (nextest)");
    let mut nextest = Command::new("cargo");
    nextest
        .args([
            "nextest",
            "run",
            "--workspace",
            "--locked",
            "--no-fail-fast",
        ])
        .args(extra);
    for (name, value) in infra.env() {
        nextest.env(name, value);
    }
    tools::run(&mut nextest)?;
    drop(infra);
    say!("all checks passed");
    Ok(())
}
