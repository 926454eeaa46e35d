//! Inbound events: the consumer of auth's events that call for an e-mail, and of the users
//! service's deletions.

use std::sync::Arc;

use agora_bus::{Bus, Consumer, Envelope, Handler, HandlerError, Source};

use crate::app::Notifier;
use crate::app::notify::AccountEvent;

struct Notifications {
    notifier: Notifier,
}

#[async_trait::async_trait]
impl Handler for Notifications {
    async fn handle(&self, event: &Envelope) -> Result<(), HandlerError> {
        let Some(account_event) = account_event(&event.event_type, &event.data)
            .map_err(|e| HandlerError::Malformed(e.to_string()))?
        else {
            return Ok(());
        };
        self.notifier
            .on_event(event.id, &event.event_type, account_event)
            .await
            .map_err(|e| HandlerError::Failed(e.to_string()))
    }
}

/// The account event `data` carries, if `event_type` is one that calls for an e-mail.
pub fn account_event(
    event_type: &str,
    data: &serde_json::Value,
) -> Result<Option<AccountEvent>, serde_json::Error> {
    use agora_events::types;
    Ok(Some(match event_type {
        types::AUTH_USER_REGISTERED => {
            let d: agora_events::UserRegistered = serde_json::from_value(data.clone())?;
            AccountEvent::Registered {
                user_id: d.user_id,
                email: d.email,
                name: d.name,
            }
        }
        types::AUTH_USER_LOCKED => {
            let d: agora_events::UserLocked = serde_json::from_value(data.clone())?;
            AccountEvent::Locked {
                user_id: d.user_id,
                email: d.email,
                locked_until: d.locked_until,
            }
        }
        types::AUTH_PASSWORD_CHANGED => {
            let d: agora_events::PasswordChanged = serde_json::from_value(data.clone())?;
            AccountEvent::PasswordChanged {
                user_id: d.user_id,
                email: d.email,
                changed_at: d.changed_at,
            }
        }
        _ => return Ok(None),
    }))
}

/// Applies `users.user.deleted`.
struct Deletions {
    notifier: Notifier,
}

#[async_trait::async_trait]
impl Handler for Deletions {
    async fn handle(&self, event: &Envelope) -> Result<(), HandlerError> {
        let data: agora_events::UserDeleted = event
            .data()
            .map_err(|e| HandlerError::Malformed(e.to_string()))?;
        self.notifier
            .on_user_deleted(event.id, data.user_id)
            .await
            .map_err(|e| HandlerError::Failed(e.to_string()))
    }
}

/// The consumer of the notifications queue on the users topic.
pub fn users_events_consumer(bus: Bus, notifier: Notifier) -> Consumer {
    let source = Source::Subscription {
        consumer: "notifications",
        producer: "users",
        event_types: vec![agora_events::types::USERS_USER_DELETED],
        max_receives: 5,
    };
    Consumer::new(bus, source, Arc::new(Deletions { notifier }))
}

pub fn auth_events_consumer(bus: Bus, notifier: Notifier) -> Consumer {
    use agora_events::types;
    let source = Source::Subscription {
        consumer: "notifications",
        producer: "auth",
        event_types: vec![
            types::AUTH_USER_REGISTERED,
            types::AUTH_USER_LOCKED,
            types::AUTH_PASSWORD_CHANGED,
        ],
        max_receives: 5,
    };
    Consumer::new(bus, source, Arc::new(Notifications { notifier }))
}
