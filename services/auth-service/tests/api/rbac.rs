//! Roles, permissions and the audit log; the role x operation matrix of every spec.

use std::fmt::Write;

use agora_api::{Access, SERVICES};
use auth_client::types;
use sqlx::Connection;

use crate::helpers::{ADMIN_EMAIL, PASSWORD, TestApp, problem};

/// Which role may call which operation, from the seeded role_permissions and the specs'
/// `x-permission`s. A change to either shows up here as a snapshot diff.
#[tokio::test]
async fn the_role_operation_matrix() {
    let app = TestApp::spawn().await;
    let mut conn = sqlx::PgConnection::connect(app.db.url()).await.unwrap();
    let roles: Vec<String> = sqlx::query_scalar("SELECT name FROM roles ORDER BY name")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    let grants: Vec<(String, String)> =
        sqlx::query_as("SELECT role, permission FROM role_permissions")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let has = |role: &str, p: &str| grants.iter().any(|(r, q)| r == role && q == p);
    let mut table = format!("{:<72} {}\n", "operation", roles.join(" | "));
    for service in SERVICES {
        for op in service.operations.iter().filter(|op| !op.served_by_kit) {
            let cells: Vec<&str> = roles
                .iter()
                .map(|role| match op.access {
                    Access::Public => "anyone",
                    // Service clients only, never an account's role.
                    Access::Client => "no",
                    Access::Authenticated => "yes",
                    Access::Permission(p) => {
                        if has(role, p) {
                            "yes"
                        } else {
                            "no"
                        }
                    }
                    Access::OwnerOrPermission { permission, .. } => {
                        if has(role, permission) {
                            "yes"
                        } else {
                            "own"
                        }
                    }
                })
                .collect();
            writeln!(
                table,
                "{:<72} {}",
                format!("{}.{} {} {}", service.name, op.id, op.method, op.path),
                cells.join(" | ")
            )
            .unwrap();
        }
    }
    insta::assert_snapshot!(table);
}

#[tokio::test]
async fn an_admin_grants_roles_and_the_audit_log_records_it() {
    let app = TestApp::spawn().await;
    let user = app.register("ada@example.com").await;
    let admin = app.as_bearer(&app.admin_token().await);
    let updated = admin
        .set_user_roles()
        .id(user.id)
        .body(
            types::SetRolesRequest::builder()
                .roles(vec!["admin".parse().unwrap(), "customer".parse().unwrap()]),
        )
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        updated.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        ["admin", "customer"]
    );

    let err = admin
        .set_user_roles()
        .id(user.id)
        .body(types::SetRolesRequest::builder().roles(vec!["wizard".parse().unwrap()]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(problem(err).0, 422);

    let events = admin
        .list_audit_events()
        .user_id(user.id)
        .send()
        .await
        .unwrap()
        .into_inner();
    let kinds: Vec<String> = events
        .items
        .iter()
        .map(|e| e.event_type.to_string())
        .collect();
    assert_eq!(kinds, ["roles_changed", "register"]);
    assert_eq!(events.total, 2);
    assert!(
        events
            .items
            .iter()
            .all(|e| e.request_id.is_some() && e.ip.is_some())
    );
}

#[tokio::test]
async fn a_customer_cannot_read_the_audit_log() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    let token = app
        .login("ada@example.com", PASSWORD)
        .await
        .unwrap()
        .access_token;
    let err = app
        .as_bearer(&token)
        .list_audit_events()
        .send()
        .await
        .unwrap_err();
    assert_eq!(problem(err).0, 403);
}

#[tokio::test]
async fn the_bootstrap_admin_holds_every_permission_and_bootstrap_is_idempotent() {
    let app = TestApp::spawn().await;
    let me = app
        .as_bearer(&app.admin_token().await)
        .me()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(me.email, ADMIN_EMAIL);
    assert!(me.permissions.iter().any(|p| p.as_str() == "roles:write"));
    let second_start = auth_service::Application::build(app.config.clone()).await;
    assert!(
        second_start.is_ok(),
        "a restart with the same bootstrap admin succeeds"
    );
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM users WHERE email = $1")
        .bind(ADMIN_EMAIL)
        .fetch_one(&mut sqlx::PgConnection::connect(app.db.url()).await.unwrap())
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn authorize_decides_from_current_roles_and_ownership() {
    let app = TestApp::spawn().await;
    let user = app.register("ada@example.com").await;
    let token = app
        .login("ada@example.com", PASSWORD)
        .await
        .unwrap()
        .access_token;
    let client = app.as_bearer(&token);
    let ask = |owner: Option<uuid::Uuid>| {
        let mut body = types::AuthorizeRequest::builder().permission("users:read");
        if let Some(o) = owner {
            body = body.resource_owner_id(o);
        }
        client.authorize().body(body).send()
    };
    assert!(!ask(None).await.unwrap().allowed);
    let own = ask(Some(user.id)).await.unwrap().into_inner();
    assert!(own.allowed);
    assert_eq!(own.subject, user.id);
}

#[tokio::test]
async fn a_demoted_admin_cannot_use_its_old_token_to_restore_itself() {
    let app = TestApp::spawn().await;
    let root = app.as_bearer(&app.admin_token().await);
    let eve = app.register("eve@example.com").await;
    root.set_user_roles()
        .id(eve.id)
        .body(
            types::SetRolesRequest::builder()
                .roles(vec!["admin".parse().unwrap(), "customer".parse().unwrap()]),
        )
        .send()
        .await
        .expect("eve becomes an admin");
    let eve_pair = app.login("eve@example.com", PASSWORD).await.unwrap();
    root.set_user_roles()
        .id(eve.id)
        .body(types::SetRolesRequest::builder().roles(vec!["customer".parse().unwrap()]))
        .send()
        .await
        .expect("eve is demoted");
    // Her access token still names admin's permissions until it expires: auth's own admin
    // operations look at her roles now.
    let old = app.as_bearer(&eve_pair.access_token);
    let restore = old
        .set_user_roles()
        .id(eve.id)
        .body(
            types::SetRolesRequest::builder()
                .roles(vec!["admin".parse().unwrap(), "customer".parse().unwrap()]),
        )
        .send()
        .await;
    assert_eq!(problem(restore.unwrap_err()).0, 403);
    assert_eq!(
        problem(old.unlock_user().id(eve.id).send().await.unwrap_err()).0,
        403
    );
    assert_eq!(
        problem(old.list_audit_events().send().await.unwrap_err()).0,
        403
    );
    // And the role change revoked her refresh tokens: no new token with the old roles.
    let refreshed = app
        .client
        .refresh()
        .body(types::RefreshRequest::builder().refresh_token(eve_pair.refresh_token))
        .send()
        .await;
    assert_eq!(problem(refreshed.unwrap_err()).0, 401);
}

#[tokio::test]
async fn the_bootstrap_admin_never_takes_over_an_account_registered_with_its_address() {
    let app = TestApp::spawn_with(|c| c.bootstrap_admin = None).await;
    let squatter = app.register("root@agora.test").await;
    let mut config = app.config.clone();
    config.bootstrap_admin = Some(("root@agora.test".into(), "admin-password-for-tests".into()));
    let refused = auth_service::Application::build(config).await;
    let error = format!("{:#}", refused.err().expect("auth refuses to start"));
    assert!(error.contains("AUTH_BOOTSTRAP_ADMIN_EMAIL"), "{error}");
    // The account is as its owner left it: no admin, its own password.
    let pair = app.login("root@agora.test", PASSWORD).await.unwrap();
    let me = app
        .as_bearer(&pair.access_token)
        .me()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(me.id, squatter.id);
    assert!(me.permissions.iter().all(|p| p.as_str() != "roles:write"));
    // The real binary says so and exits.
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("key.pem");
    agora_testkit::process::assert_refuses_to_start(
        env!("CARGO_BIN_EXE_auth-service"),
        &[
            ("DATABASE_URL", app.db.url()),
            ("AUTH_SIGNING_KEY_FILE", key.to_str().unwrap()),
            ("AUTH_BOOTSTRAP_ADMIN_EMAIL", "root@agora.test"),
            ("AUTH_BOOTSTRAP_ADMIN_PASSWORD", "admin-password-for-tests"),
            ("EVENTS_ENABLED", "false"),
        ],
        "AUTH_BOOTSTRAP_ADMIN_EMAIL",
    );
}

#[tokio::test]
async fn a_demoted_bootstrap_admin_does_not_stop_auth_from_starting() {
    let app = TestApp::spawn().await;
    let root = app.as_bearer(&app.admin_token().await);
    let me = root.me().send().await.unwrap().into_inner();
    root.set_user_roles()
        .id(me.id)
        .body(types::SetRolesRequest::builder().roles(vec!["customer".parse().unwrap()]))
        .send()
        .await
        .expect("the bootstrap admin is demoted");
    let restarted = auth_service::Application::build(app.config.clone()).await;
    assert!(restarted.is_ok(), "{:?}", restarted.err());
    // It is left as it is: demoted.
    let token = app.admin_token().await;
    let me = app
        .as_bearer(&token)
        .me()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(me.permissions.iter().all(|p| p.as_str() != "roles:write"));
}

#[tokio::test]
async fn a_deleted_bootstrap_admin_is_not_created_again() {
    use auth_service::app::ports::AuthStore;
    let app = TestApp::spawn().await;
    let root = app
        .as_bearer(&app.admin_token().await)
        .me()
        .send()
        .await
        .unwrap()
        .into_inner();
    let pool = sqlx::PgPool::connect(app.db.url()).await.unwrap();
    let store = auth_service::adapters::postgres::PgAuthStore::new(pool);
    store
        .delete_account(
            uuid::Uuid::new_v4(),
            root.id,
            chrono::Utc::now(),
            &Default::default(),
        )
        .await
        .unwrap();
    let restarted = auth_service::Application::build(app.config.clone()).await;
    assert!(restarted.is_ok(), "{:?}", restarted.err());
    let (status, _) = problem(
        app.login(ADMIN_EMAIL, crate::helpers::ADMIN_PASSWORD)
            .await
            .unwrap_err(),
    );
    assert_eq!(status, 401, "the configured password opens nothing");
}
