//! Payments and the rules of the ledger. No I/O.

mod payment;

pub use payment::{Charge, Payment, PaymentStatus, PaymentToken, TokenError};
