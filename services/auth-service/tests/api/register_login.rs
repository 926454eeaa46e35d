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

#[tokio::test]
async fn a_hash_made_with_older_parameters_is_upgraded_at_login_and_changes_nothing_else() {
    use argon2::password_hash::{PasswordHasher as _, SaltString, rand_core::OsRng};
    use sqlx::Connection as _;

    let app = TestApp::spawn().await;
    let user = app.register("ada@example.com").await;
    // As an account hashed by an earlier release (OWASP's m=12 MiB, t=3 variant) would be.
    let older = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(12_288, 3, 1, None).unwrap(),
    )
    .hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
    .unwrap()
    .to_string();
    let mut conn = sqlx::PgConnection::connect(app.db.url()).await.unwrap();
    sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(user.id)
        .bind(&older)
        .execute(&mut conn)
        .await
        .unwrap();
    let events = || async {
        let mut conn = sqlx::PgConnection::connect(app.db.url()).await.unwrap();
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM outbox")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    };
    let before = events().await;

    app.login("ada@example.com", PASSWORD)
        .await
        .expect("the older hash still verifies");
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user.id)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{stored}"
    );
    assert_eq!(
        events().await,
        before,
        "an upgrade is not a password change"
    );
    // The upgraded hash verifies, and is not upgraded again.
    app.login("ada@example.com", PASSWORD).await.expect("login");
    let again: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user.id)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(again, stored);
    let (status, _) = problem(
        app.login("ada@example.com", "not the password at all")
            .await
            .unwrap_err(),
    );
    assert_eq!(status, 401);
}
