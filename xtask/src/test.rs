//! `cargo xtask test`: the whole gate, the same on a laptop and in CI.
//!
//! Runs, in order: the codegen drift check, the spec linters (an OpenAPI validator, then
//! Spectral with the OWASP ruleset), the breaking-change gate, the mocks' check, the
//! deployment-file linters (hadolint, kustomize + kubernetes-validate, cfn-lint), the layer
//! rules, rustfmt, clippy with `-D warnings`; then provisions PostgreSQL, Redis, moto and headless Chromium,
//! checks the committed `.sqlx/` query data against the migrations, and runs every test
//! with nextest and contract fuzzing of every service with schemathesis.

use std::process::Command;

use crate::infra::{self, Infra};
use crate::{codegen, conformance, lint, say, tools};

pub fn run(extra: &[String]) -> anyhow::Result<()> {
    say!("step 1/10: generated code is up to date");
    codegen::run(true)?;
    say!("step 2/10: specs are valid OpenAPI and meet the API design and security rules");
    lint::specs()?;
    say!("step 3/10: no breaking change since the merge base with main");
    crate::api_check::run()?;
    say!("step 4/10: every mock answers as its spec says (Prism, schemathesis)");
    crate::mock::run(&[], true)?;
    say!("step 5/10: deployment files lint clean");
    lint::deploy()?;
    say!("step 6/10: the layer rules hold; cargo fmt --check");
    crate::layers::check()?;
    tools::run(Command::new("cargo").args(["fmt", "--all", "--check"]))?;
    say!("step 7/10: cargo clippy -D warnings");
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
    let browser = infra::browser()?;
    say!("step 8/10: the committed query data is current (sqlx-prepare --check)");
    crate::sql::prepare(&infra, true)?;
    say!("step 9/10: every test (nextest)");
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
    for (name, value) in infra.env().into_iter().chain(browser) {
        nextest.env(name, value);
    }
    tools::run(&mut nextest)?;
    say!("step 10/10: contract fuzzing (schemathesis)");
    conformance::run(&infra, None)?;
    drop(infra);
    say!("all checks passed");
    Ok(())
}
