//! `cargo xtask lint-specs`: every spec through a real OpenAPI validator.

use std::process::Command;

use crate::{say, tools};

pub fn run() -> anyhow::Result<()> {
    let validator = tools::python_tool("openapi-spec-validator")?;
    let mut specs: Vec<_> = std::fs::read_dir(crate::root().join("specs"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    tools::run(Command::new(validator).args(&specs))?;
    say!("{} specs are valid OpenAPI 3.0", specs.len());
    Ok(())
}
