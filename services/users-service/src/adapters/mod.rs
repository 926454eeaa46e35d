//! Adapters: the profile store on PostgreSQL.

pub mod postgres;
