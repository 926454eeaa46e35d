//! A bb8 pool of Redis connections, for caches and rate limits. Redis is optional
//! everywhere: a service keeps serving from its database when it is down.
//!
//! The pool does not PING before handing out a connection (that doubled the round trips of
//! every cache hit and rate-limit decision). Instead each connection notes when a command
//! failed because the link did (I/O error, dropped connection, timeout), and the pool
//! discards it on its return: after Redis comes back, the next checkout connects afresh.

use std::time::Duration;

pub use bb8_redis::redis;
use redis::aio::{ConnectionLike, MultiplexedConnection};
use redis::{Cmd, Pipeline, RedisError, RedisFuture, RedisResult, Value};

pub type RedisPool = bb8::Pool<Manager>;

/// Builds the pool without waiting for Redis: connections are made on demand, so a
/// service starts and serves while Redis is down. Its use shows in `/metrics`.
pub fn pool(url: &str) -> Result<RedisPool, RedisError> {
    let manager = Manager(redis::Client::open(url)?);
    let pool = bb8::Pool::builder()
        .max_size(16)
        .connection_timeout(Duration::from_millis(500))
        .test_on_check_out(false)
        .build_unchecked(manager);
    crate::metrics::watch_redis_pool(&pool);
    Ok(pool)
}

/// Makes [`Connection`]s for the pool.
pub struct Manager(redis::Client);

/// A multiplexed connection that remembers whether its link failed.
pub struct Connection {
    inner: MultiplexedConnection,
    broken: bool,
}

impl Connection {
    fn note<T>(&mut self, result: &RedisResult<T>) {
        if let Err(e) = result
            && (e.is_io_error() || e.is_connection_dropped() || e.is_timeout())
        {
            self.broken = true;
        }
    }
}

impl ConnectionLike for Connection {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        Box::pin(async move {
            let result = self.inner.req_packed_command(cmd).await;
            self.note(&result);
            result
        })
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        Box::pin(async move {
            let result = self
                .inner
                .req_packed_commands(pipeline, offset, count)
                .await;
            self.note(&result);
            result
        })
    }

    fn get_db(&self) -> i64 {
        self.inner.get_db()
    }
}

impl bb8::ManageConnection for Manager {
    type Connection = Connection;
    type Error = RedisError;

    async fn connect(&self) -> Result<Connection, RedisError> {
        Ok(Connection {
            inner: self.0.get_multiplexed_async_connection().await?,
            broken: false,
        })
    }

    async fn is_valid(&self, conn: &mut Connection) -> Result<(), RedisError> {
        redis::cmd("PING")
            .query_async::<String>(conn)
            .await
            .map(drop)
    }

    fn has_broken(&self, conn: &mut Connection) -> bool {
        conn.broken
    }
}
