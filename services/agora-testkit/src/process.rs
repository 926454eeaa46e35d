//! Running a real service binary the way an operator would, to see what it says.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// What a binary left behind when it exited.
pub struct Exit {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `binary` with nothing in its environment but `env` (and `PATH`) until it exits, at
/// most 20 s.
pub fn run_to_exit(binary: &str, env: &[(&str, &str)]) -> Exit {
    let mut child = Command::new(binary)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child's status") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("{binary} did not exit within 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |stream: Option<Box<dyn Read>>| {
        let mut text = String::new();
        if let Some(mut stream) = stream {
            stream
                .read_to_string(&mut text)
                .expect("the child's output");
        }
        text
    };
    Exit {
        status,
        stdout: read(child.stdout.take().map(|s| Box::new(s) as Box<dyn Read>)),
        stderr: read(child.stderr.take().map(|s| Box::new(s) as Box<dyn Read>)),
    }
}

/// Asserts that `binary`, started with `env` only, exits non-zero and names `culprit` both
/// in its log (standard output, where operators' collectors read) and in a plain line on
/// standard error (for whoever started it by hand).
pub fn assert_refuses_to_start(binary: &str, env: &[(&str, &str)], culprit: &str) {
    let exit = run_to_exit(binary, env);
    let (stdout, stderr) = (&exit.stdout, &exit.stderr);
    assert!(
        !exit.status.success(),
        "{binary} started with {env:?}: {stdout}{stderr}"
    );
    let logged = stdout
        .lines()
        .any(|l| l.contains("failed to start") && l.contains(culprit));
    assert!(logged, "{binary} did not log why it stopped: {stdout:?}");
    assert!(
        stderr.contains(culprit),
        "{binary} did not say that {culprit} is wrong: {stderr:?}"
    );
}

/// What every service binary with a database does without its configuration: names a
/// missing `DATABASE_URL`, and then a malformed setting, before it exits.
pub fn assert_says_what_is_missing(binary: &str) {
    assert_refuses_to_start(binary, &[], "DATABASE_URL");
    assert_refuses_to_start(
        binary,
        &[
            ("DATABASE_URL", "postgres://127.0.0.1/none"),
            ("BODY_LIMIT_BYTES", "lots"),
        ],
        "BODY_LIMIT_BYTES",
    );
}
