//! The auth service binary: configuration from the environment, then serve until SIGTERM.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: agora_kit::Allocator = agora_kit::Allocator;

use auth_service::Application;
use auth_service::config::{self, AuthConfig};

#[tokio::main]
async fn main() -> ExitCode {
    agora_kit::app::run_main("auth", config::DEFAULT_PORT, async {
        Application::build(AuthConfig::from_env()?).await
    })
    .await
}
