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
async fn two_hundred_checkouts_racing_for_fifty_units_confirm_exactly_fifty_and_the_stock_reconciles()
 {
    let shop = Shop::open_with(|c| c.saga_workers = 8).await;
    let mug = shop.product("Mug", 500, "EUR", 50).await;
    // 20 customers at once, each checking out 10 times in a row: 200 orders of one unit.
    let mut customers = Vec::new();
    for _ in 0..20 {
        customers.push(shop.customer_with(&[]).await.1);
    }
    let runs = customers.iter().map(|c| async {
        let mut ids = Vec::new();
        for _ in 0..10 {
            c.set_cart_item()
                .product_id(mug)
                .body(orders_client::types::CartItemUpdate {
                    quantity: 1.try_into().unwrap(),
                })
                .send()
                .await
                .unwrap();
            ids.push(shop.check_out(c, "tok_ok").await.id);
        }
        ids
    });
    let orders: Vec<_> = futures_util::future::join_all(runs)
        .await
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(orders.len(), 200);
    let mut confirmed = Vec::new();
    for id in &orders {
        let settled = shop.settled(*id).await;
        match settled.status {
            OrderStatus::Confirmed => confirmed.push(*id),
            OrderStatus::Cancelled => assert_eq!(
                settled.cancellation_reason,
                Some(CancellationReason::OutOfStock)
            ),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(confirmed.len(), 50);
    // Ship ten of them: their stock is gone for good.
    for id in &confirmed[..10] {
        shop.admin().ship_order().id(*id).send().await.unwrap();
    }
    let pool = sqlx::PgPool::connect(shop.products_db.url()).await.unwrap();
    let (available, reserved, shipped): (i64, i64, i64) = {
        let mut tries = 0;
        loop {
            let figures: (i64, i64, i64) = sqlx::query_as(
                "SELECT (SELECT stock FROM products WHERE id = $1), \
                   (SELECT coalesce(sum(l.quantity), 0)::bigint FROM reservation_lines l \
                      JOIN reservations r USING (order_id) WHERE r.state = 'reserved'), \
                   (SELECT coalesce(sum(l.quantity), 0)::bigint FROM reservation_lines l \
                      JOIN reservations r USING (order_id) WHERE r.state = 'committed')",
            )
            .bind(mug)
            .fetch_one(&pool)
            .await
            .unwrap();
            // The shipments reach products through the bus.
            if figures.2 == 10 || tries == 100 {
                break figures;
            }
            tries += 1;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    assert_eq!((available, reserved, shipped), (0, 40, 10));
    assert_eq!(
        available + reserved + shipped,
        50,
        "initial = available + reserved + shipped"
    );
    let captured: i64 =
        sqlx::query_scalar("SELECT count(*) FROM payments WHERE status = 'captured'")
            .fetch_one(&sqlx::PgPool::connect(shop.payments_db.url()).await.unwrap())
            .await
            .unwrap();
    assert_eq!(
        captured, 50,
        "one payment per confirmed order, none for the others"
    );
}
