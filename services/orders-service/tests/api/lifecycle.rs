//! An order's life through the saga: confirmed, or cancelled with its reason; cancelled
//! by its customer or an operator (refunded, stock back); shipped.

use orders_client::types::{CancellationReason, OrderStatus};
use uuid::Uuid;

use crate::helpers::{Shop, status};

#[tokio::test]
async fn an_order_with_stock_and_a_good_token_is_confirmed_charged_and_reserved() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 3)]).await;
    let order = shop.check_out(&ada, "tok_ok_visa").await;
    let settled = shop.settled(order.id).await;
    assert_eq!(settled.status, OrderStatus::Confirmed);
    assert!(settled.payment_id.is_some());
    assert_eq!(shop.stock(mug).await, 7);
    assert_eq!(
        shop.payments_of(order.id).await,
        [("captured".to_owned(), 2700)]
    );
}

#[tokio::test]
async fn one_line_of_three_out_of_stock_cancels_the_order_and_reserves_nothing() {
    let shop = Shop::open().await;
    let a = shop.product("A", 100, "EUR", 5).await;
    let b = shop.product("B", 100, "EUR", 1).await;
    let c = shop.product("C", 100, "EUR", 5).await;
    let (_, ada) = shop.customer_with(&[(a, 1), (b, 2), (c, 1)]).await;
    let order = shop.check_out(&ada, "tok_ok").await;
    let settled = shop.settled(order.id).await;
    assert_eq!(settled.status, OrderStatus::Cancelled);
    assert_eq!(
        settled.cancellation_reason,
        Some(CancellationReason::OutOfStock)
    );
    for (p, stock) in [(a, 5), (b, 1), (c, 5)] {
        assert_eq!(shop.stock(p).await, stock);
    }
    assert!(
        shop.payments_of(order.id).await.is_empty(),
        "nothing charged"
    );
}

#[tokio::test]
async fn a_declined_payment_cancels_the_order_and_gives_the_stock_back() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 4).await;
    let (_, ada) = shop.customer_with(&[(mug, 4)]).await;
    let order = shop.check_out(&ada, "tok_decline_card").await;
    let settled = shop.settled(order.id).await;
    assert_eq!(
        (settled.status, settled.cancellation_reason),
        (
            OrderStatus::Cancelled,
            Some(CancellationReason::PaymentDeclined)
        )
    );
    for _ in 0..100 {
        if shop.stock(mug).await == 4 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(shop.stock(mug).await, 4, "the reservation is released");
    assert_eq!(
        shop.payments_of(order.id).await,
        [("declined".to_owned(), 3600)]
    );
}

#[tokio::test]
async fn a_token_the_provider_does_not_know_cancels_the_order_as_declined() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 4).await;
    let (_, ada) = shop.customer_with(&[(mug, 1)]).await;
    let order = shop.check_out(&ada, "tok_stolen").await;
    let settled = shop.settled(order.id).await;
    assert_eq!(
        settled.cancellation_reason,
        Some(CancellationReason::PaymentDeclined)
    );
    assert!(shop.payments_of(order.id).await.is_empty());
}

#[tokio::test]
async fn a_confirmed_order_cancelled_by_its_customer_is_refunded_and_its_stock_released() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 2)]).await;
    let order = shop.check_out(&ada, "tok_ok").await;
    assert_eq!(shop.settled(order.id).await.status, OrderStatus::Confirmed);
    let res = ada.cancel_order().id(order.id).send().await.unwrap();
    assert_eq!(res.status(), 202);
    let cancelled = res.into_inner();
    assert_eq!(
        (cancelled.status, cancelled.cancellation_reason),
        (
            OrderStatus::Cancelled,
            Some(CancellationReason::CustomerRequest)
        )
    );
    for _ in 0..300 {
        let refunded = shop.payments_of(order.id).await == [("refunded".to_owned(), 1800)];
        if refunded && shop.stock(mug).await == 10 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        shop.payments_of(order.id).await,
        [("refunded".to_owned(), 1800)]
    );
    assert_eq!(shop.stock(mug).await, 10);
    let err = ada.cancel_order().id(order.id).send().await.unwrap_err();
    assert_eq!(status(err), 409, "already cancelled");
}

#[tokio::test]
async fn a_pending_order_cancelled_by_an_operator_says_so_and_keeps_no_money() {
    let shop = Shop::open_with(|c| c.saga_workers = 1).await;
    // Payments down: the order cannot get past its charge.
    let mut shop = shop;
    shop.payments.stop().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 1)]).await;
    let order = shop.check_out(&ada, "tok_ok").await;
    let cancelled = shop
        .admin()
        .cancel_order()
        .id(order.id)
        .send()
        .await
        .unwrap()
        .into_inner();
    // Cancelled at once, or as soon as payments answers the charge it may have been asked.
    shop.payments.start().await;
    let settled = shop.settled(cancelled.id).await;
    assert_eq!(
        (settled.status, settled.cancellation_reason),
        (
            OrderStatus::Cancelled,
            Some(CancellationReason::AdminRequest)
        )
    );
    // Products gives the stock back (or never held it, the cancellation having come
    // first), and any capture is refunded.
    for _ in 0..300 {
        let released = shop.reservation(order.id).await.as_deref() == Some("released");
        let payments = shop.payments_of(order.id).await;
        if released && payments.iter().all(|(s, _)| s != "captured") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(shop.stock(mug).await, 10);
    assert!(
        shop.payments_of(order.id)
            .await
            .iter()
            .all(|(s, _)| s != "captured"),
        "no money is kept for a cancelled order"
    );
}

#[tokio::test]
async fn only_a_confirmed_order_ships_and_a_shipped_one_is_not_cancelled() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (account, ada) = shop.customer_with(&[(mug, 1)]).await;
    let order = shop.check_out(&ada, "tok_ok").await;
    let err = ada.ship_order().id(order.id).send().await.unwrap_err();
    assert_eq!(status(err), 403, "a customer ships nothing");
    shop.settled(order.id).await;
    let shipped = shop
        .admin()
        .ship_order()
        .id(order.id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(shipped.status, OrderStatus::Shipped);
    let err = shop
        .admin()
        .ship_order()
        .id(order.id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 409);
    let err = ada.cancel_order().id(order.id).send().await.unwrap_err();
    assert_eq!(status(err), 409);
    assert_eq!(shop.stock(mug).await, 9, "shipped stock stays gone");
    let err = shop
        .admin()
        .ship_order()
        .id(Uuid::now_v7())
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 404);
    let _ = account;
}

#[tokio::test]
async fn customers_see_their_own_orders_and_orders_read_sees_all() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (ada_account, ada) = shop.customer_with(&[(mug, 1)]).await;
    let (bob_account, bob) = shop.customer_with(&[(mug, 1)]).await;
    let adas = shop.check_out(&ada, "tok_ok").await;
    let bobs = shop.check_out(&bob, "tok_ok").await;
    let err = ada.get_order().id(bobs.id).send().await.unwrap_err();
    assert_eq!(status(err), 403);
    let err = ada.cancel_order().id(bobs.id).send().await.unwrap_err();
    assert_eq!(status(err), 403);
    let mine = ada.list_orders().send().await.unwrap().into_inner();
    let ids: Vec<_> = mine.items.iter().map(|o| o.id).collect();
    assert_eq!(ids, [adas.id]);
    let err = ada
        .list_orders()
        .user_id(bob_account.id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 403);
    let own_by_name = ada
        .list_orders()
        .user_id(ada_account.id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(own_by_name.total, 1);
    let all = shop
        .admin()
        .list_orders()
        .send()
        .await
        .unwrap()
        .into_inner();
    let ids: Vec<_> = all.items.iter().map(|o| o.id).collect();
    assert_eq!(ids, [bobs.id, adas.id], "newest first");
    shop.settled(adas.id).await;
    shop.settled(bobs.id).await;
    let confirmed = shop
        .admin()
        .list_orders()
        .status(orders_client::types::OrderStatus::Confirmed)
        .user_id(bob_account.id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(confirmed.total, 1);
    let pending = shop
        .admin()
        .list_orders()
        .status(orders_client::types::OrderStatus::Pending)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(pending.total, 0);
}

#[tokio::test]
async fn an_order_cancelled_before_products_answers_is_cancelled_at_once_and_holds_no_stock() {
    let mut shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 2)]).await;
    shop.products_not_consuming().await;
    let order = shop.check_out(&ada, "tok_ok").await;
    let cancelled = ada
        .cancel_order()
        .id(order.id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (cancelled.status, cancelled.cancellation_reason),
        (
            OrderStatus::Cancelled,
            Some(CancellationReason::CustomerRequest)
        )
    );
    // Products takes up the placement and the cancellation, in whichever order SQS hands
    // them over: the stock ends where it started, and nothing was charged.
    shop.products_consuming().await;
    // Up to 40 s: see saga::with_orders_away_when_products_answers….
    for _ in 0..400 {
        if shop.reservation(order.id).await.as_deref() == Some("released") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        shop.reservation(order.id).await.as_deref(),
        Some("released")
    );
    assert_eq!(shop.stock(mug).await, 10);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(shop.payments_of(order.id).await.is_empty());
    let still = shop.admin().get_order().id(order.id).send().await.unwrap();
    assert_eq!(still.status, OrderStatus::Cancelled);
}

#[tokio::test]
async fn thirty_cancellations_at_once_cancel_once_refund_once_and_release_once() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 3)]).await;
    let order = shop.check_out(&ada, "tok_ok").await;
    assert_eq!(shop.settled(order.id).await.status, OrderStatus::Confirmed);
    let calls = (0..30).map(|_| {
        let ada = ada.clone();
        tokio::spawn(async move {
            match ada.cancel_order().id(order.id).send().await {
                Ok(r) => r.status().as_u16(),
                Err(e) => status(e),
            }
        })
    });
    let mut statuses = Vec::new();
    for c in calls.collect::<Vec<_>>() {
        statuses.push(c.await.unwrap());
    }
    statuses.sort();
    assert_eq!(
        statuses.iter().filter(|s| **s == 202).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 202 || *s == 409),
        "{statuses:?}"
    );
    for _ in 0..300 {
        if shop.payments_of(order.id).await == [("refunded".to_owned(), 2700)]
            && shop.stock(mug).await == 10
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        shop.payments_of(order.id).await,
        [("refunded".to_owned(), 2700)]
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(shop.stock(mug).await, 10, "released once, not thirty times");
    let cancellations: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox WHERE event_type = 'orders.order.cancelled' AND aggregate_id = $1",
    )
    .bind(order.id)
    .fetch_one(&shop.orders_pool)
    .await
    .unwrap();
    assert_eq!(cancellations, 1);
}
