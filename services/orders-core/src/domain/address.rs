//! A shipping address: what the courier needs, each part trimmed and bounded.

use agora_values::FieldError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2, upper case.
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

fn part(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    max: usize,
    required: bool,
) -> Option<String> {
    let v = value.trim();
    if v.chars().any(char::is_control) {
        errors.push(FieldError::new(field, "must not hold control characters"));
    } else if required && v.is_empty() {
        errors.push(FieldError::new(field, "must not be blank"));
    } else if v.chars().count() > max {
        errors.push(FieldError::new(
            field,
            format!("must be at most {max} characters"),
        ));
    } else {
        return Some(v.to_owned());
    }
    None
}

impl Address {
    /// The address, or every field that is wrong, each named under `prefix` (such as
    /// `shipping_address.city`).
    pub fn parse(input: AddressInput<'_>, prefix: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = |f: &str| format!("{prefix}.{f}");
        let line1 = part(&mut errors, &name("line1"), input.line1, 200, true);
        let line2 = input
            .line2
            .map(|l| part(&mut errors, &name("line2"), l, 200, false));
        let city = part(&mut errors, &name("city"), input.city, 100, true);
        let postal_code = part(
            &mut errors,
            &name("postal_code"),
            input.postal_code,
            20,
            true,
        );
        let country = input.country;
        let country_ok = country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase());
        if !country_ok {
            errors.push(FieldError::new(
                name("country"),
                "must be an ISO 3166-1 alpha-2 code",
            ));
        }
        match (line1, line2, city, postal_code) {
            (Some(line1), line2, Some(city), Some(postal_code)) if errors.is_empty() => Ok(Self {
                line1,
                line2: line2.flatten().filter(|l| !l.is_empty()),
                city,
                postal_code,
                country: country.to_owned(),
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
