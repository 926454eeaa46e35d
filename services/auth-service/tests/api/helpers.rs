//! `TestApp`: one auth service per test, on its own database.

use agora_testkit::TestDatabase;
use agora_testkit::serve::{Running, bearer_http};
use auth_client::types;
use auth_service::Application;
use auth_service::config::{AuthConfig, SigningKeyConfig};
use auth_service::domain::LockoutPolicy;

pub const PASSWORD: &str = "plum-lantern-violin-42";
pub const ADMIN_EMAIL: &str = "root@agora.test";
pub const ADMIN_PASSWORD: &str = "admin-password-for-tests";

pub struct TestApp {
    pub base: String,
    pub client: auth_client::Client,
    pub http: reqwest::Client,
    /// Where `/metrics` are: a listener of their own, not the port clients reach.
    pub metrics: String,
    pub db: TestDatabase,
    /// The configuration the service was built with (its port is 0: building it again binds anew).
    pub config: AuthConfig,
    _key_dir: tempfile::TempDir,
    _running: Running,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(configure: impl FnOnce(&mut AuthConfig)) -> Self {
        let db = TestDatabase::create("auth").await;
        let key_dir = tempfile::tempdir().expect("a temporary directory");
        let mut config = AuthConfig {
            events: None,
            kit: agora_kit::config::KitConfig::for_tests(db.url()),
            access_token_ttl_secs: 900,
            refresh_token_ttl: chrono::Duration::days(30),
            signing_key: SigningKeyConfig::File(key_dir.path().join("signing-key.pem")),
            previous_public_keys_file: None,
            lockout: LockoutPolicy::default(),
            bootstrap_admin: Some((ADMIN_EMAIL.into(), ADMIN_PASSWORD.into())),
            hash_workers: 2,
            clients: Vec::new(),
            client_token_ttl_secs: 300,
        };
        configure(&mut config);
        let app = Application::build(config.clone())
            .await
            .expect("the service builds");
        let running = Running::start(app);
        let (base, metrics) = (running.base_url(), running.metrics_url());
        Self {
            client: auth_client::Client::new(&base, Default::default()),
            base,
            http: reqwest::Client::new(),
            metrics,
            db,
            config,
            _key_dir: key_dir,
            _running: running,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A generated client that sends `token` as its bearer.
    pub fn as_bearer(&self, token: &str) -> auth_client::Client {
        auth_client::Client::new_with_client(
            &self.base,
            bearer_http(Some(token)),
            Default::default(),
        )
    }

    pub async fn register(&self, email: &str) -> types::User {
        self.client
            .register()
            .body(
                types::RegisterRequest::builder()
                    .email(email)
                    .name("Ada Lovelace")
                    .password(PASSWORD),
            )
            .send()
            .await
            .expect("registration succeeds")
            .into_inner()
    }

    pub async fn login(
        &self,
        email: &str,
        password: &str,
    ) -> Result<types::TokenPair, auth_client::Error<types::Problem>> {
        self.client
            .login()
            .body(
                types::LoginRequest::builder()
                    .email(email)
                    .password(password),
            )
            .send()
            .await
            .map(|r| r.into_inner())
    }

    pub async fn admin_token(&self) -> String {
        self.login(ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .expect("the bootstrap admin logs in")
            .access_token
    }
}

/// The status and problem body of a failed generated-client call.
pub fn problem(err: auth_client::Error<types::Problem>) -> (u16, types::Problem) {
    match err {
        auth_client::Error::ErrorResponse(r) => (r.status().as_u16(), r.into_inner()),
        other => panic!("expected a problem response, got {other:?}"),
    }
}

/// The real `auth-service` binary on a free port, with a database and a key file of its
/// own, already answering `/health`.
pub struct Binary {
    pub child: std::process::Child,
    pub port: u16,
    pub base: String,
    _db: TestDatabase,
    _keys: tempfile::TempDir,
}

impl Binary {
    /// Starts it with events off, `env` on top, and its standard output to `stdout`.
    pub async fn start(env: &[(&str, &str)], stdout: std::process::Stdio) -> Self {
        let db = TestDatabase::create("auth_binary").await;
        let keys = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_auth-service"))
            .env("DATABASE_URL", db.url())
            .env("AUTH_PORT", port.to_string())
            // Any free port: tests run side by side.
            .env("METRICS_PORT", "0")
            .env("AUTH_SIGNING_KEY_FILE", keys.path().join("key.pem"))
            .env("EVENTS_ENABLED", "false")
            .envs(env.iter().copied())
            .stdout(stdout)
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let started = std::time::Instant::now();
        while reqwest::get(format!("{base}/health")).await.is_err() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "the binary starts"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Self {
            child,
            port,
            base,
            _db: db,
            _keys: keys,
        }
    }

    pub fn sigterm(&self) {
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
}
