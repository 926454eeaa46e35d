//! The use cases: the caller's own profile and addresses, admin search and deletion, and
//! the reaction to a registration.

use agora_values::FieldError;
use agora_values::Paging;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::ports::Ensured;
use super::{Profiles, UsersError};
use crate::domain::address::text;
use crate::domain::{Address, Country, NewAddress, Phone, Profile, ProfileChanges};

/// An address as the API received it.
pub struct AddressInput<'a> {
    pub line1: &'a str,
    pub line2: Option<&'a str>,
    pub city: &'a str,
    pub postal_code: &'a str,
    pub country: &'a str,
}

/// Who is asking: the identity the caller's access token carries, as the API layer read
/// it. The profile is made from it on first use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub id: Uuid,
    pub email: Option<String>,
    pub name: Option<String>,
}

/// An account registration, as auth announced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
    pub registered_at: DateTime<Utc>,
}

impl Profiles {
    /// The caller's profile, created from the token's identity on first use when the
    /// registration event has not arrived yet.
    pub async fn mine(&self, caller: &Caller) -> Result<Profile, UsersError> {
        let (Some(email), Some(name)) = (&caller.email, &caller.name) else {
            return Err(UsersError::NoIdentity);
        };
        match self.store.ensure_profile(caller.id, email, name).await? {
            Ensured::Profile(p) => Ok(p),
            Ensured::Deleted => Err(UsersError::Deleted),
        }
    }

    pub async fn update_mine(
        &self,
        caller: &Caller,
        name: Option<&str>,
        phone: Option<Option<&str>>,
    ) -> Result<Profile, UsersError> {
        let mut errors = Vec::new();
        let changes = ProfileChanges {
            name: name.and_then(|n| FieldError::check(&mut errors, "name", text(n, 100))),
            phone: match phone {
                None => None,
                Some(None) => Some(None),
                Some(Some(p)) => FieldError::check(&mut errors, "phone", Phone::parse(p)).map(Some),
            },
        };
        if !errors.is_empty() {
            return Err(UsersError::Validation(errors));
        }
        if changes.is_empty() {
            return Err(UsersError::Validation(vec![FieldError::new(
                "body",
                "must change name or phone",
            )]));
        }
        self.mine(caller).await?;
        Ok(self.store.update_profile(caller.id, &changes).await?)
    }

    pub async fn add_address(
        &self,
        caller: &Caller,
        input: AddressInput<'_>,
    ) -> Result<Address, UsersError> {
        let mut errors = Vec::new();
        let line1 = FieldError::check(&mut errors, "line1", text(input.line1, 200));
        let line2 = match input.line2.map(str::trim) {
            None | Some("") => Some(None),
            Some(l) => FieldError::check(&mut errors, "line2", text(l, 200)).map(Some),
        };
        let city = FieldError::check(&mut errors, "city", text(input.city, 100));
        let postal_code =
            FieldError::check(&mut errors, "postal_code", text(input.postal_code, 20));
        let country = FieldError::check(&mut errors, "country", Country::parse(input.country));
        let (Some(line1), Some(line2), Some(city), Some(postal_code), Some(country)) =
            (line1, line2, city, postal_code, country)
        else {
            return Err(UsersError::Validation(errors));
        };
        self.mine(caller).await?;
        let address = NewAddress {
            line1,
            line2,
            city,
            postal_code,
            country,
        };
        Ok(self.store.add_address(caller.id, &address).await?)
    }

    pub async fn delete_address(
        &self,
        caller: &Caller,
        address_id: Uuid,
    ) -> Result<(), UsersError> {
        if self.store.delete_address(caller.id, address_id).await? {
            Ok(())
        } else {
            Err(UsersError::AddressNotFound)
        }
    }

    pub async fn get(&self, id: Uuid) -> Result<Profile, UsersError> {
        self.store.profile(id).await?.ok_or(UsersError::NotFound)
    }

    pub async fn search(
        &self,
        q: Option<&str>,
        paging: Paging,
    ) -> Result<(Vec<Profile>, i64), UsersError> {
        let q = q.map(str::trim).filter(|q| !q.is_empty());
        Ok(self.store.search(q, paging).await?)
    }

    pub async fn delete(&self, id: Uuid) -> Result<(), UsersError> {
        Ok(self.store.delete_profile(id).await?)
    }

    /// The `auth.user.registered` consumer's use case: idempotent on the event id.
    pub async fn on_registered(
        &self,
        event_id: Uuid,
        data: &Registration,
    ) -> Result<bool, UsersError> {
        Ok(self
            .store
            .apply_registration(
                event_id,
                data.user_id,
                &data.email,
                &data.name,
                data.registered_at,
            )
            .await?)
    }
}
