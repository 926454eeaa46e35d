//! The ports of the notification use cases.

use agora_values::Paging;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::Template;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Pending,
    Sent,
    Failed,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Sent => "sent",
            Status::Failed => "failed",
        }
    }
}

/// A notification to record before it is sent.
#[derive(Debug, Clone)]
pub struct NewNotification {
    pub event_id: Uuid,
    pub event_type: String,
    pub user_id: Uuid,
    pub template: Template,
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: Uuid,
    pub user_id: Uuid,
    pub template: Template,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub status: Status,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

#[derive(Debug, thiserror::Error)]
#[error("database error")]
pub struct StoreError(#[source] pub Box<dyn std::error::Error + Send + Sync>);

#[async_trait::async_trait]
pub trait NotificationStore: Send + Sync {
    /// Records the notification (and the event in the inbox) unless this event already has
    /// one; returns the recorded notification either way.
    async fn record(&self, n: &NewNotification) -> Result<Notification, StoreError>;
    async fn mark_sent(&self, id: Uuid) -> Result<(), StoreError>;
    /// Applies `users.user.deleted` (event `event_id`) once: every notification of
    /// `user_id` keeps its id, template, status and times, and loses its recipient,
    /// subject, body and last error. How many were erased.
    async fn erase_person(&self, event_id: Uuid, user_id: Uuid) -> Result<u64, StoreError>;
    async fn mark_failed(&self, id: Uuid, error: &str) -> Result<(), StoreError>;
    /// Newest first; all users' when `user_id` is `None`.
    async fn list(
        &self,
        user_id: Option<Uuid>,
        paging: Paging,
    ) -> Result<(Vec<Notification>, i64), StoreError>;
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SendError(pub String);

#[async_trait::async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), SendError>;
}
