//! An order and its state machine. Every change of an order is a [`Transition`] applied
//! here; what it emits is the [`Event`] it returns, written with the change in one
//! transaction by the store.
//!
//! ```text
//!  placed ──stock reserved──▶ reserved ──captured──▶ confirmed ──ship──▶ shipped
//!    │                          │   │                   │
//!    │ reservation failed       │   └──declined──▶ cancelled (payment_declined)
//!    ▼                          ▼                       ▼
//!  cancelled (out_of_stock)   cancel               cancel: cancelled, refund due (retried until made)
//!  cancel: cancelled          (once a charge was asked for: applied when it settles)
//! ```
//!
//! `placed` and `reserved` are both `pending` to customers.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Address;

/// What customers see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Confirmed,
    Shipped,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Confirmed => "confirmed",
            Status::Shipped => "shipped",
            Status::Cancelled => "cancelled",
        }
    }
}

/// Where the order is in the saga.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Waiting for products to reserve its stock.
    Placed,
    /// Its stock is held; waiting for its payment.
    Reserved,
    Confirmed,
    Shipped,
    Cancelled,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Placed => "placed",
            Stage::Reserved => "reserved",
            Stage::Confirmed => "confirmed",
            Stage::Shipped => "shipped",
            Stage::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "placed" => Stage::Placed,
            "reserved" => Stage::Reserved,
            "confirmed" => Stage::Confirmed,
            "shipped" => Stage::Shipped,
            "cancelled" => Stage::Cancelled,
            _ => return None,
        })
    }

    pub fn status(self) -> Status {
        match self {
            Stage::Placed | Stage::Reserved => Status::Pending,
            Stage::Confirmed => Status::Confirmed,
            Stage::Shipped => Status::Shipped,
            Stage::Cancelled => Status::Cancelled,
        }
    }

    /// The stages a status covers, for listing by status.
    pub fn of_status(status: Status) -> &'static [Stage] {
        match status {
            Status::Pending => &[Stage::Placed, Stage::Reserved],
            Status::Confirmed => &[Stage::Confirmed],
            Status::Shipped => &[Stage::Shipped],
            Status::Cancelled => &[Stage::Cancelled],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancellationReason {
    OutOfStock,
    PaymentDeclined,
    CustomerRequest,
    AdminRequest,
}

impl CancellationReason {
    pub fn as_str(self) -> &'static str {
        match self {
            CancellationReason::OutOfStock => "out_of_stock",
            CancellationReason::PaymentDeclined => "payment_declined",
            CancellationReason::CustomerRequest => "customer_request",
            CancellationReason::AdminRequest => "admin_request",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "out_of_stock" => CancellationReason::OutOfStock,
            "payment_declined" => CancellationReason::PaymentDeclined,
            "customer_request" => CancellationReason::CustomerRequest,
            "admin_request" => CancellationReason::AdminRequest,
            _ => return None,
        })
    }
}

/// Whether a cancelled order's captured payment must still be given back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refund {
    NotDue,
    Due,
    Done,
}

impl Refund {
    pub fn as_str(self) -> &'static str {
        match self {
            Refund::NotDue => "not_due",
            Refund::Due => "due",
            Refund::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "not_due" => Refund::NotDue,
            "due" => Refund::Due,
            "done" => Refund::Done,
            _ => return None,
        })
    }
}

/// One line of an order, at the catalogue's price when it was placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    pub quantity: i32,
    /// Minor units of the order's currency.
    pub unit_price: i64,
}

impl Line {
    /// `None` past what an `i64` holds.
    pub fn total(&self) -> Option<i64> {
        self.unit_price.checked_mul(i64::from(self.quantity))
    }
}

/// The lines' total, `None` past what an `i64` holds.
pub fn total(lines: &[Line]) -> Option<i64> {
    lines
        .iter()
        .try_fold(0_i64, |sum, l| sum.checked_add(l.total()?))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: Uuid,
    pub user_id: Uuid,
    /// Where the order's e-mails go (the customer's address when they placed it).
    pub email: String,
    pub stage: Stage,
    pub cancellation_reason: Option<CancellationReason>,
    /// A cancellation asked for while the payment was being taken: applied when it settles.
    pub cancel_requested: Option<CancellationReason>,
    pub refund: Refund,
    pub lines: Vec<Line>,
    pub total: i64,
    pub currency: String,
    pub shipping_address: Address,
    pub payment_id: Option<Uuid>,
    /// How often a worker has asked payments to charge the order: once it has, a charge
    /// may exist whatever the answer was (a call cut off, a worker gone).
    pub charge_attempts: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// What payments answered to the order's charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargeOutcome {
    Captured {
        payment_id: Uuid,
    },
    /// Declined by the provider (`payment_id` is the declined payment's) or refused outright.
    Declined {
        payment_id: Option<Uuid>,
    },
}

/// Everything that can happen to an order after it is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    StockReserved,
    ReservationFailed,
    Charged(ChargeOutcome),
    Cancel { by: CancellationReason },
    Refunded,
    Ship,
}

/// An event the transition emits, with the order as it then is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Confirmed,
    Cancelled { refunded: bool },
    Shipped,
}

/// What applying a transition did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transitioned {
    /// Nothing: a repeated or late message for a step the order is past.
    Unchanged,
    Changed(Option<Event>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("the order is {} and can no longer be cancelled", .0.as_str())]
    NotCancellable(Status),
    #[error("only a confirmed order ships; this one is {}", .0.as_str())]
    NotShippable(Status),
}

impl Order {
    pub fn status(&self) -> Status {
        self.stage.status()
    }

    /// Whether payments may hold a charge of the order: one was asked for (the answer may
    /// still be on its way, or have been lost with the worker that asked).
    pub fn may_be_charged(&self) -> bool {
        self.stage == Stage::Reserved && self.charge_attempts > 0
    }

    fn cancelled(&mut self, reason: CancellationReason) {
        self.stage = Stage::Cancelled;
        self.cancellation_reason = Some(reason);
        self.cancel_requested = None;
    }

    /// Applies `t` at `now`. Messages of the saga that come twice or late change nothing;
    /// a customer's or an operator's request that the order's state refuses is an error.
    pub fn apply(
        &mut self,
        t: Transition,
        now: DateTime<Utc>,
    ) -> Result<Transitioned, TransitionError> {
        use Transitioned::{Changed, Unchanged};
        let unrefunded = Event::Cancelled { refunded: false };
        let outcome = match (self.stage, t) {
            (Stage::Placed, Transition::StockReserved) => {
                self.stage = Stage::Reserved;
                Changed(None)
            }
            (Stage::Placed, Transition::ReservationFailed) => {
                self.cancelled(CancellationReason::OutOfStock);
                Changed(Some(unrefunded))
            }
            (Stage::Reserved, Transition::Charged(ChargeOutcome::Captured { payment_id })) => {
                self.payment_id = Some(payment_id);
                match self.cancel_requested {
                    Some(by) => {
                        // Asked to cancel while the charge was on its way: give it back.
                        self.cancelled(by);
                        self.refund = Refund::Due;
                        Changed(Some(Event::Cancelled { refunded: true }))
                    }
                    None => {
                        self.stage = Stage::Confirmed;
                        Changed(Some(Event::Confirmed))
                    }
                }
            }
            (Stage::Reserved, Transition::Charged(ChargeOutcome::Declined { payment_id })) => {
                self.payment_id = payment_id;
                let reason = self
                    .cancel_requested
                    .unwrap_or(CancellationReason::PaymentDeclined);
                self.cancelled(reason);
                Changed(Some(unrefunded))
            }
            (Stage::Placed, Transition::Cancel { by }) => {
                self.cancelled(by);
                Changed(Some(unrefunded))
            }
            (Stage::Reserved, Transition::Cancel { by }) if self.may_be_charged() => {
                // Settled by asking payments again (idempotent on the order): a capture is
                // refunded, a decline or a charge that never happened just cancels.
                self.cancel_requested = Some(by);
                Changed(None)
            }
            (Stage::Reserved, Transition::Cancel { by }) => {
                self.cancelled(by);
                Changed(Some(unrefunded))
            }
            (Stage::Confirmed, Transition::Cancel { by }) => {
                // The refund is due from now on and is retried until payments has made it;
                // the event goes at once, so the stock is released without waiting for it.
                self.cancelled(by);
                self.refund = Refund::Due;
                Changed(Some(Event::Cancelled { refunded: true }))
            }
            (Stage::Shipped | Stage::Cancelled, Transition::Cancel { .. }) => {
                return Err(TransitionError::NotCancellable(self.status()));
            }
            (Stage::Cancelled, Transition::Refunded) if self.refund == Refund::Due => {
                self.refund = Refund::Done;
                Changed(None)
            }
            (Stage::Confirmed, Transition::Ship) => {
                self.stage = Stage::Shipped;
                Changed(Some(Event::Shipped))
            }
            (_, Transition::Ship) => return Err(TransitionError::NotShippable(self.status())),
            _ => Unchanged,
        };
        if outcome != Unchanged {
            self.updated_at = now;
            self.version += 1;
        }
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(stage: Stage) -> Order {
        let now = Utc::now();
        Order {
            id: Uuid::now_v7(),
            user_id: Uuid::now_v7(),
            email: "ada@example.com".into(),
            stage,
            cancellation_reason: None,
            cancel_requested: None,
            refund: Refund::NotDue,
            lines: vec![Line {
                product_id: Uuid::now_v7(),
                sku: "mug".into(),
                name: "Mug".into(),
                quantity: 2,
                unit_price: 900,
            }],
            total: 1800,
            currency: "EUR".into(),
            shipping_address: Address {
                line1: "1 High Street".into(),
                line2: None,
                city: "London".into(),
                postal_code: "SW1A 1AA".into(),
                country: "GB".into(),
            },
            payment_id: None,
            charge_attempts: 0,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    const CUSTOMER: Transition = Transition::Cancel {
        by: CancellationReason::CustomerRequest,
    };

    fn captured() -> Transition {
        Transition::Charged(ChargeOutcome::Captured {
            payment_id: Uuid::from_u128(1),
        })
    }

    #[test]
    fn the_happy_path_confirms_then_ships_with_an_event_each() {
        let now = Utc::now();
        let mut o = order(Stage::Placed);
        assert_eq!(
            o.apply(Transition::StockReserved, now),
            Ok(Transitioned::Changed(None))
        );
        assert_eq!(o.status(), Status::Pending);
        assert_eq!(
            o.apply(captured(), now),
            Ok(Transitioned::Changed(Some(Event::Confirmed)))
        );
        assert_eq!(o.payment_id, Some(Uuid::from_u128(1)));
        assert_eq!(
            o.apply(Transition::Ship, now),
            Ok(Transitioned::Changed(Some(Event::Shipped)))
        );
        assert_eq!((o.status(), o.version), (Status::Shipped, 4));
    }

    #[test]
    fn late_and_repeated_saga_messages_change_nothing() {
        let now = Utc::now();
        for (stage, t) in [
            (Stage::Reserved, Transition::StockReserved),
            (Stage::Reserved, Transition::ReservationFailed),
            (Stage::Confirmed, captured()),
            (Stage::Cancelled, Transition::StockReserved),
            (Stage::Cancelled, captured()),
            (Stage::Placed, captured()),
            (Stage::Confirmed, Transition::Refunded),
            (Stage::Cancelled, Transition::Refunded),
        ] {
            let mut o = order(stage);
            let before = o.clone();
            assert_eq!(
                o.apply(t, now),
                Ok(Transitioned::Unchanged),
                "{stage:?} {t:?}"
            );
            assert_eq!(o, before);
        }
    }

    #[test]
    fn a_failed_reservation_or_a_decline_cancels_with_its_reason() {
        let now = Utc::now();
        let mut o = order(Stage::Placed);
        o.apply(Transition::ReservationFailed, now).unwrap();
        assert_eq!(o.cancellation_reason, Some(CancellationReason::OutOfStock));
        let mut o = order(Stage::Reserved);
        let declined = Transition::Charged(ChargeOutcome::Declined { payment_id: None });
        assert_eq!(
            o.apply(declined, now),
            Ok(Transitioned::Changed(Some(Event::Cancelled {
                refunded: false
            })))
        );
        assert_eq!(
            o.cancellation_reason,
            Some(CancellationReason::PaymentDeclined)
        );
    }

    #[test]
    fn cancelling_a_pending_order_is_at_once_unless_its_payment_is_being_taken() {
        let now = Utc::now();
        for stage in [Stage::Placed, Stage::Reserved] {
            let mut o = order(stage);
            assert_eq!(
                o.apply(CUSTOMER, now),
                Ok(Transitioned::Changed(Some(Event::Cancelled {
                    refunded: false
                })))
            );
            assert_eq!(o.status(), Status::Cancelled);
        }
        // Once a charge was asked for, the cancellation waits for the charge's outcome.
        let mut o = order(Stage::Reserved);
        o.charge_attempts = 1;
        assert_eq!(o.apply(CUSTOMER, now), Ok(Transitioned::Changed(None)));
        assert_eq!(o.status(), Status::Pending);
        // Captured meanwhile: cancelled, and the payment is to be given back.
        assert_eq!(
            o.apply(captured(), now),
            Ok(Transitioned::Changed(Some(Event::Cancelled {
                refunded: true
            })))
        );
        assert_eq!(
            (o.status(), o.refund, o.cancellation_reason),
            (
                Status::Cancelled,
                Refund::Due,
                Some(CancellationReason::CustomerRequest)
            )
        );
        assert_eq!(
            o.apply(Transition::Refunded, now),
            Ok(Transitioned::Changed(None))
        );
        assert_eq!(o.refund, Refund::Done);
        // Declined meanwhile: cancelled as the customer asked, nothing to give back.
        let mut o = order(Stage::Reserved);
        o.charge_attempts = 1;
        o.apply(CUSTOMER, now).unwrap();
        let declined = Transition::Charged(ChargeOutcome::Declined { payment_id: None });
        o.apply(declined, now).unwrap();
        assert_eq!(
            (o.refund, o.cancellation_reason),
            (Refund::NotDue, Some(CancellationReason::CustomerRequest))
        );
    }

    #[test]
    fn a_confirmed_order_is_cancelled_at_once_with_its_refund_due_until_it_is_made() {
        let now = Utc::now();
        let mut o = order(Stage::Confirmed);
        o.payment_id = Some(Uuid::from_u128(1));
        let by_admin = Transition::Cancel {
            by: CancellationReason::AdminRequest,
        };
        assert_eq!(
            o.apply(by_admin, now),
            Ok(Transitioned::Changed(Some(Event::Cancelled {
                refunded: true
            })))
        );
        assert_eq!((o.status(), o.refund), (Status::Cancelled, Refund::Due));
        assert_eq!(
            o.apply(Transition::Refunded, now),
            Ok(Transitioned::Changed(None))
        );
        assert_eq!(o.refund, Refund::Done);
        assert_eq!(
            o.apply(Transition::Refunded, now),
            Ok(Transitioned::Unchanged)
        );
    }

    #[test]
    fn shipped_and_cancelled_orders_refuse_cancellation_and_only_confirmed_ones_ship() {
        let now = Utc::now();
        for stage in [Stage::Shipped, Stage::Cancelled] {
            let mut o = order(stage);
            assert_eq!(
                o.apply(CUSTOMER, now),
                Err(TransitionError::NotCancellable(stage.status()))
            );
        }
        for stage in [
            Stage::Placed,
            Stage::Reserved,
            Stage::Shipped,
            Stage::Cancelled,
        ] {
            let mut o = order(stage);
            assert_eq!(
                o.apply(Transition::Ship, now),
                Err(TransitionError::NotShippable(stage.status()))
            );
        }
    }

    #[test]
    fn totals_refuse_to_overflow() {
        let mut o = order(Stage::Placed);
        assert_eq!(total(&o.lines), Some(1800));
        o.lines[0].unit_price = i64::MAX;
        assert_eq!(total(&o.lines), None);
    }

    #[test]
    fn names_round_trip() {
        for s in [
            Stage::Placed,
            Stage::Reserved,
            Stage::Confirmed,
            Stage::Shipped,
            Stage::Cancelled,
        ] {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
            assert!(Stage::of_status(s.status()).contains(&s));
        }
        for r in [
            CancellationReason::OutOfStock,
            CancellationReason::PaymentDeclined,
            CancellationReason::CustomerRequest,
            CancellationReason::AdminRequest,
        ] {
            assert_eq!(CancellationReason::parse(r.as_str()), Some(r));
        }
        for r in [Refund::NotDue, Refund::Due, Refund::Done] {
            assert_eq!(Refund::parse(r.as_str()), Some(r));
        }
    }
}
