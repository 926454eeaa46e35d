//! Adapters: the catalogue store on PostgreSQL and the cache on Redis.

pub mod postgres;
pub mod redis_cache;
