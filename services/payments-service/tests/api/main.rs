//! The payments service's integration tests: the service and a real auth service on
//! loopback ports, a fresh PostgreSQL database each, calls through the generated
//! `payments-client`, and the orders service's client credentials for charging.

mod access;
mod charges;
mod helpers;
mod refunds;
mod snapshots_of_responses;
mod startup;
