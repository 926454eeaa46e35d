//! Adapters: the profile store on PostgreSQL.

pub mod events;
pub mod postgres;
