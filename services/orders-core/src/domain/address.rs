//! A shipping address: what the courier needs, each part trimmed and bounded.

use agora_values::{Country, FieldError, text};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

/// An address as it arrives.
#[derive(Debug, Clone, Copy)]
pub struct AddressInput<'a> {
    pub line1: &'a str,
    pub line2: Option<&'a str>,
    pub city: &'a str,
    pub postal_code: &'a str,
    pub country: &'a str,
}

impl Address {
    /// The address, or every field that is wrong, each named under `prefix` (such as
    /// `shipping_address.city`); the same rules as a profile's addresses.
    pub fn parse(input: AddressInput<'_>, prefix: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = |f: &str| format!("{prefix}.{f}");
        let line1 = FieldError::check(&mut errors, &name("line1"), text(input.line1, 200));
        let line2 = match input.line2.map(str::trim) {
            None | Some("") => Some(None),
            Some(l) => FieldError::check(&mut errors, &name("line2"), text(l, 200)).map(Some),
        };
        let city = FieldError::check(&mut errors, &name("city"), text(input.city, 100));
        let postal_code = FieldError::check(
            &mut errors,
            &name("postal_code"),
            text(input.postal_code, 20),
        );
        let country =
            FieldError::check(&mut errors, &name("country"), Country::parse(input.country));
        match (line1, line2, city, postal_code, country) {
            (Some(line1), Some(line2), Some(city), Some(postal_code), Some(country)) => Ok(Self {
                line1,
                line2,
                city,
                postal_code,
                country: country.as_str().to_owned(),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(line1: &'a str, city: &'a str, country: &'a str) -> AddressInput<'a> {
        AddressInput {
            line1,
            line2: Some("  "),
            city,
            postal_code: "SW1A 1AA",
            country,
        }
    }

    #[test]
    fn an_address_is_trimmed_and_an_empty_second_line_is_none() {
        let a = Address::parse(input(" 1 High Street ", "London", "GB"), "a").unwrap();
        assert_eq!((a.line1.as_str(), a.line2), ("1 High Street", None));
    }

    #[test]
    fn a_country_is_one_iso_3166_assigns() {
        assert!(Address::parse(input("1 High Street", "London", "GB"), "a").is_ok());
        for bad in ["XX", "UK", "ZZ"] {
            let err = Address::parse(input("1 High Street", "London", bad), "a").unwrap_err();
            assert_eq!(err[0].field, "a.country", "{bad}");
        }
    }

    #[test]
    fn every_bad_part_is_named() {
        let err = Address::parse(input(" ", "Lon\u{7}don", "gb"), "shipping_address").unwrap_err();
        let fields: Vec<_> = err.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "shipping_address.line1",
                "shipping_address.city",
                "shipping_address.country"
            ]
        );
    }
}
