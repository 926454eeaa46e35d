//! Adapters: the ports implemented with PostgreSQL, argon2id and Ed25519 JWTs.

pub mod argon;
pub mod keys;
pub mod postgres;
