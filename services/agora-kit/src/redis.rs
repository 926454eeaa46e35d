//! A bb8 pool of Redis handles, for caches and rate limits. Redis is optional everywhere: a
//! service keeps serving from its database when it is down.
//!
//! Every handle the pool gives out shares one multiplexed link to Redis. Commands from
//! concurrent requests are pipelined on it: under load one write carries many commands
//! and one read brings back their replies, instead of a round trip (and a system call on
//! each side) per command on a connection of its own. The pool still bounds how many
//! commands are in flight, times out a checkout, and shows its use in `/metrics`.
//!
//! The pool does not PING before handing out a handle (that doubled the round trips of
//! every cache hit and rate-limit decision). Instead a handle notes when a command failed
//! because the link did (I/O error, dropped connection, timeout); on its return the pool
//! discards it and the shared link is dropped with it, so the next checkout connects afresh
//! once Redis is back.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use bb8_redis::redis;
use redis::aio::{ConnectionLike, MultiplexedConnection};
use redis::{Cmd, Pipeline, RedisError, RedisFuture, RedisResult, Value};

pub type RedisPool = bb8::Pool<Manager>;

/// How many commands may be in flight at once, across every task of the process.
const MAX_IN_FLIGHT: u32 = 64;

/// Builds the pool without waiting for Redis: the link is made on first use, so a service
/// starts and serves while Redis is down.
pub fn pool(url: &str) -> Result<RedisPool, RedisError> {
    let manager = Manager {
        client: redis::Client::open(url)?,
        shared: Arc::default(),
    };
    let pool = bb8::Pool::builder()
        .max_size(MAX_IN_FLIGHT)
        .connection_timeout(Duration::from_millis(500))
        .test_on_check_out(false)
        .build_unchecked(manager);
    crate::metrics::watch_redis_pool(&pool);
    Ok(pool)
}

/// Makes [`Connection`]s for the pool: handles onto the one shared link.
pub struct Manager {
    client: redis::Client,
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    /// The link and its number; `None` until first use and after it failed.
    link: Mutex<Option<(u64, MultiplexedConnection)>>,
    links_made: AtomicU64,
}

impl Shared {
    fn current(&self) -> Option<(u64, MultiplexedConnection)> {
        self.link.lock().expect("redis link lock").clone()
    }
}

/// A handle onto the shared link that remembers whether a command failed with the link.
pub struct Connection {
    inner: MultiplexedConnection,
    link: u64,
    broken: bool,
    shared: Arc<Shared>,
}

impl Connection {
    /// A handle that sat idle in the pool while its link failed and another replaced it
    /// moves to the new link before its next command, instead of failing one request.
    fn follow(&mut self) {
        if let Some((link, inner)) = self.shared.current()
            && link != self.link
        {
            self.link = link;
            self.inner = inner;
        }
    }

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
            self.follow();
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
            self.follow();
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
        let handle = |(link, inner)| Connection {
            inner,
            link,
            broken: false,
            shared: self.shared.clone(),
        };
        if let Some(current) = self.shared.current() {
            return Ok(handle(current));
        }
        let made = self.client.get_multiplexed_async_connection().await?;
        let mut link = self.shared.link.lock().expect("redis link lock");
        // Another checkout may have connected meanwhile: everyone uses the first link.
        let current = link
            .get_or_insert_with(|| {
                let number = self.shared.links_made.fetch_add(1, Ordering::Relaxed);
                (number, made)
            })
            .clone();
        Ok(handle(current))
    }

    async fn is_valid(&self, conn: &mut Connection) -> Result<(), RedisError> {
        redis::cmd("PING")
            .query_async::<String>(conn)
            .await
            .map(drop)
    }

    fn has_broken(&self, conn: &mut Connection) -> bool {
        if conn.broken {
            let mut link = self.shared.link.lock().expect("redis link lock");
            if link
                .as_ref()
                .is_some_and(|(number, _)| *number == conn.link)
            {
                *link = None;
            }
        }
        conn.broken
    }
}
