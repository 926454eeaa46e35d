//! A bb8 pool of Redis connections, for caches and rate limits. Redis is optional
//! everywhere: a service keeps serving from its database when it is down.

use std::time::Duration;

pub use bb8_redis::redis;
pub type RedisPool = bb8::Pool<bb8_redis::RedisConnectionManager>;

/// Builds the pool without waiting for Redis: connections are made on demand, so a
/// service starts and serves while Redis is down. Its use shows in `/metrics`.
pub fn pool(url: &str) -> Result<RedisPool, redis::RedisError> {
    let manager = bb8_redis::RedisConnectionManager::new(url)?;
    let pool = bb8::Pool::builder()
        .max_size(16)
        .connection_timeout(Duration::from_millis(500))
        .build_unchecked(manager);
    crate::metrics::watch_redis_pool(&pool);
    Ok(pool)
}
