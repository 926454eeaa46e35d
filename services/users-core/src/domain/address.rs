//! Postal addresses.

use chrono::{DateTime, Utc};
use uuid::Uuid;

pub use agora_values::{Country, CountryError};

/// An address to add, every field checked.
#[derive(Debug, Clone)]
pub struct NewAddress {
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub postal_code: String,
    pub country: Country,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub id: Uuid,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub postal_code: String,
    pub country: String,
    pub created_at: DateTime<Utc>,
}

pub use agora_values::text;
