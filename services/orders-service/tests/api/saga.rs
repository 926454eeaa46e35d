//! The saga when its parties fail: payments down while an order is charged, products'
//! consumer away for a while, racing checkouts for the last units.

use std::time::Duration;

use orders_client::types::{CancellationReason, OrderStatus};

use crate::helpers::Shop;

#[tokio::test]
async fn with_payments_down_the_charge_is_retried_until_it_answers_and_the_order_settles() {
    let mut shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 1)]).await;
    shop.payments.stop().await;
    let order = shop.check_out(&ada, "tok_ok").await;
    // Reserved, then charged in vain for a while: still pending.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let pending = shop.admin().get_order().id(order.id).send().await.unwrap();
    assert_eq!(pending.status, OrderStatus::Pending);
    assert_eq!(shop.stock(mug).await, 9, "the stock is held meanwhile");
    shop.payments.start().await;
    let settled = shop.settled(order.id).await;
    assert_eq!(settled.status, OrderStatus::Confirmed);
    assert_eq!(shop.payments_of(order.id).await.len(), 1, "charged once");
}

#[tokio::test]
async fn with_products_away_the_order_waits_and_settles_when_it_returns() {
    let mut shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 2)]).await;
    // Priced while products is up; placed, then products goes away before it reserves.
    let order = shop.check_out(&ada, "tok_ok").await;
    shop.products.stop().await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        shop.admin()
            .get_order()
            .id(order.id)
            .send()
            .await
            .unwrap()
            .status,
        OrderStatus::Pending
    );
    shop.products.start().await;
    let settled = shop.settled(order.id).await;
    assert_eq!(settled.status, OrderStatus::Confirmed);
    assert_eq!(shop.stock(mug).await, 8, "reserved once");
}

#[tokio::test]
async fn many_checkouts_racing_for_few_units_confirm_exactly_the_stock() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 500, "EUR", 10).await;
    let mut customers = Vec::new();
    for _ in 0..30 {
        customers.push(shop.customer_with(&[(mug, 1)]).await.1);
    }
    let placed = customers.iter().map(|c| shop.check_out(c, "tok_ok"));
    let orders = futures_util::future::join_all(placed).await;
    let mut confirmed = 0;
    for o in &orders {
        let settled = shop.settled(o.id).await;
        match settled.status {
            OrderStatus::Confirmed => confirmed += 1,
            OrderStatus::Cancelled => assert_eq!(
                settled.cancellation_reason,
                Some(CancellationReason::OutOfStock)
            ),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(confirmed, 10);
    assert_eq!(shop.stock(mug).await, 0);
}
