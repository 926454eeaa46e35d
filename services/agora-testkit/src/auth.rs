//! A real auth service for other services' tests: tokens come from the real thing.

use crate::TestDatabase;
use crate::serve::Running;

pub const ADMIN_EMAIL: &str = "test-admin@agora.test";
pub const ADMIN_PASSWORD: &str = "test-admin-password";
pub const PASSWORD: &str = "plum-lantern-violin-42";

/// An auth service on a loopback port, with its own database and a bootstrap admin.
pub struct Auth {
    pub base: String,
    pub port: u16,
    config: auth_service::config::AuthConfig,
    running: Option<Running>,
    db: TestDatabase,
    _keys: tempfile::TempDir,
}

/// A registered account and its access token.
pub struct Account {
    pub id: uuid::Uuid,
    pub email: String,
    pub token: String,
}

impl Auth {
    pub async fn spawn() -> Self {
        Self::spawn_with_events(None).await
    }

    /// With `events`, the service relays its outbox to the bus under that prefix.
    pub async fn spawn_with_events(events: Option<String>) -> Self {
        let db = TestDatabase::create("auth").await;
        let keys = tempfile::tempdir().expect("a temporary directory");
        let config = auth_service::config::AuthConfig {
            events: events.map(agora_bus::EventsConfig::with_prefix),
            kit: agora_kit::config::KitConfig::for_tests(db.url()),
            access_token_ttl_secs: 900,
            refresh_token_ttl: chrono::Duration::days(1),
            signing_key: auth_service::config::SigningKeyConfig::File(
                keys.path().join("signing-key.pem"),
            ),
            previous_public_keys_file: None,
            lockout: auth_service::domain::LockoutPolicy::default(),
            bootstrap_admin: Some((ADMIN_EMAIL.into(), ADMIN_PASSWORD.into())),
            hash_workers: 2,
            clients: Vec::new(),
            client_token_ttl_secs: 300,
        };
        let mut auth = Self {
            base: String::new(),
            port: 0,
            config,
            running: None,
            db,
            _keys: keys,
        };
        auth.start().await;
        auth
    }

    /// Starts the service (again, on the same port and keys, after [`Auth::stop`]).
    pub async fn start(&mut self) {
        let server = auth_service::Application::build(self.config.clone())
            .await
            .expect("auth builds");
        self.port = server.local_addr().port();
        self.config.kit.port = self.port;
        self.base = format!("http://127.0.0.1:{}", self.port);
        self.running = Some(Running::start(server));
    }

    /// Registers a service client holding `permissions` (OAuth 2.0 client credentials) and
    /// restarts auth on the same port to take it in; the client's id and secret.
    pub async fn register_client(
        &mut self,
        name: &str,
        permissions: &[&str],
    ) -> (uuid::Uuid, String) {
        use sha2::Digest;
        let id = uuid::Uuid::now_v7();
        let secret = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        self.config
            .clients
            .push(auth_service::config::ClientConfig {
                id,
                name: name.into(),
                secret_sha256: sha2::Sha256::digest(secret.as_bytes()).into(),
                permissions: permissions.iter().map(|p| (*p).to_owned()).collect(),
            });
        self.stop().await;
        self.start().await;
        (id, secret)
    }

    /// Stops the service: its port refuses connections until [`Auth::start`].
    pub async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
    }

    pub async fn token(&self, email: &str, password: &str) -> String {
        let res: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/login", self.base))
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
            .await
            .expect("auth answers")
            .json()
            .await
            .expect("a JSON body");
        res["access_token"]
            .as_str()
            .expect("an access token")
            .to_owned()
    }

    /// The auth service's own database, for tests that look behind the API (its outbox).
    pub fn database_url(&self) -> &str {
        self.db.url()
    }

    pub async fn admin_token(&self) -> String {
        self.token(ADMIN_EMAIL, ADMIN_PASSWORD).await
    }

    /// Registers a new customer and logs it in.
    pub async fn customer(&self, name: &str) -> Account {
        let email = format!("{}@example.com", uuid::Uuid::new_v4().simple());
        let user: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/register", self.base))
            .json(&serde_json::json!({ "email": email, "password": PASSWORD, "name": name }))
            .send()
            .await
            .expect("auth answers")
            .json()
            .await
            .expect("a JSON body");
        let id = user["id"]
            .as_str()
            .and_then(|i| i.parse().ok())
            .expect("a user id");
        let token = self.token(&email, PASSWORD).await;
        Account { id, email, token }
    }

    /// Replaces the roles of `user` (as the admin).
    pub async fn set_roles(&self, user: uuid::Uuid, roles: &[&str]) {
        let res = reqwest::Client::new()
            .put(format!("{}/api/v1/auth/users/{user}/roles", self.base))
            .bearer_auth(self.admin_token().await)
            .json(&serde_json::json!({ "roles": roles }))
            .send()
            .await
            .expect("auth answers");
        assert_eq!(res.status(), 200, "roles set");
    }
}
