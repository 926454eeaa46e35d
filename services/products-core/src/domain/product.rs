//! Products and categories.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::money::{Currency, Price};

/// A stock-keeping unit: letters, digits, `.`, `_`, `-`, stored upper-case so that one
/// article has one SKU whatever the case it was typed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sku(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")]
pub struct SkuError;

impl Sku {
    pub fn parse(raw: &str) -> Result<Self, SkuError> {
        let ok = (1..=64).contains(&raw.len())
            && raw
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric())
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if ok {
            Ok(Self(raw.to_ascii_uppercase()))
        } else {
            Err(SkuError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A product as stored. `version` grows by one with every change, stock changes included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: Uuid,
    pub sku: String,
    pub name: String,
    pub description: String,
    pub price: i64,
    pub currency: String,
    pub category_id: Option<Uuid>,
    pub stock: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A product to create, every field checked.
#[derive(Debug, Clone)]
pub struct NewProduct {
    pub sku: Sku,
    pub name: String,
    pub description: String,
    pub price: Price,
    pub currency: Currency,
    pub category_id: Option<Uuid>,
    pub stock: i64,
}

/// The fields a PATCH changes; `category_id: Some(None)` clears the category.
#[derive(Debug, Clone, Default)]
pub struct ProductChanges {
    pub name: Option<String>,
    pub description: Option<String>,
    pub price: Option<Price>,
    pub currency: Option<Currency>,
    pub category_id: Option<Option<Uuid>>,
}

impl ProductChanges {
    pub fn apply(&self, product: &mut Product) {
        if let Some(name) = &self.name {
            product.name.clone_from(name);
        }
        if let Some(description) = &self.description {
            product.description.clone_from(description);
        }
        if let Some(price) = self.price {
            product.price = price.minor_units();
        }
        if let Some(currency) = self.currency {
            product.currency = currency.as_str().to_owned();
        }
        if let Some(category) = self.category_id {
            product.category_id = category;
        }
    }
}

/// A product's name: trimmed, 1 to 200 characters, no control characters.
pub fn parse_name(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim();
    let n = name.chars().count();
    if n == 0 || n > 200 || name.chars().any(char::is_control) {
        return Err("must be 1 to 200 characters, without control characters");
    }
    Ok(name.to_owned())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: Uuid,
    pub name: String,
    pub parent_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewCategory {
    pub name: String,
    pub parent_id: Option<Uuid>,
}

/// The most units of one product the catalogue holds: far above any real stock, far below
/// where adding an adjustment could overflow.
pub const MAX_STOCK: i64 = 1_000_000_000_000;

/// The new stock level after adding `delta` to `stock`, if it stays within 0..=MAX_STOCK.
pub fn adjusted_stock(stock: i64, delta: i64) -> Option<i64> {
    stock
        .checked_add(delta)
        .filter(|s| (0..=MAX_STOCK).contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skus_are_upper_cased_and_checked() {
        assert_eq!(
            Sku::parse("tshirt-red.m_1").unwrap().as_str(),
            "TSHIRT-RED.M_1"
        );
        for bad in ["", "-lead", "has space", "ü", &"x".repeat(65)] {
            assert_eq!(Sku::parse(bad), Err(SkuError), "{bad}");
        }
    }

    #[test]
    fn stock_never_goes_below_zero_or_overflows() {
        assert_eq!(adjusted_stock(5, -5), Some(0));
        assert_eq!(adjusted_stock(5, -6), None);
        assert_eq!(adjusted_stock(i64::MAX, 1), None);
        assert_eq!(adjusted_stock(MAX_STOCK, 0), Some(MAX_STOCK));
        assert_eq!(adjusted_stock(MAX_STOCK, 1), None);
        for stock in [0_i64, 1, 7, 1000] {
            for delta in [-1001_i64, -7, -1, 0, 1, 1000] {
                match adjusted_stock(stock, delta) {
                    Some(s) => assert!(s >= 0 && s == stock + delta),
                    None => assert!(stock + delta < 0),
                }
            }
        }
    }
}
