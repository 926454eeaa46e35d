//! The notifications service binary: configuration from the environment, then serve until SIGTERM.

use std::process::ExitCode;

use notifications_service::Application;
use notifications_service::config::{self, NotificationsConfig};

#[tokio::main]
async fn main() -> ExitCode {
    agora_kit::app::run_main("notifications", config::DEFAULT_PORT, async {
        Application::build(NotificationsConfig::from_env()?).await
    })
    .await
}
