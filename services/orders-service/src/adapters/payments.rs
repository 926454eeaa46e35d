//! The payments port over payments' generated client, called as the orders service itself:
//! its own access token from auth (client credentials), renewed before it expires and
//! fetched again after a 401.

use std::sync::Arc;

use agora_kit::ExposeSecret;
use auth_access::ClientCredentials;
use payments_client::types;
use uuid::Uuid;

use crate::app::ports::{Payments, PaymentsUnavailable};
use crate::domain::{ChargeOutcome, Order};

pub struct PaymentsClient {
    client: payments_client::Client,
    credentials: Arc<ClientCredentials>,
}

impl PaymentsClient {
    /// `http` bounds each call (its timeout).
    pub fn new(
        payments_url: &str,
        http: reqwest::Client,
        credentials: Arc<ClientCredentials>,
    ) -> Self {
        Self {
            client: payments_client::Client::new_with_client(
                payments_url,
                http,
                Default::default(),
            ),
            credentials,
        }
    }

    async fn token(&self) -> Result<String, PaymentsUnavailable> {
        self.credentials
            .token()
            .await
            .map(|t| t.expose_secret().to_owned())
            .map_err(|e| PaymentsUnavailable(e.to_string().into()))
    }

    /// After a 401, the next call fetches a new token.
    async fn refused(&self, status: u16, what: &str) -> PaymentsUnavailable {
        if status == 401 {
            self.credentials.forget().await;
        }
        PaymentsUnavailable(format!("payments answered {status} to the {what}").into())
    }
}

fn unavailable(e: impl std::fmt::Display) -> PaymentsUnavailable {
    PaymentsUnavailable(e.to_string().into())
}

#[async_trait::async_trait]
impl Payments for PaymentsClient {
    async fn charge(
        &self,
        order: &Order,
        token: &str,
    ) -> Result<ChargeOutcome, PaymentsUnavailable> {
        let body = types::NewPayment {
            order_id: order.id,
            user_id: order.user_id,
            amount: order.total,
            currency: order.currency.parse().map_err(unavailable)?,
            payment_token: match token.parse() {
                Ok(t) => t,
                // Not even a token payments could read: no charge can be made with it.
                Err(_) => return Ok(ChargeOutcome::Declined { payment_id: None }),
            },
        };
        let bearer = self.token().await?;
        let answer =
            agora_context::with_bearer(bearer, self.client.create_payment().body(body).send())
                .await;
        match answer {
            Ok(p) => {
                let p = p.into_inner();
                Ok(match p.status {
                    types::PaymentStatus::Captured => ChargeOutcome::Captured { payment_id: p.id },
                    // Refunded already (by an operator at payments): nothing is held.
                    types::PaymentStatus::Declined | types::PaymentStatus::Refunded => {
                        ChargeOutcome::Declined {
                            payment_id: Some(p.id),
                        }
                    }
                })
            }
            Err(payments_client::Error::ErrorResponse(r)) if r.status() == 422 => {
                let problem = r.into_inner();
                if problem.type_.ends_with(":order-charged-otherwise") {
                    // Payments holds another charge of this order: never take that for a
                    // decline (money may be held); an operator must look.
                    tracing::error!(order_id = %order.id, problem = ?problem.detail, "payments holds another charge of this order");
                    return Err(unavailable("payments holds another charge of this order"));
                }
                // The provider refused the token, or the charge could not be asked at all:
                // nothing was charged.
                tracing::info!(order_id = %order.id, problem = ?problem.detail, "payment refused");
                Ok(ChargeOutcome::Declined { payment_id: None })
            }
            Err(payments_client::Error::ErrorResponse(r)) => {
                Err(self.refused(r.status().as_u16(), "charge").await)
            }
            Err(payments_client::Error::UnexpectedResponse(r)) => {
                Err(self.refused(r.status().as_u16(), "charge").await)
            }
            Err(e) => Err(unavailable(e)),
        }
    }

    async fn refund(&self, payment_id: Uuid) -> Result<(), PaymentsUnavailable> {
        let bearer = self.token().await?;
        let answer =
            agora_context::with_bearer(bearer, self.client.refund_payment().id(payment_id).send())
                .await;
        match answer {
            Ok(_) => Ok(()),
            // Refunded already (a retry after a lost answer), or never captured: either
            // way nothing of the customer's is held.
            Err(payments_client::Error::ErrorResponse(r)) if r.status() == 409 => Ok(()),
            Err(payments_client::Error::ErrorResponse(r)) => {
                Err(self.refused(r.status().as_u16(), "refund").await)
            }
            Err(payments_client::Error::UnexpectedResponse(r)) => {
                Err(self.refused(r.status().as_u16(), "refund").await)
            }
            Err(e) => Err(unavailable(e)),
        }
    }
}
