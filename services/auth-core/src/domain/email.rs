//! E-mail addresses, normalised so that one mailbox is one account.

/// A plausible e-mail address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("must be a valid e-mail address")]
pub struct EmailError;

impl Email {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let normalised = Self::normalise(raw);
        if agora_values::email::is_plausible(&normalised) {
            Ok(Self(normalised))
        } else {
            Err(EmailError)
        }
    }

    /// The key failed logins are counted under, for any input, valid address or not.
    pub fn normalise(raw: &str) -> String {
        raw.trim().to_lowercase()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
    }

    #[test]
    fn garbage_is_refused() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a b@example.com",
            "ada@.com",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError), "{bad}");
        }
    }
}
