//! Phone numbers in E.164: `+`, a country code that does not start with 0, at most 15 digits.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("must be an E.164 number, such as +442071838750")]
pub struct PhoneError;

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, PhoneError> {
        let digits = raw.strip_prefix('+').ok_or(PhoneError)?;
        let ok = (7..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(PhoneError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_e164_numbers_are_phones() {
        assert!(Phone::parse("+442071838750").is_ok());
        for bad in [
            "442071838750",
            "+0442071838",
            "+44 20 7183 8750",
            "+1234",
            "+1234567890123456",
        ] {
            assert_eq!(Phone::parse(bad), Err(PhoneError), "{bad}");
        }
    }
}
