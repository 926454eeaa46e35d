//! `Shop`: the checkout's whole cast per test — a real auth (with the orders service's
//! client registered), products, payments and orders, each with its own PostgreSQL
//! database, talking over a bus of the test's own on the SNS/SQS endpoint. Products and
//! payments can be stopped and started again on the same port mid-test.

use std::time::Duration;

use agora_kit::config::KitConfig;
use agora_testkit::TestDatabase;
pub use agora_testkit::auth::{Account, Auth};
use agora_testkit::serve::{Running, bearer_http};
use orders_client::types;
use orders_service::config::OrdersConfig;
use serde_json::json;
use uuid::Uuid;

/// A service that can be stopped and started again on the same port.
pub struct Restartable<C> {
    pub config: C,
    pub base: String,
    running: Option<Running>,
    build: fn(C) -> std::pin::Pin<Box<dyn Future<Output = agora_kit::app::Server>>>,
    port: fn(&mut C) -> &mut u16,
}

impl<C: Clone> Restartable<C> {
    async fn start_new(
        mut config: C,
        build: fn(C) -> std::pin::Pin<Box<dyn Future<Output = agora_kit::app::Server>>>,
        port: fn(&mut C) -> &mut u16,
    ) -> Self {
        let server = build(config.clone()).await;
        *port(&mut config) = server.local_addr().port();
        let running = Running::start(server);
        Self {
            base: running.base_url(),
            config,
            running: Some(running),
            build,
            port,
        }
    }

    /// Where its `/metrics` are, while it runs.
    pub fn metrics_url(&self) -> Option<String> {
        self.running.as_ref().map(Running::metrics_url)
    }

    /// Stops it: its port refuses connections until [`Restartable::start`].
    pub async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
    }

    pub async fn start(&mut self) {
        let server = (self.build)(self.config.clone()).await;
        assert_eq!(
            server.local_addr().port(),
            *(self.port)(&mut self.config),
            "restarted on its port"
        );
        self.running = Some(Running::start(server));
    }
}

pub struct Shop {
    pub auth: Auth,
    pub products: Restartable<products_service::config::ProductsConfig>,
    pub payments: Restartable<payments_service::config::PaymentsConfig>,
    pub orders_base: String,
    // Held so that the databases live as long as the shop.
    _orders_db: TestDatabase,
    _payments_db: TestDatabase,
    _products_db: TestDatabase,
    pub admin_token: String,
    pub http: reqwest::Client,
    /// The services' databases, for the tests that look behind the APIs.
    pub orders_pool: sqlx::PgPool,
    pub products_pool: sqlx::PgPool,
    pub payments_pool: sqlx::PgPool,
    pub orders: Restartable<OrdersConfig>,
}

fn lazy_pool(db: &TestDatabase) -> sqlx::PgPool {
    sqlx::PgPool::connect_lazy(db.url()).expect("a test database URL")
}

fn kit(db: &TestDatabase, auth: &Auth) -> KitConfig {
    let mut kit = KitConfig::for_tests(db.url());
    kit.auth_url = auth.base.clone();
    kit.database_max_connections = 20;
    kit
}

impl Shop {
    pub async fn open() -> Self {
        Self::open_with(|_| {}).await
    }

    /// With `configure` applied to the orders service's configuration.
    pub async fn open_with(configure: impl FnOnce(&mut OrdersConfig)) -> Self {
        let prefix = format!("test-{}", Uuid::new_v4().simple());
        let events = || Some(agora_bus::EventsConfig::with_prefix(prefix.clone()));
        let mut auth = Auth::spawn().await;
        let (client_id, client_secret) = auth
            .register_client("orders", &["payments:charge", "payments:write"])
            .await;

        let products_db = TestDatabase::create("products").await;
        let mut products_kit = kit(&products_db, &auth);
        products_kit.redis_url = Some(
            std::env::var("REDIS_URL")
                .unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
                .into(),
        );
        let products = Restartable::start_new(
            products_service::config::ProductsConfig {
                events: events(),
                kit: products_kit,
                product_ttl: Duration::from_secs(300),
                page_ttl: Duration::from_secs(60),
                cache_prefix: format!("test:{}", Uuid::new_v4().simple()),
            },
            |c| {
                Box::pin(async move {
                    products_service::Application::build(c)
                        .await
                        .expect("products builds")
                })
            },
            |c| &mut c.kit.port,
        )
        .await;

        let payments_db = TestDatabase::create("payments").await;
        let payments = Restartable::start_new(
            payments_service::config::PaymentsConfig {
                kit: kit(&payments_db, &auth),
                events: events(),
                provider: payments_service::config::ProviderKind::Simulated,
                provider_timeout: Duration::from_secs(5),
            },
            |c| {
                Box::pin(async move {
                    payments_service::Application::build(c)
                        .await
                        .expect("payments builds")
                })
            },
            |c| &mut c.kit.port,
        )
        .await;

        let orders_db = TestDatabase::create("orders").await;
        let mut config = OrdersConfig {
            kit: kit(&orders_db, &auth),
            events: events(),
            products_url: products.base.clone(),
            payments_url: payments.base.clone(),
            client_id: client_id.to_string(),
            client_secret: client_secret.into(),
            call_timeout: Duration::from_secs(2),
            saga_workers: 4,
            saga_poll: Duration::from_millis(50),
        };
        configure(&mut config);
        let orders = Restartable::start_new(
            config,
            |c| {
                Box::pin(async move {
                    orders_service::Application::build(c)
                        .await
                        .expect("orders builds")
                })
            },
            |c| &mut c.kit.port,
        )
        .await;
        let admin_token = auth.admin_token().await;
        let (orders_pool, products_pool, payments_pool) = (
            lazy_pool(&orders_db),
            lazy_pool(&products_db),
            lazy_pool(&payments_db),
        );
        Self {
            orders_base: orders.base.clone(),
            auth,
            products,
            payments,
            _orders_db: orders_db,
            _payments_db: payments_db,
            _products_db: products_db,
            admin_token,
            http: reqwest::Client::new(),
            orders_pool,
            products_pool,
            payments_pool,
            orders,
        }
    }

    pub fn orders(&self, token: &str) -> orders_client::Client {
        orders_client::Client::new_with_client(
            &self.orders_base,
            bearer_http(Some(token)),
            Default::default(),
        )
    }

    pub fn admin(&self) -> orders_client::Client {
        self.orders(&self.admin_token)
    }

    /// A product in the catalogue, made by the admin.
    pub async fn product(&self, name: &str, price: u64, currency: &str, stock: u64) -> Uuid {
        let res = self
            .http
            .post(format!("{}/api/v1/products", self.products.base))
            .bearer_auth(&self.admin_token)
            .json(&json!({
                "sku": format!("{}-{}", name.to_lowercase(), &Uuid::new_v4().simple().to_string()[..8]),
                "name": name, "description": format!("{name}, described"),
                "price": price, "currency": currency, "stock": stock
            }))
            .send()
            .await
            .expect("products answers");
        assert_eq!(res.status(), 201, "the product is created");
        let body: serde_json::Value = res.json().await.unwrap();
        body["id"].as_str().unwrap().parse().unwrap()
    }

    /// Restarts products without its consumer of the orders topic (its queue stays, and
    /// fills): the catalogue answers reads, nobody reserves.
    pub async fn products_not_consuming(&mut self) {
        self.products.stop().await;
        self.products.config.events = None;
        self.products.start().await;
    }

    /// Restarts products with its consumer, which takes up what its queue holds.
    pub async fn products_consuming(&mut self) {
        self.products.stop().await;
        self.products.config.events = self.orders.config.events.clone();
        self.products.start().await;
    }

    /// Waits (up to 10 s) until orders' outbox has published everything it holds.
    pub async fn orders_outbox_sent(&self) {
        let pool = &self.orders_pool;
        for _ in 0..100 {
            let unsent: i64 =
                sqlx::query_scalar("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
                    .fetch_one(pool)
                    .await
                    .unwrap();
            if unsent == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("orders' outbox still holds unsent events after 10 s");
    }

    /// The order's stage in the orders database (readable while orders is down).
    pub async fn stage(&self, order: Uuid) -> String {
        let pool = &self.orders_pool;
        sqlx::query_scalar("SELECT stage FROM orders WHERE id = $1")
            .bind(order)
            .fetch_one(pool)
            .await
            .unwrap()
    }

    /// The product's stock as the catalogue shows it.
    pub async fn stock(&self, id: Uuid) -> i64 {
        let body: serde_json::Value = self
            .http
            .get(format!("{}/api/v1/products/{id}", self.products.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["stock"].as_i64().expect("a stock figure")
    }

    /// A new customer with `lines` (product, quantity) in their cart.
    pub async fn customer_with(&self, lines: &[(Uuid, u32)]) -> (Account, orders_client::Client) {
        let account = self.auth.customer("Ada Lovelace").await;
        let client = self.orders(&account.token);
        for (product, quantity) in lines {
            client
                .set_cart_item()
                .product_id(*product)
                .body(types::CartItemUpdate {
                    quantity: (*quantity).try_into().unwrap(),
                })
                .send()
                .await
                .expect("the line is put in the cart");
        }
        (account, client)
    }

    /// Checks the cart out with `token` under a new key.
    pub async fn check_out(&self, client: &orders_client::Client, token: &str) -> types::Order {
        client
            .place_order()
            .idempotency_key(Uuid::new_v4().to_string())
            .body(checkout(token))
            .send()
            .await
            .expect("the order is placed")
            .into_inner()
    }

    /// The order once it is no longer pending (within 60 s: a restarted consumer may wait
    /// out a visibility timeout of 30 s first).
    pub async fn settled(&self, id: Uuid) -> types::Order {
        let admin = self.admin();
        for _ in 0..600 {
            let o = admin.get_order().id(id).send().await.unwrap().into_inner();
            if o.status != types::OrderStatus::Pending {
                return o;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("order {id} is still pending after 60 s");
    }

    /// The state of products' reservation for the order, once it has one.
    pub async fn reservation(&self, order: Uuid) -> Option<String> {
        let pool = &self.products_pool;
        sqlx::query_scalar("SELECT state FROM reservations WHERE order_id = $1")
            .bind(order)
            .fetch_optional(pool)
            .await
            .unwrap()
    }

    /// The payments ledger's rows for the order: (status, amount).
    pub async fn payments_of(&self, order: Uuid) -> Vec<(String, i64)> {
        let pool = &self.payments_pool;
        sqlx::query_as("SELECT status, amount FROM payments WHERE order_id = $1")
            .bind(order)
            .fetch_all(pool)
            .await
            .unwrap()
    }
}

/// A checkout body: a London address and `token`.
pub fn checkout(token: &str) -> types::Checkout {
    types::Checkout {
        shipping_address: types::Address {
            line1: "1 High Street".parse().unwrap(),
            line2: None,
            city: "London".parse().unwrap(),
            postal_code: "SW1A 1AA".parse().unwrap(),
            country: "GB".parse().unwrap(),
        },
        payment_token: token.parse().unwrap(),
    }
}

pub fn status(err: orders_client::Error<types::Problem>) -> u16 {
    match err {
        orders_client::Error::ErrorResponse(r) => r.status().as_u16(),
        orders_client::Error::UnexpectedResponse(r) => r.status().as_u16(),
        other => panic!("expected an error response, got {other:?}"),
    }
}
