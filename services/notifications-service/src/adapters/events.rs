//! Inbound events: the consumer of auth's events that call for an e-mail, and of the users
//! service's deletions.

use std::sync::Arc;

use agora_bus::{Bus, Consumer, Envelope, Handler, HandlerError, Source};

use crate::app::{Notifier, NotifyError};

struct Notifications {
    notifier: Notifier,
}

#[async_trait::async_trait]
impl Handler for Notifications {
    async fn handle(&self, event: &Envelope) -> Result<(), HandlerError> {
        self.notifier
            .on_event(event.id, &event.event_type, &event.data)
            .await
            .map_err(|e| match e {
                NotifyError::Malformed(e) => HandlerError::Malformed(e.to_string()),
                other => HandlerError::Failed(other.to_string()),
            })
    }
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
