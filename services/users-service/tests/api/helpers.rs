//! `TestApp`: a users service and the auth service it trusts, per test.

use std::time::Duration;

use agora_testkit::TestDatabase;
pub use agora_testkit::auth::{Account, Auth};
use agora_testkit::serve::{Running, bearer_http};
use users_client::types;
use users_service::Application;
use users_service::config::UsersConfig;

pub struct TestApp {
    pub auth: Auth,
    pub db: TestDatabase,
    pub base: String,
    pub http: reqwest::Client,
    _running: Running,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with_events(None).await
    }

    /// With `events`, both services use the bus under that prefix.
    pub async fn spawn_with_events(events: Option<String>) -> Self {
        let auth = Auth::spawn_with_events(events.clone()).await;
        let db = TestDatabase::create("users").await;
        let mut kit = agora_kit::config::KitConfig::for_tests(db.url());
        kit.auth_url = auth.base.clone();
        let config = UsersConfig {
            kit,
            events: events.map(agora_bus::EventsConfig::with_prefix),
            authorize_timeout: Duration::from_millis(500),
            authorize_cooldown: Duration::from_millis(500),
        };
        let server = Application::build(config).await.expect("users builds");
        let running = Running::start(server);
        let base = running.base_url();
        Self {
            auth,
            db,
            base,
            http: reqwest::Client::new(),
            _running: running,
        }
    }

    pub fn client(&self, token: &str) -> users_client::Client {
        users_client::Client::new_with_client(
            &self.base,
            bearer_http(Some(token)),
            Default::default(),
        )
    }

    pub async fn admin(&self) -> users_client::Client {
        self.client(&self.auth.admin_token().await)
    }

    /// A registered customer whose profile exists (created by its first `GET /me`).
    pub async fn customer(&self, name: &str) -> (Account, users_client::Client) {
        let account = self.auth.customer(name).await;
        let client = self.client(&account.token);
        client
            .get_my_profile()
            .send()
            .await
            .expect("the profile is created on first use");
        (account, client)
    }
}

pub fn status(err: users_client::Error<types::Problem>) -> u16 {
    match err {
        users_client::Error::ErrorResponse(r) => r.status().as_u16(),
        users_client::Error::UnexpectedResponse(r) => r.status().as_u16(),
        other => panic!("expected an error response, got {other:?}"),
    }
}
