//! The ports' implementations: the store on PostgreSQL, the catalogue and payments over
//! their generated clients, and the consumer of products' answers.

pub mod catalogue;
pub mod events;
pub mod payments;
pub mod postgres;
