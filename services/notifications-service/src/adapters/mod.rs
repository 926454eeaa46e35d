//! Adapters: the record on PostgreSQL, the mailer on SMTP, and the event consumer.

pub mod events;
pub mod postgres;
pub mod smtp;
