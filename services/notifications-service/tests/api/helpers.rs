//! `TestApp`: auth, notifications and an SMTP server, sharing a bus prefix of their own.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use agora_testkit::TestDatabase;
pub use agora_testkit::auth::Auth;
use agora_testkit::serve::{Running, bearer_http};
use notifications_service::Application;
use notifications_service::config::NotificationsConfig;

/// aiosmtpd writing every message it receives into a maildir.
pub struct Smtp {
    pub port: u16,
    pub maildir: tempfile::TempDir,
    child: Option<Child>,
}

impl Smtp {
    pub fn free_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    }

    pub fn start_on(port: u16, maildir: tempfile::TempDir) -> Self {
        let python = std::env::var("AGORA_PYTHON").unwrap_or_else(|_| "python3".into());
        let child = Command::new(python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(maildir.path().join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd runs (cargo xtask test installs it and sets AGORA_PYTHON)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "aiosmtpd did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self {
            port,
            maildir,
            child: Some(child),
        }
    }

    /// Every message received so far, as text.
    pub fn messages(&self) -> Vec<String> {
        let dir: PathBuf = self.maildir.path().join("mail/new");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        entries
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect()
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub struct TestApp {
    pub auth: Auth,
    pub db: TestDatabase,
    pub base: String,
    /// The bus prefix the services of this test share.
    pub prefix: String,
    _running: Running,
}

impl TestApp {
    /// Everything wired through a bus prefix of the test's own; mail goes to `smtp_port`.
    pub async fn spawn(smtp_port: u16) -> Self {
        let prefix = format!("t{}", uuid::Uuid::new_v4().simple());
        let bus_prefix = prefix.clone();
        let auth = Auth::spawn_with_events(Some(prefix.clone())).await;
        let db = TestDatabase::create("notifications").await;
        let mut kit = agora_kit::config::KitConfig::for_tests(db.url());
        kit.auth_url = auth.base.clone();
        let config = NotificationsConfig {
            kit,
            events: Some(agora_bus::EventsConfig::with_prefix(prefix)),
            smtp_host: "127.0.0.1".into(),
            smtp_port,
            smtp_from: "Agora <no-reply@agora.test>".into(),
            smtp_credentials: None,
            smtp_tls: notifications_service::config::SmtpTls::None,
        };
        let server = Application::build(config)
            .await
            .expect("notifications builds");
        let running = Running::start(server);
        let base = running.base_url();
        Self {
            auth,
            db,
            base,
            prefix: bus_prefix,
            _running: running,
        }
    }

    pub fn client(&self, token: &str) -> notifications_client::Client {
        notifications_client::Client::new_with_client(
            &self.base,
            bearer_http(Some(token)),
            Default::default(),
        )
    }

    /// The notifications recorded for `user`, as (template, status).
    pub async fn recorded(&self, user: uuid::Uuid) -> Vec<(String, String)> {
        let pool = sqlx::PgPool::connect(self.db.url()).await.unwrap();
        sqlx::query_as(
            "SELECT template, status FROM notifications WHERE user_id = $1 ORDER BY created_at",
        )
        .bind(user)
        .fetch_all(&pool)
        .await
        .unwrap()
    }
}

pub async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(40) {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not happen within 40 s");
}
