//! Inbound events: the users service's consumer of auth's events.

use std::sync::Arc;

use agora_bus::{Bus, Consumer, Envelope, Handler, HandlerError, Source};

use crate::app::Profiles;
use crate::app::profiles::Registration;

/// Applies `auth.user.registered`: the account's profile, once per event.
struct Registrations {
    profiles: Profiles,
}

#[async_trait::async_trait]
impl Handler for Registrations {
    async fn handle(&self, event: &Envelope) -> Result<(), HandlerError> {
        let data: agora_events::UserRegistered = event
            .data()
            .map_err(|e| HandlerError::Malformed(e.to_string()))?;
        self.profiles
            .on_registered(event.id, &registration(data))
            .await
            .map_err(|e| HandlerError::Failed(format!("{e:#}")))?;
        Ok(())
    }
}

/// The use case's view of auth's event.
pub fn registration(event: agora_events::UserRegistered) -> Registration {
    Registration {
        user_id: event.user_id,
        email: event.email,
        name: event.name,
        registered_at: event.registered_at,
    }
}

/// The consumer of the users queue on auth's topic.
pub fn auth_events_consumer(bus: Bus, profiles: Profiles) -> Consumer {
    let source = Source::Subscription {
        consumer: "users",
        producer: "auth",
        event_types: vec![agora_events::types::AUTH_USER_REGISTERED],
        max_receives: 5,
    };
    Consumer::new(bus, source, Arc::new(Registrations { profiles }))
}
