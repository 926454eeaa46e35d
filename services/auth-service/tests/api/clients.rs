//! Service clients: OAuth 2.0 client credentials at `POST /api/v1/auth/token`.

use std::sync::Arc;

use agora_kit::token::TokenVerifier;
use auth_service::config::ClientConfig;
use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::helpers::TestApp;

const SECRET: &str = "f2b6c1d0-a-long-random-client-secret-for-tests";

fn orders() -> ClientConfig {
    ClientConfig {
        id: uuid::Uuid::now_v7(),
        name: "orders".into(),
        secret_sha256: Sha256::digest(SECRET.as_bytes()).into(),
        permissions: vec!["payments:write".into(), "users:read".into()],
    }
}

async fn with_client(client: &ClientConfig) -> TestApp {
    let client = client.clone();
    TestApp::spawn_with(move |c| c.clients = vec![client]).await
}

fn basic(id: &str, secret: &str) -> String {
    let pair = format!("{id}:{secret}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

async fn token_request(
    app: &TestApp,
    authorization: Option<&str>,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let mut request = app
        .http
        .post(app.url("/api/v1/auth/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body);
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    request.send().await.unwrap()
}

const GRANT: (&str, &str) = ("grant_type", "client_credentials");

/// The claims of a token answer's access token, verified against auth's published keys.
async fn verified(app: &TestApp, answer: &Value) -> agora_kit::token::Claims {
    let verifier = TokenVerifier::new(
        Arc::new(auth_access::JwksKeys::new(&app.base)),
        "agora-auth",
        "agora",
    );
    verifier
        .verify(answer["access_token"].as_str().unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_registered_client_gets_a_short_lived_token_carrying_only_its_permissions() {
    let client = orders();
    let app = with_client(&client).await;
    let res = token_request(&app, Some(&basic(&client.id.to_string(), SECRET)), &[GRANT]).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        (body["token_type"].as_str(), body["expires_in"].as_u64()),
        (Some("Bearer"), Some(300))
    );
    // The token verifies as any other, against auth's published keys.
    let claims = verified(&app, &body).await;
    assert_eq!(claims.sub, client.id, "the subject is the client id");
    assert_eq!(claims.permissions, client.permissions);
    assert!(claims.roles.is_empty() && claims.email.is_none());
    assert!(claims.exp - claims.iat <= 300);
}

#[tokio::test]
async fn a_scope_narrows_the_token_and_a_permission_not_held_is_invalid_scope() {
    let client = orders();
    let app = with_client(&client).await;
    let auth = basic(&client.id.to_string(), SECRET);
    let res = token_request(&app, Some(&auth), &[GRANT, ("scope", "users:read")]).await;
    assert_eq!(res.status(), 200);
    let token: Value = res.json().await.unwrap();
    let claims = verified(&app, &token).await;
    assert_eq!(claims.permissions, ["users:read"]);

    let res = token_request(
        &app,
        Some(&auth),
        &[GRANT, ("scope", "users:read roles:write")],
    )
    .await;
    assert_eq!(res.status(), 400);
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["type"], "urn:agora:problem:invalid_scope");
    assert_eq!(
        problem["error"], "invalid_scope",
        "RFC 6749 §5.2, for OAuth libraries"
    );
}

#[tokio::test]
async fn a_wrong_unknown_missing_or_malformed_client_is_invalid_client_with_a_basic_challenge() {
    let client = orders();
    let app = with_client(&client).await;
    let user_token = app.admin_token().await;
    let bearer = format!("Bearer {user_token}");
    let cases = [
        Some(basic(&client.id.to_string(), "not-the-secret")),
        Some(basic(&uuid::Uuid::now_v7().to_string(), SECRET)),
        Some(basic("orders", SECRET)),
        None,
        Some(bearer),
        Some("Basic %%%".to_owned()),
    ];
    let mut bodies = Vec::new();
    for authorization in &cases {
        let res = token_request(&app, authorization.as_deref(), &[GRANT]).await;
        assert_eq!(res.status(), 401, "{authorization:?}");
        let challenge = res.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(challenge.starts_with("Basic "), "{challenge}");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["type"], "urn:agora:problem:invalid_client");
        assert_eq!(problem["error"], "invalid_client", "RFC 6749 §5.2");
        assert_eq!(problem["error_description"], problem["detail"]);
        bodies.push(problem["detail"].clone());
    }
    assert_eq!(
        bodies[0], bodies[1],
        "a wrong secret and an unknown id look the same"
    );
}

#[tokio::test]
async fn the_token_request_is_a_form_with_the_client_credentials_grant() {
    let client = orders();
    let app = with_client(&client).await;
    let auth = basic(&client.id.to_string(), SECRET);
    let as_json = app
        .http
        .post(app.url("/api/v1/auth/token"))
        .header("authorization", &auth)
        .json(&serde_json::json!({ "grant_type": "client_credentials" }))
        .send()
        .await
        .unwrap();
    assert_eq!(as_json.status(), 415);
    for form in [vec![("grant_type", "password")], vec![], vec![GRANT, GRANT]] {
        let res = token_request(&app, Some(&auth), &form).await;
        assert_eq!(res.status(), 422, "{form:?}");
    }
    // Parameters the grant does not define are ignored (RFC 6749 §3.2), given twice or not.
    for extra in [
        vec![GRANT, ("audience", "payments")],
        vec![
            GRANT,
            ("", "x"),
            ("", "y"),
            ("audience", "a"),
            ("audience", "b"),
        ],
    ] {
        let res = token_request(&app, Some(&auth), &extra).await;
        assert_eq!(res.status(), 200, "{extra:?}");
    }
}

#[tokio::test]
async fn a_secret_sent_without_form_encoding_keeps_its_plus_signs() {
    let mut client = orders();
    let secret = "abc+def/ghi+jkl=";
    client.secret_sha256 = Sha256::digest(secret.as_bytes()).into();
    let app = with_client(&client).await;
    let res = token_request(&app, Some(&basic(&client.id.to_string(), secret)), &[GRANT]).await;
    assert_eq!(
        res.status(),
        200,
        "as curl -u and most Basic helpers send it"
    );
}

#[tokio::test]
async fn auth_refuses_to_start_with_a_client_whose_id_is_an_account() {
    let app = TestApp::spawn().await;
    let ada = app.register("ada@example.com").await;
    let mut client = orders();
    client.id = ada.id;
    let mut config = app.config.clone();
    config.clients = vec![client];
    let error = auth_service::Application::build(config)
        .await
        .err()
        .expect("auth refuses to start");
    assert!(
        format!("{error:#}").contains(&ada.id.to_string()),
        "{error:#}"
    );
}

#[tokio::test]
async fn auth_refuses_to_start_with_a_client_permission_that_does_not_exist() {
    let mut client = orders();
    client.permissions.push("payments:teleport".into());
    let app = TestApp::spawn().await;
    let mut config = app.config.clone();
    config.clients = vec![client];
    let error = auth_service::Application::build(config)
        .await
        .err()
        .expect("auth refuses to start");
    assert!(
        format!("{error:#}").contains("payments:teleport"),
        "{error:#}"
    );
}

/// How many client tokens auth has issued, by its own metrics.
async fn issued(app: &TestApp) -> f64 {
    let text = agora_testkit::metrics::scrape(&app.http, &app.metrics).await;
    agora_testkit::metrics::sum(
        &text,
        "http_server_requests_total",
        &[("operation", "issueClientToken"), ("status", "200")],
    )
}

#[tokio::test]
async fn a_service_fetches_its_token_once_for_all_its_callers_and_again_before_it_expires() {
    use agora_kit::ExposeSecret;
    let client = orders();
    let configured = client.clone();
    let app = TestApp::spawn_with(move |c| {
        c.clients = vec![configured];
        c.client_token_ttl_secs = 2;
    })
    .await;
    let credentials = auth_access::ClientCredentials::new(
        &app.base,
        &client.id.to_string(),
        &SECRET.into(),
        None,
        std::time::Duration::from_secs(3),
    )
    .unwrap();
    let tokens = futures_util::future::join_all((0..20).map(|_| credentials.token())).await;
    let first = tokens[0].as_ref().unwrap().expose_secret().to_owned();
    assert!(
        tokens
            .iter()
            .all(|t| t.as_ref().unwrap().expose_secret() == first)
    );
    assert_eq!(
        issued(&app).await,
        1.0,
        "twenty callers, one request to auth"
    );
    // A 2 s token is renewed once half of it has passed.
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let second = credentials.token().await.unwrap();
    assert_ne!(second.expose_secret(), first);
    assert_eq!(issued(&app).await, 2.0);
    // A token a callee refused is forgotten: the next call asks auth again.
    credentials.forget().await;
    credentials.token().await.unwrap();
    assert_eq!(issued(&app).await, 3.0);
}

#[tokio::test]
async fn a_refused_client_and_an_unreachable_auth_are_told_apart() {
    use auth_access::{ClientCredentials, ClientTokenError};
    let client = orders();
    let app = with_client(&client).await;
    let id = client.id.to_string();
    let timeout = std::time::Duration::from_secs(2);
    let wrong = ClientCredentials::new(&app.base, &id, &"wrong".into(), None, timeout).unwrap();
    assert!(matches!(
        wrong.token().await,
        Err(ClientTokenError::Refused(_))
    ));
    let too_wide =
        ClientCredentials::new(&app.base, &id, &SECRET.into(), Some("roles:write"), timeout)
            .unwrap();
    assert!(matches!(
        too_wide.token().await,
        Err(ClientTokenError::Refused(_))
    ));
    let nowhere =
        ClientCredentials::new("http://127.0.0.1:9", &id, &SECRET.into(), None, timeout).unwrap();
    assert!(matches!(
        nowhere.token().await,
        Err(ClientTokenError::Unavailable(_))
    ));
}
