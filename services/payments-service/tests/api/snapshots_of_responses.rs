//! Representative responses, success and each error shape, as reviewed snapshots.

use agora_testkit::responses::json_with_status;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::TestApp;

fn snapshot(name: &str, v: Value) {
    insta::assert_json_snapshot!(name, v, {
        ".id" => "[id]", ".order_id" => "[id]", ".user_id" => "[id]",
        ".created_at" => "[time]", ".updated_at" => "[time]",
        ".request_id" => "[request id]", ".instance" => "[path]",
        ".items[].id" => "[id]", ".items[].order_id" => "[id]", ".items[].user_id" => "[id]",
        ".items[].created_at" => "[time]", ".items[].updated_at" => "[time]"
    });
}

#[tokio::test]
async fn payments_responses() {
    let app = TestApp::spawn().await;
    let url = |p: &str| format!("{}{p}", app.base);
    let customer = app.auth.customer("Ada").await;
    let charge = |token: &str| {
        json!({ "order_id": Uuid::now_v7(), "user_id": customer.id, "amount": 4250,
                "currency": "EUR", "payment_token": token })
    };
    let post = |body: Value, token: String| {
        let req = app.http.post(url("/api/v1/payments")).bearer_auth(token);
        async move { json_with_status(req.json(&body).send().await.unwrap()).await }
    };
    let captured = post(charge("tok_ok_visa"), app.service_token.clone()).await;
    snapshot("payment_captured", captured.clone());
    snapshot(
        "payment_declined",
        post(charge("tok_decline_card"), app.service_token.clone()).await,
    );
    snapshot(
        "payment_token_rejected",
        post(charge("tok_stolen"), app.service_token.clone()).await,
    );
    snapshot(
        "payment_unprocessable",
        post(
            json!({ "order_id": Uuid::now_v7(), "user_id": customer.id, "amount": 1,
                    "currency": "XXX", "payment_token": "tok_ok" }),
            app.service_token.clone(),
        )
        .await,
    );
    snapshot(
        "payment_by_customer_forbidden",
        post(charge("tok_ok"), customer.token.clone()).await,
    );
    let id = captured["id"].as_str().unwrap().to_owned();
    let refund = |token: String| {
        let req = app
            .http
            .post(url(&format!("/api/v1/payments/{id}/refund")))
            .bearer_auth(token);
        async move { json_with_status(req.send().await.unwrap()).await }
    };
    snapshot("payment_refunded", refund(app.service_token.clone()).await);
    snapshot(
        "payment_refund_conflict",
        refund(app.service_token.clone()).await,
    );
    snapshot(
        "payments_own_list",
        json_with_status(
            app.http
                .get(url("/api/v1/payments"))
                .bearer_auth(&customer.token)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
}
