//! The catalogue's domain: values that can only be built valid, and the rules of listing,
//! versions and stock. No I/O, no framework.

pub mod listing;
pub mod money;
pub mod product;
pub mod reservation;

pub use listing::{ProductQuery, Sort};
pub use money::{Currency, Price};
pub use product::{Category, MAX_STOCK, NewCategory, NewProduct, Product, ProductChanges, Sku};
pub use reservation::{Decision, ReservationLine, ReservationState, ShortReason};
