//! The orders service's core: carts, orders and their state machine (`domain`), and the
//! checkout and the saga that settles each order (`app`), behind ports for the store, the
//! catalogue and payments.

pub mod app;
pub mod domain;
