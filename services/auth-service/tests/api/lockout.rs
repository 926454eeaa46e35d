//! Lockout after repeated failures.

use auth_service::adapters::postgres::PgAuthStore;
use auth_service::app::ports::AuthStore;

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

/// Sends `n` logins for `email` at once and counts the answers by status.
async fn racing_logins(
    app: &TestApp,
    email: &str,
    passwords: impl Fn(usize) -> String,
    n: usize,
) -> std::collections::BTreeMap<u16, usize> {
    let attempts = (0..n).map(|i| {
        let password = passwords(i);
        async move {
            match app.login(email, &password).await {
                Ok(_) => 200,
                Err(e) => problem(e).0,
            }
        }
    });
    let mut counts = std::collections::BTreeMap::new();
    for status in futures_util::future::join_all(attempts).await {
        *counts.entry(status).or_insert(0) += 1;
    }
    counts
}

/// How many audit rows of `event_type` the service wrote.
async fn audited(app: &TestApp, event_type: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE event_type = $1")
        .bind(event_type)
        .fetch_one(&pool(app).await)
        .await
        .unwrap()
}

async fn pool(app: &TestApp) -> sqlx::PgPool {
    sqlx::PgPool::connect(app.db.url()).await.unwrap()
}

#[tokio::test]
async fn thirty_guesses_at_once_get_no_more_checks_than_the_threshold() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    for round in 0..3 {
        let counts = racing_logins(
            &app,
            &format!("ghost{round}@example.com"),
            |i| format!("wrong-password-{i}"),
            30,
        )
        .await;
        assert_eq!(
            counts.get(&401),
            Some(&5),
            "exactly the threshold of guesses is checked: {counts:?}"
        );
        assert_eq!(counts.get(&423), Some(&25), "{counts:?}");
    }
    // The same against a real account, whose lock then holds against the right password.
    let counts = racing_logins(
        &app,
        "ada@example.com",
        |i| format!("wrong-password-{i}"),
        30,
    )
    .await;
    assert_eq!(counts.get(&401), Some(&5), "{counts:?}");
    let (status, _) = problem(app.login("ada@example.com", PASSWORD).await.unwrap_err());
    assert_eq!(status, 423);
    assert_eq!(audited(&app, "login_failed").await, 4 * 5);
}

#[tokio::test]
async fn the_right_password_racing_wrong_ones_never_lifts_their_lock() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    // One right password among 29 wrong ones, all at once: whatever order they settle in,
    // no more than the threshold of wrong ones is checked after the last success, and once
    // locked the address stays locked.
    let counts = racing_logins(
        &app,
        "ada@example.com",
        |i| {
            if i == 14 {
                PASSWORD.to_owned()
            } else {
                format!("wrong-password-{i}")
            }
        },
        30,
    )
    .await;
    let checked_wrong = counts.get(&401).copied().unwrap_or(0);
    assert!(checked_wrong <= 2 * 5, "{counts:?}");
    if checked_wrong >= 5 && !counts.contains_key(&200) {
        let (status, _) = problem(app.login("ada@example.com", PASSWORD).await.unwrap_err());
        assert_eq!(status, 423);
    }
}

#[tokio::test]
async fn a_wrong_current_password_counts_as_a_failed_login() {
    let app = TestApp::spawn().await;
    let user = app.register("ada@example.com").await;
    let token = app
        .login("ada@example.com", PASSWORD)
        .await
        .unwrap()
        .access_token;
    let change = |current: &str| {
        app.http
            .post(app.url("/api/v1/auth/password"))
            .bearer_auth(&token)
            .json(&serde_json::json!({
                "current_password": current,
                "new_password": "a-brand-new-passphrase-77",
            }))
            .send()
    };
    let mut statuses = Vec::new();
    for i in 0..12 {
        statuses.push(
            change(&format!("guess-number-{i}"))
                .await
                .unwrap()
                .status()
                .as_u16(),
        );
    }
    assert_eq!(
        statuses,
        [422, 422, 422, 422, 422, 423, 423, 423, 423, 423, 423, 423]
    );
    // Locked like a login: even the right current password, and login itself.
    assert_eq!(change(PASSWORD).await.unwrap().status(), 423);
    let (status, _) = problem(app.login("ada@example.com", PASSWORD).await.unwrap_err());
    assert_eq!(status, 423);
    let failures: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_events WHERE event_type = 'login_failed' AND user_id = $1",
    )
    .bind(user.id)
    .fetch_one(&pool(&app).await)
    .await
    .unwrap();
    assert_eq!(failures, 5, "each wrong guess is audited");
    assert_eq!(audited(&app, "locked").await, 1);
}

#[tokio::test]
async fn thirty_password_change_guesses_at_once_get_no_more_checks_than_the_threshold() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    let token = app
        .login("ada@example.com", PASSWORD)
        .await
        .unwrap()
        .access_token;
    let guesses = (0..30).map(|i| {
        app.http
            .post(app.url("/api/v1/auth/password"))
            .bearer_auth(&token)
            .json(&serde_json::json!({
                "current_password": format!("guess-number-{i}"),
                "new_password": "a-brand-new-passphrase-77",
            }))
            .send()
    });
    let statuses: Vec<u16> = futures_util::future::join_all(guesses)
        .await
        .into_iter()
        .map(|r| r.unwrap().status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 422).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 423).count(),
        25,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn rows_for_addresses_no_longer_under_watch_are_purged() {
    let window = std::time::Duration::from_secs(3);
    let app =
        TestApp::spawn_with(|c| c.lockout.window = chrono::Duration::from_std(window).unwrap())
            .await;
    app.register("ada@example.com").await;
    let app = &app;
    let sprayed = (0..20).map(|i| {
        let email = format!("sprayed-{i}@example.com");
        async move { app.login(&email, "wrong-password-123").await }
    });
    futures_util::future::join_all(sprayed).await;
    assert!(app.login("ada@example.com", PASSWORD).await.is_ok());
    let pool = pool(app).await;
    let rows =
        || sqlx::query_scalar::<_, i64>("SELECT count(*) FROM login_attempts").fetch_one(&pool);
    assert_eq!(rows().await.unwrap(), 21);
    let store = PgAuthStore::new(pool.clone());
    assert_eq!(
        store
            .purge_login_attempts(&app.config.lockout, chrono::Utc::now())
            .await
            .unwrap(),
        1,
        "a successful login leaves nothing to keep; the failures are still in their window"
    );
    tokio::time::sleep(window).await;
    assert_eq!(
        store
            .purge_login_attempts(&app.config.lockout, chrono::Utc::now())
            .await
            .unwrap(),
        20
    );
    assert_eq!(rows().await.unwrap(), 0);
    // A locked address is kept until its lock ends, whatever its window.
    for _ in 0..5 {
        let _ = app.login("ada@example.com", "wrong-password-123").await;
    }
    tokio::time::sleep(window).await;
    store
        .purge_login_attempts(&app.config.lockout, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(rows().await.unwrap(), 1);
}
