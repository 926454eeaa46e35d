//! Registration: a new `customer` account.

use agora_kit::FieldError;

use super::ports::Principal;
use super::{Auth, AuthError, RequestMeta};
use crate::domain::{Email, Name, Password};

impl Auth {
    pub async fn register(
        &self,
        email: &str,
        password: &str,
        name: &str,
    ) -> Result<Principal, AuthError> {
        let mut errors = Vec::new();
        let email = Email::parse(email)
            .map_err(|e| errors.push(FieldError::new("email", e.to_string())))
            .ok();
        let password = Password::parse(password)
            .map_err(|e| errors.push(FieldError::new("password", e.to_string())))
            .ok();
        let name = Name::parse(name)
            .map_err(|e| errors.push(FieldError::new("name", e.to_string())))
            .ok();
        let (Some(email), Some(password), Some(name)) = (email, password, name) else {
            return Err(AuthError::Validation(errors));
        };
        let hash = self
            .hasher
            .hash(password.expose().to_owned())
            .await
            .map_err(AuthError::Hashing)?;
        Ok(self
            .store
            .create_user(&email, &name, &hash, &RequestMeta::current())
            .await?)
    }
}
