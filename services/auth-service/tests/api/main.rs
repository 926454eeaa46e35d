//! The auth service's integration tests: the real binary's router on a loopback port, a
//! fresh PostgreSQL database per test, calls through the generated `auth-client`.

mod account;
mod clients;
mod contract;
mod events;
mod helpers;
mod lockout;
mod rbac;
mod register_login;
mod shutdown;
mod snapshots_of_responses;
mod startup;
mod telemetry;
mod tokens;
