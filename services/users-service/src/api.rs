//! The generated `users-server` trait, implemented: translate, call a use case, translate
//! back. Failures become problem bodies in one place, [`problem`].

use agora_values::Paging;
use std::sync::Arc;

use agora_kit::problem::Problem;
use agora_kit::token::{Claims, TokenVerifier};
use async_trait::async_trait;
use axum_extra::extract::CookieJar;
use headers::Host;
use http::Method;
use users_server::apis::users;
use users_server::models;
use users_server::types::Nullable;

use crate::app::profiles::{AddressInput, Caller};
use crate::app::{Profiles, UsersError};
use crate::domain::{Address, Profile};

#[derive(Clone)]
pub struct UsersApi {
    profiles: Profiles,
    verifier: Arc<TokenVerifier>,
}

impl UsersApi {
    pub fn new(profiles: Profiles, verifier: Arc<TokenVerifier>) -> Self {
        Self { profiles, verifier }
    }
}

impl AsRef<UsersApi> for UsersApi {
    fn as_ref(&self) -> &UsersApi {
        self
    }
}

/// The answer a failure of the use cases gets: the one place one becomes an HTTP problem.
fn problem(error: UsersError) -> Problem {
    match error {
        UsersError::Validation(errors) => Problem::validation(errors),
        UsersError::NotFound => Problem::not_found("no such profile"),
        UsersError::AddressNotFound => Problem::not_found("no such address"),
        UsersError::Deleted => Problem::not_found("this profile was deleted"),
        UsersError::NoIdentity => {
            Problem::unauthorized("the access token does not name its account")
        }
        e @ UsersError::Store(_) => Problem::from_internal(&e),
    }
}

agora_kit::generated_glue!(UsersApi, UsersError, users_server, problem);

fn address(a: Address) -> models::Address {
    let mut m = models::Address::new(
        a.city,
        a.country,
        a.created_at,
        a.id,
        a.line1,
        a.postal_code,
    );
    m.line2 = Some(a.line2.map_or(Nullable::Null, Nullable::Present));
    m
}

fn profile(p: Profile) -> models::Profile {
    models::Profile {
        addresses: p.addresses.into_iter().map(address).collect(),
        created_at: p.created_at,
        email: p.email,
        id: p.id,
        name: p.name,
        phone: p.phone.map_or(Nullable::Null, Nullable::Present),
        updated_at: p.updated_at,
    }
}

/// The identity the access token carries, for the use cases.
fn caller(claims: &Claims) -> Caller {
    Caller {
        id: claims.sub,
        email: claims.email.clone(),
        name: claims.name.clone(),
    }
}

#[async_trait]
impl users::Users<UsersError> for UsersApi {
    type Claims = Claims;

    async fn add_my_address(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        body: &models::NewAddress,
    ) -> Result<users::AddMyAddressResponse, UsersError> {
        let input = AddressInput {
            line1: &body.line1,
            line2: body.line2.as_deref(),
            city: &body.city,
            postal_code: &body.postal_code,
            country: &body.country,
        };
        let a = self.profiles.add_address(&caller(claims), input).await?;
        Ok(users::AddMyAddressResponse::Status201_Created(address(a)))
    }

    async fn delete_my_address(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        path: &models::DeleteMyAddressPathParams,
    ) -> Result<users::DeleteMyAddressResponse, UsersError> {
        self.profiles
            .delete_address(&caller(claims), path.address_id)
            .await?;
        Ok(users::DeleteMyAddressResponse::Status204_NoContent)
    }

    async fn delete_user(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        _: &Claims,
        path: &models::DeleteUserPathParams,
    ) -> Result<users::DeleteUserResponse, UsersError> {
        self.profiles.delete(path.id).await?;
        Ok(users::DeleteUserResponse::Status204_NoContent)
    }

    async fn get_my_profile(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
    ) -> Result<users::GetMyProfileResponse, UsersError> {
        Ok(users::GetMyProfileResponse::Status200_Ok(profile(
            self.profiles.mine(&caller(claims)).await?,
        )))
    }

    async fn get_user(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        _: &Claims,
        path: &models::GetUserPathParams,
    ) -> Result<users::GetUserResponse, UsersError> {
        Ok(users::GetUserResponse::Status200_Ok(profile(
            self.profiles.get(path.id).await?,
        )))
    }

    async fn list_users(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        _: &Claims,
        q: &models::ListUsersQueryParams,
    ) -> Result<users::ListUsersResponse, UsersError> {
        let paging = Paging::new(q.page, q.per_page);
        let (items, total) = self.profiles.search(q.q.as_deref(), paging).await?;
        let items = items.into_iter().map(profile).collect();
        let (page, per_page) = paging.as_i32();
        Ok(users::ListUsersResponse::Status200_Ok(
            models::ProfileList::new(items, page, per_page, total),
        ))
    }

    async fn update_my_profile(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        body: &models::ProfileUpdate,
    ) -> Result<users::UpdateMyProfileResponse, UsersError> {
        let phone = body.phone.as_ref().map(|p| match p {
            Nullable::Null => None,
            Nullable::Present(p) => Some(p.as_str()),
        });
        let p = self
            .profiles
            .update_mine(&caller(claims), body.name.as_deref(), phone)
            .await?;
        Ok(users::UpdateMyProfileResponse::Status200_Ok(profile(p)))
    }
}
