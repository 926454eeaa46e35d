//! The caller's own profile and addresses, and the registration event's use case.

use std::sync::Arc;

use serde_json::{Value, json};
use sqlx::Connection;
use users_client::types;
use users_service::adapters::events::registration;
use users_service::adapters::postgres::PgProfiles;
use users_service::app::Profiles;

use crate::helpers::{TestApp, status};

#[tokio::test]
async fn the_first_get_me_creates_the_profile_from_the_token() {
    let app = TestApp::spawn().await;
    let account = app.auth.customer("Ada Lovelace").await;
    let me = app
        .client(&account.token)
        .get_my_profile()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (me.id, me.email.as_str(), me.name.as_str()),
        (account.id, account.email.as_str(), "Ada Lovelace")
    );
    assert!(me.phone.is_none() && me.addresses.is_empty());
    let again = app
        .client(&account.token)
        .get_my_profile()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(again.created_at, me.created_at);
}

#[tokio::test]
async fn patch_validates_and_emits_users_user_updated() {
    let app = TestApp::spawn().await;
    let (account, _) = app.customer("Ada").await;
    let patch = |body: Value| {
        app.http
            .patch(format!("{}/api/v1/users/me", app.base))
            .bearer_auth(&account.token)
            .json(&body)
            .send()
    };

    for (body, field) in [
        (json!({ "phone": "020 7183 8750" }), "phone"),
        (json!({ "name": "" }), "name"),
        (json!({ "name": "x".repeat(101) }), "name"),
        (json!({ "name": "   " }), "name"),
        (json!({}), "body"),
    ] {
        let res = patch(body.clone()).await.unwrap();
        assert_eq!(res.status(), 422, "{body}");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], field, "{body}");
    }

    let res = patch(json!({ "name": "Ada King", "phone": "+442071838750" }))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let me: Value = res.json().await.unwrap();
    assert_eq!(
        (me["name"].as_str(), me["phone"].as_str()),
        (Some("Ada King"), Some("+442071838750"))
    );
    let cleared: Value = patch(json!({ "phone": null }))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cleared["phone"], Value::Null);

    let mut conn = sqlx::PgConnection::connect(app.db.url()).await.unwrap();
    let events: Vec<(String, Value)> =
        sqlx::query_as("SELECT event_type, payload FROM outbox ORDER BY id")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|(t, _)| t == "users.user.updated"));
    assert_eq!(events[0].1["data"]["name"], "Ada King");
}

#[tokio::test]
async fn addresses_are_added_checked_and_removed() {
    let app = TestApp::spawn().await;
    let (_, me) = app.customer("Ada").await;
    let (_, other) = app.customer("Bob").await;
    let add = |country: &str| {
        me.add_my_address()
            .body(
                types::NewAddress::builder()
                    .line1("1 High Street")
                    .city("London")
                    .postal_code("SW1A 1AA")
                    .country(country),
            )
            .send()
    };
    let address = add("GB")
        .await
        .expect("a valid address is added")
        .into_inner();
    assert_eq!(address.country, "GB");
    assert_eq!(
        status(add("UK").await.unwrap_err()),
        422,
        "UK is not an ISO 3166-1 code"
    );

    let profile = me.get_my_profile().send().await.unwrap().into_inner();
    assert_eq!(profile.addresses.len(), 1);
    assert_eq!(
        status(
            other
                .delete_my_address()
                .address_id(address.id)
                .send()
                .await
                .unwrap_err()
        ),
        404,
        "not theirs"
    );
    me.delete_my_address()
        .address_id(address.id)
        .send()
        .await
        .expect("removed");
    assert_eq!(
        status(
            me.delete_my_address()
                .address_id(address.id)
                .send()
                .await
                .unwrap_err()
        ),
        404
    );
}

#[tokio::test]
async fn the_registration_event_creates_the_profile_once_and_never_undoes_a_later_change() {
    let app = TestApp::spawn().await;
    let pool = sqlx::PgPool::connect(app.db.url()).await.unwrap();
    let profiles = Profiles {
        store: Arc::new(PgProfiles::new(pool)),
    };
    let user_id = uuid::Uuid::now_v7();
    let registered = registration(agora_events::UserRegistered {
        user_id,
        email: "ada@example.com".into(),
        name: "Ada".into(),
        roles: vec!["customer".into()],
        registered_at: chrono::Utc::now() - chrono::Duration::seconds(10),
    });
    let event_id = uuid::Uuid::now_v7();
    assert!(profiles.on_registered(event_id, &registered).await.unwrap());
    assert!(
        !profiles.on_registered(event_id, &registered).await.unwrap(),
        "the same event applies once"
    );
    let profile = profiles.get(user_id).await.unwrap();
    assert_eq!(
        (profile.email.as_str(), profile.name.as_str()),
        ("ada@example.com", "Ada")
    );

    // A profile changed after the registration keeps its change when another copy of the
    // registration (a different event id, say a replay) arrives late.
    let mut conn = sqlx::PgConnection::connect(app.db.url()).await.unwrap();
    sqlx::query("UPDATE profiles SET name = 'Ada King', updated_at = now() WHERE id = $1")
        .bind(user_id)
        .execute(&mut conn)
        .await
        .unwrap();
    assert!(
        profiles
            .on_registered(uuid::Uuid::now_v7(), &registered)
            .await
            .unwrap()
    );
    assert_eq!(profiles.get(user_id).await.unwrap().name, "Ada King");
}

#[tokio::test]
async fn a_registration_reaches_users_through_the_bus() {
    let app = TestApp::spawn_with_events(Some(format!("t{}", uuid::Uuid::new_v4().simple()))).await;
    let account = app.auth.customer("Ada Lovelace").await;
    let pool = sqlx::PgPool::connect(app.db.url()).await.unwrap();
    let started = std::time::Instant::now();
    loop {
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM profiles WHERE id = $1")
            .bind(account.id)
            .fetch_optional(&pool)
            .await
            .unwrap();
        if let Some(name) = name {
            assert_eq!(name, "Ada Lovelace");
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "the profile was created from the event"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let processed: i64 = sqlx::query_scalar("SELECT count(*) FROM processed_events")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(processed, 1);
}

#[tokio::test]
async fn a_deleted_account_can_no_longer_sign_in_once_the_event_reaches_auth() {
    let app = TestApp::spawn_with_events(Some(format!("t{}", uuid::Uuid::new_v4().simple()))).await;
    let (account, _) = app.customer("Ada Lovelace").await;
    let login = |password: &'static str| {
        let (http, url, email) = (
            app.http.clone(),
            format!("{}/api/v1/auth/login", app.auth.base),
            account.email.clone(),
        );
        async move {
            http.post(url)
                .json(&serde_json::json!({ "email": email, "password": password }))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(login(agora_testkit::auth::PASSWORD).await, 200);
    app.admin()
        .await
        .delete_user()
        .id(account.id)
        .send()
        .await
        .expect("the admin deletes the account");
    // users.user.deleted travels users' outbox → SNS → auth's queue → auth's consumer.
    let started = std::time::Instant::now();
    while login(agora_testkit::auth::PASSWORD).await != 401 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "the deleted account still logs in"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    // Auth's audit row of the deletion names the event it applied.
    let mut users_db = sqlx::PgConnection::connect(app.db.url()).await.unwrap();
    let event_id: uuid::Uuid = sqlx::query_scalar(
        "SELECT id FROM outbox WHERE event_type = 'users.user.deleted' AND aggregate_id = $1",
    )
    .bind(account.id)
    .fetch_one(&mut users_db)
    .await
    .unwrap();
    let mut auth_db = sqlx::PgConnection::connect(app.auth.database_url())
        .await
        .unwrap();
    let audited: Option<String> = sqlx::query_scalar(
        "SELECT request_id FROM audit_events WHERE user_id = $1 AND event_type = 'account_deleted'",
    )
    .bind(account.id)
    .fetch_one(&mut auth_db)
    .await
    .unwrap();
    assert_eq!(audited, Some(event_id.to_string()));
    // The address is free for a new account.
    let again = app
        .http
        .post(format!("{}/api/v1/auth/register", app.auth.base))
        .json(&serde_json::json!({
            "email": account.email,
            "password": agora_testkit::auth::PASSWORD,
            "name": "Somebody Else",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 201);
    let body: serde_json::Value = again.json().await.unwrap();
    assert_ne!(body["id"], serde_json::json!(account.id));
}
