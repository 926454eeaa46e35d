//! The consumer runtime: reads a queue and hands each event to a handler.
//!
//! Long polling; at most `concurrency` handlers at once; a handler that runs long has its
//! message's visibility extended so no other consumer takes it meanwhile; a message is
//! deleted only after its handler succeeded (after its transaction committed), so nothing
//! acknowledged is lost. A failed message comes back after a short delay, and after the
//! queue's `maxReceiveCount` the redrive policy moves it to the dead-letter queue, while
//! the consumer goes on with the others. Shutdown stops receiving and lets in-flight
//! handlers finish. Handlers must be idempotent on the event id (delivery is at least once).
//!
//! Metrics, labelled by queue name: `events_consumed_total{outcome}`,
//! `events_consumer_lag_seconds` (from SNS publication to the handler's start),
//! `events_dead_lettered_total` (failures on the last receive the redrive policy allows)
//! and `events_dead_letter_messages` (the dead-letter queue's depth, read every 30 s by
//! default).

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_sqs::types::{Message, MessageSystemAttributeName, QueueAttributeName};
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tracing::Instrument;

use crate::{Bus, Envelope};

#[derive(Debug, thiserror::Error)]
pub enum HandlerError {
    #[error("the event's data does not match its type: {0}")]
    Malformed(String),
    #[error("the handler failed: {0}")]
    Failed(String),
}

#[async_trait::async_trait]
pub trait Handler: Send + Sync {
    async fn handle(&self, event: &Envelope) -> Result<(), HandlerError>;
}

/// What a consumer reads: a queue, or a subscription it makes sure of first.
#[derive(Debug, Clone)]
pub enum Source {
    Queue(String),
    Subscription {
        consumer: &'static str,
        producer: &'static str,
        event_types: Vec<&'static str>,
        max_receives: u32,
    },
}

pub struct Consumer {
    bus: Bus,
    source: Source,
    queue_url: String,
    dead_letter_url: Option<String>,
    dead_letter_every: Duration,
    handler: Arc<dyn Handler>,
    concurrency: usize,
    visibility: Duration,
    wait_secs: i32,
}

impl Consumer {
    pub fn new(bus: Bus, source: Source, handler: Arc<dyn Handler>) -> Self {
        let queue_url = match &source {
            Source::Queue(url) => url.clone(),
            Source::Subscription { .. } => String::new(),
        };
        Self {
            bus,
            source,
            queue_url,
            dead_letter_url: None,
            dead_letter_every: Duration::from_secs(30),
            handler,
            concurrency: 8,
            visibility: Duration::from_secs(30),
            wait_secs: 20,
        }
    }

    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// How long a received message stays invisible to others while its handler runs
    /// (extended while it keeps running).
    pub fn visibility(mut self, timeout: Duration) -> Self {
        self.visibility = timeout.max(Duration::from_secs(2));
        self
    }

    /// How often the dead-letter queue's depth is read for the metrics (default 30 s).
    pub fn dead_letter_poll(mut self, every: Duration) -> Self {
        self.dead_letter_every = every.max(Duration::from_millis(100));
        self
    }

    /// The long-polling wait of each receive, in seconds (at most 20).
    pub fn wait_secs(mut self, secs: i32) -> Self {
        self.wait_secs = secs.clamp(0, 20);
        self
    }

    /// Sets up the subscription now. Services call it at start-up so that their queue exists
    /// before anyone publishes (SNS delivers only to subscriptions that exist); when the bus
    /// is unreachable, [`Consumer::run`] keeps trying.
    pub async fn prepare(&mut self) -> Result<(), crate::BusError> {
        let Source::Subscription {
            consumer,
            producer,
            event_types,
            max_receives,
        } = self.source.clone()
        else {
            return Ok(());
        };
        if !self.queue_url.is_empty() {
            return Ok(());
        }
        let visibility = self.visibility.as_secs() as u32;
        let sub = if self.bus.provisions() {
            self.bus
                .ensure_subscription(consumer, producer, &event_types, max_receives, visibility)
                .await?
        } else {
            self.bus.existing_subscription(consumer, producer).await?
        };
        self.queue_url = sub.queue_url;
        self.dead_letter_url = Some(sub.dead_letter_url);
        Ok(())
    }

    /// Makes sure of the subscription, retrying until it exists; false on shutdown first.
    async fn resolve(&mut self, shutdown: &mut watch::Receiver<bool>) -> bool {
        let mut backoff = Duration::from_millis(200);
        loop {
            match self.prepare().await {
                Ok(()) => return true,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot set up the subscription yet; retrying")
                }
            }
            tokio::select! {
                () = tokio::time::sleep(backoff) => {}
                _ = shutdown.changed() => return false,
            }
            backoff = (backoff * 2).min(Duration::from_secs(30));
        }
    }

    pub async fn run(mut self, mut shutdown: watch::Receiver<bool>) {
        if !self.resolve(&mut shutdown).await {
            return;
        }
        let this = Arc::new(self);
        if let Some(dead_letters) = this.dead_letter_url.clone() {
            tokio::spawn(watch_dead_letters(
                this.bus.clone(),
                dead_letters,
                this.dead_letter_every,
                shutdown.clone(),
            ));
        }
        let permits = Arc::new(Semaphore::new(this.concurrency));
        let mut in_flight = JoinSet::new();
        let mut backoff = Duration::from_millis(200);
        loop {
            while in_flight.try_join_next().is_some() {}
            if *shutdown.borrow() {
                break;
            }
            let free = permits.available_permits().min(10);
            if free == 0 {
                tokio::select! {
                    _ = in_flight.join_next() => continue,
                    _ = shutdown.changed() => break,
                }
            }
            let receive = this
                .bus
                .sqs
                .receive_message()
                .queue_url(&this.queue_url)
                .max_number_of_messages(free as i32)
                .wait_time_seconds(this.wait_secs)
                .visibility_timeout(this.visibility.as_secs() as i32)
                .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
                .message_system_attribute_names(MessageSystemAttributeName::SentTimestamp)
                .send();
            let received = tokio::select! {
                r = receive => r,
                _ = shutdown.changed() => break,
            };
            match received {
                Ok(out) => {
                    backoff = Duration::from_millis(200);
                    for message in out.messages().iter().cloned() {
                        let permit = permits
                            .clone()
                            .acquire_owned()
                            .await
                            .expect("the semaphore is never closed");
                        let this = this.clone();
                        in_flight.spawn(async move {
                            this.process(message).await;
                            drop(permit);
                        });
                    }
                }
                Err(e) => {
                    tracing::warn!(error = ?e, queue = %this.queue_url, "receiving failed; retrying");
                    tokio::select! {
                        () = tokio::time::sleep(backoff) => {}
                        _ = shutdown.changed() => break,
                    }
                    backoff = (backoff * 2).min(Duration::from_secs(30));
                }
            }
        }
        // Graceful shutdown: what was taken is finished (and deleted) before returning.
        while in_flight.join_next().await.is_some() {}
    }

    async fn process(&self, message: Message) {
        let Some(receipt) = message.receipt_handle().map(str::to_owned) else {
            return;
        };
        let receives: u32 = message
            .attributes()
            .and_then(|a| a.get(&MessageSystemAttributeName::ApproximateReceiveCount))
            .and_then(|c| c.parse().ok())
            .unwrap_or(1);
        let queue = queue_name(&self.queue_url);
        let sent_ms: Option<i64> = message
            .attributes()
            .and_then(|a| a.get(&MessageSystemAttributeName::SentTimestamp))
            .and_then(|t| t.parse().ok());
        if let Some(sent_ms) = sent_ms {
            let lag_ms = chrono::Utc::now().timestamp_millis() - sent_ms;
            metrics::histogram!("events_consumer_lag_seconds", "queue" => queue.clone())
                .record(lag_ms.max(0) as f64 / 1000.0);
        }
        let outcome = match serde_json::from_str::<Envelope>(message.body().unwrap_or_default()) {
            Ok(event) => {
                let span = tracing::info_span!(
                    "event",
                    id = %event.id,
                    event_type = %event.event_type,
                    receives,
                    trace_id = tracing::field::Empty
                );
                // The handler continues the trace of the request that caused the event, and
                // what it calls or emits carries it on.
                let parent = event
                    .traceparent
                    .as_deref()
                    .and_then(agora_context::TraceContext::parse);
                let trace = agora_kit::telemetry::enter_trace(&span, parent);
                let context = agora_context::RequestContext {
                    request_id: event.id.to_string(),
                    client_ip: None,
                    user_agent: None,
                    trace: Some(trace),
                };
                let started = std::time::Instant::now();
                let outcome = agora_context::scope(
                    context,
                    self.handle_extending_visibility(&event, &receipt),
                )
                .instrument(span.clone())
                .await
                .map_err(|e| e.to_string());
                // One line per event, like one per request: with its id, type and trace.
                let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
                span.in_scope(|| {
                    tracing::info!(handled = outcome.is_ok(), latency_ms, "event processed")
                });
                outcome
            }
            Err(e) => Err(format!("not a CloudEvents envelope: {e}")),
        };
        let label = if outcome.is_ok() { "handled" } else { "failed" };
        metrics::counter!("events_consumed_total", "queue" => queue.clone(), "outcome" => label)
            .increment(1);
        match outcome {
            Ok(()) => {
                if let Err(e) = self
                    .bus
                    .sqs
                    .delete_message()
                    .queue_url(&self.queue_url)
                    .receipt_handle(&receipt)
                    .send()
                    .await
                {
                    // It will be delivered again; the handler is idempotent.
                    tracing::warn!(error = ?e, "deleting a handled message failed");
                }
            }
            Err(e) => {
                tracing::error!(error = %e, receives, "handling an event failed; it will be retried, then dead-lettered");
                if let Source::Subscription { max_receives, .. } = &self.source
                    && receives >= *max_receives
                {
                    // The redrive policy moves it to the dead-letter queue instead of
                    // delivering it again.
                    metrics::counter!("events_dead_lettered_total", "queue" => queue).increment(1);
                }
                // Come back soon rather than after the whole visibility timeout.
                let delay = (receives * 2).min(30) as i32;
                let _ = self
                    .bus
                    .sqs
                    .change_message_visibility()
                    .queue_url(&self.queue_url)
                    .receipt_handle(&receipt)
                    .visibility_timeout(delay)
                    .send()
                    .await;
            }
        }
    }

    async fn handle_extending_visibility(
        &self,
        event: &Envelope,
        receipt: &str,
    ) -> Result<(), HandlerError> {
        let handling = self.handler.handle(event);
        tokio::pin!(handling);
        let every = self.visibility / 2;
        loop {
            tokio::select! {
                result = &mut handling => return result,
                () = tokio::time::sleep(every) => {
                    let extended = self
                        .bus
                        .sqs
                        .change_message_visibility()
                        .queue_url(&self.queue_url)
                        .receipt_handle(receipt)
                        .visibility_timeout(self.visibility.as_secs() as i32)
                        .send()
                        .await;
                    if let Err(e) = extended {
                        tracing::warn!(error = ?e, "extending a message's visibility failed");
                    }
                }
            }
        }
    }
}

/// The queue's name: the last segment of its URL (bounded, readable metric labels).
fn queue_name(url: &str) -> String {
    url.rsplit('/').next().unwrap_or(url).to_owned()
}

/// Reads the dead-letter queue's depth `every` so often into `events_dead_letter_messages`.
async fn watch_dead_letters(
    bus: Bus,
    url: String,
    every: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    let queue = queue_name(&url);
    loop {
        let depth = bus
            .sqs
            .get_queue_attributes()
            .queue_url(&url)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
            .send()
            .await;
        match depth {
            Ok(out) => {
                if let Some(n) = out
                    .attributes()
                    .and_then(|a| a.get(&QueueAttributeName::ApproximateNumberOfMessages))
                    .and_then(|n| n.parse::<f64>().ok())
                {
                    metrics::gauge!("events_dead_letter_messages", "queue" => queue.clone()).set(n);
                }
            }
            Err(e) => tracing::debug!(error = ?e, "reading the dead-letter queue's depth failed"),
        }
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = shutdown.changed() => return,
        }
    }
}

/// `consumer` with its subscription set up if the bus answers within a few seconds; if it
/// does not, the consumer sets it up once the bus is back, and the service starts anyway.
pub async fn prepared(mut consumer: Consumer) -> Consumer {
    match tokio::time::timeout(Duration::from_secs(5), consumer.prepare()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "the subscription is not set up yet; the consumer will retry")
        }
        Err(_) => tracing::warn!(
            "the bus did not answer; the consumer will set up its subscription later"
        ),
    }
    consumer
}
