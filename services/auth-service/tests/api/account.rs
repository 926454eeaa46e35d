//! Password changes and the audit log's filters and pages.

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
