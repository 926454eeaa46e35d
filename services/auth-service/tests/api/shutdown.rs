//! The real binary under SIGTERM: what was accepted before the signal completes, and the
//! process exits within the drain time. Its `healthcheck` command (the container image's
//! HEALTHCHECK) passes while it serves and fails once it is gone.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use agora_testkit::TestDatabase;

#[tokio::test]
async fn sigterm_drains_in_flight_requests_and_exits() {
    let db = TestDatabase::create("auth_sigterm").await;
    let keys = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_auth-service"))
        .env("DATABASE_URL", db.url())
        .env("AUTH_PORT", port.to_string())
        .env("AUTH_SIGNING_KEY_FILE", keys.path().join("key.pem"))
        .env("SHUTDOWN_DRAIN_SECS", "10")
        .env("EVENTS_ENABLED", "false")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let started = Instant::now();
    while http.get(format!("{base}/health")).send().await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the binary starts"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The container image's HEALTHCHECK: the binary probing its own port.
    let healthcheck = || {
        Command::new(env!("CARGO_BIN_EXE_auth-service"))
            .arg("healthcheck")
            .env("AUTH_PORT", port.to_string())
            .output()
            .unwrap()
    };
    let healthy = healthcheck();
    assert!(healthy.status.success(), "{healthy:?}");
    let register = |i: usize| {
        http.post(format!("{base}/api/v1/auth/register"))
            .json(&serde_json::json!({ "email": format!("u{i}@example.com"), "password": "plum-lantern-violin-42", "name": "U" }))
            .send()
    };
    // Each registration hashes a password: slow enough to be in flight at the signal.
    let in_flight: Vec<_> = (0..12).map(|i| tokio::spawn(register(i))).collect();
    // Long enough for every connection to be accepted, short of the hashing being done.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let signalled = Instant::now();
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    for request in in_flight {
        let res = request
            .await
            .unwrap()
            .expect("an accepted request is answered, not dropped");
        assert_eq!(res.status(), 201);
    }
    let exit = tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(exit.success(), "{exit:?}");
    assert!(
        signalled.elapsed() < Duration::from_secs(10),
        "exits within the drain time"
    );
    assert!(
        http.get(format!("{base}/health")).send().await.is_err(),
        "and listens no more"
    );
    let gone = healthcheck();
    assert!(!gone.status.success(), "{gone:?}");
    assert!(
        String::from_utf8_lossy(&gone.stderr).contains("auth is not healthy"),
        "{gone:?}"
    );
}
