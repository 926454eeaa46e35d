//! The auth service binary: configuration from the environment, then serve until SIGTERM.

use std::process::ExitCode;

use auth_service::Application;
use auth_service::config::AuthConfig;

#[tokio::main]
async fn main() -> ExitCode {
    agora_kit::telemetry::init("auth");
    let result = async {
        let config = AuthConfig::from_env()?;
        let app = Application::build(config).await?;
        tracing::info!(addr = %app.local_addr(), "auth listening");
        app.run_until(agora_kit::app::shutdown_signal()).await?;
        anyhow::Ok(())
    }
    .await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "auth failed");
            ExitCode::FAILURE
        }
    }
}
