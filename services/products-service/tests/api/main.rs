//! The products service's integration tests: the service and a real auth service on
//! loopback ports, a fresh PostgreSQL database each, the real Redis, calls through the
//! generated `products-client`.

mod cache;
mod catalogue;
mod faults;
mod helpers;
mod reservations;
mod snapshots_of_responses;
mod startup;
mod stock;
