//! `TestApp`: a payments service, the auth service it trusts, and the orders service's
//! client credentials registered in that auth, per test.

use std::time::Duration;

use agora_testkit::TestDatabase;
pub use agora_testkit::auth::Auth;
use agora_testkit::serve::{Running, bearer_http};
use payments_client::types;
use payments_service::Application;
use payments_service::config::{PaymentsConfig, ProviderKind};
use sqlx::PgPool;
use uuid::Uuid;

pub struct TestApp {
    pub auth: Auth,
    pub db: TestDatabase,
    pub base: String,
    pub http: reqwest::Client,
    /// The orders service's access token (client credentials: `payments:charge`,
    /// `payments:write`).
    pub service_token: String,
    _running: Running,
}

impl TestApp {
    pub async fn spawn() -> Self {
        let mut auth = Auth::spawn().await;
        let (id, secret) = auth
            .register_client("orders", &["payments:charge", "payments:write"])
            .await;
        let db = TestDatabase::create("payments").await;
        let mut kit = agora_kit::config::KitConfig::for_tests(db.url());
        kit.auth_url = auth.base.clone();
        let config = PaymentsConfig {
            kit,
            events: None,
            provider: ProviderKind::Simulated,
            provider_timeout: Duration::from_secs(5),
        };
        let server = Application::build(config).await.expect("payments builds");
        let running = Running::start(server);
        let base = running.base_url();
        let http = reqwest::Client::new();
        let service_token = client_token(&http, &auth.base, id, &secret).await;
        Self {
            auth,
            db,
            base,
            http,
            service_token,
            _running: running,
        }
    }

    pub fn client(&self, token: &str) -> payments_client::Client {
        payments_client::Client::new_with_client(
            &self.base,
            bearer_http(Some(token)),
            Default::default(),
        )
    }

    /// The client orders charges with.
    pub fn service(&self) -> payments_client::Client {
        self.client(&self.service_token)
    }

    pub async fn admin(&self) -> payments_client::Client {
        self.client(&self.auth.admin_token().await)
    }

    pub async fn pool(&self) -> PgPool {
        PgPool::connect(self.db.url())
            .await
            .expect("the test database")
    }

    /// The events the ledger's outbox holds, by type, oldest first.
    pub async fn outbox(&self) -> Vec<(String, serde_json::Value)> {
        sqlx::query_as::<_, (String, serde_json::Value)>(
            "SELECT event_type, payload FROM outbox ORDER BY created_at, id",
        )
        .fetch_all(&self.pool().await)
        .await
        .expect("the outbox")
    }

    /// Charges `amount` EUR for a new order of `user` with `token`, as orders would.
    pub async fn charge(
        &self,
        user: Uuid,
        amount: i64,
        token: &str,
    ) -> Result<types::Payment, payments_client::Error<types::Problem>> {
        self.service()
            .create_payment()
            .body(charge(Uuid::now_v7(), user, amount, token))
            .send()
            .await
            .map(|r| r.into_inner())
    }
}

/// A charge request for `order`.
pub fn charge(order: Uuid, user: Uuid, amount: i64, token: &str) -> types::NewPayment {
    types::NewPayment {
        order_id: order,
        user_id: user,
        amount,
        currency: "EUR".parse().expect("a currency"),
        payment_token: token.parse().expect("a token"),
    }
}

/// An access token for a service client, by the client-credentials grant.
async fn client_token(http: &reqwest::Client, auth: &str, id: Uuid, secret: &str) -> String {
    let res: serde_json::Value = http
        .post(format!("{auth}/api/v1/auth/token"))
        .basic_auth(id, Some(secret))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials")
        .send()
        .await
        .expect("auth answers")
        .json()
        .await
        .expect("a token response");
    res["access_token"]
        .as_str()
        .expect("an access token")
        .to_owned()
}

pub fn status(err: payments_client::Error<types::Problem>) -> u16 {
    match err {
        payments_client::Error::ErrorResponse(r) => r.status().as_u16(),
        payments_client::Error::UnexpectedResponse(r) => r.status().as_u16(),
        other => panic!("expected an error response, got {other:?}"),
    }
}
