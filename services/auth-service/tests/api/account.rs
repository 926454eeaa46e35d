//! Password changes, account deletion, and the audit log's filters and pages.

use auth_client::types;

use crate::helpers::{PASSWORD, TestApp, problem};

const NEW_PASSWORD: &str = "quiet-harbour-lamp-77";

#[tokio::test]
async fn a_password_change_revokes_every_refresh_token() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    let pair = app.login("ada@example.com", PASSWORD).await.unwrap();
    let me = app.as_bearer(&pair.access_token);

    let wrong = me
        .change_password()
        .body(
            types::ChangePasswordRequest::builder()
                .current_password("not-my-password")
                .new_password(NEW_PASSWORD),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(problem(wrong).0, 422);

    me.change_password()
        .body(
            types::ChangePasswordRequest::builder()
                .current_password(PASSWORD)
                .new_password(NEW_PASSWORD),
        )
        .send()
        .await
        .expect("the change succeeds");
    let refreshed = app
        .client
        .refresh()
        .body(types::RefreshRequest::builder().refresh_token(pair.refresh_token))
        .send()
        .await;
    assert_eq!(problem(refreshed.unwrap_err()).0, 401);
    assert_eq!(
        problem(app.login("ada@example.com", PASSWORD).await.unwrap_err()).0,
        401
    );
    assert!(app.login("ada@example.com", NEW_PASSWORD).await.is_ok());
}

#[tokio::test]
async fn the_audit_log_filters_by_type_and_pages() {
    let app = TestApp::spawn().await;
    let user = app.register("ada@example.com").await;
    for _ in 0..3 {
        let _ = app.login("ada@example.com", "wrong-password-123").await;
    }
    let admin = app.as_bearer(&app.admin_token().await);
    let page = |n: i32| {
        admin
            .list_audit_events()
            .user_id(user.id)
            .event_type(types::AuditEventType::LoginFailed)
            .per_page(std::num::NonZeroU32::new(2).unwrap())
            .page(std::num::NonZeroU32::new(n as u32).unwrap())
            .send()
    };
    let first = page(1).await.unwrap().into_inner();
    let second = page(2).await.unwrap().into_inner();
    let third = page(3).await.unwrap().into_inner();
    assert_eq!(
        (
            first.total,
            first.items.len(),
            second.items.len(),
            third.items.len()
        ),
        (3, 2, 1, 0)
    );
    assert_eq!(third.total, 3);
    assert!(
        first
            .items
            .iter()
            .chain(&second.items)
            .all(|e| e.outcome == types::AuditOutcome::Failure)
    );
}

#[tokio::test]
async fn a_deleted_account_is_signed_out_and_erased_but_keeps_its_id_and_audit_trail() {
    use auth_service::app::ports::AuthStore;
    let app = TestApp::spawn().await;
    let ada = app.register("ada@example.com").await;
    let pair = app.login("ada@example.com", PASSWORD).await.unwrap();
    let pool = sqlx::PgPool::connect(app.db.url()).await.unwrap();
    let store = auth_service::adapters::postgres::PgAuthStore::new(pool.clone());
    let event = uuid::Uuid::new_v4();
    let meta = auth_service::app::RequestMeta {
        request_id: Some(event.to_string()),
        ..Default::default()
    };
    assert!(
        store
            .delete_account(event, ada.id, chrono::Utc::now(), &meta)
            .await
            .unwrap()
    );
    assert!(
        !store
            .delete_account(event, ada.id, chrono::Utc::now(), &meta)
            .await
            .unwrap(),
        "a redelivered event applies nothing"
    );
    // No login (the same answer as a wrong password), no refresh, no /me.
    let (status, body) = problem(app.login("ada@example.com", PASSWORD).await.unwrap_err());
    assert_eq!((status, body.title.as_str()), (401, "Unauthorized"));
    let refreshed = app
        .client
        .refresh()
        .body(auth_client::types::RefreshRequest::builder().refresh_token(pair.refresh_token))
        .send()
        .await;
    assert_eq!(problem(refreshed.unwrap_err()).0, 401);
    let me = app.as_bearer(&pair.access_token).me().send().await;
    assert_eq!(problem(me.unwrap_err()).0, 401);
    // Erased, kept by id, audited.
    let (email, name, hash): (Option<String>, String, Option<String>) =
        sqlx::query_as("SELECT email, name, password_hash FROM users WHERE id = $1")
            .bind(ada.id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((email, name.as_str(), hash), (None, "", None));
    let trail: Vec<String> = sqlx::query_scalar(
        "SELECT event_type FROM audit_events WHERE user_id = $1 ORDER BY occurred_at",
    )
    .bind(ada.id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(trail.first().map(String::as_str), Some("register"));
    assert_eq!(trail.last().map(String::as_str), Some("account_deleted"));
    // The address registers anew, as another account.
    let again = app.register("ada@example.com").await;
    assert_ne!(again.id, ada.id);
}
