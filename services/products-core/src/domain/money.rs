//! Money: a count of minor units and an ISO 4217 currency.

pub use agora_values::{Currency, CurrencyError};

/// A price in minor units: never negative, and within what PostgreSQL's bigint holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Price(i64);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("must be between 0 and {max}", max = i64::MAX)]
pub struct PriceError;

impl Price {
    pub fn new(minor_units: u64) -> Result<Self, PriceError> {
        i64::try_from(minor_units).map(Self).map_err(|_| PriceError)
    }

    pub fn minor_units(self) -> i64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_fit_a_bigint() {
        assert_eq!(Price::new(0).unwrap().minor_units(), 0);
        assert!(Price::new(i64::MAX as u64).is_ok());
        assert_eq!(Price::new(i64::MAX as u64 + 1), Err(PriceError));
    }
}
