//! Charging: once per order, however often and however concurrently it is asked.

use payments_client::types::PaymentStatus;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{TestApp, charge, status};

#[tokio::test]
async fn an_approved_token_captures_the_order_once_and_emits_one_event() {
    let app = TestApp::spawn().await;
    let user = Uuid::now_v7();
    let order = Uuid::now_v7();
    let first = app
        .service()
        .create_payment()
        .body(charge(order, user, 4250, "tok_ok_visa"))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 201);
    let location = first.headers()["location"].to_str().unwrap().to_owned();
    let first = first.into_inner();
    assert_eq!(location, format!("/api/v1/payments/{}", first.id));
    assert_eq!(first.status, PaymentStatus::Captured);
    assert_eq!((first.order_id, first.user_id), (order, user));
    assert_eq!((first.amount, first.currency.as_str()), (4250, "EUR"));

    // Asked again (a retry after a lost answer), it answers the first payment.
    let again = app
        .service()
        .create_payment()
        .body(charge(order, user, 4250, "tok_ok_visa"))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(again, first);

    let events = app.outbox().await;
    assert_eq!(events.len(), 1, "{events:?}");
    let (kind, data) = &events[0];
    assert_eq!(kind, "payments.payment.captured");
    assert_eq!(data["data"]["payment_id"], json!(first.id));
    assert_eq!(data["data"]["order_id"], json!(order));
    assert_eq!(data["data"]["amount"], json!(4250));
}

#[tokio::test]
async fn thirty_concurrent_charges_of_one_order_make_one_payment_and_one_event() {
    let app = TestApp::spawn().await;
    let (user, order) = (Uuid::now_v7(), Uuid::now_v7());
    let service = app.service();
    let attempts = (0..30).map(|_| {
        let service = service.clone();
        async move {
            service
                .create_payment()
                .body(charge(order, user, 999, "tok_ok"))
                .send()
                .await
                .map(|r| r.into_inner().id)
        }
    });
    let ids: Vec<_> = futures_ids(attempts).await;
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM payments")
        .fetch_one(&app.pool().await)
        .await
        .unwrap();
    assert_eq!(rows, 1);
    assert_eq!(app.outbox().await.len(), 1);
}

/// Every attempt's payment id, each attempt required to succeed.
async fn futures_ids<F>(attempts: impl Iterator<Item = F>) -> Vec<Uuid>
where
    F: Future<Output = Result<Uuid, payments_client::Error<payments_client::types::Problem>>>
        + Send
        + 'static,
{
    let handles: Vec<_> = attempts.map(tokio::spawn).collect();
    let mut ids = Vec::new();
    for h in handles {
        ids.push(h.await.unwrap().expect("every attempt answers the payment"));
    }
    ids
}

#[tokio::test]
async fn a_declined_token_is_recorded_declined_and_a_second_token_does_not_capture_the_order() {
    let app = TestApp::spawn().await;
    let (user, order) = (Uuid::now_v7(), Uuid::now_v7());
    let declined = app
        .service()
        .create_payment()
        .body(charge(order, user, 100, "tok_decline_insufficient_funds"))
        .send()
        .await
        .unwrap();
    assert_eq!(declined.status(), 201);
    let declined = declined.into_inner();
    assert_eq!(declined.status, PaymentStatus::Declined);
    let again = app
        .service()
        .create_payment()
        .body(charge(order, user, 100, "tok_ok"))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        again, declined,
        "an order is charged once: its decline stands"
    );
    let kinds: Vec<_> = app.outbox().await.into_iter().map(|(k, _)| k).collect();
    assert_eq!(kinds, ["payments.payment.declined"]);
}

#[tokio::test]
async fn a_token_the_provider_does_not_know_is_422_and_records_nothing() {
    let app = TestApp::spawn().await;
    let (user, order) = (Uuid::now_v7(), Uuid::now_v7());
    let err = app
        .service()
        .create_payment()
        .body(charge(order, user, 100, "tok_unknown"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 422);
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM payments")
        .fetch_one(&app.pool().await)
        .await
        .unwrap();
    assert_eq!(rows, 0);
    assert!(app.outbox().await.is_empty());
    // The order can still be paid.
    let paid = app
        .service()
        .create_payment()
        .body(charge(order, user, 100, "tok_ok"))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(paid.status, PaymentStatus::Captured);
}

#[tokio::test]
async fn the_same_order_with_another_amount_currency_or_customer_is_422_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let (user, order) = (Uuid::now_v7(), Uuid::now_v7());
    let first = app
        .service()
        .create_payment()
        .body(charge(order, user, 500, "tok_ok"))
        .send()
        .await
        .unwrap()
        .into_inner();
    let mut in_usd = charge(order, user, 500, "tok_ok");
    in_usd.currency = "USD".parse().unwrap();
    for other in [
        charge(order, user, 501, "tok_ok"),
        charge(order, Uuid::now_v7(), 500, "tok_ok"),
        in_usd,
    ] {
        let err = app
            .service()
            .create_payment()
            .body(other)
            .send()
            .await
            .unwrap_err();
        assert_eq!(status(err), 422);
    }
    let (items, _) = list_all(&app).await;
    assert_eq!(items, [first]);
    assert_eq!(app.outbox().await.len(), 1);
}

async fn list_all(app: &TestApp) -> (Vec<payments_client::types::Payment>, i64) {
    let page = app
        .admin()
        .await
        .list_payments()
        .send()
        .await
        .unwrap()
        .into_inner();
    (page.items, page.total)
}

#[tokio::test]
async fn a_bad_charge_names_every_bad_field_and_records_nothing() {
    let app = TestApp::spawn().await;
    let url = format!("{}/api/v1/payments", app.base);
    let cases = [
        (
            json!({"order_id": Uuid::now_v7(), "user_id": Uuid::now_v7(), "amount": 1,
                   "currency": "XXX", "payment_token": "tok_ok"}),
            vec!["currency"],
        ),
        (
            json!({"order_id": Uuid::now_v7(), "user_id": Uuid::now_v7(),
                   "amount": 9_223_372_036_854_775_808_u64, "currency": "EUR", "payment_token": "tok_ok"}),
            vec!["amount"],
        ),
        (
            json!({"order_id": Uuid::now_v7(), "user_id": Uuid::now_v7(), "amount": -1,
                   "currency": "eur", "payment_token": "tok ok"}),
            vec!["amount", "currency", "payment_token"],
        ),
    ];
    for (body, fields) in cases {
        let res = app
            .http
            .post(&url)
            .bearer_auth(&app.service_token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{body}");
        let problem: serde_json::Value = res.json().await.unwrap();
        let mut named: Vec<_> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_owned())
            .collect();
        named.sort();
        named.dedup();
        assert_eq!(named, fields, "{problem}");
    }
    assert_eq!(list_all(&app).await.1, 0);
}
