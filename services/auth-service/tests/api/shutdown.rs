//! The real binary under SIGTERM: what was accepted before the signal completes, and the
//! process exits within the drain time. Its `healthcheck` command (the container image's
//! HEALTHCHECK) passes while it serves and fails once it is gone.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::Binary;

#[tokio::test]
async fn sigterm_drains_in_flight_requests_and_exits() {
    let mut binary = Binary::start(
        &[("SHUTDOWN_DRAIN_SECS", "10"), ("RUST_LOG", "warn")],
        Stdio::null(),
    )
    .await;
    let (port, base) = (binary.port, binary.base.clone());
    let http = reqwest::Client::new();
    // The container image's HEALTHCHECK: the binary probing its own port.
    let healthcheck = || {
        Command::new(env!("CARGO_BIN_EXE_auth-service"))
            .arg("healthcheck")
            .env("AUTH_PORT", port.to_string())
            .env("METRICS_PORT", "0")
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
    binary.sigterm();
    for request in in_flight {
        let res = request
            .await
            .unwrap()
            .expect("an accepted request is answered, not dropped");
        assert_eq!(res.status(), 201);
    }
    let exit = tokio::task::spawn_blocking(move || binary.child.wait())
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
