//! Profiles.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::address::Address;
use super::phone::Phone;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub addresses: Vec<Address>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a PATCH changes; `phone: Some(None)` clears the phone.
#[derive(Debug, Clone, Default)]
pub struct ProfileChanges {
    pub name: Option<String>,
    pub phone: Option<Option<Phone>>,
}

impl ProfileChanges {
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.phone.is_none()
    }
}
