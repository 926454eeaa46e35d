//! Adapters: the ports implemented with PostgreSQL, argon2id and Ed25519 JWTs; the consumer
//! of the users service's events.

pub mod argon;
pub mod events;
pub mod keys;
pub mod postgres;
