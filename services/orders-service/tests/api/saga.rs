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
async fn the_oldest_pending_order_is_a_gauge_the_alerts_watch() {
    let mut shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 1)]).await;
    shop.payments.stop().await;
    let order = shop.check_out(&ada, "tok_ok").await;
    let metrics = shop.orders.metrics_url().expect("orders runs");
    let gauge = || async {
        let text = agora_testkit::metrics::scrape(&shop.http, &metrics).await;
        agora_testkit::metrics::sum(
            &text,
            "orders_pending_oldest_age_seconds",
            &[("service", "orders")],
        )
    };
    let mut age = 0.0;
    for _ in 0..150 {
        age = gauge().await;
        if age > 0.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(age > 0.0, "a pending order shows its age: {age}");
    shop.payments.start().await;
    shop.settled(order.id).await;
    for _ in 0..150 {
        age = gauge().await;
        if age == 0.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(age, 0.0, "nothing pending, nothing old");
}

#[tokio::test]
async fn with_products_away_the_order_waits_and_settles_when_it_returns() {
    let mut shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 2)]).await;
    // Products' consumer away (its queue filling), then products down altogether.
    shop.products_not_consuming().await;
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
    shop.products_consuming().await;
    let settled = shop.settled(order.id).await;
    assert_eq!(settled.status, OrderStatus::Confirmed);
    assert_eq!(shop.stock(mug).await, 8, "reserved once");
}

#[tokio::test]
async fn with_orders_away_when_products_answers_the_order_settles_when_it_returns() {
    let mut shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 1)]).await;
    // The placement waits in products' queue until orders is down.
    shop.products_not_consuming().await;
    let order = shop.check_out(&ada, "tok_ok").await;
    // Orders goes away once its placement is out.
    shop.orders_outbox_sent().await;
    shop.orders.stop().await;
    shop.products_consuming().await;
    // Products reserves now; its answer waits in the orders queue. (Up to 40 s: a long
    // poll the stopped products instance left open at the endpoint may have taken the
    // placement, which comes back after the queue's 30 s visibility timeout.)
    for _ in 0..400 {
        if shop.reservation(order.id).await.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        shop.reservation(order.id).await.as_deref(),
        Some("reserved")
    );
    assert_eq!(
        shop.stage(order.id).await,
        "placed",
        "orders has not heard yet"
    );
    shop.orders.start().await;
    assert_eq!(shop.settled(order.id).await.status, OrderStatus::Confirmed);
    assert_eq!(shop.stock(mug).await, 9);
}

#[tokio::test]
async fn an_unanswered_placement_is_published_again_and_reserved_once() {
    use orders_service::adapters::catalogue::ProductsCatalogue;
    use orders_service::adapters::payments::PaymentsClient;
    use orders_service::adapters::postgres::PgOrders;
    use orders_service::app::Orders;

    let mut shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 3)]).await;
    shop.products_not_consuming().await;
    let order = shop.check_out(&ada, "tok_ok").await;
    let pool = shop.orders_pool.clone();
    // The saga's own use case, as a worker twelve seconds on would run it: products has not
    // answered, so the placement goes out again.
    let config = &shop.orders.config;
    let credentials = std::sync::Arc::new(
        auth_access::ClientCredentials::new(
            &config.kit.auth_url,
            &config.client_id,
            &config.client_secret,
            None,
            Duration::from_secs(2),
        )
        .unwrap(),
    );
    let saga = Orders {
        store: std::sync::Arc::new(PgOrders::new(pool.clone())),
        catalogue: std::sync::Arc::new(ProductsCatalogue::new(
            &config.products_url,
            reqwest::Client::new(),
        )),
        payments: std::sync::Arc::new(PaymentsClient::new(
            &config.payments_url,
            reqwest::Client::new(),
            credentials,
        )),
    };
    let later = chrono::Utc::now() + chrono::Duration::seconds(12);
    while saga.work_once(later).await.unwrap() {}
    let placements: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox WHERE event_type = 'orders.order.placed' AND aggregate_id = $1",
    )
    .bind(order.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(placements, 2, "published again");
    // Products returns to two placements of one order: it reserves once.
    shop.products_consuming().await;
    assert_eq!(shop.settled(order.id).await.status, OrderStatus::Confirmed);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(shop.stock(mug).await, 7);
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
    let pool = shop.products_pool.clone();
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
            .fetch_one(&shop.payments_pool)
            .await
            .unwrap();
    assert_eq!(
        captured, 50,
        "one payment per confirmed order, none for the others"
    );
}
