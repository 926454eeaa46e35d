//! The platform kit: what every Agora service binary needs, written once.
//!
//! A service builds its generated router, hands it to [`app::ServiceApp`] with its entry in
//! `agora_api::SERVICES`, and gets the contract layer (routing, authentication, validation
//! and problem bodies driven by the spec), request ids, CORS, timeouts, health, readiness,
//! Swagger UI and graceful shutdown around it.

pub mod app;
pub mod config;
pub mod contract;
pub mod db;
pub mod health;
pub mod outbox;
pub mod problem;
pub mod redis;
pub mod request_id;
pub mod schema;
pub mod telemetry;
pub mod token;

pub use problem::{FieldError, Problem};
