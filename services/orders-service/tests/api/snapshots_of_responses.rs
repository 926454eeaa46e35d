//! Representative responses, success and each error shape, as reviewed snapshots.

use agora_testkit::responses::json_with_status;
use serde_json::{Value, json};

use crate::helpers::Shop;

fn snapshot(name: &str, v: Value) {
    insta::assert_json_snapshot!(name, v, {
        ".id" => "[id]", ".user_id" => "[id]",
        // Null until the order is charged: only an id is redacted.
        ".payment_id" => insta::dynamic_redaction(|value, _| {
            if value.is_nil() { value } else { "[id]".into() }
        }),
        ".created_at" => "[time]", ".updated_at" => "[time]",
        ".request_id" => "[request id]", ".instance" => "[path]",
        ".items[].product_id" => "[id]", ".items[].sku" => "[sku]",
        ".lines[].product_id" => "[id]", ".lines[].sku" => "[sku]"
    });
}

#[tokio::test]
async fn orders_responses() {
    let shop = Shop::open().await;
    let lamp = shop.product("Lamp", 1999, "EUR", 5).await;
    let (ada, _) = shop.customer_with(&[]).await;
    let (bob, _) = shop.customer_with(&[]).await;
    let url = |p: &str| format!("{}{p}", shop.orders_base);
    let http = &shop.http;
    snapshot(
        "cart",
        json_with_status(
            http.put(url(&format!("/api/v1/cart/items/{lamp}")))
                .bearer_auth(&ada.token)
                .json(&json!({ "quantity": 2 }))
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    let body = json!({
        "shipping_address": {"line1": "1 High Street", "city": "London", "postal_code": "SW1A 1AA", "country": "GB"},
        "payment_token": "tok_ok_visa"
    });
    snapshot(
        "checkout_without_key",
        json_with_status(
            http.post(url("/api/v1/orders"))
                .bearer_auth(&ada.token)
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    let placed = json_with_status(
        http.post(url("/api/v1/orders"))
            .bearer_auth(&ada.token)
            .header("idempotency-key", "snapshot-1")
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    snapshot("order_placed", placed.clone());
    let mut other = body.clone();
    other["payment_token"] = json!("tok_ok_other");
    snapshot(
        "checkout_key_reused",
        json_with_status(
            http.post(url("/api/v1/orders"))
                .bearer_auth(&ada.token)
                .header("idempotency-key", "snapshot-1")
                .json(&other)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    snapshot(
        "checkout_empty_cart",
        json_with_status(
            http.post(url("/api/v1/orders"))
                .bearer_auth(&ada.token)
                .header("idempotency-key", "snapshot-2")
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    let id: uuid::Uuid = placed["id"].as_str().unwrap().parse().unwrap();
    shop.settled(id).await;
    snapshot(
        "order_confirmed",
        json_with_status(
            http.get(url(&format!("/api/v1/orders/{id}")))
                .bearer_auth(&ada.token)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    snapshot(
        "order_of_another_forbidden",
        json_with_status(
            http.get(url(&format!("/api/v1/orders/{id}")))
                .bearer_auth(&bob.token)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    snapshot(
        "order_cancelled",
        json_with_status(
            http.post(url(&format!("/api/v1/orders/{id}/cancel")))
                .bearer_auth(&ada.token)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    snapshot(
        "ship_cancelled_conflict",
        json_with_status(
            http.post(url(&format!("/api/v1/orders/{id}/ship")))
                .bearer_auth(&shop.admin_token)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
}
