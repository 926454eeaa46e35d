//! Adapters: the ports implemented with PostgreSQL, argon2id, Ed25519 JWTs, the OS's
//! random numbers and tokio; the consumer of the users service's events.

pub mod argon;
pub mod clients;
pub mod events;
pub mod keys;
pub mod postgres;
pub mod refresh_tokens;
pub mod tasks;
