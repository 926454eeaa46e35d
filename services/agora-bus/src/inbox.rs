//! The inbox: which events a consumer has applied, so that a redelivered event changes
//! nothing. Each consuming service has a `processed_events` table (see its migrations).

use sqlx::PgConnection;
use uuid::Uuid;

/// Records `event_id` on `conn` (the handler's transaction); false when it was applied
/// before, in which case the handler should commit nothing else.
pub async fn claim(
    conn: &mut PgConnection,
    event_id: Uuid,
    event_type: &str,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query!(
        "INSERT INTO processed_events (event_id, event_type) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        event_id,
        event_type
    )
    .execute(conn)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}
