//! `TestApp`: a products service (and the auth service that issues its tokens) per test.

use std::time::Duration;

use agora_testkit::TestDatabase;
use agora_testkit::serve::{Running, bearer_http};
use products_client::types;
use products_service::Application;
use products_service::config::ProductsConfig;

pub use agora_testkit::auth::Auth;

pub fn shared_redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// One products instance.
pub struct Instance {
    pub base: String,
    /// Where its `/metrics` are (not on the port clients reach).
    pub metrics: String,
    _running: Running,
}

impl Instance {
    pub async fn start(config: ProductsConfig) -> Self {
        let app = Application::build(config).await.expect("products builds");
        let running = Running::start(app);
        let (base, metrics) = (running.base_url(), running.metrics_url());
        Self {
            base,
            metrics,
            _running: running,
        }
    }

    pub fn client(&self, token: Option<&str>) -> products_client::Client {
        products_client::Client::new_with_client(&self.base, bearer_http(token), Default::default())
    }
}

pub struct TestApp {
    pub auth: Auth,
    pub db: TestDatabase,
    pub config: ProductsConfig,
    pub main: Instance,
    pub admin: products_client::Client,
    pub anonymous: products_client::Client,
    pub http: reqwest::Client,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with_redis(Some(shared_redis_url())).await
    }

    pub async fn spawn_with_redis(redis_url: Option<String>) -> Self {
        Self::spawn_with(redis_url, None).await
    }

    /// The service reaching PostgreSQL through `proxy`, to cut the link in a test.
    pub async fn spawn_through(
        proxy: &agora_testkit::proxy::CuttableProxy,
        db: TestDatabase,
    ) -> Self {
        Self::spawn_with(Some(shared_redis_url()), Some((db, proxy.addr()))).await
    }

    async fn spawn_with(
        redis_url: Option<String>,
        via: Option<(TestDatabase, std::net::SocketAddr)>,
    ) -> Self {
        let auth = Auth::spawn().await;
        let (db, database_url) = match via {
            Some((db, addr)) => {
                let url = db.url_through(addr);
                (db, url)
            }
            None => {
                let db = TestDatabase::create("products").await;
                let url = db.url().to_owned();
                (db, url)
            }
        };
        let mut kit = agora_kit::config::KitConfig::for_tests(&database_url);
        kit.auth_url = auth.base.clone();
        kit.redis_url = redis_url.map(Into::into);
        let config = ProductsConfig {
            events: None,
            kit,
            product_ttl: Duration::from_secs(300),
            page_ttl: Duration::from_secs(60),
            // Tests share one Redis: each test's instances get a namespace of their own.
            cache_prefix: format!("test:{}", uuid::Uuid::new_v4().simple()),
        };
        let main = Instance::start(config.clone()).await;
        let admin = main.client(Some(&auth.admin_token().await));
        let anonymous = main.client(None);
        Self {
            auth,
            db,
            config,
            main,
            admin,
            anonymous,
            http: reqwest::Client::new(),
        }
    }

    /// Another instance on the same database and cache.
    pub async fn another_instance(&self) -> Instance {
        Instance::start(self.config.clone()).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.main.base)
    }

    /// The product as anyone reads it from the main instance (through the cache).
    pub async fn product(&self, id: uuid::Uuid) -> types::Product {
        self.anonymous
            .get_product()
            .id(id)
            .send()
            .await
            .expect("the product is there")
            .into_inner()
    }

    /// What the main instance's `/metrics` shows now.
    pub async fn metrics(&self) -> String {
        agora_testkit::metrics::scrape(&self.http, &self.main.metrics).await
    }

    pub async fn create(&self, sku: &str, name: &str, price: u64, stock: u64) -> types::Product {
        self.admin
            .create_product()
            .body(
                types::NewProduct::builder()
                    .sku(sku)
                    .name(name)
                    .description(format!("{name}, described"))
                    .price(price)
                    .currency("EUR")
                    .stock(stock),
            )
            .send()
            .await
            .expect("the product is created")
            .into_inner()
    }
}

pub fn status(err: products_client::Error<types::Problem>) -> u16 {
    match err {
        products_client::Error::ErrorResponse(r) => r.status().as_u16(),
        products_client::Error::UnexpectedResponse(r) => r.status().as_u16(),
        other => panic!("expected an error response, got {other:?}"),
    }
}

/// A PATCH body that renames a product.
pub fn rename(name: &str) -> types::builder::ProductUpdate {
    types::ProductUpdate::builder().name(Some(
        name.parse::<types::ProductUpdateName>()
            .expect("a valid name"),
    ))
}
