//! The payments service's core: the ledger's rules (`domain`) and the charge and refund use
//! cases behind two ports, the ledger store and the payment provider (`app`).

pub mod app;
pub mod domain;
