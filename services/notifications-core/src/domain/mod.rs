//! Notifications' domain: the templates and how they render. No I/O, no framework.

pub mod template;

pub use template::{Rendered, Template};
