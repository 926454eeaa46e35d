//! Checkout: the cart becomes an order at the catalogue's prices of the moment, once per
//! `Idempotency-Key`.

use std::time::Duration;

use agora_values::FieldError;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Caller, Orders, OrdersError};
use crate::app::ports::{KeyClaim, NewOrder};
use crate::domain::{Address, AddressInput, Line, Order, total};

/// A key whose first call has not finished after this long is taken to have died with its
/// caller, and may be used again: far beyond the longest checkout (a few calls bounded by
/// `ORDERS_CALL_TIMEOUT_MS`, at most 10 s each). Even a call that is still alive then
/// cannot place a second order: only the claim's latest holder may answer the key.
pub const KEY_STALE_AFTER: Duration = Duration::from_secs(120);
/// How long keys are kept (the contract says at least 24 hours).
pub const KEY_RETENTION: Duration = Duration::from_secs(25 * 3600);
/// How long a placed order waits for products' answer before it is published again.
pub const PLACEMENT_PATIENCE: Duration = Duration::from_secs(10);

/// A checkout as it arrives.
#[derive(Debug, Clone, Copy)]
pub struct CheckoutInput<'a> {
    pub key: &'a str,
    /// A digest of the request body: the same key with another body is refused.
    pub fingerprint: &'a str,
    pub shipping_address: AddressInput<'a>,
    pub payment_token: &'a str,
}

/// What a checkout answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    New(Order),
    /// The key's first call placed this order; nothing was done again.
    Replayed(Order),
}

fn valid_key(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

fn valid_token(token: &str) -> bool {
    (1..=200).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl Orders {
    pub async fn checkout(
        &self,
        caller: &Caller,
        input: CheckoutInput<'_>,
        now: DateTime<Utc>,
    ) -> Result<Placed, OrdersError> {
        let email = caller.email.clone().ok_or(OrdersError::NoIdentity)?;
        let mut errors = Vec::new();
        if !valid_key(input.key) {
            errors.push(FieldError::new(
                "Idempotency-Key",
                "must be 1 to 255 visible ASCII characters",
            ));
        }
        let address = Address::parse(input.shipping_address, "shipping_address")
            .map_err(|e| errors.extend(e))
            .ok();
        if !valid_token(input.payment_token) {
            errors.push(FieldError::new(
                "payment_token",
                "must be 1 to 200 letters, digits, '_' or '-'",
            ));
        }
        let Some(address) = address.filter(|_| errors.is_empty()) else {
            return Err(OrdersError::Validation(errors));
        };
        let user = caller.id;
        let claim = match self
            .store
            .claim_key(user, input.key, input.fingerprint, KEY_STALE_AFTER)
            .await?
        {
            KeyClaim::Fresh(claim) => claim,
            KeyClaim::Replay(id) => {
                let order = self.store.order(id).await?.ok_or(OrdersError::NotFound)?;
                return Ok(Placed::Replayed(order));
            }
            KeyClaim::InFlight => return Err(OrdersError::KeyInFlight),
            KeyClaim::OtherRequest => return Err(OrdersError::KeyReused),
        };
        match self.place(user, claim, email, address, input, now).await {
            Ok(order) => Ok(Placed::New(order)),
            Err(e) => {
                // Nothing was placed: the key may be used again once the cause is fixed.
                if let Err(release) = self.store.release_key(user, input.key, claim).await {
                    tracing::warn!(error = %release, "an idempotency key was not released");
                }
                Err(e)
            }
        }
    }

    async fn place(
        &self,
        user: Uuid,
        claim: Uuid,
        email: String,
        shipping_address: Address,
        input: CheckoutInput<'_>,
        now: DateTime<Utc>,
    ) -> Result<Order, OrdersError> {
        let cart = self.store.cart(user).await?;
        if cart.lines.is_empty() {
            return Err(OrdersError::EmptyCart);
        }
        let (products, gone) = self.priced(user, &cart.lines).await?;
        if gone > 0 {
            return Err(OrdersError::CartChanged(gone));
        }
        let ids: Vec<Uuid> = cart.lines.iter().map(|l| l.product_id).collect();
        let lines: Vec<Line> = cart
            .lines
            .iter()
            .map(|l| {
                let p = &products[&l.product_id];
                Line {
                    product_id: p.id,
                    sku: p.sku.clone(),
                    name: p.name.clone(),
                    quantity: l.quantity,
                    unit_price: p.price,
                }
            })
            .collect();
        let currency = products[&ids[0]].currency.clone();
        if ids.iter().any(|id| products[id].currency != currency) {
            return Err(OrdersError::Validation(vec![FieldError::new(
                "cart",
                "its products are priced in more than one currency; an order has one",
            )]));
        }
        let total = total(&lines).ok_or_else(|| {
            OrdersError::Validation(vec![FieldError::new("cart", "its total is too large")])
        })?;
        let order = NewOrder {
            id: Uuid::now_v7(),
            user_id: user,
            email,
            lines,
            total,
            currency,
            shipping_address,
            payment_token: input.payment_token.to_owned(),
        };
        let recheck = now + PLACEMENT_PATIENCE;
        Ok(self
            .store
            .place(input.key, claim, &order, &cart.lines, recheck)
            .await?)
    }

    /// Forgets idempotency keys past their retention; how many.
    pub async fn forget_old_keys(&self, now: DateTime<Utc>) -> Result<u64, OrdersError> {
        Ok(self.store.forget_keys(now - KEY_RETENTION).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_and_tokens_plain_words() {
        assert!(valid_key("a"));
        assert!(valid_key(&"k".repeat(255)));
        for bad in ["", "with space", "tab\t", "é", &"k".repeat(256)] {
            assert!(!valid_key(bad), "{bad:?}");
        }
        assert!(valid_token("tok_ok-1"));
        for bad in ["", "tok ok", "tok/ok"] {
            assert!(!valid_token(bad), "{bad:?}");
        }
    }
}
