//! The generated `auth-server` trait, implemented: translate the request, call a use case,
//! translate the answer back. Expected failures come back as `Err(AuthError)` and become
//! problem bodies in one place, [`problem`].

use std::sync::Arc;

use agora_kit::problem::Problem;
use agora_kit::token::{Claims, TokenVerifier};
use agora_values::Paging;
use async_trait::async_trait;
use auth_server::apis::auth as generated;
use auth_server::models;
use auth_server::types::Nullable;
use axum_extra::extract::CookieJar;
use headers::Host;
use http::{HeaderValue, Method, StatusCode};

use crate::app::login::TokenPair;
use crate::app::ports::{AuditFilter, AuditKind, AuditRecord, Principal, ServiceClient};
use crate::app::{Auth, AuthError, RequestMeta};

#[derive(Clone)]
pub struct AuthApi {
    auth: Auth,
    verifier: Arc<TokenVerifier>,
}

impl AuthApi {
    pub fn new(auth: Auth, verifier: Arc<TokenVerifier>) -> Self {
        Self { auth, verifier }
    }
}

impl AsRef<AuthApi> for AuthApi {
    fn as_ref(&self) -> &AuthApi {
        self
    }
}

/// Who is asking and from where, as the kit's edge recorded it for this request.
fn request_meta() -> RequestMeta {
    agora_context::current()
        .map(|c| RequestMeta {
            ip: c.client_ip,
            user_agent: c.user_agent,
            request_id: Some(c.request_id),
        })
        .unwrap_or_default()
}

/// The answer a failure of the use cases gets: the one place one becomes an HTTP problem.
fn problem(error: AuthError) -> Problem {
    match error {
        AuthError::Validation(errors) => Problem::validation(errors),
        AuthError::EmailTaken => {
            Problem::conflict("an account with this e-mail address already exists")
        }
        AuthError::InvalidCredentials => Problem::unauthorized("the credentials are not valid"),
        AuthError::InvalidRefreshToken => Problem::unauthorized("the refresh token is not valid"),
        AuthError::Locked { retry_after_secs } => {
            Problem::new(StatusCode::LOCKED, "locked", "Locked")
                .detail("too many failed logins; try again later")
                .header(
                    http::header::RETRY_AFTER,
                    HeaderValue::from(retry_after_secs),
                )
        }
        AuthError::NotFound => Problem::not_found("no such account"),
        AuthError::Forbidden => {
            Problem::forbidden("the caller's current roles do not grant this operation")
        }
        e @ AuthError::ClientIsAccount(_) => Problem::from_internal(&e),
        AuthError::InvalidScope(unheld) => {
            Problem::new(StatusCode::BAD_REQUEST, "invalid_scope", "Invalid scope")
                .detail(format!("the client does not hold {}", unheld.join(", ")))
                .oauth_error("invalid_scope")
        }
        AuthError::UnknownRoles(roles) => Problem::validation(
            roles
                .into_iter()
                .map(|r| agora_kit::FieldError::new("roles", format!("unknown role {r}")))
                .collect(),
        ),
        e @ (AuthError::Store(_)
        | AuthError::Hashing(_)
        | AuthError::Signing(_)
        | AuthError::BootstrapTakeover) => Problem::from_internal(&e),
    }
}

agora_kit::generated_glue!(AuthApi, AuthError, auth_server, problem);

fn roles(names: &[String]) -> Vec<models::RoleName> {
    names.iter().cloned().map(models::RoleName::from).collect()
}

fn user(p: Principal) -> models::User {
    models::User::new(p.created_at, p.email, p.id, p.name, roles(&p.roles))
}

fn token_pair(t: TokenPair) -> models::TokenPair {
    models::TokenPair::new(
        t.access_token,
        t.expires_in,
        t.refresh_token,
        models::TokenType::Bearer,
    )
}

fn nullable<T>(v: Option<T>) -> Option<Nullable<T>> {
    Some(v.map_or(Nullable::Null, Nullable::Present))
}

fn audit_event(r: AuditRecord) -> models::AuditEvent {
    let event_type = match r.kind {
        AuditKind::Register => models::AuditEventType::Register,
        AuditKind::LoginSucceeded => models::AuditEventType::LoginSucceeded,
        AuditKind::LoginFailed => models::AuditEventType::LoginFailed,
        AuditKind::Locked => models::AuditEventType::Locked,
        AuditKind::Unlocked => models::AuditEventType::Unlocked,
        AuditKind::Refreshed => models::AuditEventType::Refreshed,
        AuditKind::RefreshReuseDetected => models::AuditEventType::RefreshReuseDetected,
        AuditKind::Logout => models::AuditEventType::Logout,
        AuditKind::PasswordChanged => models::AuditEventType::PasswordChanged,
        AuditKind::RolesChanged => models::AuditEventType::RolesChanged,
        AuditKind::AccountDeleted => models::AuditEventType::AccountDeleted,
    };
    let outcome = if r.success {
        models::AuditOutcome::Success
    } else {
        models::AuditOutcome::Failure
    };
    let mut e = models::AuditEvent::new(event_type, r.id, r.occurred_at, outcome);
    e.user_id = nullable(r.user_id);
    e.ip = nullable(r.meta.ip);
    e.user_agent = nullable(r.meta.user_agent);
    e.request_id = nullable(r.meta.request_id);
    e
}

fn audit_kind(t: &models::AuditEventType) -> AuditKind {
    match t {
        models::AuditEventType::Register => AuditKind::Register,
        models::AuditEventType::LoginSucceeded => AuditKind::LoginSucceeded,
        models::AuditEventType::LoginFailed => AuditKind::LoginFailed,
        models::AuditEventType::Locked => AuditKind::Locked,
        models::AuditEventType::Unlocked => AuditKind::Unlocked,
        models::AuditEventType::Refreshed => AuditKind::Refreshed,
        models::AuditEventType::RefreshReuseDetected => AuditKind::RefreshReuseDetected,
        models::AuditEventType::Logout => AuditKind::Logout,
        models::AuditEventType::PasswordChanged => AuditKind::PasswordChanged,
        models::AuditEventType::RolesChanged => AuditKind::RolesChanged,
        models::AuditEventType::AccountDeleted => AuditKind::AccountDeleted,
    }
}

#[async_trait]
impl generated::Auth<AuthError> for AuthApi {
    type Claims = Claims;

    async fn authorize(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        body: &models::AuthorizeRequest,
    ) -> Result<generated::AuthorizeResponse, AuthError> {
        let d = self
            .auth
            .authorize(claims.sub, &body.permission, body.resource_owner_id)
            .await?;
        Ok(generated::AuthorizeResponse::Status200_Ok(
            models::AuthorizeResponse::new(d.allowed, roles(&d.roles), d.subject),
        ))
    }

    async fn change_password(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        body: &models::ChangePasswordRequest,
    ) -> Result<generated::ChangePasswordResponse, AuthError> {
        self.auth
            .change_password(
                claims.sub,
                &body.current_password,
                &body.new_password,
                &request_meta(),
            )
            .await?;
        Ok(generated::ChangePasswordResponse::Status204_NoContent)
    }

    async fn jwks(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
    ) -> Result<generated::JwksResponse, AuthError> {
        let keys = self
            .auth
            .public_keys()
            .into_iter()
            .map(|k| {
                let mut jwk = models::Jwk::new("EdDSA".into(), k.kid, "OKP".into(), "sig".into());
                jwk.crv = Some("Ed25519".into());
                jwk.x = Some(k.x);
                jwk
            })
            .collect();
        Ok(generated::JwksResponse::Status200_Keys(models::Jwks::new(
            keys,
        )))
    }

    async fn list_audit_events(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        query: &models::ListAuditEventsQueryParams,
    ) -> Result<generated::ListAuditEventsResponse, AuthError> {
        let filter = AuditFilter {
            user_id: query.user_id,
            kind: query.event_type.as_ref().map(audit_kind),
            paging: Paging::new(query.page, query.per_page),
        };
        let (records, total) = self.auth.audit_events(claims.sub, &filter).await?;
        let items = records.into_iter().map(audit_event).collect();
        let (page, per_page) = filter.paging.as_i32();
        Ok(generated::ListAuditEventsResponse::Status200_Ok(
            models::AuditEventList::new(items, page, per_page, total),
        ))
    }

    async fn issue_client_token(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        body: &models::ClientTokenRequest,
    ) -> Result<generated::IssueClientTokenResponse, AuthError> {
        // The contract layer authenticated the client (HTTP Basic) before this runs.
        let client = ServiceClient {
            id: claims.sub,
            name: claims.name.clone().unwrap_or_default(),
            permissions: claims.permissions.clone(),
        };
        let token = self
            .auth
            .issue_client_token(&client, body.scope.as_deref())?;
        Ok(generated::IssueClientTokenResponse::Status200_Ok(
            models::ClientToken::new(
                token.access_token,
                token.expires_in,
                token.permissions.join(" "),
                models::TokenType::Bearer,
            ),
        ))
    }

    async fn login(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        body: &models::LoginRequest,
    ) -> Result<generated::LoginResponse, AuthError> {
        let pair = self
            .auth
            .login(&body.email, &body.password, &request_meta())
            .await?;
        Ok(generated::LoginResponse::Status200_Ok(token_pair(pair)))
    }

    async fn logout(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        body: &models::RefreshRequest,
    ) -> Result<generated::LogoutResponse, AuthError> {
        self.auth
            .logout(claims.sub, &body.refresh_token, &request_meta())
            .await?;
        Ok(generated::LogoutResponse::Status204_NoContent)
    }

    async fn me(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
    ) -> Result<generated::MeResponse, AuthError> {
        let p = self.auth.me(claims.sub).await?;
        let permissions = p
            .permissions
            .iter()
            .cloned()
            .map(models::Permission::from)
            .collect();
        Ok(generated::MeResponse::Status200_Ok(models::Me::new(
            p.email,
            p.id,
            p.name,
            permissions,
            roles(&p.roles),
        )))
    }

    async fn refresh(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        body: &models::RefreshRequest,
    ) -> Result<generated::RefreshResponse, AuthError> {
        let pair = self
            .auth
            .refresh(&body.refresh_token, &request_meta())
            .await?;
        Ok(generated::RefreshResponse::Status200_Ok(token_pair(pair)))
    }

    async fn register(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        body: &models::RegisterRequest,
    ) -> Result<generated::RegisterResponse, AuthError> {
        let p = self
            .auth
            .register(&body.email, &body.password, &body.name, &request_meta())
            .await?;
        Ok(generated::RegisterResponse::Status201_Created(user(p)))
    }

    async fn set_user_roles(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        path: &models::SetUserRolesPathParams,
        body: &models::SetRolesRequest,
    ) -> Result<generated::SetUserRolesResponse, AuthError> {
        let wanted: Vec<String> = body.roles.iter().map(|r| r.to_string()).collect();
        let p = self
            .auth
            .set_roles(claims.sub, path.id, &wanted, &request_meta())
            .await?;
        Ok(generated::SetUserRolesResponse::Status200_Ok(user(p)))
    }

    async fn unlock_user(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        path: &models::UnlockUserPathParams,
    ) -> Result<generated::UnlockUserResponse, AuthError> {
        self.auth
            .unlock(claims.sub, path.id, &request_meta())
            .await?;
        Ok(generated::UnlockUserResponse::Status204_NoContent)
    }
}
