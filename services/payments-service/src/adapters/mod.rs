//! The ports' implementations: the ledger on PostgreSQL and the payment providers.

pub mod postgres;
pub mod provider;
