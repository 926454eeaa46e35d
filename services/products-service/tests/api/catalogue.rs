//! Products, categories, listing and search.

use products_client::types;
use serde_json::{Value, json};
use sqlx::Connection;

use crate::helpers::{TestApp, status};

#[tokio::test]
async fn a_created_product_is_served_with_its_etag_and_conditional_requests_work() {
    let app = TestApp::spawn().await;
    let created = app.create("tee-red-m", "Red tee", 1999, 5).await;
    assert_eq!(
        (created.sku.as_str(), created.version, created.stock),
        ("TEE-RED-M", 1, 5)
    );

    let res = app
        .http
        .get(app.url(&format!("/api/v1/products/{}", created.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let tag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(tag, "\"v1\"");

    let res = app
        .http
        .get(app.url(&format!("/api/v1/products/{}", created.id)))
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);

    let patch = |if_match: &str| {
        app.admin
            .update_product()
            .id(created.id)
            .if_match(if_match)
            .body(types::ProductUpdate::builder().price(Some(1499_i64)))
            .send()
    };
    let updated = patch(&tag)
        .await
        .expect("a current If-Match applies")
        .into_inner();
    assert_eq!((updated.price, updated.version), (1499, 2));
    assert_eq!(
        status(patch(&tag).await.unwrap_err()),
        412,
        "the old tag is stale now"
    );
}

#[tokio::test]
async fn of_many_updates_naming_the_same_version_at_once_exactly_one_applies() {
    let app = TestApp::spawn().await;
    let created = app.create("tee-race", "Race tee", 1000, 5).await;
    let update = |price: i64, if_match: Option<&'static str>| {
        let mut request = app
            .admin
            .update_product()
            .id(created.id)
            .body(types::ProductUpdate::builder().price(Some(price)));
        if let Some(tag) = if_match {
            request = request.if_match(tag);
        }
        request.send()
    };
    let conditional =
        futures_util::future::join_all((0..20).map(|i| update(2000 + i, Some("\"v1\"")))).await;
    let applied: Vec<i64> = conditional
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|p| p.price))
        .collect();
    assert_eq!(applied.len(), 1, "one update wins the version");
    for refused in conditional.into_iter().filter_map(Result::err) {
        assert_eq!(status(refused), 412);
    }
    let current = app.product(created.id).await;
    assert_eq!((current.price, current.version), (applied[0], 2));

    // Without a precondition nothing is lost either: every update applies, one at a time.
    let unconditional =
        futures_util::future::join_all((0..20).map(|i| update(3000 + i, None))).await;
    assert!(unconditional.iter().all(Result::is_ok));
    assert_eq!(app.product(created.id).await.version, 22);
    // `If-Match: *` names no version: every one applies to the product as it is.
    let any = futures_util::future::join_all((0..20).map(|i| update(4000 + i, Some("*")))).await;
    assert!(any.iter().all(Result::is_ok), "{any:?}");
    assert_eq!(app.product(created.id).await.version, 42);
}

#[tokio::test]
async fn creation_answers_201_with_location() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .post(app.url("/api/v1/products"))
        .bearer_auth(app.auth.admin_token().await)
        .json(&json!({ "sku": "mug-1", "name": "Mug", "description": "", "price": 900, "currency": "GBP" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(res.headers()["etag"], "\"v1\"");
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/products/{}", body["id"].as_str().unwrap())
    );
    assert_eq!(body["stock"], 0, "stock defaults to 0");
}

#[tokio::test]
async fn invalid_products_are_refused_with_the_right_status() {
    let app = TestApp::spawn().await;
    app.create("mug-1", "Mug", 900, 0).await;
    let token = app.auth.admin_token().await;
    let post = |body: Value| {
        app.http
            .post(app.url("/api/v1/products"))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let base = json!({ "sku": "mug-2", "name": "Mug", "description": "", "price": 900, "currency": "EUR" });
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    assert_eq!(
        post(with("sku", json!("MUG-1"))).await.unwrap().status(),
        409,
        "SKUs are unique whatever their case"
    );
    assert_eq!(post(with("price", json!(-1))).await.unwrap().status(), 422);
    assert_eq!(post(with("stock", json!(-1))).await.unwrap().status(), 422);
    assert_eq!(
        post(with("currency", json!("XYZ"))).await.unwrap().status(),
        422
    );
    let unknown_category = post(with("category_id", json!(uuid::Uuid::new_v4())))
        .await
        .unwrap();
    assert_eq!(unknown_category.status(), 422);
    let body: Value = unknown_category.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "category_id");
}

#[tokio::test]
async fn writes_need_the_products_write_permission() {
    let app = TestApp::spawn().await;
    let customer = app
        .main
        .client(Some(&app.auth.customer("Shopper").await.token));
    let err = customer
        .create_product()
        .body(
            types::NewProduct::builder()
                .sku("x1")
                .name("X")
                .description("")
                .price(1_u64)
                .currency("EUR"),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 403);
    let err = app
        .anonymous
        .create_product()
        .body(
            types::NewProduct::builder()
                .sku("x1")
                .name("X")
                .description("")
                .price(1_u64)
                .currency("EUR"),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), 401);
}

#[tokio::test]
async fn listing_filters_sorts_pages_and_searches_full_text() {
    let app = TestApp::spawn().await;
    let shirts = app
        .admin
        .create_category()
        .body(types::NewCategory::builder().name("Shirts"))
        .send()
        .await
        .unwrap()
        .into_inner();
    let dup = app
        .admin
        .create_category()
        .body(types::NewCategory::builder().name("shirts"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(dup), 409);
    for (sku, name, price) in [
        ("s1", "Linen shirt", 4000_u64),
        ("s2", "Flannel shirt", 3000),
        ("m1", "Coffee mug", 900),
    ] {
        let mut body = types::NewProduct::builder()
            .sku(sku)
            .name(name)
            .description("soft and warm")
            .price(price)
            .currency("EUR");
        if sku.starts_with('s') {
            body = body.category_id(shirts.id);
        }
        app.admin.create_product().body(body).send().await.unwrap();
    }
    let names =
        |page: types::ProductList| page.items.into_iter().map(|p| p.name).collect::<Vec<_>>();

    let found = app
        .anonymous
        .list_products()
        .q("shirts")
        .sort(types::ProductSort::PriceAsc)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        names(found),
        ["Flannel shirt", "Linen shirt"],
        "stemming: 'shirts' finds 'shirt'"
    );
    let cheap = app
        .anonymous
        .list_products()
        .max_price(1000_u64)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(names(cheap), ["Coffee mug"]);
    let in_category = app
        .anonymous
        .list_products()
        .category_id(shirts.id)
        .sort(types::ProductSort::Name)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(names(in_category), ["Flannel shirt", "Linen shirt"]);
    let page2 = app
        .anonymous
        .list_products()
        .sort(types::ProductSort::PriceDesc)
        .per_page(std::num::NonZeroU32::new(2).unwrap())
        .page(std::num::NonZeroU32::new(2).unwrap())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (page2.total, page2.page, names(page2.clone())),
        (3, 2, vec!["Coffee mug".to_owned()])
    );

    let bad = app
        .http
        .get(app.url("/api/v1/products?min_price=10&max_price=5"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let bad = app
        .http
        .get(app.url("/api/v1/products?sort=cheapest"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn the_search_uses_the_text_index_not_a_scan() {
    let app = TestApp::spawn().await;
    let mut conn = sqlx::PgConnection::connect(app.db.url()).await.unwrap();
    sqlx::query("SET enable_seqscan = off")
        .execute(&mut conn)
        .await
        .unwrap();
    let plan: Vec<String> = sqlx::query_scalar(
        "EXPLAIN SELECT id FROM products WHERE search @@ websearch_to_tsquery('english', 'shirt')",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert!(
        plan.iter().any(|l| l.contains("products_search")),
        "{plan:#?}"
    );
}

#[tokio::test]
async fn changes_land_in_the_outbox_with_the_change() {
    let app = TestApp::spawn().await;
    let p = app.create("mug-1", "Mug", 900, 3).await;
    app.admin
        .update_product()
        .id(p.id)
        .body(crate::helpers::rename("Big mug"))
        .send()
        .await
        .unwrap();
    app.admin
        .adjust_stock()
        .id(p.id)
        .body(
            types::StockAdjustment::builder()
                .delta(-2_i64)
                .reason("sold"),
        )
        .send()
        .await
        .unwrap();
    app.admin.delete_product().id(p.id).send().await.unwrap();
    assert_eq!(
        status(
            app.anonymous
                .get_product()
                .id(p.id)
                .send()
                .await
                .unwrap_err()
        ),
        404
    );

    let mut conn = sqlx::PgConnection::connect(app.db.url()).await.unwrap();
    let events: Vec<(String, Value)> =
        sqlx::query_as("SELECT event_type, payload FROM outbox ORDER BY id")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let types: Vec<&str> = events.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        types,
        [
            "products.product.created",
            "products.product.updated",
            "products.stock.changed",
            "products.product.deleted"
        ]
    );
    assert_eq!(events[2].1["data"]["stock"], 1);
    assert_eq!(events[2].1["data"]["reason"], "sold");
}

#[tokio::test]
async fn a_path_parameter_whose_escapes_do_not_decode_names_no_resource() {
    let app = TestApp::spawn().await;
    for raw in ["%zz", "abc%2", "%FF%FE"] {
        for method in [reqwest::Method::GET, reqwest::Method::DELETE] {
            let res = app
                .http
                .request(method.clone(), app.url(&format!("/api/v1/products/{raw}")))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404, "{method} {raw}: before any access check");
        }
    }
}

#[tokio::test]
async fn a_service_client_changes_the_catalogue_as_itself_with_the_permissions_auth_gave_it() {
    use agora_kit::ExposeSecret;
    let mut app = TestApp::spawn().await;
    let (writer, writer_secret) = app
        .auth
        .register_client("orders", &["products:write"])
        .await;
    let (reader, reader_secret) = app.auth.register_client("reporting", &["users:read"]).await;
    let token_of = |id: uuid::Uuid, secret: String| {
        let base = app.auth.base.clone();
        async move {
            auth_access::ClientCredentials::new(
                &base,
                &id.to_string(),
                &secret.into(),
                None,
                std::time::Duration::from_secs(3),
            )
            .unwrap()
            .token()
            .await
            .unwrap()
        }
    };
    let create = |token: String, sku: &'static str| {
        app.http
            .post(app.url("/api/v1/products"))
            .bearer_auth(token)
            .json(&json!({ "sku": sku, "name": "Mug", "description": "", "price": 900, "currency": "GBP" }))
            .send()
    };
    let writer_token = token_of(writer, writer_secret).await;
    let res = create(writer_token.expose_secret().to_owned(), "svc-1")
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "products:write, held by the client");
    let reader_token = token_of(reader, reader_secret).await;
    let res = create(reader_token.expose_secret().to_owned(), "svc-2")
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "a client holds only what auth gave it");
}
