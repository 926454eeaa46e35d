//! Profiles' domain: values that can only be built valid. No I/O, no framework.

pub mod address;
pub mod phone;
pub mod profile;

pub use address::{Address, Country, NewAddress};
pub use phone::Phone;
pub use profile::{Profile, ProfileChanges};
