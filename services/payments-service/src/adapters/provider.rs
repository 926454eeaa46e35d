//! Payment providers: the simulated one built in, and a bound on how long any provider's
//! call may take.

use std::time::Duration;

use uuid::Uuid;

use crate::app::ports::{Decision, PaymentProvider, ProviderError};
use crate::domain::PaymentToken;

/// The contract's test provider. It decides by the token alone and names a charge by its
/// key, so asking again under the same key answers the same: idempotent as a real
/// provider's idempotency keys are, without keeping anything.
pub struct Simulated;

#[async_trait::async_trait]
impl PaymentProvider for Simulated {
    async fn charge(
        &self,
        key: Uuid,
        _amount: i64,
        _currency: &str,
        token: &PaymentToken,
    ) -> Result<Decision, ProviderError> {
        let reference = format!("sim_ch_{}", key.simple());
        let token = token.expose();
        if token.starts_with("tok_ok") {
            Ok(Decision::Approved { reference })
        } else if token.starts_with("tok_decline") {
            Ok(Decision::Declined {
                reference,
                reason: "the card was declined".into(),
            })
        } else {
            Err(ProviderError::Rejected(
                "the payment token is not one the provider issued (the simulated provider \
                 knows tokens that start with tok_ok or tok_decline)"
                    .into(),
            ))
        }
    }

    async fn refund(
        &self,
        _key: Uuid,
        _reference: &str,
        _amount: i64,
        _currency: &str,
    ) -> Result<(), ProviderError> {
        Ok(())
    }
}

/// Any provider, with each call bounded by `timeout`: past it the call counts as
/// unavailable (the charge may have happened; the next request asks again under its key).
pub struct Bounded<P> {
    pub inner: P,
    pub timeout: Duration,
}

#[derive(Debug, thiserror::Error)]
#[error("the provider did not answer within {0:?}")]
struct TimedOut(Duration);

impl<P> Bounded<P> {
    async fn bound<T>(
        &self,
        call: impl Future<Output = Result<T, ProviderError>>,
    ) -> Result<T, ProviderError> {
        tokio::time::timeout(self.timeout, call)
            .await
            .unwrap_or_else(|_| Err(ProviderError::Unavailable(Box::new(TimedOut(self.timeout)))))
    }
}

#[async_trait::async_trait]
impl<P: PaymentProvider> PaymentProvider for Bounded<P> {
    async fn charge(
        &self,
        key: Uuid,
        amount: i64,
        currency: &str,
        token: &PaymentToken,
    ) -> Result<Decision, ProviderError> {
        self.bound(self.inner.charge(key, amount, currency, token))
            .await
    }

    async fn refund(
        &self,
        key: Uuid,
        reference: &str,
        amount: i64,
        currency: &str,
    ) -> Result<(), ProviderError> {
        self.bound(self.inner.refund(key, reference, amount, currency))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(s: &str) -> PaymentToken {
        PaymentToken::parse(s).unwrap()
    }

    #[tokio::test]
    async fn the_simulated_provider_decides_by_the_tokens_prefix_and_names_charges_by_key() {
        let key = Uuid::now_v7();
        let approved = Simulated
            .charge(key, 100, "EUR", &token("tok_ok_visa"))
            .await;
        assert_eq!(
            approved.unwrap(),
            Decision::Approved {
                reference: format!("sim_ch_{}", key.simple())
            }
        );
        let declined = Simulated
            .charge(key, 100, "EUR", &token("tok_decline_x"))
            .await;
        assert!(matches!(declined.unwrap(), Decision::Declined { .. }));
        for other in ["tok_", "ok", "TOK_OK", "tok_oK"] {
            assert!(
                matches!(
                    Simulated.charge(key, 100, "EUR", &token(other)).await,
                    Err(ProviderError::Rejected(_))
                ),
                "{other}"
            );
        }
    }

    struct Stuck;

    #[async_trait::async_trait]
    impl PaymentProvider for Stuck {
        async fn charge(
            &self,
            _: Uuid,
            _: i64,
            _: &str,
            _: &PaymentToken,
        ) -> Result<Decision, ProviderError> {
            std::future::pending().await
        }
        async fn refund(&self, _: Uuid, _: &str, _: i64, _: &str) -> Result<(), ProviderError> {
            std::future::pending().await
        }
    }

    #[tokio::test]
    async fn a_provider_that_does_not_answer_in_time_is_unavailable() {
        let bounded = Bounded {
            inner: Stuck,
            timeout: Duration::from_millis(20),
        };
        let charge = bounded
            .charge(Uuid::nil(), 1, "EUR", &token("tok_ok"))
            .await;
        assert!(matches!(charge, Err(ProviderError::Unavailable(_))));
        let refund = bounded.refund(Uuid::nil(), "r", 1, "EUR").await;
        assert!(matches!(refund, Err(ProviderError::Unavailable(_))));
    }
}
