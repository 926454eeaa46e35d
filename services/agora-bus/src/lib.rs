//! Agora's event bus on AWS SNS and SQS, through the official SDKs.
//!
//! - [`topology`]: one topic per producing service, one queue per consumer and producer
//!   (raw delivery, filtered to the event types the consumer handles) with a dead-letter
//!   queue and a redrive policy; created idempotently.
//! - [`relay`]: the outbox relay: publishes rows of a service's `outbox` table and marks
//!   them sent, several instances safely at once, never dropping a row.
//! - [`consumer`]: the consumer runtime: long polling, bounded concurrency, visibility
//!   extension, delete only after the handler succeeded, graceful shutdown.
//!
//! Endpoint, region and credentials come from the standard AWS configuration
//! (`AWS_ENDPOINT_URL`, `AWS_REGION`, the credential chain), so the same binary runs
//! against moto locally and against AWS.

pub mod consumer;
pub mod envelope;
pub mod inbox;
pub mod relay;
pub mod topology;

pub use consumer::{Consumer, Handler, HandlerError, Source};
pub use envelope::Envelope;
pub use relay::OutboxRelay;

/// SNS and SQS clients and the name prefix of every topic and queue.
#[derive(Clone)]
pub struct Bus {
    pub sns: aws_sdk_sns::Client,
    pub sqs: aws_sdk_sqs::Client,
    prefix: String,
    /// Whether consumers create their queues and subscriptions (development, tests) or only
    /// look up the ones infrastructure as code created (`EVENTS_PROVISION=false`).
    provision: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum BusError {
    #[error("SNS call failed: {0}")]
    Sns(String),
    #[error("SQS call failed: {0}")]
    Sqs(String),
    #[error("outbox database error")]
    Database(#[from] sqlx::Error),
}

impl Bus {
    /// Clients from the standard AWS configuration; names start with `prefix`
    /// (`AGORA_BUS_PREFIX`, default `agora`).
    pub async fn from_env(prefix: &str) -> Self {
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .load()
            .await;
        Self::with_config(&config, prefix)
    }

    /// Clients for a local SNS/SQS endpoint such as moto, with its fixed test credentials.
    pub async fn local(endpoint: &str, prefix: &str) -> Self {
        let credentials =
            aws_sdk_sns::config::Credentials::new("test", "test", None, None, "agora-local");
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(credentials)
            .endpoint_url(endpoint)
            .load()
            .await;
        Self::with_config(&config, prefix)
    }

    fn with_config(config: &aws_config::SdkConfig, prefix: &str) -> Self {
        Self {
            sns: aws_sdk_sns::Client::new(config),
            sqs: aws_sdk_sqs::Client::new(config),
            prefix: prefix.to_owned(),
            provision: true,
        }
    }

    /// Consumers only look their queues up instead of creating them and subscribing.
    pub fn without_provisioning(mut self) -> Self {
        self.provision = false;
        self
    }

    pub fn provisions(&self) -> bool {
        self.provision
    }

    /// The topic of a producing service.
    pub fn topic_name(&self, producer: &str) -> String {
        format!("{}-{producer}", self.prefix)
    }

    /// The queue a consumer reads a producer's events from.
    pub fn queue_name(&self, consumer: &str, producer: &str) -> String {
        format!("{}-{consumer}-from-{producer}", self.prefix)
    }
}

/// Whether and how a service takes part in the bus, from the environment:
/// `EVENTS_ENABLED` (default true), `AGORA_BUS_PREFIX` (default `agora`) and
/// `EVENTS_PROVISION` (default true; false where infrastructure as code owns the topology).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventsConfig {
    pub prefix: String,
    pub provision: bool,
}

impl EventsConfig {
    pub fn from_env() -> Option<Self> {
        let enabled = std::env::var("EVENTS_ENABLED")
            .map(|v| v != "false" && v != "0")
            .unwrap_or(true);
        let provision = std::env::var("EVENTS_PROVISION")
            .map(|v| v != "false" && v != "0")
            .unwrap_or(true);
        enabled.then(|| Self {
            prefix: std::env::var("AGORA_BUS_PREFIX")
                .ok()
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| "agora".into()),
            provision,
        })
    }

    /// Events on, with names starting with `prefix`, provisioning on (tests).
    pub fn with_prefix(prefix: impl Into<String>) -> Self {
        Self {
            prefix: prefix.into(),
            provision: true,
        }
    }

    /// Clients from the standard AWS configuration.
    pub async fn bus(&self) -> Bus {
        let bus = Bus::from_env(&self.prefix).await;
        if self.provision {
            bus
        } else {
            bus.without_provisioning()
        }
    }
}
