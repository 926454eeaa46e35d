//! Topics, queues, dead-letter queues and subscriptions, created idempotently (creating an
//! existing topic or queue with the same attributes returns it). On AWS, infrastructure as
//! code would create the same resources; see `docs/events.md`.

use aws_sdk_sqs::types::QueueAttributeName;

use crate::{Bus, BusError};

/// A consumer's queue and its dead-letter queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub queue_url: String,
    pub dead_letter_url: String,
}

impl Bus {
    /// The producer's topic, created if missing; its ARN.
    pub async fn ensure_topic(&self, producer: &str) -> Result<String, BusError> {
        let out = self
            .sns
            .create_topic()
            .name(self.topic_name(producer))
            .send()
            .await
            .map_err(|e| BusError::Sns(format!("{e:?}")))?;
        out.topic_arn()
            .map(str::to_owned)
            .ok_or_else(|| BusError::Sns("CreateTopic returned no ARN".into()))
    }

    /// The queue `consumer` reads `event_types` of `producer` from, with a dead-letter queue
    /// that takes a message after `max_receives` failed deliveries, subscribed to the
    /// producer's topic with raw delivery and a filter on the `type` attribute.
    pub async fn ensure_subscription(
        &self,
        consumer: &str,
        producer: &str,
        event_types: &[&str],
        max_receives: u32,
        visibility_timeout_secs: u32,
    ) -> Result<Subscription, BusError> {
        let topic_arn = self.ensure_topic(producer).await?;
        let name = self.queue_name(consumer, producer);
        let dead_letter_url = self.create_queue(&format!("{name}-dlq"), vec![]).await?;
        let dead_letter_arn = self.queue_arn(&dead_letter_url).await?;
        let redrive = serde_json::json!({ "deadLetterTargetArn": dead_letter_arn, "maxReceiveCount": max_receives.to_string() });
        let queue_url = self
            .create_queue(
                &name,
                vec![
                    (QueueAttributeName::RedrivePolicy, redrive.to_string()),
                    (
                        QueueAttributeName::VisibilityTimeout,
                        visibility_timeout_secs.to_string(),
                    ),
                ],
            )
            .await?;
        let queue_arn = self.queue_arn(&queue_url).await?;
        // Real AWS delivers from the topic only if the queue allows it (moto does not check).
        let policy = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": { "Service": "sns.amazonaws.com" },
                "Action": "sqs:SendMessage",
                "Resource": queue_arn,
                "Condition": { "ArnEquals": { "aws:SourceArn": topic_arn } }
            }]
        });
        self.sqs
            .set_queue_attributes()
            .queue_url(&queue_url)
            .attributes(QueueAttributeName::Policy, policy.to_string())
            .send()
            .await
            .map_err(|e| BusError::Sqs(format!("{e:?}")))?;
        let filter = serde_json::json!({ "type": event_types });
        self.sns
            .subscribe()
            .topic_arn(&topic_arn)
            .protocol("sqs")
            .endpoint(&queue_arn)
            .attributes("RawMessageDelivery", "true")
            .attributes("FilterPolicy", filter.to_string())
            .return_subscription_arn(true)
            .send()
            .await
            .map_err(|e| BusError::Sns(format!("{e:?}")))?;
        Ok(Subscription {
            queue_url,
            dead_letter_url,
        })
    }

    /// The queue and dead-letter queue of `consumer` for `producer`, created elsewhere (by
    /// infrastructure as code): looked up, never created or changed.
    pub async fn existing_subscription(
        &self,
        consumer: &str,
        producer: &str,
    ) -> Result<Subscription, BusError> {
        let name = self.queue_name(consumer, producer);
        Ok(Subscription {
            queue_url: self.queue_url(&name).await?,
            dead_letter_url: self.queue_url(&format!("{name}-dlq")).await?,
        })
    }

    async fn queue_url(&self, name: &str) -> Result<String, BusError> {
        let out = self
            .sqs
            .get_queue_url()
            .queue_name(name)
            .send()
            .await
            .map_err(|e| BusError::Sqs(format!("{name}: {e:?}")))?;
        out.queue_url()
            .map(str::to_owned)
            .ok_or_else(|| BusError::Sqs(format!("GetQueueUrl returned no URL for {name}")))
    }

    async fn create_queue(
        &self,
        name: &str,
        attributes: Vec<(QueueAttributeName, String)>,
    ) -> Result<String, BusError> {
        let mut req = self.sqs.create_queue().queue_name(name);
        for (k, v) in attributes {
            req = req.attributes(k, v);
        }
        let out = req
            .send()
            .await
            .map_err(|e| BusError::Sqs(format!("{e:?}")))?;
        out.queue_url()
            .map(str::to_owned)
            .ok_or_else(|| BusError::Sqs("CreateQueue returned no URL".into()))
    }

    async fn queue_arn(&self, url: &str) -> Result<String, BusError> {
        let out = self
            .sqs
            .get_queue_attributes()
            .queue_url(url)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await
            .map_err(|e| BusError::Sqs(format!("{e:?}")))?;
        out.attributes()
            .and_then(|a| a.get(&QueueAttributeName::QueueArn))
            .cloned()
            .ok_or_else(|| BusError::Sqs("GetQueueAttributes returned no QueueArn".into()))
    }
}
