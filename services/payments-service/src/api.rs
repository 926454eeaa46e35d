//! The generated `payments-server` trait, implemented: translate, call a use case,
//! translate back. Failures become problem bodies in one place, [`problem`].

use std::sync::Arc;

use agora_kit::problem::Problem;
use agora_kit::token::{Claims, TokenVerifier};
use agora_values::Paging;
use async_trait::async_trait;
use axum_extra::extract::CookieJar;
use headers::Host;
use http::Method;
use payments_server::apis::payments;
use payments_server::models;

use crate::app::payments::{ChargeInput, Viewer};
use crate::app::ports::PaymentFilter;
use crate::app::{Payments, PaymentsError};
use crate::domain::{Payment, PaymentStatus};

/// Who may read every payment.
const READ_ALL: &str = "payments:read";

#[derive(Clone)]
pub struct PaymentsApi {
    payments: Payments,
    verifier: Arc<TokenVerifier>,
}

impl PaymentsApi {
    pub fn new(payments: Payments, verifier: Arc<TokenVerifier>) -> Self {
        Self { payments, verifier }
    }
}

impl AsRef<PaymentsApi> for PaymentsApi {
    fn as_ref(&self) -> &PaymentsApi {
        self
    }
}

/// The answer a failure of the use cases gets: the one place one becomes an HTTP problem.
fn problem(error: PaymentsError) -> Problem {
    match error {
        PaymentsError::Validation(errors) => Problem::validation(errors),
        PaymentsError::NotFound => Problem::not_found("no such payment"),
        e @ PaymentsError::OrderChargedOtherwise => Problem::new(
            http::StatusCode::UNPROCESSABLE_ENTITY,
            "order-charged-otherwise",
            "Order already charged",
        )
        .detail(format!(
            "{e}: the order id is the idempotency key, and a charge asked again must be the same"
        )),
        e @ PaymentsError::NotRefundable(_) => Problem::conflict(e.to_string()),
        PaymentsError::Forbidden => {
            Problem::forbidden("only a holder of payments:read may list another's payments")
        }
        PaymentsError::Rejected(reason) => Problem::new(
            http::StatusCode::UNPROCESSABLE_ENTITY,
            "payment-rejected",
            "Payment rejected",
        )
        .detail(reason),
        e @ PaymentsError::ProviderUnavailable(_) => {
            tracing::warn!(error = ?e, "the payment provider is unavailable");
            Problem::unavailable(
                "the payment provider did not answer; ask again with the same order id",
            )
        }
        PaymentsError::Store(e) => Problem::from_internal(&e),
    }
}

agora_kit::generated_glue!(PaymentsApi, PaymentsError, payments_server, problem);

fn payment(p: Payment) -> models::Payment {
    let status = match p.status {
        PaymentStatus::Captured => models::PaymentStatus::Captured,
        PaymentStatus::Declined => models::PaymentStatus::Declined,
        PaymentStatus::Refunded => models::PaymentStatus::Refunded,
        // The ledger never shows a payment it has not settled.
        PaymentStatus::Processing => unreachable!("processing payments are never read"),
    };
    models::Payment::new(
        p.amount.unsigned_abs(),
        p.created_at,
        p.currency,
        p.id,
        p.order_id,
        status,
        p.updated_at,
        p.user_id,
    )
}

fn viewer(claims: &Claims) -> Viewer {
    Viewer {
        id: claims.sub,
        reads_all: claims.has_permission(READ_ALL),
    }
}

#[async_trait]
impl payments::Payments<PaymentsError> for PaymentsApi {
    type Claims = Claims;

    async fn create_payment(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        _: &Claims,
        body: &models::NewPayment,
    ) -> Result<payments::CreatePaymentResponse, PaymentsError> {
        let p = self
            .payments
            .charge(ChargeInput {
                order_id: body.order_id,
                user_id: body.user_id,
                amount: body.amount,
                currency: &body.currency,
                payment_token: &body.payment_token,
            })
            .await?;
        Ok(payments::CreatePaymentResponse::Status201_Created {
            location: Some(format!("/api/v1/payments/{}", p.id)),
            body: payment(p),
        })
    }

    async fn get_payment(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        path: &models::GetPaymentPathParams,
    ) -> Result<payments::GetPaymentResponse, PaymentsError> {
        let p = self.payments.get(viewer(claims), path.id).await?;
        Ok(payments::GetPaymentResponse::Status200_Ok(payment(p)))
    }

    async fn list_payments(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        claims: &Claims,
        q: &models::ListPaymentsQueryParams,
    ) -> Result<payments::ListPaymentsResponse, PaymentsError> {
        let paging = Paging::new(q.page, q.per_page);
        let filter = PaymentFilter {
            order_id: q.order_id,
            user_id: q.user_id,
        };
        let (items, total) = self.payments.list(viewer(claims), filter, paging).await?;
        let (page, per_page) = paging.as_i32();
        Ok(payments::ListPaymentsResponse::Status200_Ok(
            models::PaymentList::new(
                items.into_iter().map(payment).collect(),
                page,
                per_page,
                total,
            ),
        ))
    }

    async fn refund_payment(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        _: &Claims,
        path: &models::RefundPaymentPathParams,
    ) -> Result<payments::RefundPaymentResponse, PaymentsError> {
        let p = self.payments.refund(path.id).await?;
        Ok(payments::RefundPaymentResponse::Status200_Ok(payment(p)))
    }
}
