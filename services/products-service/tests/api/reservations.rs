//! The checkout saga's reservations: all of an order's lines or none, once per event and
//! once per order, against the real database and cache; product reads show what is left.

use std::sync::Arc;

use products_service::adapters::postgres::PgCatalogue;
use products_service::adapters::redis_cache::RedisCatalogueCache;
use products_service::app::Catalogue;
use products_service::domain::ReservationLine;
use serde_json::Value;
use uuid::Uuid;

use crate::helpers::{TestApp, shared_redis_url};

/// The catalogue the orders consumer drives, over the test's database and cache.
async fn catalogue(app: &TestApp) -> Catalogue {
    let pool = sqlx::PgPool::connect(app.db.url()).await.unwrap();
    let redis = agora_kit::redis::pool(&shared_redis_url()).unwrap();
    Catalogue {
        store: Arc::new(PgCatalogue::new(pool)),
        cache: RedisCatalogueCache::new(
            redis,
            &app.config.cache_prefix,
            app.config.product_ttl,
            app.config.page_ttl,
        ),
    }
}

fn line(product_id: Uuid, quantity: i64) -> ReservationLine {
    ReservationLine {
        product_id,
        quantity,
    }
}

/// The saga's events in the outbox, oldest first: (type, data).
async fn answers(app: &TestApp) -> Vec<(String, Value)> {
    let pool = sqlx::PgPool::connect(app.db.url()).await.unwrap();
    sqlx::query_as::<_, (String, Value)>(
        "SELECT event_type, payload->'data' FROM outbox \
         WHERE event_type LIKE 'products.stock.re%' ORDER BY created_at, id",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn an_order_is_reserved_whole_and_reads_show_what_is_left() {
    let app = TestApp::spawn().await;
    let mug = app.create("mug", "Mug", 900, 5).await;
    let pen = app.create("pen", "Pen", 150, 3).await;
    // Read once, so that the cache holds the old stock.
    assert_eq!(app.product(mug.id).await.stock, 5);
    let c = catalogue(&app).await;
    let order = Uuid::now_v7();
    c.on_order_placed(Uuid::now_v7(), order, &[line(mug.id, 2), line(pen.id, 3)])
        .await
        .unwrap();
    assert_eq!(app.product(mug.id).await.stock, 3);
    assert_eq!(app.product(pen.id).await.stock, 0);
    let answers = answers(&app).await;
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].0, "products.stock.reserved");
    assert_eq!(answers[0].1["order_id"], order.to_string());
    assert_eq!(answers[0].1["lines"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn one_short_line_of_three_reserves_nothing_and_names_it() {
    let app = TestApp::spawn().await;
    let a = app.create("a", "A", 100, 10).await;
    let b = app.create("b", "B", 100, 1).await;
    let c_ = app.create("c", "C", 100, 10).await;
    let c = catalogue(&app).await;
    let order = Uuid::now_v7();
    c.on_order_placed(
        Uuid::now_v7(),
        order,
        &[line(a.id, 1), line(b.id, 2), line(c_.id, 1)],
    )
    .await
    .unwrap();
    for (p, stock) in [(a.id, 10), (b.id, 1), (c_.id, 10)] {
        assert_eq!(app.product(p).await.stock, stock);
    }
    let answers = answers(&app).await;
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].0, "products.stock.reservation_failed");
    assert_eq!(answers[0].1["reason"], "out_of_stock");
    assert_eq!(answers[0].1["product_ids"], serde_json::json!([b.id]));
}

#[tokio::test]
async fn an_unknown_product_reserves_nothing() {
    let app = TestApp::spawn().await;
    let a = app.create("a", "A", 100, 10).await;
    let c = catalogue(&app).await;
    let ghost = Uuid::now_v7();
    c.on_order_placed(
        Uuid::now_v7(),
        Uuid::now_v7(),
        &[line(a.id, 1), line(ghost, 1)],
    )
    .await
    .unwrap();
    assert_eq!(app.product(a.id).await.stock, 10);
    let answers = answers(&app).await;
    assert_eq!(answers[0].1["reason"], "unknown_product");
    assert_eq!(answers[0].1["product_ids"], serde_json::json!([ghost]));
}

#[tokio::test]
async fn the_same_placement_twice_reserves_once_and_a_repeated_one_is_answered_again() {
    let app = TestApp::spawn().await;
    let a = app.create("a", "A", 100, 10).await;
    let c = catalogue(&app).await;
    let (event, order) = (Uuid::now_v7(), Uuid::now_v7());
    // The same event delivered twice, at once and again later.
    let four = [line(a.id, 4)];
    let (x, y) = tokio::join!(
        c.on_order_placed(event, order, &four),
        c.on_order_placed(event, order, &four)
    );
    x.unwrap();
    y.unwrap();
    c.on_order_placed(event, order, &[line(a.id, 4)])
        .await
        .unwrap();
    assert_eq!(app.product(a.id).await.stock, 6);
    assert_eq!(
        answers(&app).await.len(),
        1,
        "a redelivery answers nothing new"
    );
    // The orders service placing the order again (another event): answered, not reserved.
    c.on_order_placed(Uuid::now_v7(), order, &[line(a.id, 4)])
        .await
        .unwrap();
    assert_eq!(app.product(a.id).await.stock, 6);
    let answers = answers(&app).await;
    let kinds: Vec<_> = answers.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        ["products.stock.reserved", "products.stock.reserved"]
    );
}

#[tokio::test]
async fn a_cancellation_gives_the_stock_back_once_and_one_before_the_placement_reserves_nothing() {
    let app = TestApp::spawn().await;
    let a = app.create("a", "A", 100, 10).await;
    let c = catalogue(&app).await;
    let order = Uuid::now_v7();
    c.on_order_placed(Uuid::now_v7(), order, &[line(a.id, 3)])
        .await
        .unwrap();
    let cancelled = Uuid::now_v7();
    c.on_order_cancelled(cancelled, order).await.unwrap();
    c.on_order_cancelled(cancelled, order).await.unwrap();
    c.on_order_cancelled(Uuid::now_v7(), order).await.unwrap();
    assert_eq!(app.product(a.id).await.stock, 10);
    let kinds: Vec<_> = answers(&app).await.into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        kinds,
        ["products.stock.reserved", "products.stock.released"]
    );

    // Cancelled first, placed after (the queue does not keep order): nothing is held.
    let late = Uuid::now_v7();
    c.on_order_cancelled(Uuid::now_v7(), late).await.unwrap();
    c.on_order_placed(Uuid::now_v7(), late, &[line(a.id, 3)])
        .await
        .unwrap();
    assert_eq!(app.product(a.id).await.stock, 10);
}

#[tokio::test]
async fn a_shipment_makes_the_reservation_final_and_a_later_cancellation_gives_nothing_back() {
    let app = TestApp::spawn().await;
    let a = app.create("a", "A", 100, 10).await;
    let c = catalogue(&app).await;
    let order = Uuid::now_v7();
    c.on_order_placed(Uuid::now_v7(), order, &[line(a.id, 3)])
        .await
        .unwrap();
    c.on_order_shipped(Uuid::now_v7(), order).await.unwrap();
    c.on_order_cancelled(Uuid::now_v7(), order).await.unwrap();
    assert_eq!(app.product(a.id).await.stock, 7);
}

#[tokio::test]
async fn orders_racing_for_the_last_units_never_take_stock_below_zero() {
    let app = TestApp::spawn().await;
    let a = app.create("a", "A", 100, 50).await;
    let b = app.create("b", "B", 100, 1000).await;
    let c = catalogue(&app).await;
    // 120 orders of one unit of `a`, half of them with `b` first: locks are taken in
    // product order, so none deadlocks.
    let placements = (0..120).map(|i| {
        let c = c.clone();
        let lines = if i % 2 == 0 {
            vec![line(a.id, 1), line(b.id, 1)]
        } else {
            vec![line(b.id, 1), line(a.id, 1)]
        };
        tokio::spawn(async move {
            c.on_order_placed(Uuid::now_v7(), Uuid::now_v7(), &lines)
                .await
        })
    });
    for p in placements.collect::<Vec<_>>() {
        p.await.unwrap().unwrap();
    }
    assert_eq!(app.product(a.id).await.stock, 0);
    assert_eq!(app.product(b.id).await.stock, 950);
    let answers = answers(&app).await;
    let reserved = answers
        .iter()
        .filter(|(k, _)| k == "products.stock.reserved")
        .count();
    assert_eq!((reserved, answers.len()), (50, 120));
}

#[tokio::test]
async fn an_order_without_lines_is_refused_as_malformed() {
    let app = TestApp::spawn().await;
    let c = catalogue(&app).await;
    let err = c
        .on_order_placed(Uuid::now_v7(), Uuid::now_v7(), &[])
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        products_service::app::CatalogueError::Validation(_)
    ));
}
