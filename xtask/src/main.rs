//! Agora's build tasks, run as `cargo xtask <command>`.
//!
//! Every command works on a fresh machine: what it needs that is not on the machine it
//! installs (pinned) into the git-ignored `.tools/` folder, or it says exactly what to run.

mod api_check;
mod bench;
mod codegen;
mod conformance;
mod dev;
mod http;
mod infra;
mod layers;
mod lint;
mod mock;
mod platform;
mod sql;
mod test;
mod tools;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "xtask", about = "Agora's build tasks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the server, client, API-table and event crates under `generated/` from `specs/`.
    Codegen {
        /// Regenerate into a temporary folder and fail, naming the files, when `generated/`
        /// is out of date.
        #[arg(long)]
        check: bool,
    },
    /// Validate every spec with a real OpenAPI validator, then lint it with Spectral's
    /// OWASP API Security ruleset and Agora's rules (`.spectral.yaml`).
    LintSpecs,
    /// The breaking-change gate: every spec (events included) against the same spec at the
    /// merge base with `main` (or `AGORA_API_BASE`), by Optic's OpenAPI diff.
    ApiCheck,
    /// Lint the deployment files: hadolint on the Dockerfile, every Kubernetes overlay
    /// rendered and validated, cfn-lint on the CloudFormation templates.
    LintDeploy,
    /// Run the whole platform locally: provision PostgreSQL, Redis and the SNS/SQS endpoint,
    /// start every service, print the URLs; Ctrl-C stops everything.
    Dev,
    /// Write the workspace's `.sqlx/` (the offline data of the compile-time-checked queries
    /// of the crates in `CHECKED`), each crate described by a scratch database with its
    /// migrations applied.
    SqlxPrepare {
        /// Write into a temporary folder and fail, naming the queries, when the committed
        /// `.sqlx/` differs.
        #[arg(long)]
        check: bool,
    },
    /// The whole gate: codegen drift, spec lint, the breaking-change gate, the mocks' check,
    /// deployment lint, the layer rules, fmt, clippy, provisioning, the checked-SQL data,
    /// every test and contract fuzzing.
    Test {
        /// Extra arguments passed to `cargo nextest run`.
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// The platform in release mode under load: throughput, latency, errors, event latency
    /// and memory against a bare-axum baseline and raw argon2id; a table, plus
    /// `target/bench/results.json`.
    Bench {
        /// Seconds of load per scenario.
        #[arg(long, default_value_t = 10)]
        seconds: u32,
        /// Concurrent connections for the throughput scenarios.
        #[arg(long, default_value_t = 32)]
        connections: u32,
        /// Requests per second for the direct-versus-gateway latency comparison.
        #[arg(long, default_value_t = 500)]
        latency_rate: u32,
        /// Registrations timed through the event pipeline.
        #[arg(long, default_value_t = 100)]
        registrations: u32,
        /// Checkouts timed from `POST /orders` to `confirmed`.
        #[arg(long, default_value_t = 200)]
        checkouts: u32,
    },
    /// Serve every spec as a mock (Prism) on the ports `dev` uses, the gateway's answering
    /// every route; or, with `--check`, prove every mock answers as its spec says.
    Mock {
        /// Only these (auth, users, products, notifications, orders, payments, gateway).
        services: Vec<String>,
        /// Serve them on free ports and run schemathesis against each, then stop.
        #[arg(long)]
        check: bool,
    },
    /// Contract fuzzing alone: schemathesis against a throwaway instance of every service.
    Conformance {
        /// Examples per operation and phase (default: the configuration's).
        #[arg(long)]
        max_examples: Option<u32>,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen { check } => codegen::run(check),
        Command::LintSpecs => lint::specs(),
        Command::ApiCheck => api_check::run(),
        Command::LintDeploy => lint::deploy(),
        Command::Dev => dev::run(),
        Command::SqlxPrepare { check } => sql::run(check),
        Command::Test { args } => test::run(&args),
        Command::Bench {
            seconds,
            connections,
            latency_rate,
            registrations,
            checkouts,
        } => bench::run(&bench::Settings {
            seconds,
            connections,
            latency_rate,
            registrations,
            checkouts,
        }),
        Command::Mock { services, check } => mock::run(&services, check),
        Command::Conformance { max_examples } => {
            infra::Infra::provision().and_then(|infra| conformance::run(&infra, max_examples))
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // The cause chain, without the backtrace RUST_BACKTRACE would add: these are
            // messages for a person, not crashes.
            say!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate's folder).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Progress messages for the person at the terminal.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        #[allow(clippy::print_stderr, reason = "xtask talks to the person at the terminal")]
        { eprintln!("xtask: {}", format!($($arg)*)); }
    }};
}
