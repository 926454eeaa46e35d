//! Events in, e-mail out, and a record of it.

use std::sync::Arc;

use notifications_client::types;
use notifications_service::adapters::events::account_event;
use notifications_service::adapters::postgres::PgNotifications;
use notifications_service::adapters::smtp::SmtpMailer;
use notifications_service::app::Notifier;
use notifications_service::app::notify::AccountEvent;
use notifications_service::app::ports::Mailer as _;
use notifications_service::config::SmtpTls;

use crate::helpers::{Smtp, TestApp, eventually};

/// The use case's view of an event as the bus delivers it.
fn decoded(event_type: &str, data: &serde_json::Value) -> AccountEvent {
    account_event(event_type, data)
        .expect("the event's data fits its type")
        .expect("the event calls for an e-mail")
}

/// The use cases over the test's database, mailing through the SMTP server on `smtp_port`.
fn notifier(pool: sqlx::PgPool, smtp_port: u16) -> Notifier {
    Notifier {
        store: Arc::new(PgNotifications::new(pool)),
        mailer: Arc::new(mailer(smtp_port)),
    }
}

fn mailer(smtp_port: u16) -> SmtpMailer {
    SmtpMailer::new(
        "127.0.0.1",
        smtp_port,
        SmtpTls::None,
        "Agora <no-reply@agora.test>",
        None,
    )
    .unwrap()
}

#[tokio::test]
async fn a_registration_sends_a_welcome_mail_and_records_it() {
    let smtp = Smtp::start_on(Smtp::free_port(), tempfile::tempdir().unwrap());
    let app = TestApp::spawn(smtp.port).await;
    let ada = app.auth.customer("Ada Lovelace").await;
    eventually("the welcome notification sent", async || {
        app.recorded(ada.id).await == [("welcome".to_owned(), "sent".to_owned())]
    })
    .await;
    let mails = smtp.messages();
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].contains("Subject: Welcome to Agora, Ada Lovelace"),
        "{}",
        mails[0]
    );
    assert!(mails[0].contains(&ada.email));
}

#[tokio::test]
async fn a_lockout_and_a_password_change_send_security_alerts() {
    let smtp = Smtp::start_on(Smtp::free_port(), tempfile::tempdir().unwrap());
    let app = TestApp::spawn(smtp.port).await;
    let ada = app.auth.customer("Ada").await;
    let http = reqwest::Client::new();
    let res = http
        .post(format!("{}/api/v1/auth/password", app.auth.base))
        .bearer_auth(&ada.token)
        .json(&serde_json::json!({ "current_password": agora_testkit::auth::PASSWORD, "new_password": "quiet-harbour-lamp-77" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    for _ in 0..5 {
        http.post(format!("{}/api/v1/auth/login", app.auth.base))
            .json(&serde_json::json!({ "email": ada.email, "password": "wrong-password-123" }))
            .send()
            .await
            .unwrap();
    }
    let want = vec![
        ("account_locked".to_owned(), "sent".to_owned()),
        ("password_changed".to_owned(), "sent".to_owned()),
        ("welcome".to_owned(), "sent".to_owned()),
    ];
    let mut got = Vec::new();
    for _ in 0..400 {
        got = app.recorded(ada.id).await;
        got.sort();
        if got == want {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(got, want);
    assert_eq!(smtp.messages().len(), 3);
}

#[tokio::test]
async fn mail_that_could_not_be_sent_is_recorded_failed_and_retried() {
    let port = Smtp::free_port();
    let app = TestApp::spawn(port).await;
    let ada = app.auth.customer("Ada").await;
    eventually("the failure recorded", async || {
        app.recorded(ada.id).await == [("welcome".to_owned(), "failed".to_owned())]
    })
    .await;
    let smtp = Smtp::start_on(port, tempfile::tempdir().unwrap());
    eventually("the retry sent it", async || {
        app.recorded(ada.id).await == [("welcome".to_owned(), "sent".to_owned())]
    })
    .await;
    assert_eq!(smtp.messages().len(), 1);
}

#[tokio::test]
async fn the_same_event_twice_sends_one_mail() {
    let smtp = Smtp::start_on(Smtp::free_port(), tempfile::tempdir().unwrap());
    let app = TestApp::spawn(smtp.port).await;
    let pool = sqlx::PgPool::connect(app.db.url()).await.unwrap();
    let notifier = notifier(pool, smtp.port);
    let user = uuid::Uuid::now_v7();
    let data = serde_json::json!({ "user_id": user, "email": "bob@example.com", "name": "Bob", "roles": ["customer"], "registered_at": chrono::Utc::now() });
    let event = uuid::Uuid::now_v7();
    for _ in 0..2 {
        notifier
            .on_event(
                event,
                "auth.user.registered",
                decoded("auth.user.registered", &data),
            )
            .await
            .unwrap();
    }
    assert_eq!(app.recorded(user).await.len(), 1);
    assert_eq!(smtp.messages().len(), 1);
}

#[tokio::test]
async fn owners_list_their_notifications_and_readers_list_everyones() {
    let smtp = Smtp::start_on(Smtp::free_port(), tempfile::tempdir().unwrap());
    let app = TestApp::spawn(smtp.port).await;
    let ada = app.auth.customer("Ada").await;
    let bob = app.auth.customer("Bob").await;
    eventually("both welcomed", async || smtp.messages().len() == 2).await;

    let mine = app
        .client(&ada.token)
        .list_notifications()
        .user_id(ada.id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(mine.total, 1);
    assert_eq!(mine.items[0].template, types::Template::Welcome);
    assert_eq!(mine.items[0].status, types::DeliveryStatus::Sent);
    let theirs = app
        .client(&ada.token)
        .list_notifications()
        .user_id(bob.id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(theirs.status().map(|s| s.as_u16()), Some(403));
    let all = app
        .client(&app.auth.admin_token().await)
        .list_notifications()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(all.total, 2);
}

#[tokio::test]
async fn with_starttls_required_nothing_is_sent_to_a_server_that_does_not_offer_it() {
    // aiosmtpd here speaks plain SMTP only: the credentials and the mail must not go out.
    let smtp = Smtp::start_on(Smtp::free_port(), tempfile::tempdir().unwrap());
    let mailer = SmtpMailer::new(
        "127.0.0.1",
        smtp.port,
        SmtpTls::StartTls,
        "Agora <no-reply@agora.test>",
        Some(("agora".into(), "a secret".into())),
    )
    .unwrap();
    let sent = mailer
        .send("ada@example.com", "Hello", "Nothing to see")
        .await;
    assert!(sent.is_err(), "{sent:?}");
    assert!(smtp.messages().is_empty());
}

#[tokio::test]
async fn a_deleted_person_is_erased_from_what_was_sent_and_nothing_is_resent() {
    let smtp = Smtp::start_on(Smtp::free_port(), tempfile::tempdir().unwrap());
    let app = TestApp::spawn(smtp.port).await;
    let pool = sqlx::PgPool::connect(app.db.url()).await.unwrap();
    let notifier = notifier(pool.clone(), smtp.port);
    let user = uuid::Uuid::now_v7();
    let registered = serde_json::json!({ "user_id": user, "email": "bob@example.com", "name": "Bob Bobson", "roles": ["customer"], "registered_at": chrono::Utc::now() });
    let welcome = uuid::Uuid::now_v7();
    notifier
        .on_event(
            welcome,
            "auth.user.registered",
            decoded("auth.user.registered", &registered),
        )
        .await
        .unwrap();
    // A password-change alert that could not be sent yet (nothing listens on this port).
    let failing = Notifier {
        store: notifier.store.clone(),
        mailer: Arc::new(mailer(Smtp::free_port())),
    };
    let changed = serde_json::json!({ "user_id": user, "email": "bob@example.com", "changed_at": chrono::Utc::now() });
    let alert = uuid::Uuid::now_v7();
    assert!(
        failing
            .on_event(
                alert,
                "auth.password.changed",
                decoded("auth.password.changed", &changed)
            )
            .await
            .is_err()
    );
    let deleted = uuid::Uuid::now_v7();
    for _ in 0..2 {
        notifier.on_user_deleted(deleted, user).await.unwrap();
    }
    let kept: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT template, status, recipient, subject, body FROM notifications \
         WHERE user_id = $1 ORDER BY created_at",
    )
    .bind(user)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(kept.len(), 2, "the records stay");
    for (template, _, recipient, subject, body) in &kept {
        assert_eq!(
            (recipient.as_str(), subject.as_str(), body.as_str()),
            ("", "", ""),
            "{template} still holds personal data"
        );
    }
    // The failed alert's event comes back: there is nobody left to write to.
    notifier
        .on_event(
            alert,
            "auth.password.changed",
            decoded("auth.password.changed", &changed),
        )
        .await
        .unwrap();
    assert_eq!(
        smtp.messages().len(),
        1,
        "only the welcome mail was ever sent"
    );
}

#[tokio::test]
async fn a_deletion_published_by_users_erases_the_person_through_the_bus() {
    let smtp = Smtp::start_on(Smtp::free_port(), tempfile::tempdir().unwrap());
    let app = TestApp::spawn(smtp.port).await;
    let ada = app.auth.customer("Ada Lovelace").await;
    eventually("the welcome notification sent", async || {
        app.recorded(ada.id).await == [("welcome".to_owned(), "sent".to_owned())]
    })
    .await;
    // The users service's side of the bus: its outbox (its own migrations, applied to a
    // database of this test's) and its relay to the users topic under the test's prefix.
    let users_db = agora_testkit::TestDatabase::create("users_outbox").await;
    let users_pool = sqlx::PgPool::connect(users_db.url()).await.unwrap();
    let migrations =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/users");
    sqlx::migrate::Migrator::new(migrations)
        .await
        .unwrap()
        .run(&users_pool)
        .await
        .unwrap();
    let deleted = agora_events::UserDeleted {
        user_id: ada.id,
        deleted_at: chrono::Utc::now(),
    };
    let event = agora_kit::outbox::OutboxEvent::new(
        "users",
        agora_events::types::USERS_USER_DELETED,
        ada.id,
        deleted.deleted_at,
        &deleted,
    );
    let mut conn = users_pool.acquire().await.unwrap();
    agora_kit::outbox::enqueue(&mut conn, &event).await.unwrap();
    drop(conn);
    let bus = agora_bus::EventsConfig::with_prefix(app.prefix.clone())
        .bus()
        .await;
    let relay = agora_bus::OutboxRelay::new(users_pool, bus, "users");
    assert_eq!(relay.relay_once().await.unwrap(), 1);
    let pool = sqlx::PgPool::connect(app.db.url()).await.unwrap();
    eventually("the person erased", async || {
        let left: Vec<String> =
            sqlx::query_scalar("SELECT recipient FROM notifications WHERE user_id = $1")
                .bind(ada.id)
                .fetch_all(&pool)
                .await
                .unwrap();
        left == [String::new()]
    })
    .await;
}

#[tokio::test]
async fn an_order_e_mail_is_recorded_sent_once_and_listed_with_its_template() {
    use notifications_service::app::notify::OrderEvent;
    use notifications_service::domain::{CancellationReason, OrderLine, OrderSummary};

    let smtp = Smtp::start_on(Smtp::free_port(), tempfile::tempdir().unwrap());
    let app = TestApp::spawn(smtp.port).await;
    let ada = app.auth.customer("Ada").await;
    eventually("welcomed", async || smtp.messages().len() == 1).await;
    let pool = sqlx::PgPool::connect(app.db.url()).await.unwrap();
    let notifier = notifier(pool.clone(), smtp.port);
    let order = OrderSummary {
        order_id: uuid::Uuid::now_v7(),
        user_id: ada.id,
        email: "ada@example.com".into(),
        currency: "EUR".into(),
        total: 3_998,
        lines: vec![OrderLine {
            sku: "LAMP-1".into(),
            name: "Brass lamp".into(),
            quantity: 2,
            unit_price: 1_999,
        }],
    };
    let events = [
        (
            "orders.order.confirmed",
            OrderEvent::Confirmed(order.clone()),
        ),
        ("orders.order.shipped", OrderEvent::Shipped(order.clone())),
        (
            "orders.order.cancelled",
            OrderEvent::Cancelled {
                order,
                reason: CancellationReason::CustomerRequest,
                refunded: true,
            },
        ),
    ];
    for (event_type, event) in events {
        let id = uuid::Uuid::now_v7();
        for _ in 0..2 {
            notifier
                .on_order_event(id, event_type, event.clone())
                .await
                .unwrap();
        }
    }
    let messages = smtp.messages();
    assert_eq!(
        messages.len(),
        4,
        "one welcome and one mail per order event"
    );
    // The mail on the wire is MIME-encoded (the lines hold a "×"): read the recorded body.
    let (cancelled,): (String,) =
        sqlx::query_as("SELECT body FROM notifications WHERE template = 'order_cancelled'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(cancelled.contains("was cancelled because you asked us to cancel it."));
    assert!(cancelled.contains("2 × Brass lamp (LAMP-1) at 19.99 EUR = 39.98 EUR"));
    assert!(cancelled.contains("Your payment of 39.98 EUR has been refunded."));

    let mine = app
        .client(&ada.token)
        .list_notifications()
        .user_id(ada.id)
        .send()
        .await
        .unwrap()
        .into_inner();
    let mut templates: Vec<_> = mine.items.iter().map(|n| n.template).collect();
    templates.sort_by_key(|t| t.to_string());
    assert_eq!(
        templates,
        [
            types::Template::OrderCancelled,
            types::Template::OrderConfirmed,
            types::Template::OrderShipped,
            types::Template::Welcome,
        ]
    );
}

#[tokio::test]
async fn an_order_event_on_the_bus_sends_its_e_mail_once() {
    use agora_kit::outbox::{OutboxEvent, enqueue};

    let smtp = Smtp::start_on(Smtp::free_port(), tempfile::tempdir().unwrap());
    let app = TestApp::spawn(smtp.port).await;
    let ada = app.auth.customer("Ada").await;
    eventually("welcomed", async || smtp.messages().len() == 1).await;
    // The orders service's side: an outbox of its own, relayed to the orders topic.
    let orders_db = agora_testkit::TestDatabase::create("orders").await;
    let pool = sqlx::PgPool::connect(orders_db.url()).await.unwrap();
    sqlx::query(
        "CREATE TABLE outbox (id uuid PRIMARY KEY, aggregate_id uuid NOT NULL, \
         event_type text NOT NULL, payload jsonb NOT NULL, \
         created_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz)",
    )
    .execute(&pool)
    .await
    .unwrap();
    let order_id = uuid::Uuid::now_v7();
    let now = chrono::Utc::now();
    let confirmed = agora_events::OrderConfirmed {
        order_id,
        user_id: ada.id,
        email: ada.email.clone(),
        lines: vec![agora_events::OrderLine {
            product_id: uuid::Uuid::now_v7(),
            sku: "LAMP-1".into(),
            name: "Brass lamp".into(),
            quantity: std::num::NonZeroU64::new(2).unwrap(),
            unit_price: 1999,
        }],
        total: 3998,
        currency: "EUR".into(),
        payment_id: uuid::Uuid::now_v7(),
        confirmed_at: now,
    };
    let event = OutboxEvent::new(
        "orders",
        agora_events::types::ORDERS_ORDER_CONFIRMED,
        order_id,
        now,
        &confirmed,
    );
    let mut conn = pool.acquire().await.unwrap();
    enqueue(&mut conn, &event).await.unwrap();
    let bus = agora_bus::EventsConfig::with_prefix(app.prefix.clone())
        .bus()
        .await;
    let relay = agora_bus::OutboxRelay::new(pool.clone(), bus, "orders");
    assert_eq!(relay.relay_once().await.unwrap(), 1);
    eventually("the confirmation mailed", async || {
        smtp.messages().len() == 2
    })
    .await;
    let recorded = app.recorded(ada.id).await;
    assert_eq!(
        recorded,
        [
            ("welcome".to_owned(), "sent".to_owned()),
            ("order_confirmed".to_owned(), "sent".to_owned())
        ]
    );
    // The same event published again (at-least-once delivery) mails nothing more.
    sqlx::query("UPDATE outbox SET sent_at = NULL")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(relay.relay_once().await.unwrap(), 1);
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(smtp.messages().len(), 2);
}
