//! Checkout: the cart becomes a pending order at the prices of the moment, once per
//! Idempotency-Key.

use orders_client::types;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{Shop, checkout, status};

#[tokio::test]
async fn a_checkout_places_a_pending_order_at_the_prices_of_the_moment_and_empties_the_cart() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (account, ada) = shop.customer_with(&[(mug, 2)]).await;
    let res = ada
        .place_order()
        .idempotency_key("first-checkout")
        .body(checkout("tok_ok_visa"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let order = res.into_inner();
    assert_eq!(location, format!("/api/v1/orders/{}", order.id));
    assert_eq!(order.status, types::OrderStatus::Pending);
    assert_eq!(
        (order.user_id, order.total, order.currency.as_str()),
        (account.id, 1800, "EUR")
    );
    assert_eq!(order.lines[0].unit_price, 900);
    assert!(ada.get_cart().send().await.unwrap().items.is_empty());
    assert_eq!(order.shipping_address.city, "London");
    assert_eq!(order.payment_id, None);
}

#[tokio::test]
async fn without_a_key_it_is_400_with_an_empty_cart_409_and_a_bad_address_422() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (account, ada) = shop.customer_with(&[(mug, 1)]).await;
    let url = format!("{}/api/v1/orders", shop.orders_base);
    let body = json!({
        "shipping_address": {"line1": "1 High Street", "city": "London", "postal_code": "SW1A 1AA", "country": "GB"},
        "payment_token": "tok_ok"
    });
    let no_key = shop
        .http
        .post(&url)
        .bearer_auth(&account.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(no_key.status(), 400);
    for bad in [
        json!({"shipping_address": {"line1": " ", "city": "London", "postal_code": "X", "country": "GB"}, "payment_token": "tok_ok"}),
        json!({"shipping_address": {"line1": "1", "city": "London", "postal_code": "X", "country": "gb"}, "payment_token": "tok_ok"}),
        json!({"shipping_address": {"line1": "1", "city": "London", "postal_code": "X", "country": "GB"}, "payment_token": "tok ok"}),
    ] {
        let res = shop
            .http
            .post(&url)
            .bearer_auth(&account.token)
            .header("idempotency-key", Uuid::new_v4().to_string())
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{bad}");
    }
    assert_eq!(
        ada.get_cart().send().await.unwrap().items.len(),
        1,
        "nothing changed"
    );
    let (_, bob) = shop.customer_with(&[]).await;
    let err = bob
        .place_order()
        .idempotency_key("k")
        .body(checkout("tok_ok"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 409, "an empty cart");
    let none = shop
        .admin()
        .list_orders()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(none.total, 0);
}

#[tokio::test]
async fn the_same_key_answers_the_same_order_and_with_another_body_is_422() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 1)]).await;
    let place = |token: &str| {
        ada.place_order()
            .idempotency_key("key-1")
            .body(checkout(token))
            .send()
    };
    let first = place("tok_ok").await.unwrap().into_inner();
    // The cart is empty now, yet the same call answers the same order again.
    let again = place("tok_ok").await.unwrap().into_inner();
    assert_eq!(again.id, first.id);
    let err = place("tok_ok_other").await.unwrap_err();
    assert_eq!(status(err), 422);
    // Keys are per customer: another's same key is a checkout of its own.
    let (_, bob) = shop.customer_with(&[(mug, 1)]).await;
    let bobs = bob
        .place_order()
        .idempotency_key("key-1")
        .body(checkout("tok_ok"))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_ne!(bobs.id, first.id);
    assert_eq!(shop.admin().list_orders().send().await.unwrap().total, 2);
}

#[tokio::test]
async fn the_same_key_sent_thirty_times_at_once_places_one_order() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 100).await;
    let (_, ada) = shop.customer_with(&[(mug, 1)]).await;
    let calls = (0..30).map(|_| {
        let ada = ada.clone();
        tokio::spawn(async move {
            ada.place_order()
                .idempotency_key("same")
                .body(checkout("tok_ok"))
                .send()
                .await
                .map(|r| r.into_inner().id)
                .map_err(status)
        })
    });
    let mut ids = Vec::new();
    for call in calls.collect::<Vec<_>>() {
        match call.await.unwrap() {
            Ok(id) => ids.push(id),
            Err(s) => assert_eq!(s, 409, "a call while the first runs"),
        }
    }
    assert!(!ids.is_empty());
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(shop.admin().list_orders().send().await.unwrap().total, 1);
}

#[tokio::test]
async fn a_cart_in_two_currencies_is_422_and_a_product_gone_meanwhile_409() {
    let shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let pen = shop.product("Pen", 150, "USD", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 1), (pen, 1)]).await;
    let err = ada
        .place_order()
        .idempotency_key("k1")
        .body(checkout("tok_ok"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 422);
    let res = shop
        .http
        .delete(format!("{}/api/v1/products/{pen}", shop.products.base))
        .bearer_auth(&shop.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let err = ada
        .place_order()
        .idempotency_key("k1")
        .body(checkout("tok_ok"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 409, "the cart changed: the pen is gone");
    // The key was not spent on the failures: the same key now places the order.
    let order = ada
        .place_order()
        .idempotency_key("k1")
        .body(checkout("tok_ok"))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(order.lines.len(), 1);
}

#[tokio::test]
async fn a_call_whose_key_was_taken_over_places_nothing() {
    use orders_service::adapters::postgres::PgOrders;
    use orders_service::app::ports::{CartLine, KeyClaim, NewOrder, OrderStore, StoreError};
    use orders_service::domain::{Address, Line};

    let shop = Shop::open().await;
    let store = PgOrders::new(shop.orders_pool.clone());
    let (user, key) = (Uuid::now_v7(), "slow-call");
    let stale = std::time::Duration::ZERO;
    let KeyClaim::Fresh(first) = store.claim_key(user, key, "fp", stale).await.unwrap() else {
        panic!("a new key is fresh");
    };
    // The first call is taken for dead; a retry takes the claim over.
    let KeyClaim::Fresh(second) = store.claim_key(user, key, "fp", stale).await.unwrap() else {
        panic!("a stale claim is taken over");
    };
    assert_ne!(first, second);
    let order = |id| NewOrder {
        id,
        user_id: user,
        email: "ada@example.com".into(),
        lines: vec![Line {
            product_id: Uuid::now_v7(),
            sku: "mug".into(),
            name: "Mug".into(),
            quantity: 1,
            unit_price: 100,
        }],
        total: 100,
        currency: "EUR".into(),
        shipping_address: Address {
            line1: "1 High Street".into(),
            line2: None,
            city: "London".into(),
            postal_code: "SW1A 1AA".into(),
            country: "GB".into(),
        },
        payment_token: "tok_ok".into(),
    };
    let taken: [CartLine; 0] = [];
    let now = chrono::Utc::now();
    // The first call, alive after all, finishes late: it places nothing and frees nothing.
    let late = store
        .place(key, first, &order(Uuid::now_v7()), &taken, now)
        .await;
    assert!(matches!(late, Err(StoreError::KeyTakenOver)), "{late:?}");
    store.release_key(user, key, first).await.unwrap();
    let placed = store
        .place(key, second, &order(Uuid::now_v7()), &taken, now)
        .await
        .unwrap();
    assert_eq!(
        store.claim_key(user, key, "fp", stale).await.unwrap(),
        KeyClaim::Replay(placed.id)
    );
    let (all, total) = store
        .list(Default::default(), agora_values::Paging::new(None, None))
        .await
        .unwrap();
    assert_eq!((all.len(), total), (1, 1));
}

#[tokio::test]
async fn with_the_catalogue_down_cart_and_checkout_are_503_and_the_key_is_not_spent() {
    let mut shop = Shop::open().await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (_, ada) = shop.customer_with(&[(mug, 1)]).await;
    shop.products.stop().await;
    let err = ada.get_cart().send().await.unwrap_err();
    assert_eq!(status(err), 503);
    let err = ada
        .place_order()
        .idempotency_key("while-down")
        .body(checkout("tok_ok"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 503);
    assert_eq!(shop.admin().list_orders().send().await.unwrap().total, 0);
    shop.products.start().await;
    let order = ada
        .place_order()
        .idempotency_key("while-down")
        .body(checkout("tok_ok"))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        order.lines.len(),
        1,
        "the same key places the order once products is back"
    );
}

/// A TCP proxy to products that can hang (connections it takes from then on are held
/// without an answer, and those it forwarded are closed) and forward again.
struct Hanging {
    url: String,
    hold: std::sync::Arc<std::sync::atomic::AtomicBool>,
    forwarded: std::sync::Arc<tokio::sync::Mutex<tokio::task::JoinSet<()>>>,
}

impl Hanging {
    async fn start(target: std::sync::Arc<std::sync::Mutex<Option<String>>>) -> Self {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let hold = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let forwarded = std::sync::Arc::new(tokio::sync::Mutex::new(tokio::task::JoinSet::new()));
        let (holding, forwarding) = (hold.clone(), forwarded.clone());
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                if holding.load(Ordering::SeqCst) {
                    held.push(inbound);
                    continue;
                }
                let to = target.lock().unwrap().clone().expect("a target");
                let to = to.trim_start_matches("http://").to_owned();
                forwarding.lock().await.spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(to).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Self {
            url,
            hold,
            forwarded,
        }
    }

    async fn hang(&self) {
        self.hold.store(true, std::sync::atomic::Ordering::SeqCst);
        self.forwarded.lock().await.abort_all();
    }

    fn answer(&self) {
        self.hold.store(false, std::sync::atomic::Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_checkout_whose_client_hung_up_does_not_hold_its_key() {
    let target = std::sync::Arc::new(std::sync::Mutex::new(None));
    let proxy = Hanging::start(target.clone()).await;
    let url = proxy.url.clone();
    let shop = Shop::open_with(move |c| {
        *target.lock().unwrap() = Some(c.products_url.clone());
        c.products_url = url;
    })
    .await;
    let mug = shop.product("Mug", 900, "EUR", 10).await;
    let (account, _) = shop.customer_with(&[(mug, 1)]).await;
    // The catalogue hangs; the client gives up and hangs up half-way through the checkout.
    proxy.hang().await;
    let impatient = reqwest::Client::builder()
        .timeout(std::time::Duration::from_millis(300))
        .build()
        .unwrap();
    let url = format!("{}/api/v1/orders", shop.orders_base);
    let body = serde_json::to_value(checkout("tok_ok")).unwrap();
    let gone = impatient
        .post(&url)
        .bearer_auth(&account.token)
        .header("idempotency-key", "hung-up")
        .json(&body)
        .send()
        .await;
    assert!(gone.is_err(), "the client timed out");
    proxy.answer();
    // Its retry with the same key places the order as soon as the first call has ended
    // (its catalogue call times out within ORDERS_CALL_TIMEOUT_MS), not minutes later.
    let mut statuses = Vec::new();
    for _ in 0..50 {
        let res = shop
            .http
            .post(&url)
            .bearer_auth(&account.token)
            .header("idempotency-key", "hung-up")
            .json(&body)
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
        if res.status() == 202 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(statuses.last(), Some(&202), "{statuses:?}");
}
