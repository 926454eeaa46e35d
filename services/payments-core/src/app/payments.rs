//! Charging an order once, refunding what was captured, and reading the ledger.

use agora_values::{Currency, FieldError, Paging};
use uuid::Uuid;

use super::ports::{Claim, PaymentFilter, ProviderError};
use super::{Payments, PaymentsError};
use crate::domain::{Charge, Payment, PaymentToken};

/// A charge as it arrives, before validation.
#[derive(Debug, Clone, Copy)]
pub struct ChargeInput<'a> {
    pub order_id: Uuid,
    pub user_id: Uuid,
    /// Minor units, as the wire carries them.
    pub amount: u64,
    pub currency: &'a str,
    pub payment_token: &'a str,
}

/// Who asks to see payments: an account, and whether it may read everyone's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub id: Uuid,
    pub reads_all: bool,
}

fn validate(input: ChargeInput<'_>) -> Result<Charge, PaymentsError> {
    let mut errors = Vec::new();
    // PostgreSQL's bigint bounds the ledger.
    let amount = FieldError::check(
        &mut errors,
        "amount",
        i64::try_from(input.amount).map_err(|_| format!("must be at most {}", i64::MAX)),
    );
    let currency = FieldError::check(&mut errors, "currency", Currency::parse(input.currency));
    let token = FieldError::check(
        &mut errors,
        "payment_token",
        PaymentToken::parse(input.payment_token),
    );
    match (amount, currency, token) {
        (Some(amount), Some(currency), Some(token)) if errors.is_empty() => Ok(Charge {
            order_id: input.order_id,
            user_id: input.user_id,
            amount,
            currency,
            token,
        }),
        _ => Err(PaymentsError::Validation(errors)),
    }
}

fn unavailable(e: ProviderError) -> PaymentsError {
    match e {
        ProviderError::Rejected(reason) => PaymentsError::Rejected(reason),
        e @ ProviderError::Unavailable(_) => PaymentsError::ProviderUnavailable(e),
    }
}

impl Payments {
    /// Charges the order once. Asked again for the same order, answers its payment and
    /// charges nothing; a charge left `processing` by a request that died half-way is asked
    /// of the provider again under the same key, which charges at most once.
    pub async fn charge(&self, input: ChargeInput<'_>) -> Result<Payment, PaymentsError> {
        let charge = validate(input)?;
        let claimed = match self.store.claim(&charge).await? {
            Claim::Settled(p) | Claim::Processing(p) if !p.answers(&charge) => {
                return Err(PaymentsError::OrderChargedOtherwise);
            }
            Claim::Settled(p) => return Ok(p),
            Claim::Processing(p) => p,
        };
        let decision = match self
            .provider
            .charge(
                charge.order_id,
                charge.amount,
                charge.currency.as_str(),
                &charge.token,
            )
            .await
        {
            Ok(decision) => decision,
            Err(ProviderError::Rejected(reason)) => {
                // Nothing was charged: forget the claim, so the order may be paid another way.
                self.store.abandon(claimed.id).await?;
                return Err(PaymentsError::Rejected(reason));
            }
            Err(e) => {
                tracing::warn!(order_id = %charge.order_id, error = %e, "charge left processing");
                return Err(unavailable(e));
            }
        };
        self.store
            .settle(claimed.id, &decision)
            .await?
            .ok_or_else(|| PaymentsError::Rejected("the provider refused the payment".into()))
    }

    /// Refunds a captured payment in full, once.
    pub async fn refund(&self, id: Uuid) -> Result<Payment, PaymentsError> {
        let (payment, reference) = self
            .store
            .payment(id)
            .await?
            .ok_or(PaymentsError::NotFound)?;
        if !payment.refundable() {
            return Err(PaymentsError::NotRefundable(payment.status));
        }
        // Keyed by the payment: a refund asked again (two requests, or one retried after
        // a failure) gives the money back once.
        self.provider
            .refund(payment.id, &reference, payment.amount, &payment.currency)
            .await
            .map_err(unavailable)?;
        Ok(self.store.mark_refunded(id).await?)
    }

    /// A payment its owner or a reader of all may see; another's is not found.
    pub async fn get(&self, viewer: Viewer, id: Uuid) -> Result<Payment, PaymentsError> {
        match self.store.payment(id).await? {
            Some((p, _)) if p.visible_to(viewer.id, viewer.reads_all) => Ok(p),
            _ => Err(PaymentsError::NotFound),
        }
    }

    /// Payments, newest first: anyone's for a reader of all, else the viewer's own.
    pub async fn list(
        &self,
        viewer: Viewer,
        mut filter: PaymentFilter,
        paging: Paging,
    ) -> Result<(Vec<Payment>, i64), PaymentsError> {
        if !viewer.reads_all {
            match filter.user_id {
                Some(other) if other != viewer.id => return Err(PaymentsError::Forbidden),
                _ => filter.user_id = Some(viewer.id),
            }
        }
        Ok(self.store.list(filter, paging).await?)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    use chrono::Utc;

    use super::*;
    use crate::app::ports::{Decision, PaymentProvider, PaymentStore, StoreError};
    use crate::domain::PaymentStatus;

    /// The ledger's rules in memory: one payment per order.
    #[derive(Default)]
    struct Ledger(Mutex<HashMap<Uuid, (Payment, Option<String>)>>);

    #[async_trait::async_trait]
    impl PaymentStore for Ledger {
        async fn claim(&self, c: &Charge) -> Result<Claim, StoreError> {
            let mut rows = self.0.lock().unwrap();
            let (p, _) = rows.entry(c.order_id).or_insert_with(|| {
                let now = Utc::now();
                let p = Payment {
                    id: Uuid::now_v7(),
                    order_id: c.order_id,
                    user_id: c.user_id,
                    amount: c.amount,
                    currency: c.currency.as_str().into(),
                    status: PaymentStatus::Processing,
                    created_at: now,
                    updated_at: now,
                };
                (p, None)
            });
            Ok(match p.status {
                PaymentStatus::Processing => Claim::Processing(p.clone()),
                _ => Claim::Settled(p.clone()),
            })
        }
        async fn settle(&self, id: Uuid, d: &Decision) -> Result<Option<Payment>, StoreError> {
            let mut rows = self.0.lock().unwrap();
            let Some((p, reference)) = rows.values_mut().find(|(p, _)| p.id == id) else {
                return Ok(None);
            };
            if p.status == PaymentStatus::Processing {
                let (status, r) = match d {
                    Decision::Approved { reference } => (PaymentStatus::Captured, reference),
                    Decision::Declined { reference, .. } => (PaymentStatus::Declined, reference),
                };
                p.status = status;
                *reference = Some(r.clone());
            }
            Ok(Some(p.clone()))
        }
        async fn abandon(&self, id: Uuid) -> Result<(), StoreError> {
            self.0
                .lock()
                .unwrap()
                .retain(|_, (p, _)| p.id != id || p.status != PaymentStatus::Processing);
            Ok(())
        }
        async fn payment(&self, id: Uuid) -> Result<Option<(Payment, String)>, StoreError> {
            let rows = self.0.lock().unwrap();
            Ok(rows
                .values()
                .find(|(p, _)| p.id == id && p.status != PaymentStatus::Processing)
                .map(|(p, r)| (p.clone(), r.clone().unwrap())))
        }
        async fn mark_refunded(&self, id: Uuid) -> Result<Payment, StoreError> {
            let mut rows = self.0.lock().unwrap();
            let (p, _) = rows.values_mut().find(|(p, _)| p.id == id).unwrap();
            if p.status == PaymentStatus::Captured {
                p.status = PaymentStatus::Refunded;
            }
            Ok(p.clone())
        }
        async fn list(
            &self,
            f: PaymentFilter,
            _: Paging,
        ) -> Result<(Vec<Payment>, i64), StoreError> {
            let rows = self.0.lock().unwrap();
            let items: Vec<_> = rows
                .values()
                .map(|(p, _)| p.clone())
                .filter(|p| f.user_id.is_none_or(|u| u == p.user_id))
                .filter(|p| f.order_id.is_none_or(|o| o == p.order_id))
                .collect();
            let total = items.len() as i64;
            Ok((items, total))
        }
    }

    /// A provider that decides by token, counts what it was asked, and can be down.
    #[derive(Default)]
    struct Provider {
        down: Mutex<bool>,
        charges: Mutex<Vec<Uuid>>,
        refunds: Mutex<Vec<Uuid>>,
    }

    #[derive(Debug, thiserror::Error)]
    #[error("down")]
    struct Down;

    #[async_trait::async_trait]
    impl PaymentProvider for Provider {
        async fn charge(
            &self,
            key: Uuid,
            _: i64,
            _: &str,
            token: &PaymentToken,
        ) -> Result<Decision, ProviderError> {
            if *self.down.lock().unwrap() {
                return Err(ProviderError::Unavailable(Box::new(Down)));
            }
            self.charges.lock().unwrap().push(key);
            let reference = format!("ch_{key}");
            match token.expose() {
                t if t.starts_with("tok_ok") => Ok(Decision::Approved { reference }),
                t if t.starts_with("tok_decline") => Ok(Decision::Declined {
                    reference,
                    reason: "card declined".into(),
                }),
                _ => Err(ProviderError::Rejected("unknown token".into())),
            }
        }
        async fn refund(&self, key: Uuid, _: &str, _: i64, _: &str) -> Result<(), ProviderError> {
            if *self.down.lock().unwrap() {
                return Err(ProviderError::Unavailable(Box::new(Down)));
            }
            self.refunds.lock().unwrap().push(key);
            Ok(())
        }
    }

    fn payments() -> (Payments, Arc<Provider>) {
        let provider = Arc::new(Provider::default());
        let payments = Payments {
            store: Arc::new(Ledger::default()),
            provider: provider.clone(),
        };
        (payments, provider)
    }

    fn input(order_id: Uuid, token: &str) -> ChargeInput<'_> {
        ChargeInput {
            order_id,
            user_id: Uuid::from_u128(7),
            amount: 4200,
            currency: "EUR",
            payment_token: token,
        }
    }

    #[tokio::test]
    async fn an_order_is_charged_once_however_often_it_is_asked() {
        let (payments, provider) = payments();
        let order = Uuid::now_v7();
        let first = payments.charge(input(order, "tok_ok_visa")).await.unwrap();
        assert_eq!(first.status, PaymentStatus::Captured);
        let again = payments.charge(input(order, "tok_ok_visa")).await.unwrap();
        assert_eq!(again, first);
        assert_eq!(provider.charges.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn the_same_order_for_another_amount_currency_or_person_is_refused() {
        let (payments, _) = payments();
        let order = Uuid::now_v7();
        payments.charge(input(order, "tok_ok")).await.unwrap();
        let other_amount = ChargeInput {
            amount: 1,
            ..input(order, "tok_ok")
        };
        let other_currency = ChargeInput {
            currency: "USD",
            ..input(order, "tok_ok")
        };
        let other_user = ChargeInput {
            user_id: Uuid::from_u128(8),
            ..input(order, "tok_ok")
        };
        for other in [other_amount, other_currency, other_user] {
            assert!(matches!(
                payments.charge(other).await,
                Err(PaymentsError::OrderChargedOtherwise)
            ));
        }
    }

    #[tokio::test]
    async fn a_decline_is_recorded_and_answered_again_without_asking_the_provider() {
        let (payments, provider) = payments();
        let order = Uuid::now_v7();
        let p = payments
            .charge(input(order, "tok_decline_x"))
            .await
            .unwrap();
        assert_eq!(p.status, PaymentStatus::Declined);
        // Another token does not turn a declined order into a captured one.
        let again = payments.charge(input(order, "tok_ok")).await.unwrap();
        assert_eq!(again.status, PaymentStatus::Declined);
        assert_eq!(provider.charges.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn a_token_the_provider_refuses_leaves_nothing_behind() {
        let (payments, _) = payments();
        let order = Uuid::now_v7();
        assert!(matches!(
            payments.charge(input(order, "tok_unknown")).await,
            Err(PaymentsError::Rejected(_))
        ));
        let (items, _) = payments
            .list(
                Viewer {
                    id: Uuid::nil(),
                    reads_all: true,
                },
                PaymentFilter::default(),
                Paging::new(None, None),
            )
            .await
            .unwrap();
        assert!(items.is_empty());
        // The order may still be paid with a good token.
        let p = payments.charge(input(order, "tok_ok")).await.unwrap();
        assert_eq!(p.status, PaymentStatus::Captured);
    }

    #[tokio::test]
    async fn a_charge_cut_off_by_the_provider_is_settled_by_the_next_request_under_the_same_key() {
        let (payments, provider) = payments();
        let order = Uuid::now_v7();
        *provider.down.lock().unwrap() = true;
        assert!(matches!(
            payments.charge(input(order, "tok_ok")).await,
            Err(PaymentsError::ProviderUnavailable(_))
        ));
        *provider.down.lock().unwrap() = false;
        let p = payments.charge(input(order, "tok_ok")).await.unwrap();
        assert_eq!(p.status, PaymentStatus::Captured);
        assert_eq!(*provider.charges.lock().unwrap(), vec![order]);
    }

    #[tokio::test]
    async fn invalid_charges_name_every_bad_field() {
        let (payments, _) = payments();
        let bad = ChargeInput {
            amount: u64::MAX,
            currency: "XXX",
            payment_token: "tok ok",
            ..input(Uuid::now_v7(), "")
        };
        let Err(PaymentsError::Validation(errors)) = payments.charge(bad).await else {
            panic!("a validation error");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["amount", "currency", "payment_token"]);
    }

    #[tokio::test]
    async fn only_a_captured_payment_is_refunded_and_only_once() {
        let (payments, provider) = payments();
        let captured = payments
            .charge(input(Uuid::now_v7(), "tok_ok"))
            .await
            .unwrap();
        let declined = payments
            .charge(input(Uuid::now_v7(), "tok_decline"))
            .await
            .unwrap();
        let refunded = payments.refund(captured.id).await.unwrap();
        assert_eq!(refunded.status, PaymentStatus::Refunded);
        for id in [captured.id, declined.id] {
            assert!(matches!(
                payments.refund(id).await,
                Err(PaymentsError::NotRefundable(_))
            ));
        }
        assert!(matches!(
            payments.refund(Uuid::now_v7()).await,
            Err(PaymentsError::NotFound)
        ));
        assert_eq!(*provider.refunds.lock().unwrap(), vec![captured.id]);
    }

    #[tokio::test]
    async fn customers_see_their_own_payments_and_readers_see_all() {
        let (payments, _) = payments();
        let mine = payments
            .charge(input(Uuid::now_v7(), "tok_ok"))
            .await
            .unwrap();
        let me = Viewer {
            id: mine.user_id,
            reads_all: false,
        };
        let stranger = Viewer {
            id: Uuid::from_u128(9),
            reads_all: false,
        };
        let reader = Viewer {
            id: Uuid::from_u128(10),
            reads_all: true,
        };
        assert_eq!(payments.get(me, mine.id).await.unwrap(), mine);
        assert_eq!(payments.get(reader, mine.id).await.unwrap(), mine);
        assert!(matches!(
            payments.get(stranger, mine.id).await,
            Err(PaymentsError::NotFound)
        ));
        let paging = Paging::new(None, None);
        let (own, _) = payments
            .list(stranger, PaymentFilter::default(), paging)
            .await
            .unwrap();
        assert!(own.is_empty(), "a customer's list is their own");
        let theirs = PaymentFilter {
            user_id: Some(mine.user_id),
            ..PaymentFilter::default()
        };
        assert!(matches!(
            payments.list(stranger, theirs, paging).await,
            Err(PaymentsError::Forbidden)
        ));
        let (all, total) = payments.list(reader, theirs, paging).await.unwrap();
        assert_eq!((all, total), (vec![mine], 1));
    }
}
