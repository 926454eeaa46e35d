//! What an order e-mail says: the order's lines and total in words a customer reads, and
//! why an order was cancelled.

use uuid::Uuid;

/// One line of an order, at the price it was placed at (minor units of the order's
/// currency).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub sku: String,
    pub name: String,
    pub quantity: u64,
    pub unit_price: i64,
}

/// What every order event tells notifications: whose order it is, where its e-mails go,
/// its lines and its total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSummary {
    pub order_id: Uuid,
    pub user_id: Uuid,
    pub email: String,
    pub currency: String,
    pub total: i64,
    pub lines: Vec<OrderLine>,
}

/// Why an order was cancelled, as the orders service names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancellationReason {
    OutOfStock,
    PaymentDeclined,
    CustomerRequest,
    AdminRequest,
}

impl CancellationReason {
    /// The reason as the e-mail states it, completing "Your order was cancelled because …".
    pub fn in_words(self) -> &'static str {
        match self {
            CancellationReason::OutOfStock => "an item in it is out of stock",
            CancellationReason::PaymentDeclined => "the payment was declined",
            CancellationReason::CustomerRequest => "you asked us to cancel it",
            CancellationReason::AdminRequest => "our team cancelled it",
        }
    }
}

/// The number of digits after the decimal point of an ISO 4217 currency's minor unit.
/// Most currencies have two; the exceptions are listed.
fn minor_digits(currency: &str) -> u32 {
    match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        "CLF" | "UYW" => 4,
        _ => 2,
    }
}

/// An amount in minor units as a customer reads it: `1234` EUR is `12.34 EUR`, `500` JPY
/// is `500 JPY`, `-5` EUR is `-0.05 EUR`. Works on `i128` so that a line's total
/// (quantity × price) cannot overflow.
pub fn format_amount(minor: i128, currency: &str) -> String {
    let digits = minor_digits(currency);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if digits == 0 {
        return format!("{sign}{abs} {currency}");
    }
    let scale = 10u128.pow(digits);
    let width = digits as usize;
    format!("{sign}{}.{:0width$} {currency}", abs / scale, abs % scale)
}

impl OrderSummary {
    /// The order's lines, one text line each: quantity, name, SKU, unit price and the
    /// line's total.
    pub fn line_texts(&self) -> Vec<String> {
        self.lines
            .iter()
            .map(|l| {
                let line_total = i128::from(l.unit_price) * i128::from(l.quantity);
                format!(
                    "{} × {} ({}) at {} = {}",
                    l.quantity,
                    l.name,
                    l.sku,
                    format_amount(l.unit_price.into(), &self.currency),
                    format_amount(line_total, &self.currency),
                )
            })
            .collect()
    }

    /// The order's total as the customer reads it.
    pub fn total_text(&self) -> String {
        format_amount(self.total.into(), &self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_with_their_currency_minor_unit() {
        assert_eq!(format_amount(1234, "EUR"), "12.34 EUR");
        assert_eq!(format_amount(5, "EUR"), "0.05 EUR");
        assert_eq!(format_amount(-5, "EUR"), "-0.05 EUR");
        assert_eq!(format_amount(0, "USD"), "0.00 USD");
        assert_eq!(format_amount(500, "JPY"), "500 JPY");
        assert_eq!(format_amount(1234, "KWD"), "1.234 KWD");
        assert_eq!(format_amount(-1, "KWD"), "-0.001 KWD");
    }

    #[test]
    fn a_line_total_that_exceeds_i64_is_still_exact() {
        let order = OrderSummary {
            order_id: Uuid::nil(),
            user_id: Uuid::nil(),
            email: "ada@example.com".into(),
            currency: "EUR".into(),
            total: i64::MAX,
            lines: vec![OrderLine {
                sku: "S-1".into(),
                name: "Lamp".into(),
                quantity: u64::MAX,
                unit_price: i64::MAX,
            }],
        };
        let expected = i128::from(i64::MAX) * i128::from(u64::MAX);
        let text = &order.line_texts()[0];
        assert!(text.ends_with(&format_amount(expected, "EUR")), "{text}");
    }

    #[test]
    fn every_reason_has_words() {
        for r in [
            CancellationReason::OutOfStock,
            CancellationReason::PaymentDeclined,
            CancellationReason::CustomerRequest,
            CancellationReason::AdminRequest,
        ] {
            assert!(!r.in_words().is_empty() && !r.in_words().contains('_'));
        }
    }
}
