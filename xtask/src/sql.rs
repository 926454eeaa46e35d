//! Checked SQL: the offline data of the queries sqlx checks at compile time.
//!
//! Every static query in a service's adapters is a `sqlx::query!`-family macro. The build
//! (`.cargo/config.toml` sets `SQLX_OFFLINE=true`) reads what each query takes and returns
//! from the service's committed `.sqlx/` folder, so it needs no database. This command
//! writes that folder: for each service it makes a scratch database, applies the service's
//! migrations, and compiles the crate with the macros online (they describe each query to
//! PostgreSQL and save the answer). With `--check` it writes into a temporary folder
//! instead and fails, naming the queries, when the committed data differs: a query changed
//! without `cargo xtask sqlx-prepare`, or a migration changed what a query returns.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use anyhow::{Context, bail};
use sqlx::Connection;

use crate::infra::{self, Infra};
use crate::{say, tools};

/// The crates whose queries are checked, and the migrations their database runs.
pub const CHECKED: &[(&str, &str)] = &[
    ("auth-service", "auth"),
    ("users-service", "users"),
    ("products-service", "products"),
    ("notifications-service", "notifications"),
];

pub fn run(check: bool) -> anyhow::Result<()> {
    let infra = Infra::provision_postgres()?;
    prepare(&infra, check)
}

pub fn prepare(infra: &Infra, check: bool) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut stale = Vec::new();
    for &(package, migrations) in CHECKED {
        let scratch = tempfile::tempdir()?;
        let name = format!("agora_sqlx_{migrations}_{}", std::process::id());
        let url = infra::database_url(&infra.postgres_url, &name)?;
        runtime.block_on(create(&infra.postgres_url, &name, migrations))?;
        let described = describe(package, &url, scratch.path());
        runtime.block_on(drop_database(&infra.postgres_url, &name))?;
        described?;
        let committed = crate::root().join("services").join(package).join(".sqlx");
        let differences = compare(&read(scratch.path())?, &read(&committed)?);
        if check {
            stale.extend(differences.into_iter().map(|d| format!("{package}: {d}")));
        } else {
            replace(scratch.path(), &committed)?;
            say!("{package}: .sqlx/ written");
        }
    }
    if !stale.is_empty() {
        bail!(
            "the committed query data is stale; run `cargo xtask sqlx-prepare` and commit \
             .sqlx/:\n  {}",
            stale.join("\n  ")
        );
    }
    if check {
        say!(
            "the committed query data of {} crates is current",
            CHECKED.len()
        );
    }
    Ok(())
}

/// A database of its own for `migrations`, migrated.
async fn create(server: &str, name: &str, migrations: &str) -> anyhow::Result<()> {
    let mut admin = sqlx::PgConnection::connect(server)
        .await
        .with_context(|| format!("connecting to {}", infra::redacted(server)))?;
    for statement in [
        format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
        format!("CREATE DATABASE \"{name}\""),
    ] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
            .execute(&mut admin)
            .await?;
    }
    let url = infra::database_url(server, name)?;
    let mut db = sqlx::PgConnection::connect(&url).await?;
    let dir = crate::root().join("migrations").join(migrations);
    sqlx::migrate::Migrator::new(dir.as_path())
        .await
        .with_context(|| format!("reading {}", dir.display()))?
        .run(&mut db)
        .await
        .with_context(|| format!("applying {}", dir.display()))?;
    Ok(())
}

async fn drop_database(server: &str, name: &str) -> anyhow::Result<()> {
    let mut admin = sqlx::PgConnection::connect(server).await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await?;
    Ok(())
}

/// Compiles `package` with its query macros online against `url`, saving what they
/// learn into `out`. The crate's sources are touched first: cargo would otherwise reuse
/// the last compilation and no macro would run.
fn describe(package: &str, url: &str, out: &Path) -> anyhow::Result<()> {
    let src = crate::root().join("services").join(package).join("src");
    for entry in walk(&src)? {
        std::fs::File::options()
            .write(true)
            .open(&entry)?
            .set_modified(SystemTime::now())?;
    }
    tools::run(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args([
                "check",
                "--quiet",
                "--locked",
                "--package",
                package,
                "--lib",
            ])
            .current_dir(crate::root())
            .env("DATABASE_URL", url)
            .env("SQLX_OFFLINE", "false")
            .env("SQLX_OFFLINE_DIR", out),
    )
    .with_context(|| format!("compiling {package} with its queries described by PostgreSQL"))
}

fn walk(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(walk(&path)?);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    Ok(files)
}

/// The query files of a `.sqlx/` folder (none when it does not exist), by name.
fn read(dir: &Path) -> anyhow::Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return Ok(files);
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if name.starts_with("query-") && name.ends_with(".json") {
            files.insert(name, std::fs::read_to_string(&path)?);
        }
    }
    Ok(files)
}

/// What differs between the data the queries need now and the committed data.
fn compare(now: &BTreeMap<String, String>, committed: &BTreeMap<String, String>) -> Vec<String> {
    let query = |json: &str| {
        serde_json::from_str::<serde_json::Value>(json)
            .ok()
            .and_then(|v| {
                v["query"]
                    .as_str()
                    .map(|q| q.split_whitespace().collect::<Vec<_>>().join(" "))
            })
            .unwrap_or_default()
    };
    let mut differences = Vec::new();
    for (name, json) in now {
        match committed.get(name) {
            None => differences.push(format!("missing {name} ({})", query(json))),
            Some(old) if old.trim() != json.trim() => {
                differences.push(format!("changed {name} ({})", query(json)))
            }
            Some(_) => {}
        }
    }
    for (name, json) in committed {
        if !now.contains_key(name) {
            differences.push(format!("no longer used {name} ({})", query(json)));
        }
    }
    differences
}

fn replace(from: &Path, to: &Path) -> anyhow::Result<()> {
    if to.exists() {
        std::fs::remove_dir_all(to)?;
    }
    let files = read(from)?;
    if files.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(to)?;
    for (name, json) in files {
        std::fs::write(to.join(name), json)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_changed_and_unused_query_data_is_named() {
        let file = |q: &str, t: &str| format!(r#"{{"query": "{q}", "describe": "{t}"}}"#);
        let now = BTreeMap::from([
            ("query-a.json".to_owned(), file("SELECT a", "int8")),
            (
                "query-b.json".to_owned(),
                file("SELECT  b\\n FROM t", "text"),
            ),
            ("query-c.json".to_owned(), file("SELECT c", "int8")),
        ]);
        let committed = BTreeMap::from([
            ("query-a.json".to_owned(), file("SELECT a", "int8")),
            (
                "query-b.json".to_owned(),
                file("SELECT  b\\n FROM t", "int4"),
            ),
            ("query-d.json".to_owned(), file("SELECT d", "int8")),
        ]);
        assert_eq!(
            compare(&now, &committed),
            vec![
                "changed query-b.json (SELECT b FROM t)",
                "missing query-c.json (SELECT c)",
                "no longer used query-d.json (SELECT d)",
            ]
        );
        assert_eq!(compare(&now, &now), Vec::<String>::new());
    }
}
