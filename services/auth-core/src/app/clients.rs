//! Service clients (OAuth 2.0 client credentials): a short-lived token for a client the
//! API layer has authenticated, with its permissions or fewer.

use chrono::Utc;

use super::ports::ServiceClient;
use super::{Auth, AuthError};

/// What a client's token request answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientToken {
    pub access_token: String,
    pub expires_in: u64,
    /// The permissions the token carries.
    pub permissions: Vec<String>,
}

impl Auth {
    /// The permissions the configured clients name that do not exist here: a client must
    /// not be configured with a permission nobody checks (a typo grants nothing, silently).
    /// A client whose id is an account's is [`AuthError::ClientIsAccount`]: its tokens
    /// would own that account's resources.
    pub async fn unknown_client_permissions(
        &self,
        clients: &[ServiceClient],
    ) -> Result<Vec<String>, AuthError> {
        let ids: Vec<uuid::Uuid> = clients.iter().map(|c| c.id).collect();
        let taken = self.store.accounts_among(&ids).await?;
        if !taken.is_empty() {
            return Err(AuthError::ClientIsAccount(taken));
        }
        let mut named: Vec<String> = clients
            .iter()
            .flat_map(|c| c.permissions.iter().cloned())
            .collect();
        named.sort();
        named.dedup();
        Ok(self.store.unknown_permissions(&named).await?)
    }

    /// A token for `client`, narrowed to the space-separated permissions of `scope` when
    /// there is one; a permission the client does not hold is [`AuthError::InvalidScope`].
    pub fn issue_client_token(
        &self,
        client: &ServiceClient,
        scope: Option<&str>,
    ) -> Result<ClientToken, AuthError> {
        let permissions = narrowed(&client.permissions, scope).map_err(AuthError::InvalidScope)?;
        let (access_token, expires_in) = self
            .tokens
            .issue_for_client(client, &permissions, Utc::now())
            .map_err(AuthError::Signing)?;
        tracing::info!(client = %client.name, ?permissions, "client token issued");
        Ok(ClientToken {
            access_token,
            expires_in,
            permissions,
        })
    }
}

/// The permissions `scope` (space-separated) asks for, sorted and once each, or all that
/// are `held` without a scope; `Err` names those asked for and not held.
fn narrowed(held: &[String], scope: Option<&str>) -> Result<Vec<String>, Vec<String>> {
    let Some(scope) = scope else {
        return Ok(held.to_vec());
    };
    let mut wanted: Vec<String> = scope.split_whitespace().map(str::to_owned).collect();
    wanted.sort();
    wanted.dedup();
    let unheld: Vec<String> = wanted
        .iter()
        .filter(|p| !held.contains(p))
        .cloned()
        .collect();
    if unheld.is_empty() {
        Ok(wanted)
    } else {
        Err(unheld)
    }
}

#[cfg(test)]
mod tests {
    use super::narrowed;

    #[test]
    fn a_scope_narrows_the_permissions_and_never_widens_them() {
        let held = ["payments:write".to_owned(), "products:write".to_owned()];
        assert_eq!(narrowed(&held, None).unwrap(), held);
        assert_eq!(
            narrowed(&held, Some(" payments:write  payments:write ")).unwrap(),
            ["payments:write"]
        );
        assert_eq!(
            narrowed(&held, Some("payments:write roles:write")).unwrap_err(),
            ["roles:write"]
        );
        assert_eq!(narrowed(&held, Some("")).unwrap(), Vec::<String>::new());
    }
}
