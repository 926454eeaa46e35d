//! Stock reservations for the checkout saga: all of an order's lines or none.

use std::collections::BTreeMap;

use uuid::Uuid;

/// One line of an order to reserve: a product and how many of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReservationLine {
    pub product_id: Uuid,
    pub quantity: i64,
}

/// What became of an order's reservation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReservationState {
    /// Every line's stock is held for the order.
    Reserved,
    /// Nothing was held: a line could not be.
    Failed,
    /// Given back (the order was cancelled), or never held because the cancellation came
    /// first: a later placement of the order reserves nothing.
    Released,
    /// The order shipped: the stock is gone for good.
    Committed,
}

impl ReservationState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReservationState::Reserved => "reserved",
            ReservationState::Failed => "failed",
            ReservationState::Released => "released",
            ReservationState::Committed => "committed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "reserved" => ReservationState::Reserved,
            "failed" => ReservationState::Failed,
            "released" => ReservationState::Released,
            "committed" => ReservationState::Committed,
            _ => return None,
        })
    }
}

/// Why an order's stock could not be reserved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortReason {
    /// A product is not (or no longer) in the catalogue.
    UnknownProduct,
    /// A product has less stock available than the order asks for.
    OutOfStock,
}

/// The all-or-nothing decision for an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Reserve,
    /// Nothing is reserved; `product_ids` names the lines that could not be, in order.
    Refuse {
        reason: ShortReason,
        product_ids: Vec<Uuid>,
    },
}

/// The order's lines with one line per product (quantities of repeated products summed,
/// saturating), in product order: the order rows are locked in, so that two reservations
/// never wait on each other. `None` when a quantity is not positive or the order is empty.
pub fn merged(lines: &[ReservationLine]) -> Option<Vec<ReservationLine>> {
    if lines.is_empty() || lines.iter().any(|l| l.quantity <= 0) {
        return None;
    }
    let mut by_product: BTreeMap<Uuid, i64> = BTreeMap::new();
    for l in lines {
        let q = by_product.entry(l.product_id).or_default();
        *q = q.saturating_add(l.quantity);
    }
    Some(
        by_product
            .into_iter()
            .map(|(product_id, quantity)| ReservationLine {
                product_id,
                quantity,
            })
            .collect(),
    )
}

/// Reserve only when every line's product exists and has the stock: `available` is the
/// stock of each product that exists. A missing product outranks a short one.
pub fn decide(lines: &[ReservationLine], available: &BTreeMap<Uuid, i64>) -> Decision {
    let missing: Vec<Uuid> = lines
        .iter()
        .filter(|l| !available.contains_key(&l.product_id))
        .map(|l| l.product_id)
        .collect();
    if !missing.is_empty() {
        return Decision::Refuse {
            reason: ShortReason::UnknownProduct,
            product_ids: missing,
        };
    }
    let short: Vec<Uuid> = lines
        .iter()
        .filter(|l| available[&l.product_id] < l.quantity)
        .map(|l| l.product_id)
        .collect();
    if short.is_empty() {
        Decision::Reserve
    } else {
        Decision::Refuse {
            reason: ShortReason::OutOfStock,
            product_ids: short,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(n: u128, quantity: i64) -> ReservationLine {
        ReservationLine {
            product_id: Uuid::from_u128(n),
            quantity,
        }
    }

    #[test]
    fn lines_are_merged_per_product_in_product_order() {
        let merged = merged(&[line(3, 1), line(1, 2), line(3, 4)]).unwrap();
        assert_eq!(merged, [line(1, 2), line(3, 5)]);
        assert_eq!(super::merged(&[]), None);
        assert_eq!(super::merged(&[line(1, 0)]), None);
        assert_eq!(super::merged(&[line(1, 1), line(2, -1)]), None);
        let huge = super::merged(&[line(1, i64::MAX), line(1, 5)]).unwrap();
        assert_eq!(huge, [line(1, i64::MAX)]);
    }

    #[test]
    fn an_order_is_reserved_only_when_every_line_has_the_stock() {
        let available = BTreeMap::from([
            (Uuid::from_u128(1), 5),
            (Uuid::from_u128(2), 1),
            (Uuid::from_u128(3), 0),
        ]);
        assert_eq!(
            decide(&[line(1, 5), line(2, 1)], &available),
            Decision::Reserve
        );
        assert_eq!(
            decide(&[line(1, 5), line(2, 2), line(3, 1)], &available),
            Decision::Refuse {
                reason: ShortReason::OutOfStock,
                product_ids: vec![Uuid::from_u128(2), Uuid::from_u128(3)],
            }
        );
        assert_eq!(
            decide(&[line(1, 1), line(9, 1), line(3, 1)], &available),
            Decision::Refuse {
                reason: ShortReason::UnknownProduct,
                product_ids: vec![Uuid::from_u128(9)],
            }
        );
    }

    #[test]
    fn states_round_trip_and_nothing_else_parses() {
        for s in [
            ReservationState::Reserved,
            ReservationState::Failed,
            ReservationState::Released,
            ReservationState::Committed,
        ] {
            assert_eq!(ReservationState::parse(s.as_str()), Some(s));
        }
        assert_eq!(ReservationState::parse("Reserved"), None);
    }
}
