//! Registration and login through the generated client.

use auth_client::types;

use crate::helpers::{PASSWORD, TestApp, problem};

#[tokio::test]
async fn a_registered_user_logs_in_and_sees_themselves() {
    let app = TestApp::spawn().await;
    let user = app.register("Ada@Example.COM").await;
    assert_eq!(user.email, "ada@example.com");
    assert_eq!(
        user.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        ["customer"]
    );

    let pair = app
        .login("ADA@example.com", PASSWORD)
        .await
        .expect("login succeeds");
    assert_eq!(pair.token_type, types::TokenType::Bearer);
    assert_eq!(pair.expires_in.get(), 900);
    assert!(pair.refresh_token.len() >= 43, "256 bits of base64url");

    let me = app
        .as_bearer(&pair.access_token)
        .me()
        .send()
        .await
        .expect("me answers")
        .into_inner();
    assert_eq!(me.id, user.id);
    assert_eq!(me.email, "ada@example.com");
    assert!(me.permissions.is_empty());
}

#[tokio::test]
async fn an_email_registers_once() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    let err = app
        .client
        .register()
        .body(
            types::RegisterRequest::builder()
                .email("ADA@example.com")
                .name("Other")
                .password(PASSWORD),
        )
        .send()
        .await
        .unwrap_err();
    let (status, body) = problem(err);
    assert_eq!(status, 409);
    assert_eq!(body.status, 409);
}

#[tokio::test]
async fn weak_and_common_passwords_are_refused_with_field_errors() {
    let app = TestApp::spawn().await;
    for (password, message) in [
        ("Password1234", "is too common; choose another"),
        ("short-pw", "must be at least 12 characters long"),
    ] {
        let res = app
            .http
            .post(app.url("/api/v1/auth/register"))
            .json(&serde_json::json!({ "email": "ada@example.com", "password": password, "name": "Ada" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["errors"][0]["field"], "password");
        assert_eq!(body["errors"][0]["message"], message);
        assert!(
            !body.to_string().contains(password),
            "the password is never echoed"
        );
    }
}

#[tokio::test]
async fn passwords_are_never_refused_for_their_characters() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .post(app.url("/api/v1/auth/register"))
        .json(&serde_json::json!({ "email": "ada@example.com", "password": "<b>hello</b> pw12", "name": "<i>Ada</i>" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert!(
        app.login("ada@example.com", "<b>hello</b> pw12")
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_answer() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    let (s1, mut wrong) = problem(
        app.login("ada@example.com", "not-the-password")
            .await
            .unwrap_err(),
    );
    let (s2, mut unknown) = problem(
        app.login("nobody@example.com", "not-the-password")
            .await
            .unwrap_err(),
    );
    assert_eq!((s1, s2), (401, 401));
    wrong.request_id = None;
    unknown.request_id = None;
    assert_eq!(wrong, unknown);
}
