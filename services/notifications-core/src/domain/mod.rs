//! Notifications' domain: the templates and how they render, and what an order e-mail
//! says. No I/O, no framework.

pub mod order;
pub mod template;

pub use order::{CancellationReason, OrderLine, OrderSummary};
pub use template::{Rendered, Template};
