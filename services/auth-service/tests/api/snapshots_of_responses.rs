//! Representative responses, success and each error shape, as reviewed snapshots.

use agora_testkit::responses::json_with_status;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp};

#[tokio::test]
async fn auth_responses() {
    let app = TestApp::spawn().await;
    let register = |email: &str, password: &str| {
        app.http
            .post(app.url("/api/v1/auth/register"))
            .json(&json!({ "email": email, "password": password, "name": "Ada" }))
            .send()
    };
    let redactions = |name: &str, v: Value| {
        insta::assert_json_snapshot!(name, v, {
            ".id" => "[id]", ".created_at" => "[time]", ".request_id" => "[request id]",
            ".access_token" => "[jwt]", ".refresh_token" => "[token]"
        });
    };
    redactions(
        "register_created",
        json_with_status(register("ada@example.com", PASSWORD).await.unwrap()).await,
    );
    redactions(
        "register_conflict",
        json_with_status(register("ada@example.com", PASSWORD).await.unwrap()).await,
    );
    redactions(
        "register_unprocessable",
        json_with_status(register("nope", "short").await.unwrap()).await,
    );
    let login = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": "ada@example.com", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    redactions("login_ok", json_with_status(login).await);
    let wrong = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": "ada@example.com", "password": "not-it-at-all" }))
        .send()
        .await
        .unwrap();
    redactions("login_unauthorized", json_with_status(wrong).await);
    redactions(
        "me_without_token",
        json_with_status(
            app.http
                .get(app.url("/api/v1/auth/me"))
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
}
