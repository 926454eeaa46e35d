//! The products service binary: configuration from the environment, then serve until SIGTERM.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: agora_kit::Allocator = agora_kit::Allocator;

use products_service::Application;
use products_service::config::{self, ProductsConfig};

#[tokio::main]
async fn main() -> ExitCode {
    agora_kit::app::run_main("products", config::DEFAULT_PORT, async {
        Application::build(ProductsConfig::from_env()?).await
    })
    .await
}
