//! Reacting to events: record the notification, send it, record the outcome.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::ports::{NewNotification, Notification, Status};
use super::{Notifier, NotifyError};
use crate::domain::Template;

impl Notifier {
    /// Handles one event. Idempotent on `event_id`: a notification already sent is not sent
    /// again; one that failed is retried. An `Err` leaves the event to be redelivered (and,
    /// after the queue's limit, dead-lettered), with the failure recorded.
    pub async fn on_event(
        &self,
        event_id: Uuid,
        event_type: &str,
        data: &serde_json::Value,
    ) -> Result<(), NotifyError> {
        let Some(new) =
            notification_for(event_id, event_type, data).map_err(NotifyError::Malformed)?
        else {
            return Ok(());
        };
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
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<Notification>, i64), NotifyError> {
        Ok(self.store.list(user_id, page, per_page).await?)
    }
}

/// The notification an event calls for, if any.
fn notification_for(
    event_id: Uuid,
    event_type: &str,
    data: &serde_json::Value,
) -> Result<Option<NewNotification>, serde_json::Error> {
    use agora_events::types;
    let when = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M").to_string();
    let (template, user_id, email, vars) = match event_type {
        types::AUTH_USER_REGISTERED => {
            let d: agora_events::UserRegistered = serde_json::from_value(data.clone())?;
            (
                Template::Welcome,
                d.user_id,
                d.email.clone(),
                BTreeMap::from([("name", d.name), ("email", d.email)]),
            )
        }
        types::AUTH_USER_LOCKED => {
            let d: agora_events::UserLocked = serde_json::from_value(data.clone())?;
            (
                Template::AccountLocked,
                d.user_id,
                d.email.clone(),
                BTreeMap::from([("email", d.email), ("locked_until", when(d.locked_until))]),
            )
        }
        types::AUTH_PASSWORD_CHANGED => {
            let d: agora_events::PasswordChanged = serde_json::from_value(data.clone())?;
            (
                Template::PasswordChanged,
                d.user_id,
                d.email.clone(),
                BTreeMap::from([("email", d.email), ("changed_at", when(d.changed_at))]),
            )
        }
        _ => return Ok(None),
    };
    let rendered = template.render(&vars);
    Ok(Some(NewNotification {
        event_id,
        event_type: event_type.to_owned(),
        user_id,
        template,
        recipient: email,
        subject: rendered.subject,
        body: rendered.body,
    }))
}
