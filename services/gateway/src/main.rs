//! The gateway binary: configuration from the environment, then serve until SIGTERM.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: agora_kit::Allocator = agora_kit::Allocator;

use gateway::Application;
use gateway::config::{self, GatewayConfig};

#[tokio::main]
async fn main() -> ExitCode {
    agora_kit::app::run_main("gateway", config::DEFAULT_PORT, async {
        Application::build(GatewayConfig::from_env()?).await
    })
    .await
}
