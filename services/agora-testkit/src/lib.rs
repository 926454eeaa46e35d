//! Helpers for integration tests against the real PostgreSQL server.
//!
//! Each test gets a database of its own, created from the server named by
//! `AGORA_TEST_POSTGRES_URL` (which `cargo xtask test` sets; default
//! `postgres://postgres@127.0.0.1:5432/postgres`) and dropped when the test ends, so tests
//! run in parallel and leave nothing behind.

use sqlx::{Connection, PgConnection};

#[cfg(feature = "auth")]
pub mod auth;
#[cfg(feature = "http")]
pub mod metrics;
pub mod process;
pub mod proxy;
#[cfg(feature = "http")]
pub mod responses;
#[cfg(feature = "serve")]
pub mod serve;

/// The server tests create their databases on.
pub fn server_url() -> String {
    std::env::var("AGORA_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// `url` with its database name replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// A database that exists for as long as this value does.
pub struct TestDatabase {
    name: String,
    server: String,
    url: String,
}

impl TestDatabase {
    /// Creates `test_<prefix>_<random>` on the test server.
    pub async fn create(prefix: &str) -> Self {
        let server = server_url();
        let name = format!("test_{prefix}_{}", uuid::Uuid::new_v4().simple());
        let mut conn = PgConnection::connect(&server)
            .await
            .unwrap_or_else(|e| panic!("cannot reach the test PostgreSQL server at {server} ({e}); run the tests with `cargo xtask test`"));
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(r#"CREATE DATABASE "{name}""#)))
            .execute(&mut conn)
            .await
            .expect("create the test database");
        conn.close().await.ok();
        let url = with_database(&server, &name);
        Self { name, server, url }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The server's `host:port`, to put a proxy in front of it.
    pub fn server_addr(&self) -> std::net::SocketAddr {
        let (start, end) = authority_span(&self.url);
        let authority = &self.url[start..end];
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
        let host_port = if host_port.contains(':') {
            host_port.to_owned()
        } else {
            format!("{host_port}:5432")
        };
        let host_port = host_port.replace("localhost", "127.0.0.1");
        host_port
            .parse()
            .expect("the test server URL names an IP address and port")
    }

    /// This database's URL, reached through `addr` instead of the server's own address.
    pub fn url_through(&self, addr: std::net::SocketAddr) -> String {
        let (start, end) = authority_span(&self.url);
        let authority = &self.url[start..end];
        let credentials = authority
            .rsplit_once('@')
            .map(|(c, _)| format!("{c}@"))
            .unwrap_or_default();
        format!(
            "{}{credentials}{addr}{}",
            &self.url[..start],
            &self.url[end..]
        )
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let server = self.server.clone();
        let name = self.name.clone();
        // Drop runs outside any async context we can rely on: a short-lived runtime on its
        // own thread does the clean-up.
        let joined = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            rt.block_on(async {
                if let Ok(mut conn) = PgConnection::connect(&server).await {
                    let sql = format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#);
                    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                        .execute(&mut conn)
                        .await;
                }
            });
        })
        .join();
        let _ = joined;
    }
}

/// Where the authority (`user@host:port`) of a URL starts and ends.
fn authority_span(url: &str) -> (usize, usize) {
    let start = url.find("://").map_or(0, |i| i + 3);
    let end = url[start..].find('/').map_or(url.len(), |i| start + i);
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_name_is_replaced() {
        assert_eq!(
            with_database("postgres://u@h:5432/postgres", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            with_database("postgres://u@h:5432", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            with_database("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
