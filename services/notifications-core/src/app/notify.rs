//! Reacting to events: record the notification, send it, record the outcome.

use agora_values::Paging;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::ports::{NewNotification, Notification, Status};
use super::{Notifier, NotifyError};
use crate::domain::Template;

/// An account event that calls for an e-mail, as auth announced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountEvent {
    Registered {
        user_id: Uuid,
        email: String,
        name: String,
    },
    Locked {
        user_id: Uuid,
        email: String,
        locked_until: DateTime<Utc>,
    },
    PasswordChanged {
        user_id: Uuid,
        email: String,
        changed_at: DateTime<Utc>,
    },
}

impl Notifier {
    /// Handles one account event (`event_type` is its name on the bus, kept with the
    /// record). Idempotent on `event_id`: a notification already sent is not sent again;
    /// one that failed is retried. An `Err` leaves the event to be redelivered (and, after
    /// the queue's limit, dead-lettered), with the failure recorded.
    pub async fn on_event(
        &self,
        event_id: Uuid,
        event_type: &str,
        event: AccountEvent,
    ) -> Result<(), NotifyError> {
        let new = notification_for(event_id, event_type, event);
        let recorded = self.store.record(&new).await?;
        // Sent already, or its person deleted since (nobody left to write to).
        if recorded.status == Status::Sent || recorded.recipient.is_empty() {
            return Ok(());
        }
        match self
            .mailer
            .send(&recorded.recipient, &recorded.subject, &recorded.body)
            .await
        {
            Ok(()) => Ok(self.store.mark_sent(recorded.id).await?),
            Err(e) => {
                self.store.mark_failed(recorded.id, &e.0).await?;
                Err(NotifyError::Send(e.0))
            }
        }
    }

    /// Applies `users.user.deleted`: forgets who the person's notifications went to and
    /// what they said. Idempotent on `event_id`.
    pub async fn on_user_deleted(&self, event_id: Uuid, user_id: Uuid) -> Result<(), NotifyError> {
        let erased = self.store.erase_person(event_id, user_id).await?;
        tracing::info!(%user_id, erased, "a deleted person's notifications erased");
        Ok(())
    }

    pub async fn list(
        &self,
        user_id: Option<Uuid>,
        paging: Paging,
    ) -> Result<(Vec<Notification>, i64), NotifyError> {
        Ok(self.store.list(user_id, paging).await?)
    }
}

/// The notification an account event calls for.
fn notification_for(event_id: Uuid, event_type: &str, event: AccountEvent) -> NewNotification {
    let when = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M").to_string();
    let (template, user_id, email, vars) = match event {
        AccountEvent::Registered {
            user_id,
            email,
            name,
        } => (
            Template::Welcome,
            user_id,
            email.clone(),
            BTreeMap::from([("name", name), ("email", email)]),
        ),
        AccountEvent::Locked {
            user_id,
            email,
            locked_until,
        } => (
            Template::AccountLocked,
            user_id,
            email.clone(),
            BTreeMap::from([("email", email), ("locked_until", when(locked_until))]),
        ),
        AccountEvent::PasswordChanged {
            user_id,
            email,
            changed_at,
        } => (
            Template::PasswordChanged,
            user_id,
            email.clone(),
            BTreeMap::from([("email", email), ("changed_at", when(changed_at))]),
        ),
    };
    let rendered = template.render(&vars);
    NewNotification {
        event_id,
        event_type: event_type.to_owned(),
        user_id,
        template,
        recipient: email,
        subject: rendered.subject,
        body: rendered.body,
    }
}
