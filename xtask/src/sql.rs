//! Checked SQL: the offline data of the queries sqlx checks at compile time.
//!
//! Every static query is a `sqlx::query!`-family macro. The build (`.cargo/config.toml`
//! sets `SQLX_OFFLINE=true`) reads what each query takes and returns from the committed
//! `.sqlx/` folder at the workspace root, so it needs no database. This command writes that
//! folder: it makes a scratch database per service, applies the service's migrations, and
//! compiles the checked crates once with their macros online, each crate describing its
//! queries to its own database (named by the variable its `sqlx.toml` gives). With
//! `--check` it writes into a temporary folder instead and fails, naming the queries, when
//! the committed data differs: a query changed without `cargo xtask sqlx-prepare`, or a
//! migration changed what a query returns.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use anyhow::{Context, bail};
use sqlx::Connection;

use crate::infra::{self, Infra};
use crate::{say, tools};

/// The crates whose queries are checked, and the migrations their database runs. The
/// kit's outbox and the bus's relay and inbox run on every service's database: they are
/// checked against one, and [`shared_tables`] holds the others to the same tables.
pub const CHECKED: &[(&str, &str)] = &[
    ("agora-kit", "users"),
    ("agora-bus", "users"),
    ("auth-service", "auth"),
    ("users-service", "users"),
    ("products-service", "products"),
    ("notifications-service", "notifications"),
    ("payments-service", "payments"),
    ("orders-service", "orders"),
];

/// The variable a checked crate's `sqlx.toml` names for its database.
fn url_variable(package: &str) -> String {
    format!(
        "AGORA_SQLX_{}_URL",
        package.to_ascii_uppercase().replace('-', "_")
    )
}

pub fn run(check: bool) -> anyhow::Result<()> {
    let infra = Infra::provision_postgres()?;
    prepare(&infra, check)
}

pub fn prepare(infra: &Infra, check: bool) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut migrations: Vec<&str> = CHECKED.iter().map(|(_, m)| *m).collect();
    migrations.sort();
    migrations.dedup();
    let mut databases = BTreeMap::new();
    let mut shapes = BTreeMap::new();
    let described = (|| {
        for &set in &migrations {
            // One name per migration set: a run that was killed leaves at most these
            // behind, and the next run drops them before it starts.
            let name = format!("agora_sqlx_{set}");
            databases.insert(set, name.clone());
            let shape = runtime.block_on(create(&infra.postgres_url, &name, set))?;
            shapes.insert(set, shape);
        }
        let scratch = tempfile::tempdir()?;
        describe(&infra.postgres_url, &databases, scratch.path())?;
        read(scratch.path())
    })();
    for name in databases.values() {
        // Best effort: a database left behind is dropped by the next run, and the reason
        // this run failed (if it did) is the error worth reading.
        if let Err(e) = runtime.block_on(drop_database(&infra.postgres_url, name)) {
            say!("warning: could not drop the scratch database {name}: {e:#}");
        }
    }
    let described = described?;
    let committed = crate::root().join(".sqlx");
    let mut stale: Vec<String> = compare(&described, &read(&committed)?);
    stale.extend(shared_tables(&shapes));
    if !check {
        replace(&described, &committed)?;
        say!(
            ".sqlx/ written: {} queries of {} crates",
            described.len(),
            CHECKED.len()
        );
        stale.retain(|s| s.starts_with("the "));
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
            "the committed data of {} queries in {} crates is current",
            described.len(),
            CHECKED.len()
        );
    }
    Ok(())
}

/// The tables every service's migrations create alike, for the kit and the bus.
const SHARED_TABLES: &[&str] = &["outbox", "processed_events"];

/// A shared table's columns: name, type, nullability, default.
type Shape = Vec<(String, String, String, String, String)>;

/// The shared tables that some service's migrations shape differently from the first's.
fn shared_tables(shapes: &BTreeMap<&str, Shape>) -> Vec<String> {
    let mut differences = Vec::new();
    for table in SHARED_TABLES {
        let of =
            |shape: &Shape| -> Shape { shape.iter().filter(|c| c.0 == *table).cloned().collect() };
        let mut present = shapes
            .iter()
            .map(|(service, shape)| (service, of(shape)))
            .filter(|(_, columns)| !columns.is_empty());
        let Some((first, reference)) = present.next() else {
            continue;
        };
        for (service, columns) in present {
            if columns != reference {
                differences.push(format!(
                    "the {table} table of migrations/{service} differs from migrations/{first}'s \
                     (the kit and the bus run the same statements on both)"
                ));
            }
        }
    }
    differences
}

/// A database of its own for `migrations`, migrated; the shape of its shared tables.
async fn create(server: &str, name: &str, migrations: &str) -> anyhow::Result<Shape> {
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
    let shape = sqlx::query_as::<_, (String, String, String, String, String)>(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text, \
         coalesce(column_default, '')::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name = ANY($1) \
         ORDER BY table_name, ordinal_position",
    )
    .bind(SHARED_TABLES)
    .fetch_all(&mut db)
    .await?;
    Ok(shape)
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

/// Compiles the checked crates with their query macros online, each against its own
/// scratch database, saving what the macros learn into `out`. Their sources are touched
/// first: cargo would otherwise reuse the last compilation and no macro would run.
fn describe(server: &str, databases: &BTreeMap<&str, String>, out: &Path) -> anyhow::Result<()> {
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo
        .args(["check", "--quiet", "--locked", "--lib"])
        .current_dir(crate::root())
        .env("SQLX_OFFLINE", "false")
        .env("SQLX_OFFLINE_DIR", out);
    for &(package, migrations) in CHECKED {
        let src = crate::root().join("services").join(package).join("src");
        for file in walk(&src)? {
            std::fs::File::options()
                .write(true)
                .open(&file)?
                .set_modified(SystemTime::now())?;
        }
        let url = infra::database_url(server, &databases[migrations])?;
        cargo
            .args(["--package", package])
            .env(url_variable(package), url);
    }
    tools::run(&mut cargo)
        .context("compiling the checked crates with their queries described by PostgreSQL")
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

fn replace(files: &BTreeMap<String, String>, to: &Path) -> anyhow::Result<()> {
    if to.exists() {
        std::fs::remove_dir_all(to)?;
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
    fn every_crate_with_checked_queries_is_prepared_against_its_own_database() {
        let services = crate::root().join("services");
        for entry in std::fs::read_dir(&services).unwrap() {
            let dir = entry.unwrap().path();
            let package = dir.file_name().unwrap().to_string_lossy().into_owned();
            let uses_macros = dir.join("src").exists()
                && walk(&dir.join("src")).unwrap().iter().any(|f| {
                    let text = std::fs::read_to_string(f).unwrap();
                    ["sqlx::query!", "sqlx::query_as!", "sqlx::query_scalar!"]
                        .iter()
                        .any(|m| text.contains(m))
                });
            let checked = CHECKED.iter().any(|(p, _)| *p == package);
            assert_eq!(
                uses_macros, checked,
                "{package}: in CHECKED exactly when it has query macros"
            );
            if checked {
                let config = std::fs::read_to_string(dir.join("sqlx.toml"))
                    .unwrap_or_else(|_| panic!("{package} has a sqlx.toml"));
                assert!(
                    config.contains(&format!(
                        "database-url-var = \"{}\"",
                        url_variable(&package)
                    )),
                    "{package}'s sqlx.toml names {}",
                    url_variable(&package)
                );
            }
        }
    }

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
