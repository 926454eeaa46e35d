//! `cargo xtask dev`: the whole platform on this machine.
//!
//! Provisions the dependencies, creates one database per service, builds and starts every
//! service binary, waits until each is ready, prints the URLs, and on Ctrl-C (or SIGTERM)
//! stops the services gracefully and then whatever it provisioned.

use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;

use crate::infra::Infra;
use crate::platform::{self, Options, Platform};
use crate::say;

pub fn run() -> anyhow::Result<()> {
    let (stop_tx, stop_rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .context("installing the Ctrl-C handler")?;

    platform::build(false)?;
    let infra = Infra::provision()?;
    let options = Options {
        instance: "dev",
        release: false,
        base_port: None,
        logs_to_files: false,
        throwaway: false,
        env: Vec::new(),
        clients: Vec::new(),
        admin_email: std::env::var("AUTH_BOOTSTRAP_ADMIN_EMAIL")
            .unwrap_or_else(|_| platform::DEV_ADMIN_EMAIL.into()),
        admin_password: std::env::var("AUTH_BOOTSTRAP_ADMIN_PASSWORD")
            .unwrap_or_else(|_| platform::DEV_ADMIN_PASSWORD.into()),
    };
    let mut platform = Platform::start(&infra, &options)?;

    say!("Agora is running:");
    for (s, port) in platform.services() {
        say!(
            "  {:<14} http://127.0.0.1:{port}   docs: http://127.0.0.1:{port}/docs/",
            s.name
        );
    }
    say!(
        "  admin account  {} / {}",
        options.admin_email,
        options.admin_password
    );
    say!(
        "  e-mail         delivered to {}/new/ (SMTP on 127.0.0.1:{})",
        platform.state.join("mail").display(),
        platform.smtp_port
    );
    say!("press Ctrl-C to stop");

    loop {
        if stop_rx.recv_timeout(Duration::from_millis(500)).is_ok() {
            break;
        }
        if let Some((name, status)) = platform.exited() {
            std::thread::sleep(Duration::from_millis(200));
            say!(
                "{name} exited with {status}; stopping everything. {}",
                platform.last_words(name)
            );
            break;
        }
    }
    drop(platform);
    drop(infra);
    Ok(())
}
