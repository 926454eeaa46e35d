//! The notifications service's core: `domain` (values and rules) and `app` (use cases behind the
//! ports they need). It speaks no HTTP, SQL or Redis, and cannot: its manifest names no
//! crate that does. The service crate (`notifications-service`) implements the ports and serves the
//! use cases.

pub mod app;
pub mod domain;
