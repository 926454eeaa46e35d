//! Inbound events: auth's consumer of the users service's events.

use std::sync::Arc;

use agora_bus::{Bus, Consumer, Envelope, Handler, HandlerError, Source};

use crate::app::{Auth, RequestMeta};

/// Applies `users.user.deleted`: the account can no longer sign in, once per event.
struct Deletions {
    auth: Auth,
}

#[async_trait::async_trait]
impl Handler for Deletions {
    async fn handle(&self, event: &Envelope) -> Result<(), HandlerError> {
        let data: agora_events::UserDeleted = event
            .data()
            .map_err(|e| HandlerError::Malformed(e.to_string()))?;
        // The audit row names the event it applied, as a request's names its request.
        let meta = RequestMeta {
            request_id: Some(event.id.to_string()),
            ..RequestMeta::default()
        };
        self.auth
            .on_user_deleted(event.id, data.user_id, data.deleted_at, &meta)
            .await
            .map_err(|e| HandlerError::Failed(e.to_string()))
    }
}

/// The consumer of auth's queue on the users topic.
pub fn users_events_consumer(bus: Bus, auth: Auth) -> Consumer {
    let source = Source::Subscription {
        consumer: "auth",
        producer: "users",
        event_types: vec![agora_events::types::USERS_USER_DELETED],
        max_receives: 5,
    };
    Consumer::new(bus, source, Arc::new(Deletions { auth }))
}
