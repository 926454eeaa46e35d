//! Events land in the outbox in the same transaction as the change.

use serde_json::Value;
use sqlx::Connection;

use crate::helpers::{PASSWORD, TestApp};

async fn outbox(app: &TestApp) -> Vec<(String, Value)> {
    let mut conn = sqlx::PgConnection::connect(app.db.url()).await.unwrap();
    sqlx::query_as("SELECT event_type, payload FROM outbox ORDER BY created_at, id")
        .fetch_all(&mut conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn register_lockout_and_password_change_write_cloud_events_to_the_outbox() {
    let app = TestApp::spawn_with(|c| c.lockout.threshold = 2).await;
    let user = app.register("ada@example.com").await;
    for _ in 0..2 {
        let _ = app.login("ada@example.com", "wrong-password-123").await;
    }
    let events = outbox(&app).await;
    let types: Vec<&str> = events.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(types, ["auth.user.registered", "auth.user.locked"]);
    let (_, registered) = &events[0];
    assert_eq!(registered["specversion"], "1.0");
    assert_eq!(registered["source"], "/agora/auth");
    assert_eq!(registered["type"], "auth.user.registered");
    assert_eq!(registered["subject"], user.id.to_string());
    let data: agora_events::UserRegistered =
        serde_json::from_value(registered["data"].clone()).expect("the data matches events.yaml");
    assert_eq!(
        (data.user_id, data.email.as_str()),
        (user.id, "ada@example.com")
    );
}

#[tokio::test]
async fn failed_logins_for_unknown_addresses_emit_nothing() {
    let app = TestApp::spawn_with(|c| c.lockout.threshold = 2).await;
    for _ in 0..3 {
        let _ = app.login("ghost@example.com", PASSWORD).await;
    }
    assert!(outbox(&app).await.is_empty());
}

#[tokio::test]
async fn the_audit_log_cannot_be_rewritten() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    let mut conn = sqlx::PgConnection::connect(app.db.url()).await.unwrap();
    assert!(
        sqlx::query("UPDATE audit_events SET outcome = 'failure'")
            .execute(&mut conn)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("DELETE FROM audit_events")
            .execute(&mut conn)
            .await
            .is_err()
    );
}
