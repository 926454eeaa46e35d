//! Lockout after repeated failures.

use crate::helpers::{PASSWORD, TestApp, problem};

async fn fail_logins(app: &TestApp, email: &str, n: usize) {
    for _ in 0..n {
        let (status, _) = problem(app.login(email, "wrong-password-123").await.unwrap_err());
        assert_eq!(status, 401);
    }
}

#[tokio::test]
async fn five_failures_lock_even_the_right_password_out() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    fail_logins(&app, "ada@example.com", 5).await;
    let res = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({ "email": "ada@example.com", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 423);
    let retry_after: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after));
}

#[tokio::test]
async fn an_unknown_email_locks_exactly_like_a_known_one() {
    let app = TestApp::spawn().await;
    fail_logins(&app, "ghost@example.com", 5).await;
    let (status, body) = problem(app.login("ghost@example.com", PASSWORD).await.unwrap_err());
    assert_eq!(status, 423);
    assert_eq!(body.title, "Locked");
}

#[tokio::test]
async fn an_admin_unlocks_an_account() {
    let app = TestApp::spawn().await;
    let user = app.register("ada@example.com").await;
    fail_logins(&app, "ada@example.com", 5).await;
    let admin = app.as_bearer(&app.admin_token().await);
    admin
        .unlock_user()
        .id(user.id)
        .send()
        .await
        .expect("unlock succeeds");
    assert!(app.login("ada@example.com", PASSWORD).await.is_ok());
}

#[tokio::test]
async fn concurrent_failures_are_all_counted() {
    let app = TestApp::spawn_with(|c| c.lockout.threshold = 8).await;
    app.register("ada@example.com").await;
    let attempts = (0..8).map(|_| app.login("ada@example.com", "wrong-password-123"));
    let results = futures_util::future::join_all(attempts).await;
    assert!(results.iter().all(Result::is_err));
    let (status, _) = problem(app.login("ada@example.com", PASSWORD).await.unwrap_err());
    assert_eq!(
        status, 423,
        "eight racing failures reached the threshold of eight"
    );
}
