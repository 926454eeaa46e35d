//! Registration: a new `customer` account.

use agora_values::FieldError;

use super::ports::Principal;
use super::{Auth, AuthError, RequestMeta};
use crate::domain::{Email, Name, Password};

impl Auth {
    pub async fn register(
        &self,
        email: &str,
        password: &str,
        name: &str,
        meta: &RequestMeta,
    ) -> Result<Principal, AuthError> {
        let mut errors = Vec::new();
        let email = FieldError::check(&mut errors, "email", Email::parse(email));
        let password = FieldError::check(&mut errors, "password", Password::parse(password));
        let name = FieldError::check(&mut errors, "name", Name::parse(name));
        let (Some(email), Some(password), Some(name)) = (email, password, name) else {
            return Err(AuthError::Validation(errors));
        };
        let hash = self
            .hasher
            .hash(password.expose().to_owned())
            .await
            .map_err(AuthError::Hashing)?;
        Ok(self.store.create_user(&email, &name, &hash, meta).await?)
    }
}
