//! Stock under concurrency.

use products_client::types;

use crate::helpers::{TestApp, status};

#[tokio::test]
async fn parallel_decrements_never_take_stock_below_zero() {
    let app = TestApp::spawn().await;
    let p = app.create("mug-1", "Mug", 900, 30).await;
    let take_one = || {
        app.admin
            .adjust_stock()
            .id(p.id)
            .body(
                types::StockAdjustment::builder()
                    .delta(-1_i64)
                    .reason("order"),
            )
            .send()
    };
    let results = futures_util::future::join_all((0..50).map(|_| take_one())).await;
    let sold = results.iter().filter(|r| r.is_ok()).count();
    let refused: Vec<u16> = results
        .into_iter()
        .filter_map(|r| r.err().map(status))
        .collect();
    assert_eq!(sold, 30);
    assert!(refused.iter().all(|s| *s == 409), "{refused:?}");
    let now = app.product(p.id).await;
    assert_eq!((now.stock, now.version), (0, 31));
}

#[tokio::test]
async fn a_decrement_below_zero_is_a_conflict_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let p = app.create("mug-1", "Mug", 900, 2).await;
    let err = app
        .admin
        .adjust_stock()
        .id(p.id)
        .body(
            types::StockAdjustment::builder()
                .delta(-3_i64)
                .reason("order"),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 409);
    let now = app.product(p.id).await;
    assert_eq!((now.stock, now.version), (2, 1));
    let missing = app
        .admin
        .adjust_stock()
        .id(uuid::Uuid::new_v4())
        .body(types::StockAdjustment::builder().delta(1_i64).reason("x"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(missing), 404);
}

#[tokio::test]
async fn stock_has_a_ceiling_that_no_adjustment_can_cross() {
    const MAX: u64 = 1_000_000_000_000;
    let app = TestApp::spawn().await;
    let over = app
        .admin
        .create_product()
        .body(
            types::NewProduct::builder()
                .sku("crate-1")
                .name("Crate")
                .description("A crate")
                .price(100_u64)
                .currency("EUR")
                .stock(MAX + 1),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(over), 422, "more than the catalogue holds");

    let full = app.create("crate-2", "Crate", 100, MAX).await;
    let err = app
        .admin
        .adjust_stock()
        .id(full.id)
        .body(
            types::StockAdjustment::builder()
                .delta(1_i64)
                .reason("delivery"),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 409);
    let now = app.product(full.id).await;
    assert_eq!((now.stock, now.version), (MAX as i64, 1), "unchanged");
    // Down from the ceiling is fine.
    app.admin
        .adjust_stock()
        .id(full.id)
        .body(
            types::StockAdjustment::builder()
                .delta(-1_000_000_000_i64)
                .reason("sale"),
        )
        .send()
        .await
        .unwrap();
}
