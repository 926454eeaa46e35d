//! The notifications service binary: configuration from the environment, then serve until SIGTERM.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: agora_kit::Allocator = agora_kit::Allocator;

use notifications_service::Application;
use notifications_service::config::{self, NotificationsConfig};

#[tokio::main]
async fn main() -> ExitCode {
    agora_kit::app::run_main("notifications", config::DEFAULT_PORT, async {
        Application::build(NotificationsConfig::from_env()?).await
    })
    .await
}
