//! The use cases' task runner on tokio: a spawned task outlives the request that started
//! it, and keeps the request's span so its logs still name the request.

use std::any::Any;

use tracing::Instrument;

use crate::app::ports::{DetachedTask, TaskError, TaskRunner};

pub struct TokioRunner;

#[async_trait::async_trait]
impl TaskRunner for TokioRunner {
    async fn run_to_end(&self, task: DetachedTask) -> Result<Box<dyn Any + Send>, TaskError> {
        tokio::spawn(task.instrument(tracing::Span::current()))
            .await
            .map_err(|e| TaskError(e.to_string()))
    }
}
