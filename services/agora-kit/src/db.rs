//! The service's PostgreSQL pool; migrations from `migrations/<service>/` run at start-up.

use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgPool, PgPoolOptions};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot connect to PostgreSQL")]
    Connect(#[source] sqlx::Error),
    #[error("migrations failed")]
    Migrate(#[source] sqlx::migrate::MigrateError),
}

/// Connects (failing fast when the server does not answer) and applies `migrator`.
pub async fn connect_and_migrate(
    url: &str,
    max_connections: u32,
    migrator: &Migrator,
) -> Result<PgPool, DbError> {
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        // A request waits at most this long for a connection, so a dead database turns into
        // fast 503s instead of requests that hang until the timeout.
        .acquire_timeout(Duration::from_secs(3))
        .connect(url)
        .await
        .map_err(DbError::Connect)?;
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
            return matches!(
                sqlx_error,
                sqlx::Error::PoolTimedOut
                    | sqlx::Error::PoolClosed
                    | sqlx::Error::Io(_)
                    | sqlx::Error::Tls(_)
            );
        }
        current = e.source();
    }
    false
}
