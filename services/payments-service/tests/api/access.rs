//! Who may charge, and who sees which payments.

use uuid::Uuid;

use crate::helpers::{TestApp, charge, status};

#[tokio::test]
async fn only_a_service_token_holding_payments_charge_creates_a_payment() {
    let app = TestApp::spawn().await;
    let customer = app.auth.customer("Ada").await;
    let admin = app.auth.admin_token().await;
    for (who, token) in [
        ("a customer", customer.token.as_str()),
        ("an admin", &admin),
    ] {
        let err = app
            .client(token)
            .create_payment()
            .body(charge(Uuid::now_v7(), customer.id, 1, "tok_ok"))
            .send()
            .await
            .unwrap_err();
        assert_eq!(status(err), 403, "{who}");
    }
    let res = app
        .http
        .post(format!("{}/api/v1/payments", app.base))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        401,
        "no token is 401 before the body is looked at"
    );
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM payments")
        .fetch_one(&app.pool().await)
        .await
        .unwrap();
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn customers_see_their_own_payments_and_payments_read_sees_all() {
    let app = TestApp::spawn().await;
    let ada = app.auth.customer("Ada").await;
    let bob = app.auth.customer("Bob").await;
    let adas: Vec<_> = [
        app.charge(ada.id, 100, "tok_ok").await.unwrap(),
        app.charge(ada.id, 200, "tok_decline").await.unwrap(),
    ]
    .into();
    let bobs = app.charge(bob.id, 300, "tok_ok").await.unwrap();

    let mine = app
        .client(&ada.token)
        .list_payments()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(mine.total, 2);
    let ids: Vec<_> = mine.items.iter().map(|p| p.id).collect();
    assert_eq!(ids, [adas[1].id, adas[0].id], "newest first");

    let err = app
        .client(&ada.token)
        .list_payments()
        .user_id(bob.id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 403);
    let err = app
        .client(&ada.token)
        .get_payment()
        .id(bobs.id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 404, "another's payment is not found");
    let own = app
        .client(&ada.token)
        .get_payment()
        .id(adas[0].id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(own, adas[0]);

    let admin = app.admin().await;
    let all = admin.list_payments().send().await.unwrap().into_inner();
    assert_eq!(all.total, 3);
    let by_order = admin
        .list_payments()
        .order_id(bobs.order_id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(by_order.items, std::slice::from_ref(&bobs));
    let bobs_all = admin
        .list_payments()
        .user_id(bob.id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(bobs_all.items, [bobs]);
    let page = admin
        .list_payments()
        .page(2)
        .per_page(2)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!((page.items.len(), page.total), (1, 3));
    let past = admin
        .list_payments()
        .page(9)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!((past.items.len(), past.total), (0, 3));
}
