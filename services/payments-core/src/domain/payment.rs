//! A payment: one order's charge, its outcome, and whether it was refunded.

use std::fmt;

use agora_values::Currency;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// What became of a charge. `Processing` is the ledger's own state between claiming a
/// charge and recording the provider's answer; it is never shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentStatus {
    Processing,
    Captured,
    Declined,
    Refunded,
}

impl PaymentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Processing => "processing",
            PaymentStatus::Captured => "captured",
            PaymentStatus::Declined => "declined",
            PaymentStatus::Refunded => "refunded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "processing" => PaymentStatus::Processing,
            "captured" => PaymentStatus::Captured,
            "declined" => PaymentStatus::Declined,
            "refunded" => PaymentStatus::Refunded,
            _ => return None,
        })
    }
}

/// The provider's token for a customer's means of payment: 1 to 200 letters, digits, `_`
/// and `-`. A credential: never stored, and `Debug` shows only its first characters.
#[derive(Clone, PartialEq, Eq)]
pub struct PaymentToken(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("must be 1 to 200 letters, digits, '_' or '-'")]
pub struct TokenError;

impl PaymentToken {
    pub fn parse(s: &str) -> Result<Self, TokenError> {
        let valid = (1..=200).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if valid {
            Ok(Self(s.to_owned()))
        } else {
            Err(TokenError)
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PaymentToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.0.chars().take(6).collect();
        write!(f, "PaymentToken({shown}…)")
    }
}

/// A validated request to charge an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    pub order_id: Uuid,
    pub user_id: Uuid,
    /// Minor units of `currency`, never negative.
    pub amount: i64,
    pub currency: Currency,
    pub token: PaymentToken,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub id: Uuid,
    pub order_id: Uuid,
    pub user_id: Uuid,
    pub amount: i64,
    pub currency: String,
    pub status: PaymentStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Payment {
    /// Whether `charge` asks for this payment again (the same order, for the same person,
    /// amount and currency); a charge of the same order that differs is a mistake, not a
    /// retry. The token is not compared: it is a credential the ledger never keeps.
    pub fn answers(&self, charge: &Charge) -> bool {
        self.order_id == charge.order_id
            && self.user_id == charge.user_id
            && self.amount == charge.amount
            && self.currency == charge.currency.as_str()
    }

    /// Only a captured payment is refunded, and only once.
    pub fn refundable(&self) -> bool {
        self.status == PaymentStatus::Captured
    }

    /// Whether the viewer may see this payment.
    pub fn visible_to(&self, viewer: Uuid, reads_all: bool) -> bool {
        reads_all || self.user_id == viewer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payment(status: PaymentStatus) -> Payment {
        Payment {
            id: Uuid::now_v7(),
            order_id: Uuid::now_v7(),
            user_id: Uuid::now_v7(),
            amount: 1250,
            currency: "EUR".into(),
            status,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn charge_of(p: &Payment) -> Charge {
        Charge {
            order_id: p.order_id,
            user_id: p.user_id,
            amount: p.amount,
            currency: Currency::parse(&p.currency).unwrap(),
            token: PaymentToken::parse("tok_ok").unwrap(),
        }
    }

    #[test]
    fn statuses_round_trip_and_nothing_else_parses() {
        for s in [
            PaymentStatus::Processing,
            PaymentStatus::Captured,
            PaymentStatus::Declined,
            PaymentStatus::Refunded,
        ] {
            assert_eq!(PaymentStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(PaymentStatus::parse("Captured"), None);
        assert_eq!(PaymentStatus::parse(""), None);
    }

    #[test]
    fn a_charge_answers_its_payment_only_when_nothing_but_the_token_differs() {
        let p = payment(PaymentStatus::Captured);
        let same = charge_of(&p);
        assert!(p.answers(&same));
        assert!(p.answers(&Charge {
            token: PaymentToken::parse("tok_ok_other").unwrap(),
            ..same.clone()
        }));
        for other in [
            Charge {
                amount: 1251,
                ..same.clone()
            },
            Charge {
                currency: Currency::parse("USD").unwrap(),
                ..same.clone()
            },
            Charge {
                user_id: Uuid::now_v7(),
                ..same.clone()
            },
            Charge {
                order_id: Uuid::now_v7(),
                ..same.clone()
            },
        ] {
            assert!(!p.answers(&other), "{other:?}");
        }
    }

    #[test]
    fn only_a_captured_payment_is_refundable() {
        assert!(payment(PaymentStatus::Captured).refundable());
        for s in [
            PaymentStatus::Processing,
            PaymentStatus::Declined,
            PaymentStatus::Refunded,
        ] {
            assert!(!payment(s).refundable(), "{s:?}");
        }
    }

    #[test]
    fn tokens_are_plain_words_and_never_printed_whole() {
        assert!(PaymentToken::parse("tok_ok_4242-x").is_ok());
        for bad in ["", "tok ok", "tok/ok", "tök", &"t".repeat(201)] {
            assert_eq!(PaymentToken::parse(bad), Err(TokenError), "{bad}");
        }
        let t = PaymentToken::parse("tok_ok_secret_part").unwrap();
        assert_eq!(format!("{t:?}"), "PaymentToken(tok_ok…)");
    }

    #[test]
    fn a_payment_is_its_owners_or_a_readers() {
        let p = payment(PaymentStatus::Captured);
        assert!(p.visible_to(p.user_id, false));
        assert!(p.visible_to(Uuid::now_v7(), true));
        assert!(!p.visible_to(Uuid::now_v7(), false));
    }
}
