//! Money: a count of minor units and an ISO 4217 currency.

use std::fmt;

/// Active ISO 4217 codes.
const ISO_4217: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency(&'static str);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("must be an ISO 4217 currency code")]
pub struct CurrencyError;

impl Currency {
    pub fn parse(code: &str) -> Result<Self, CurrencyError> {
        ISO_4217
            .iter()
            .find(|c| **c == code)
            .map(|c| Self(c))
            .ok_or(CurrencyError)
    }

    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

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
    fn only_iso_codes_are_currencies() {
        assert_eq!(Currency::parse("EUR").unwrap().as_str(), "EUR");
        for bad in ["eur", "XXX", "EURO", ""] {
            assert_eq!(Currency::parse(bad), Err(CurrencyError), "{bad}");
        }
    }

    #[test]
    fn prices_fit_a_bigint() {
        assert_eq!(Price::new(0).unwrap().minor_units(), 0);
        assert!(Price::new(i64::MAX as u64).is_ok());
        assert_eq!(Price::new(i64::MAX as u64 + 1), Err(PriceError));
    }
}
