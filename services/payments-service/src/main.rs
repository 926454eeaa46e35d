//! The payments service binary: configuration from the environment, then serve until SIGTERM.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: agora_kit::Allocator = agora_kit::Allocator;

use payments_service::Application;
use payments_service::config::{self, PaymentsConfig};

#[tokio::main]
async fn main() -> ExitCode {
    agora_kit::app::run_main("payments", config::DEFAULT_PORT, async {
        Application::build(PaymentsConfig::from_env()?).await
    })
    .await
}
