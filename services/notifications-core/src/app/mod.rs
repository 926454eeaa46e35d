//! The notification use cases over two ports: the record (PostgreSQL) and the mailer (SMTP).

pub mod notify;
pub mod ports;

use std::sync::Arc;

use ports::{Mailer, NotificationStore, StoreError};

#[derive(Clone)]
pub struct Notifier {
    pub store: Arc<dyn NotificationStore>,
    pub mailer: Arc<dyn Mailer>,
}

#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error("sending failed: {0}")]
    Send(String),
    #[error("the notification store failed")]
    Store(#[source] StoreError),
}

impl From<StoreError> for NotifyError {
    fn from(e: StoreError) -> Self {
        NotifyError::Store(e)
    }
}
