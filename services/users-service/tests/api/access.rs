//! Who may see and delete profiles, decided from the token and, when it cannot say, by
//! auth's `/authorize`, which may be down.

use std::time::{Duration, Instant};

use serde_json::Value;
use sqlx::Connection;

use crate::helpers::{TestApp, status};

#[tokio::test]
async fn owners_see_their_profile_and_others_do_not() {
    let app = TestApp::spawn().await;
    let (ada, ada_client) = app.customer("Ada").await;
    let (_, bob_client) = app.customer("Bob").await;
    assert_eq!(
        ada_client
            .get_user()
            .id(ada.id)
            .send()
            .await
            .unwrap()
            .into_inner()
            .name,
        "Ada"
    );
    assert_eq!(
        status(bob_client.get_user().id(ada.id).send().await.unwrap_err()),
        403
    );
    assert_eq!(
        status(bob_client.list_users().send().await.unwrap_err()),
        403
    );
    let admin = app.admin().await;
    assert_eq!(
        admin
            .get_user()
            .id(ada.id)
            .send()
            .await
            .unwrap()
            .into_inner()
            .email,
        ada.email
    );
    assert_eq!(
        status(
            admin
                .get_user()
                .id(uuid::Uuid::new_v4())
                .send()
                .await
                .unwrap_err()
        ),
        404
    );
}

#[tokio::test]
async fn admins_search_by_name_or_email_with_pages() {
    let app = TestApp::spawn().await;
    for name in ["Ada Lovelace", "Ada Byron", "Charles Babbage"] {
        app.customer(name).await;
    }
    let admin = app.admin().await;
    let ada = admin
        .list_users()
        .q("ada")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(ada.total, 2);
    let page = admin
        .list_users()
        .per_page(std::num::NonZeroU32::new(2).unwrap())
        .page(std::num::NonZeroU32::new(2).unwrap())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!((page.total, page.items.len()), (3, 1));
    let by_mail = admin
        .list_users()
        .q("EXAMPLE.COM")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(by_mail.total, 3);
    let wildcard = admin.list_users().q("%").send().await.unwrap().into_inner();
    assert_eq!(wildcard.total, 0, "% matches itself, not everything");
}

#[tokio::test]
async fn a_role_granted_after_the_token_was_issued_counts() {
    let app = TestApp::spawn().await;
    let (ada, ada_client) = app.customer("Ada").await;
    assert_eq!(
        status(ada_client.list_users().send().await.unwrap_err()),
        403
    );
    app.auth.set_roles(ada.id, &["customer", "admin"]).await;
    // The token still says "customer"; auth's /authorize knows better. (The refusal above
    // was cached briefly; a new question is not.)
    let other = app.customer("Bob").await.0;
    assert_eq!(
        ada_client
            .get_user()
            .id(other.id)
            .send()
            .await
            .unwrap()
            .into_inner()
            .name,
        "Bob"
    );
}

#[tokio::test]
async fn an_admin_deletes_a_profile_for_good() {
    let app = TestApp::spawn().await;
    let (ada, ada_client) = app.customer("Ada").await;
    let (_, bob_client) = app.customer("Bob").await;
    assert_eq!(
        status(
            bob_client
                .delete_user()
                .id(ada.id)
                .send()
                .await
                .unwrap_err()
        ),
        403
    );
    let admin = app.admin().await;
    admin
        .delete_user()
        .id(ada.id)
        .send()
        .await
        .expect("deleted");
    assert_eq!(
        status(admin.get_user().id(ada.id).send().await.unwrap_err()),
        404
    );
    assert_eq!(
        status(admin.delete_user().id(ada.id).send().await.unwrap_err()),
        404
    );
    assert_eq!(
        status(ada_client.get_my_profile().send().await.unwrap_err()),
        404,
        "not recreated by a later GET /me"
    );

    let mut conn = sqlx::PgConnection::connect(app.db.url()).await.unwrap();
    let (kind, payload): (String, Value) = sqlx::query_as("SELECT event_type, payload FROM outbox")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(kind, "users.user.deleted");
    assert_eq!(payload["data"]["user_id"], ada.id.to_string());
    let email: String = sqlx::query_scalar("SELECT email FROM profiles WHERE id = $1")
        .bind(ada.id)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(email, "", "the tombstone keeps no personal data");
}

#[tokio::test]
async fn with_auth_down_decisions_that_need_it_fail_fast_and_recover() {
    let mut app = TestApp::spawn().await;
    let (ada, ada_client) = app.customer("Ada").await;
    let (bob, bob_client) = app.customer("Bob").await;

    app.auth.stop().await;
    // What the token settles still works: keys are cached.
    assert_eq!(
        ada_client
            .get_my_profile()
            .send()
            .await
            .unwrap()
            .into_inner()
            .id,
        ada.id
    );
    for _ in 0..5 {
        let started = Instant::now();
        let err = bob_client.get_user().id(ada.id).send().await.unwrap_err();
        assert_eq!(status(err), 503);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "fails fast, not after a hang"
        );
    }

    app.auth.start().await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(
        status(bob_client.get_user().id(ada.id).send().await.unwrap_err()),
        403,
        "auth answers again"
    );
    assert_eq!(
        bob_client
            .get_user()
            .id(bob.id)
            .send()
            .await
            .unwrap()
            .into_inner()
            .name,
        "Bob"
    );
}
