//! Access-token verification and refresh-token rotation.

use auth_client::types;

use crate::helpers::{PASSWORD, TestApp, problem};

async fn refresh(
    app: &TestApp,
    token: &str,
) -> Result<types::TokenPair, auth_client::Error<types::Problem>> {
    app.client
        .refresh()
        .body(types::RefreshRequest::builder().refresh_token(token))
        .send()
        .await
        .map(|r| r.into_inner())
}

#[tokio::test]
async fn a_refresh_token_is_spent_by_use_and_reuse_revokes_the_family() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    let first = app.login("ada@example.com", PASSWORD).await.unwrap();
    let second = refresh(&app, &first.refresh_token)
        .await
        .expect("the first use rotates");
    assert_ne!(second.refresh_token, first.refresh_token);

    let (status, _) = problem(refresh(&app, &first.refresh_token).await.unwrap_err());
    assert_eq!(status, 401, "a spent token is refused");
    let (status, _) = problem(refresh(&app, &second.refresh_token).await.unwrap_err());
    assert_eq!(status, 401, "and its whole family is revoked");
}

#[tokio::test]
async fn a_reuse_racing_a_legitimate_use_leaves_no_live_token() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    let pair = app.login("ada@example.com", PASSWORD).await.unwrap();
    let (a, b) = tokio::join!(
        refresh(&app, &pair.refresh_token),
        refresh(&app, &pair.refresh_token)
    );
    let winners: Vec<_> = [a, b].into_iter().filter_map(Result::ok).collect();
    assert_eq!(winners.len(), 1, "exactly one use rotates");
    let (status, _) = problem(refresh(&app, &winners[0].refresh_token).await.unwrap_err());
    assert_eq!(status, 401, "the reuse revoked the winner's successor too");
}

#[tokio::test]
async fn logout_revokes_the_family() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    let pair = app.login("ada@example.com", PASSWORD).await.unwrap();
    app.as_bearer(&pair.access_token)
        .logout()
        .body(types::RefreshRequest::builder().refresh_token(pair.refresh_token.clone()))
        .send()
        .await
        .expect("logout succeeds");
    let (status, _) = problem(refresh(&app, &pair.refresh_token).await.unwrap_err());
    assert_eq!(status, 401);
}

#[tokio::test]
async fn tampered_and_foreign_tokens_are_refused() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    let pair = app.login("ada@example.com", PASSWORD).await.unwrap();
    let mut parts: Vec<String> = pair.access_token.split('.').map(str::to_owned).collect();
    // Flip one character of the payload.
    let flipped = if parts[1].ends_with('A') { 'B' } else { 'A' };
    parts[1].pop();
    parts[1].push(flipped);
    let tampered = parts.join(".");
    // An unsigned token claiming everything.
    let none = format!("{}.{}.", b64(r#"{"alg":"none","typ":"JWT"}"#), parts[1]);
    for token in [tampered.as_str(), none.as_str(), "not-a-jwt"] {
        let res = app
            .http
            .get(app.url("/api/v1/auth/me"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{token}");
        assert!(
            res.headers()["www-authenticate"]
                .to_str()
                .unwrap()
                .starts_with("Bearer")
        );
    }
}

fn b64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

#[tokio::test]
async fn the_jwks_publishes_the_key_that_verifies_tokens() {
    let app = TestApp::spawn().await;
    let jwks = app.client.jwks().send().await.unwrap().into_inner();
    assert_eq!(jwks.keys.len(), 1);
    let key = &jwks.keys[0];
    assert_eq!(
        (key.kty.as_str(), key.alg.as_str(), key.crv.as_deref()),
        ("OKP", "EdDSA", Some("Ed25519"))
    );

    // The kit's JWKS-backed verifier, as every other service uses it, accepts auth's tokens.
    let verifier = agora_kit::token::TokenVerifier::new(
        std::sync::Arc::new(agora_kit::token::JwksKeys::new(&app.base)),
        "agora-auth",
        "agora",
    );
    app.register("ada@example.com").await;
    let pair = app.login("ada@example.com", PASSWORD).await.unwrap();
    let claims = verifier
        .verify(&pair.access_token)
        .await
        .expect("verifies through the JWKS");
    assert_eq!(claims.roles, ["customer"]);
}
