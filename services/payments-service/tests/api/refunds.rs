//! Refunds: only what was captured, once.

use payments_client::types::PaymentStatus;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{TestApp, status};

#[tokio::test]
async fn a_captured_payment_is_refunded_once_with_one_event() {
    let app = TestApp::spawn().await;
    let p = app.charge(Uuid::now_v7(), 1999, "tok_ok").await.unwrap();
    let refunded = app
        .service()
        .refund_payment()
        .id(p.id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(refunded.status, PaymentStatus::Refunded);
    assert_eq!((refunded.id, refunded.amount), (p.id, p.amount));
    let err = app
        .service()
        .refund_payment()
        .id(p.id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 409, "a refunded payment is not refunded again");
    let events = app.outbox().await;
    let kinds: Vec<_> = events.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        ["payments.payment.captured", "payments.payment.refunded"]
    );
    assert_eq!(events[1].1["data"]["amount"], json!(1999));
    // The charge asked again still answers the (now refunded) payment and charges nothing.
    let again = app
        .service()
        .create_payment()
        .body(crate::helpers::charge(
            p.order_id, p.user_id, 1999, "tok_ok",
        ))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(again.status, PaymentStatus::Refunded);
    assert_eq!(app.outbox().await.len(), 2);
}

#[tokio::test]
async fn thirty_concurrent_refunds_refund_once() {
    let app = TestApp::spawn().await;
    let p = app.charge(Uuid::now_v7(), 700, "tok_ok").await.unwrap();
    let service = app.service();
    let handles: Vec<_> = (0..30)
        .map(|_| {
            let service = service.clone();
            tokio::spawn(async move {
                match service.refund_payment().id(p.id).send().await {
                    Ok(r) => {
                        assert_eq!(r.status, PaymentStatus::Refunded);
                        200
                    }
                    Err(e) => status(e),
                }
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for h in handles {
        statuses.push(h.await.unwrap());
    }
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 409),
        "{statuses:?}"
    );
    assert!(statuses.contains(&200));
    let refunds = app
        .outbox()
        .await
        .into_iter()
        .filter(|(k, _)| k == "payments.payment.refunded")
        .count();
    assert_eq!(refunds, 1);
}

#[tokio::test]
async fn a_declined_or_unknown_payment_is_not_refunded() {
    let app = TestApp::spawn().await;
    let declined = app
        .charge(Uuid::now_v7(), 700, "tok_decline")
        .await
        .unwrap();
    let err = app
        .service()
        .refund_payment()
        .id(declined.id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 409);
    let err = app
        .service()
        .refund_payment()
        .id(Uuid::now_v7())
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 404);
    let kinds: Vec<_> = app.outbox().await.into_iter().map(|(k, _)| k).collect();
    assert_eq!(kinds, ["payments.payment.declined"]);
}

#[tokio::test]
async fn an_admin_with_payments_write_refunds_and_a_customer_cannot() {
    let app = TestApp::spawn().await;
    let customer = app.auth.customer("Ada").await;
    let p = app.charge(customer.id, 700, "tok_ok").await.unwrap();
    let err = app
        .client(&customer.token)
        .refund_payment()
        .id(p.id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 403, "not even the payment's owner refunds it");
    let refunded = app
        .admin()
        .await
        .refund_payment()
        .id(p.id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(refunded.status, PaymentStatus::Refunded);
}
