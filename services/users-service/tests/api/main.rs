//! The users service's integration tests: the service and a real auth service on loopback
//! ports, a fresh PostgreSQL database each, calls through the generated `users-client`.

mod access;
mod helpers;
mod profiles;
mod snapshots_of_responses;
mod startup;
