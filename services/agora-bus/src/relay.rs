//! The outbox relay: publishes a service's unsent `outbox` rows to its SNS topic.
//!
//! Rows are claimed with `FOR UPDATE SKIP LOCKED`, so several instances relay at once
//! without publishing the same row concurrently. A row is marked sent only after SNS
//! accepted it; when SNS is down the rows wait and the relay backs off, retrying until
//! they are out. Delivery is at least once: a crash between publishing and marking sends
//! the row again later, and consumers are idempotent on the event id.
//!
//! Between batches the relay listens on the channel that a commit with new outbox rows
//! notifies (`agora_kit::outbox::NOTIFY_CHANNEL`), so an event leaves as soon as its
//! transaction commits; the poll interval only matters when notifications cannot arrive
//! (the listening connection is down, or rows were written by hand).

use std::time::Duration;

use aws_sdk_sns::types::MessageAttributeValue;
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::watch;
use uuid::Uuid;

use crate::{Bus, BusError};

const BACKLOG_EVERY: Duration = Duration::from_secs(5);
/// How often a relay without a listening connection tries to open one again.
const LISTEN_RETRY_EVERY: Duration = Duration::from_secs(5);

pub struct OutboxRelay {
    pool: PgPool,
    bus: Bus,
    producer: String,
    /// Found (or created) on first use, so a service starts while SNS is unreachable.
    topic_arn: tokio::sync::OnceCell<String>,
    batch: i64,
    idle: Duration,
    max_backoff: Duration,
}

impl OutboxRelay {
    /// Relays `pool`'s outbox to the topic of `producer`.
    pub fn new(pool: PgPool, bus: Bus, producer: &str) -> Self {
        Self {
            pool,
            bus,
            producer: producer.to_owned(),
            topic_arn: tokio::sync::OnceCell::new(),
            batch: 50,
            idle: Duration::from_millis(200),
            max_backoff: Duration::from_secs(30),
        }
    }

    /// How long to wait between polls when no notification arrives (default 200 ms).
    pub fn poll_every(mut self, idle: Duration) -> Self {
        self.idle = idle;
        self
    }

    /// Publishes one batch; how many rows went out.
    pub async fn relay_once(&self) -> Result<usize, BusError> {
        let topic_arn = self
            .topic_arn
            .get_or_try_init(|| self.bus.ensure_topic(&self.producer))
            .await?;
        let mut tx = self.pool.begin().await?;
        let rows = sqlx::query!(
            "SELECT id, event_type, payload FROM outbox WHERE sent_at IS NULL \
             ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED",
            self.batch
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut sent: Vec<Uuid> = Vec::with_capacity(rows.len());
        let mut failure = None;
        for row in &rows {
            match self
                .publish(topic_arn, row.id, &row.event_type, &row.payload)
                .await
            {
                Ok(()) => sent.push(row.id),
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        if !sent.is_empty() {
            sqlx::query!(
                "UPDATE outbox SET sent_at = now() WHERE id = ANY($1)",
                &sent
            )
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        match failure {
            Some(e) => Err(e),
            None => Ok(sent.len()),
        }
    }

    async fn publish(
        &self,
        topic_arn: &str,
        id: Uuid,
        event_type: &str,
        payload: &serde_json::Value,
    ) -> Result<(), BusError> {
        let attribute = |v: String| {
            MessageAttributeValue::builder()
                .data_type("String")
                .string_value(v)
                .build()
        };
        let type_attr =
            attribute(event_type.to_owned()).map_err(|e| BusError::Sns(e.to_string()))?;
        let id_attr = attribute(id.to_string()).map_err(|e| BusError::Sns(e.to_string()))?;
        self.bus
            .sns
            .publish()
            .topic_arn(topic_arn)
            .message(payload.to_string())
            .message_attributes("type", type_attr)
            .message_attributes("id", id_attr)
            .send()
            .await
            .map_err(|e| BusError::Sns(format!("{e:?}")))?;
        Ok(())
    }

    /// `outbox_unsent_events` and `outbox_oldest_unsent_age_seconds`, by producer.
    async fn record_backlog(&self) {
        let backlog = sqlx::query!(
            r#"SELECT count(*) AS "count!", EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS age
               FROM outbox WHERE sent_at IS NULL"#
        )
        .fetch_one(&self.pool)
        .await;
        if let Ok(backlog) = backlog {
            let (count, age) = (backlog.count, backlog.age);
            let producer = self.producer.clone();
            metrics::gauge!("outbox_unsent_events", "producer" => producer.clone())
                .set(count as f64);
            metrics::gauge!("outbox_oldest_unsent_age_seconds", "producer" => producer)
                .set(age.unwrap_or(0.0));
        }
    }

    /// Relays until `shutdown` turns true: a full batch is followed at once by the next, an
    /// empty one by a pause that a notification of new rows cuts short, a failure by an
    /// exponential backoff (which notifications do not cut short: SNS is down).
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let mut listener = self.listen().await;
        let mut listened_at = std::time::Instant::now();
        let mut backoff = self.idle;
        let mut last_gauge = std::time::Instant::now() - BACKLOG_EVERY;
        loop {
            if *shutdown.borrow() {
                return;
            }
            let relayed = self.relay_once().await;
            // The backlog is a gauge: a look every few seconds is enough, not one per batch.
            if last_gauge.elapsed() >= BACKLOG_EVERY {
                self.record_backlog().await;
                last_gauge = std::time::Instant::now();
            }
            let (pause, wake_on_notify) = match relayed {
                Ok(n) if n as i64 == self.batch => {
                    backoff = self.idle;
                    continue;
                }
                Ok(_) => {
                    backoff = self.idle;
                    (self.idle, true)
                }
                Err(e) => {
                    tracing::warn!(error = %e, retry_in_ms = backoff.as_millis() as u64, "outbox relay failed; events wait in the outbox");
                    let pause = backoff;
                    backoff = (backoff * 2).min(self.max_backoff);
                    (pause, false)
                }
            };
            let notified = async {
                match listener.as_mut() {
                    Some(l) if wake_on_notify => l.recv().await.map(drop),
                    _ => std::future::pending().await,
                }
            };
            tokio::select! {
                () = tokio::time::sleep(pause) => {}
                result = notified => {
                    if let Err(e) = result {
                        tracing::debug!(error = %e, "outbox notifications interrupted; polling until they are back");
                        listener = None;
                    }
                }
                _ = shutdown.changed() => return,
            }
            // Without notifications the relay still polls; it tries to listen again now and
            // then, not on every pass while the database is away.
            if listener.is_none() && listened_at.elapsed() >= LISTEN_RETRY_EVERY {
                listener = self.listen().await;
                listened_at = std::time::Instant::now();
            }
        }
    }

    /// A connection listening for new outbox rows, when the database answers.
    async fn listen(&self) -> Option<PgListener> {
        let mut listener = PgListener::connect_with(&self.pool).await.ok()?;
        listener
            .listen(agora_kit::outbox::NOTIFY_CHANNEL)
            .await
            .ok()?;
        Some(listener)
    }
}
