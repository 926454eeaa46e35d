//! The transactional outbox: an event is a row written in the same transaction as the
//! change it describes, so no acknowledged write ever loses its event. Each producing
//! service has an `outbox` table of the same shape (see `migrations/<service>/`).

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

/// An event ready to be stored: the CloudEvents 1.0 envelope, with its data.
#[derive(Debug, Clone)]
pub struct OutboxEvent {
    pub id: Uuid,
    pub event_type: &'static str,
    pub aggregate_id: Uuid,
    pub envelope: serde_json::Value,
}

impl OutboxEvent {
    /// Wraps `data` in a CloudEvents envelope from the service `source` about `subject`,
    /// with the current request's `traceparent` when there is one.
    pub fn new<T: Serialize>(
        source: &str,
        event_type: &'static str,
        subject: Uuid,
        time: DateTime<Utc>,
        data: &T,
    ) -> Self {
        let id = Uuid::now_v7();
        let mut envelope = serde_json::json!({
            "specversion": "1.0",
            "id": id,
            "source": format!("/agora/{source}"),
            "type": event_type,
            "time": time,
            "datacontenttype": "application/json",
            "subject": subject.to_string(),
            "data": data,
        });
        // CloudEvents' distributed-tracing extension: the consumers continue the trace of
        // the request that caused the event.
        if let Some(trace) = agora_context::current_trace() {
            envelope["traceparent"] = trace.header().into();
        }
        Self {
            id,
            event_type,
            aggregate_id: subject,
            envelope,
        }
    }
}

/// The channel a commit with new outbox rows notifies, so relays need not wait for their
/// next poll.
pub const NOTIFY_CHANNEL: &str = "agora_outbox";

/// Stores `event` on `conn`, which should be the transaction making the change, and
/// notifies [`NOTIFY_CHANNEL`] (PostgreSQL delivers it when the transaction commits, once
/// per transaction, and never if it rolls back).
pub async fn enqueue(conn: &mut PgConnection, event: &OutboxEvent) -> sqlx::Result<()> {
    // One statement, one round trip: the row and its notification.
    sqlx::query!(
        "WITH stored AS (INSERT INTO outbox (id, aggregate_id, event_type, payload) \
         VALUES ($1, $2, $3, $4) RETURNING 1) SELECT pg_notify($5, '') FROM stored",
        event.id,
        event.aggregate_id,
        event.event_type,
        &event.envelope,
        NOTIFY_CHANNEL
    )
    .execute(conn)
    .await?;
    Ok(())
}
