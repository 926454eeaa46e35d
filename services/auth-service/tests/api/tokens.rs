//! Access-token verification and refresh-token rotation.

use agora_testkit::serve::Running;
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
        std::sync::Arc::new(auth_access::JwksKeys::new(&app.base)),
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

/// Signs `claims` with the service's own signing key, as a forger who stole nothing could
/// not: it proves that the refusals below are about the claims, not the signature.
fn sign_with_service_key(app: &TestApp, claims: &serde_json::Value) -> String {
    let auth_service::config::SigningKeyConfig::File(path) = &app.config.signing_key else {
        unreachable!("tests use a key file")
    };
    let pem = std::fs::read_to_string(path).unwrap();
    let keys =
        auth_service::adapters::keys::SigningKeys::from_pem(&pem, None, "agora-auth", "agora", 900)
            .unwrap();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    header.kid = Some(keys.public_keys()[0].kid.clone());
    jsonwebtoken::encode(
        &header,
        claims,
        &jsonwebtoken::EncodingKey::from_ed_pem(pem.as_bytes()).unwrap(),
    )
    .unwrap()
}

fn claims(sub: uuid::Uuid, aud: &str, exp_offset: i64) -> serde_json::Value {
    let now = chrono::Utc::now().timestamp();
    serde_json::json!({
        "sub": sub, "iss": "agora-auth", "aud": aud, "iat": now, "exp": now + exp_offset,
        "jti": uuid::Uuid::new_v4(), "roles": ["admin"], "permissions": ["audit:read"]
    })
}

#[tokio::test]
async fn expired_tokens_and_tokens_for_other_audiences_are_refused() {
    let app = TestApp::spawn().await;
    let user = app.register("ada@example.com").await;
    let valid = sign_with_service_key(&app, &claims(user.id, "agora", 300));
    assert_eq!(
        app.http
            .get(app.url("/api/v1/auth/me"))
            .bearer_auth(&valid)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    for token in [
        sign_with_service_key(&app, &claims(user.id, "agora", -120)),
        sign_with_service_key(&app, &claims(user.id, "elsewhere", 300)),
    ] {
        let res = app
            .http
            .get(app.url("/api/v1/auth/me"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
    }
}

#[tokio::test]
async fn an_hmac_token_keyed_with_the_public_key_is_refused() {
    use base64::Engine;
    let app = TestApp::spawn().await;
    let user = app.register("ada@example.com").await;
    let jwk = app
        .client
        .jwks()
        .send()
        .await
        .unwrap()
        .into_inner()
        .keys
        .remove(0);
    let public = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(jwk.x.unwrap())
        .unwrap();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(jwk.kid);
    let forged = jsonwebtoken::encode(
        &header,
        &claims(user.id, "agora", 300),
        &jsonwebtoken::EncodingKey::from_secret(&public),
    )
    .unwrap();
    let res = app
        .http
        .get(app.url("/api/v1/auth/audit-events"))
        .bearer_auth(forged)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn after_a_key_rotation_tokens_of_the_previous_key_still_verify() {
    use ed25519_dalek::pkcs8::EncodePublicKey;
    use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    let old_token = app
        .login("ada@example.com", PASSWORD)
        .await
        .unwrap()
        .access_token;

    // Rotate: a new signing key, the old public key kept for verification.
    let auth_service::config::SigningKeyConfig::File(old_path) = &app.config.signing_key else {
        unreachable!()
    };
    let old_pem = std::fs::read_to_string(old_path).unwrap();
    let old_public =
        <ed25519_dalek::SigningKey as ed25519_dalek::pkcs8::DecodePrivateKey>::from_pkcs8_pem(
            &old_pem,
        )
        .unwrap()
        .verifying_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let previous = dir.path().join("previous.pem");
    std::fs::write(&previous, old_public).unwrap();
    let mut config = app.config.clone();
    config.signing_key = auth_service::config::SigningKeyConfig::File(dir.path().join("new.pem"));
    config.previous_public_keys_file = Some(previous);
    let rotated = Running::start(auth_service::Application::build(config).await.unwrap());
    let base = rotated.base_url();

    let client = auth_client::Client::new(&base, Default::default());
    let jwks = client.jwks().send().await.unwrap().into_inner();
    assert_eq!(jwks.keys.len(), 2, "the new key and the previous one");
    let res = reqwest::Client::new()
        .get(format!("{base}/api/v1/auth/me"))
        .bearer_auth(&old_token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        200,
        "a token signed before the rotation still verifies"
    );
    let new_token = types::LoginRequest::builder()
        .email("ada@example.com")
        .password(PASSWORD);
    let pair = client
        .login()
        .body(new_token)
        .send()
        .await
        .unwrap()
        .into_inner();
    let header = jsonwebtoken::decode_header(&pair.access_token).unwrap();
    assert_eq!(
        header.kid.as_deref(),
        Some(jwks.keys[0].kid.as_str()),
        "new tokens are signed with the new key"
    );
}

/// Rotates `first` again and again until `done` fires; the last live token of the chain
/// (or `None` when a rotation was refused, the chain revoked under it).
async fn rotate_until(
    app: &TestApp,
    first: String,
    mut done: tokio::sync::oneshot::Receiver<()>,
) -> Option<String> {
    let mut current = first;
    loop {
        if done.try_recv().is_ok() {
            return Some(current);
        }
        match refresh(app, &current).await {
            Ok(next) => current = next.refresh_token,
            Err(_) => return None,
        }
    }
}

#[tokio::test]
async fn signing_out_everywhere_leaves_no_token_a_racing_rotation_made() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    let passwords = [PASSWORD, "another-long-passphrase-91"];
    for round in 0..20 {
        let (current, new) = (passwords[round % 2], passwords[(round + 1) % 2]);
        let pair = app.login("ada@example.com", current).await.unwrap();
        let (stop, done) = tokio::sync::oneshot::channel();
        let change = async {
            let res = app
                .http
                .post(app.url("/api/v1/auth/password"))
                .bearer_auth(&pair.access_token)
                .json(&serde_json::json!({ "current_password": current, "new_password": new }))
                .send()
                .await
                .unwrap();
            let _ = stop.send(());
            res.status()
        };
        let (status, last) = tokio::join!(change, rotate_until(&app, pair.refresh_token, done));
        assert_eq!(status, 204);
        if let Some(last) = last {
            let (status, _) = problem(refresh(&app, &last).await.unwrap_err());
            assert_eq!(
                status, 401,
                "round {round}: a token outlived the password change"
            );
        }
    }
}

#[tokio::test]
async fn logging_out_leaves_no_token_a_racing_rotation_made() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    for round in 0..20 {
        let pair = app.login("ada@example.com", PASSWORD).await.unwrap();
        // A second device of the same family: the first rotation's successor.
        let family = pair.refresh_token.clone();
        let start = refresh(&app, &pair.refresh_token).await.unwrap();
        let (stop, done) = tokio::sync::oneshot::channel();
        let logout = async {
            // Any token of the family names it, spent ones included.
            tokio::task::yield_now().await;
            let res = app
                .as_bearer(&pair.access_token)
                .logout()
                .body(types::RefreshRequest::builder().refresh_token(family))
                .send()
                .await;
            let _ = stop.send(());
            res.is_ok()
        };
        let (logged_out, last) =
            tokio::join!(logout, rotate_until(&app, start.refresh_token, done));
        assert!(logged_out);
        if let Some(last) = last {
            let (status, _) = problem(refresh(&app, &last).await.unwrap_err());
            assert_eq!(status, 401, "round {round}: a token outlived the logout");
        }
    }
}

#[tokio::test]
async fn a_login_racing_a_password_change_never_outlives_it() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com").await;
    let passwords = [PASSWORD, "another-long-passphrase-91"];
    for round in 0..20u64 {
        let (current, new) = (
            passwords[round as usize % 2],
            passwords[(round as usize + 1) % 2],
        );
        let token = app
            .login("ada@example.com", current)
            .await
            .unwrap()
            .access_token;
        let change = async {
            app.http
                .post(app.url("/api/v1/auth/password"))
                .bearer_auth(&token)
                .json(&serde_json::json!({ "current_password": current, "new_password": new }))
                .send()
                .await
                .unwrap()
                .status()
        };
        // A thief who knows the old password logs in while the owner changes it; the start
        // moves across the change's run from round to round.
        let thief = async {
            tokio::time::sleep(std::time::Duration::from_millis(round * 7)).await;
            app.login("ada@example.com", current).await
        };
        let (status, stolen) = tokio::join!(change, thief);
        assert_eq!(status, 204);
        if let Ok(stolen) = stolen {
            let (status, _) = problem(refresh(&app, &stolen.refresh_token).await.unwrap_err());
            assert_eq!(
                status, 401,
                "round {round}: a login with the old password outlived the change"
            );
        }
    }
}
