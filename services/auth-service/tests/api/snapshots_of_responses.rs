//! Representative responses, success and each error shape, as reviewed snapshots.

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp};

async fn body(res: reqwest::Response) -> Value {
    let status = res.status().as_u16();
    let mut v: Value = res.json().await.unwrap();
    v["_status"] = status.into();
    v
}

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
        body(register("ada@example.com", PASSWORD).await.unwrap()).await,
    );
    redactions(
        "register_conflict",
        body(register("ada@example.com", PASSWORD).await.unwrap()).await,
    );
    redactions(
        "register_unprocessable",
        body(register("nope", "short").await.unwrap()).await,
    );
    let login = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": "ada@example.com", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    redactions("login_ok", body(login).await);
    let wrong = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": "ada@example.com", "password": "not-it-at-all" }))
        .send()
        .await
        .unwrap();
    redactions("login_unauthorized", body(wrong).await);
    redactions(
        "me_without_token",
        body(
            app.http
                .get(app.url("/api/v1/auth/me"))
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
}
