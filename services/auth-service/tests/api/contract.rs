//! The platform kit's contract layer, seen through the auth service: every rejection is a
//! problem body with the request id, and nothing submitted is echoed back.

use serde_json::{Value, json};

use crate::helpers::TestApp;

async fn problem_of(res: reqwest::Response) -> (u16, reqwest::header::HeaderMap, Value) {
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    assert_eq!(
        headers["content-type"], "application/problem+json",
        "status {status}"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], status);
    assert_eq!(
        body["request_id"].as_str(),
        headers["x-request-id"].to_str().ok()
    );
    (status, headers, body)
}

#[tokio::test]
async fn malformed_json_is_a_400_problem() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .post(app.url("/api/v1/auth/register"))
        .header("content-type", "application/json")
        .header("x-request-id", "trace-me-123")
        .body(r#"{"email": "ada@example.com", "password": "secret-but-broken"#)
        .send()
        .await
        .unwrap();
    let (status, headers, body) = problem_of(res).await;
    assert_eq!(status, 400);
    assert_eq!(headers["x-request-id"], "trace-me-123");
    assert_eq!(body["instance"], "/api/v1/auth/register");
    assert!(!body.to_string().contains("secret-but-broken"));
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415_problem() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(problem_of(res).await.0, 415);
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_problem() {
    let app = TestApp::spawn().await;
    let huge =
        json!({ "email": "a@example.com", "password": "x".repeat(2 * 1024 * 1024), "name": "A" });
    let res = app
        .http
        .post(app.url("/api/v1/auth/register"))
        .json(&huge)
        .send()
        .await
        .unwrap();
    assert_eq!(problem_of(res).await.0, 413);
}

#[tokio::test]
async fn schema_violations_are_422_with_field_errors_and_no_echo() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({ "email": "not-an-email", "password": "tiny-secret", "extra": true }))
        .send()
        .await
        .unwrap();
    let (status, _, body) = problem_of(res).await;
    assert_eq!(status, 422);
    let mut fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(fields, ["email", "extra", "name", "password"]);
    assert!(!body.to_string().contains("tiny-secret"));
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405_with_allow() {
    let app = TestApp::spawn().await;
    let (status, _, _) = problem_of(
        app.http
            .get(app.url("/api/v1/nowhere"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
    let (status, headers, _) = problem_of(
        app.http
            .get(app.url("/api/v1/auth/login"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 405);
    assert_eq!(headers["allow"], "POST");
}

#[tokio::test]
async fn a_protected_operation_answers_401_before_validating_the_body() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .post(app.url("/api/v1/auth/password"))
        .header("content-type", "application/json")
        .body("{ not json")
        .send()
        .await
        .unwrap();
    let (status, headers, _) = problem_of(res).await;
    assert_eq!(status, 401);
    assert_eq!(headers["www-authenticate"], "Bearer");
}

#[tokio::test]
async fn a_customer_token_cannot_call_admin_operations() {
    let app = TestApp::spawn().await;
    let user = app.register("ada@example.com").await;
    let token = app
        .login("ada@example.com", crate::helpers::PASSWORD)
        .await
        .unwrap()
        .access_token;
    let res = app
        .http
        .post(app.url(&format!("/api/v1/auth/users/{}/unlock", user.id)))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(problem_of(res).await.0, 403);
}

#[tokio::test]
async fn insane_request_ids_are_replaced_and_sane_ones_echoed() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .get(app.url("/health"))
        .header("x-request-id", "bad id with spaces")
        .send()
        .await
        .unwrap();
    let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&id).is_ok());
    let res = app
        .http
        .get(app.url("/health"))
        .header("x-request-id", "abc.DEF_123-x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "abc.DEF_123-x");
}

#[tokio::test]
async fn health_ready_docs_and_spec_are_served() {
    let app = TestApp::spawn().await;
    let health: Value = app
        .http
        .get(app.url("/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health, json!({ "status": "ok" }));
    let ready: Value = app
        .http
        .get(app.url("/ready"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        ready,
        json!({ "status": "ready", "checks": { "postgres": "up" } })
    );
    let spec: Value = app
        .http
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(spec["info"]["title"], "Agora auth");
    let docs = app.http.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("swagger"));
}

#[tokio::test]
async fn metrics_count_requests_by_operation_id_not_path() {
    let app = TestApp::spawn().await;
    let user = app.register("ada@example.com").await;
    let res = app
        .http
        .post(app.url(&format!("/api/v1/auth/users/{}/unlock", user.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    app.http
        .get(app.url("/api/v1/nowhere"))
        .send()
        .await
        .unwrap();
    let text = agora_testkit::metrics::scrape(&app.http, &app.metrics).await;
    // And nowhere a client can reach.
    let public = app.http.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(public.status(), 404);
    let line = |needle: &str| {
        text.lines()
            .any(|l| l.starts_with("http_server_requests_total{") && l.contains(needle))
    };
    assert!(
        line(r#"operation="unlock_user""#) && line(r#"status="401""#),
        "{text}"
    );
    assert!(line(r#"operation="register""#));
    assert!(line(r#"operation="unmatched""#));
    assert!(
        !text.contains(&user.id.to_string()),
        "no raw paths in labels"
    );
    assert!(text.contains("http_server_request_duration_seconds_bucket"));
}
