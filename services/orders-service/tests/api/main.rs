//! The orders service's integration tests: the checkout's whole cast started for real
//! (auth, products, payments, orders), each on a fresh PostgreSQL database, the events
//! over SNS/SQS, calls through the generated `orders-client`.

mod cart;
mod checkout;
mod helpers;
mod lifecycle;
mod saga;
mod snapshots_of_responses;
mod startup;
