//! Permission decisions the access token cannot settle (its roles may predate a grant):
//! the contract layer asks an [`Authorizer`]. The one that asks auth's `POST /authorize`
//! lives in the `auth-access` crate, so the kit knows no particular service.

use uuid::Uuid;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("the authorization service is unavailable")]
pub struct Unavailable;

#[async_trait::async_trait]
pub trait Authorizer: Send + Sync {
    /// Whether the bearer of `token` (whose subject is `subject`) holds `permission`, or
    /// owns the resource when `owner` names its owner.
    async fn allowed(
        &self,
        token: &str,
        subject: Uuid,
        permission: &str,
        owner: Option<Uuid>,
    ) -> Result<bool, Unavailable>;
}
