//! Representative responses, success and each error shape, as reviewed snapshots.

use agora_testkit::responses::json_with_status;
use serde_json::{Value, json};

use crate::helpers::TestApp;

fn snapshot(name: &str, v: Value) {
    insta::assert_json_snapshot!(name, v, {
        ".id" => "[id]", ".product_id" => "[id]", ".created_at" => "[time]", ".updated_at" => "[time]",
        ".request_id" => "[request id]", ".instance" => "[path]", ".items[].id" => "[id]",
        ".items[].created_at" => "[time]", ".items[].updated_at" => "[time]"
    });
}

#[tokio::test]
async fn products_responses() {
    let app = TestApp::spawn().await;
    let token = app.auth.admin_token().await;
    let create = |sku: &str| {
        app.http
            .post(app.url("/api/v1/products"))
            .bearer_auth(&token)
            .json(&json!({ "sku": sku, "name": "Red mug", "description": "A red mug", "price": 1299, "currency": "EUR", "stock": 2 }))
            .send()
    };
    let created = json_with_status(create("mug-red").await.unwrap()).await;
    let id = created["id"].as_str().unwrap().to_owned();
    snapshot("product_created", created);
    snapshot(
        "product_conflict",
        json_with_status(create("MUG-RED").await.unwrap()).await,
    );
    snapshot(
        "product_list",
        json_with_status(
            app.http
                .get(app.url("/api/v1/products?q=mug"))
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    snapshot(
        "product_list_bad_filter",
        json_with_status(
            app.http
                .get(app.url("/api/v1/products?min_price=9&max_price=1"))
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    snapshot(
        "product_not_found",
        json_with_status(
            app.http
                .get(app.url(&format!("/api/v1/products/{}", uuid::Uuid::nil())))
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    let stale = app
        .http
        .patch(app.url(&format!("/api/v1/products/{id}")))
        .bearer_auth(&token)
        .header("if-match", "\"v0\"")
        .json(&json!({ "price": 999 }))
        .send()
        .await
        .unwrap();
    snapshot("product_precondition_failed", json_with_status(stale).await);
    let oversold = app
        .http
        .post(app.url(&format!("/api/v1/products/{id}/stock")))
        .bearer_auth(&token)
        .json(&json!({ "delta": -3, "reason": "order" }))
        .send()
        .await
        .unwrap();
    snapshot("stock_conflict", json_with_status(oversold).await);
}
