//! The cart: per customer, priced at the catalogue's current prices whenever it is read.

use orders_client::types;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{Shop, status};

#[tokio::test]
async fn a_cart_is_priced_by_the_catalogue_now_not_by_the_client() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let pen = shop.product("Pen", 150, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 2), (pen, 3)]).await;
    let cart = ada.get_cart().send().await.unwrap().into_inner();
    let lines: Vec<_> = cart
        .items
        .iter()
        .map(|i| (i.product_id, i.quantity.get(), i.unit_price, i.line_total))
        .collect();
    assert_eq!(lines, [(mug, 2, 900, 1800), (pen, 3, 150, 450)]);
    assert_eq!(
        (cart.total, cart.currency.as_deref()),
        (Some(2250), Some("EUR"))
    );

    // The catalogue's price changes: the cart follows.
    let res = shop
        .http
        .patch(format!("{}/api/v1/products/{mug}", shop.products.base))
        .bearer_auth(&shop.admin_token)
        .json(&json!({ "price": 1000 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cart = ada.get_cart().send().await.unwrap().into_inner();
    assert_eq!(cart.total, Some(2450));

    // A quantity replaces the line's; a client's own price is no field at all.
    let raw = shop
        .http
        .put(format!("{}/api/v1/cart/items/{mug}", shop.orders_base))
        .bearer_auth(&shop.auth.customer("Bob").await.token)
        .json(&json!({ "quantity": 1, "unit_price": 1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 422, "unknown fields are refused");
}

#[tokio::test]
async fn carts_are_their_owners_and_lines_come_and_go() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 2)]).await;
    let (_, bob) = shop.customer_with(&[]).await;
    let empty = bob.get_cart().send().await.unwrap().into_inner();
    assert!(empty.items.is_empty());
    assert_eq!((empty.total, empty.currency), (Some(0), None));

    let cart = ada
        .set_cart_item()
        .product_id(mug)
        .body(types::CartItemUpdate {
            quantity: 5.try_into().unwrap(),
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(cart.items[0].quantity.get(), 5);
    let err = bob
        .remove_cart_item()
        .product_id(mug)
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 404, "not in Bob's cart");
    let cart = ada
        .remove_cart_item()
        .product_id(mug)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(cart.items.is_empty());
    ada.set_cart_item()
        .product_id(mug)
        .body(types::CartItemUpdate {
            quantity: 1.try_into().unwrap(),
        })
        .send()
        .await
        .unwrap();
    let res = ada.clear_cart().send().await.unwrap();
    assert_eq!(res.status(), 204);
    assert!(ada.get_cart().send().await.unwrap().items.is_empty());
}

#[tokio::test]
async fn unknown_products_are_404_and_quantities_out_of_range_422() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (account, ada) = shop.customer_with(&[]).await;
    let err = ada
        .set_cart_item()
        .product_id(Uuid::now_v7())
        .body(types::CartItemUpdate {
            quantity: 1.try_into().unwrap(),
        })
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 404);
    for quantity in [json!(0), json!(100), json!(-1), json!("2")] {
        let res = shop
            .http
            .put(format!("{}/api/v1/cart/items/{mug}", shop.orders_base))
            .bearer_auth(&account.token)
            .json(&json!({ "quantity": quantity }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{quantity}");
    }
    assert!(ada.get_cart().send().await.unwrap().items.is_empty());
}

#[tokio::test]
async fn a_deleted_product_leaves_the_cart() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let pen = shop.product("Pen", 150, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 1), (pen, 1)]).await;
    let res = shop
        .http
        .delete(format!("{}/api/v1/products/{mug}", shop.products.base))
        .bearer_auth(&shop.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let cart = ada.get_cart().send().await.unwrap().into_inner();
    let ids: Vec<_> = cart.items.iter().map(|i| i.product_id).collect();
    assert_eq!(ids, [pen]);
}

#[tokio::test]
async fn a_cart_holds_fifty_products_at_most() {
    let shop = Shop::open().await;
    let (account, ada) = shop.customer_with(&[]).await;
    let mut last = Uuid::nil();
    for i in 0..51 {
        last = shop.product(&format!("P{i}"), 100, "EUR", 10).await;
        if i < 50 {
            ada.set_cart_item()
                .product_id(last)
                .body(types::CartItemUpdate {
                    quantity: 1.try_into().unwrap(),
                })
                .send()
                .await
                .unwrap();
        }
    }
    let res = shop
        .http
        .put(format!("{}/api/v1/cart/items/{last}", shop.orders_base))
        .bearer_auth(&account.token)
        .json(&json!({ "quantity": 1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(ada.get_cart().send().await.unwrap().items.len(), 50);
}

#[tokio::test]
async fn a_cart_without_a_token_is_401() {
    let shop = Shop::open().await;
    let res = shop
        .http
        .get(format!("{}/api/v1/cart", shop.orders_base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}
