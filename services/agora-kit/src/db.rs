//! The service's PostgreSQL pool; migrations from `migrations/<service>/` run at start-up.
//!
//! TLS is what the URL asks for: `sslmode=verify-full` (with `sslrootcert=` for a private
//! CA, as managed databases have), `require`, … A URL that names no `sslmode` (and no
//! `PGSSLMODE` in the environment) connects in plain text, as local and test servers do,
//! rather than libpq's "prefer", which would quietly negotiate TLS with any server that
//! offers it.

use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgSslMode};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL is not a PostgreSQL URL")]
    Url(#[source] sqlx::Error),
    /// Where, without the credentials the URL may carry.
    #[error("cannot connect to PostgreSQL at {at} (DATABASE_URL)")]
    Connect {
        at: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("migrations failed")]
    Migrate(#[source] sqlx::migrate::MigrateError),
}

/// Connects (failing fast when the server does not answer) and applies `migrator`.
pub async fn connect_and_migrate(
    url: &str,
    max_connections: u32,
    migrator: &Migrator,
) -> Result<PgPool, DbError> {
    let mut options: PgConnectOptions = url.parse().map_err(DbError::Url)?;
    let at = format!(
        "{}:{}/{}",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or_default()
    );
    if !url.contains("sslmode=") && std::env::var_os("PGSSLMODE").is_none() {
        options = options.ssl_mode(PgSslMode::Disable);
    }
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        // A request waits at most this long for a connection, so a dead database turns into
        // fast 503s instead of requests that hang until the timeout.
        .acquire_timeout(Duration::from_secs(3))
        .connect_with(options)
        .await
        .map_err(|source| DbError::Connect { at, source })?;
    migrator.run(&pool).await.map_err(DbError::Migrate)?;
    Ok(pool)
}

/// Whether `error` (or anything in its chain) means the database cannot be reached right
/// now (no connection within the pool's timeout, a broken connection) rather than a bug: the
/// client gets 503 and may retry.
pub fn is_unavailable(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(sqlx_error) = e.downcast_ref::<sqlx::Error>() {
            return match sqlx_error {
                sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::Io(_)
                | sqlx::Error::Tls(_) => true,
                // A link that closes while TLS is negotiated reads as a zero byte where the
                // server's answer to the SSLRequest belongs.
                sqlx::Error::Protocol(message) => message.contains("SSLRequest"),
                _ => false,
            };
        }
        current = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lost_link_is_unavailable_and_a_bug_is_not() {
        let unavailable = [
            sqlx::Error::PoolTimedOut,
            sqlx::Error::Io(std::io::Error::from(std::io::ErrorKind::ConnectionReset)),
            // What sqlx reports when the link closes during the TLS request.
            sqlx::Error::Protocol("unexpected response from SSLRequest: 0x00".into()),
        ];
        for e in &unavailable {
            assert!(is_unavailable(e), "{e:?}");
        }
        let bugs = [
            sqlx::Error::RowNotFound,
            sqlx::Error::Protocol("unexpected message type".into()),
            sqlx::Error::ColumnNotFound("name".into()),
        ];
        for e in &bugs {
            assert!(!is_unavailable(e), "{e:?}");
        }
    }
}
