//! Value types the core crates of every service share. Framework-free by rule: this crate
//! depends on nothing but std (and serde, only when the kit asks for it), so a core crate
//! that uses it still speaks no HTTP, SQL or Redis.

mod country;
mod currency;
pub mod email;
mod field;
pub mod paging;
pub mod precondition;
mod text;

pub use country::{Country, CountryError};
pub use currency::{Currency, CurrencyError};
pub use field::FieldError;
pub use paging::Paging;
pub use precondition::Precondition;
pub use text::text;
