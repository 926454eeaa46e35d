//! Adapters: the catalogue store on PostgreSQL (reservations included), the cache on Redis
//! and the consumer of the orders events.

pub mod events;
pub mod postgres;
pub mod redis_cache;
mod reservations;
