//! The users service binary: configuration from the environment, then serve until SIGTERM.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: agora_kit::Allocator = agora_kit::Allocator;

use users_service::Application;
use users_service::config::{self, UsersConfig};

#[tokio::main]
async fn main() -> ExitCode {
    agora_kit::app::run_main("users", config::DEFAULT_PORT, async {
        Application::build(UsersConfig::from_env()?).await
    })
    .await
}
