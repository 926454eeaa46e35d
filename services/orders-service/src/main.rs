//! The orders service binary: configuration from the environment, then serve until SIGTERM.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: agora_kit::Allocator = agora_kit::Allocator;

use orders_service::Application;
use orders_service::config::{self, OrdersConfig};

#[tokio::main]
async fn main() -> ExitCode {
    agora_kit::app::run_main("orders", config::DEFAULT_PORT, async {
        Application::build(OrdersConfig::from_env()?).await
    })
    .await
}
