//! Password policy, after NIST SP 800-63B: a minimum length, a generous maximum, no
//! composition rules, and a refusal of the passwords everybody tries first. Any character
//! is allowed. The maximum exists so that hashing cost stays bounded.

use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 256;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/common-passwords.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// A password that satisfies the policy. Its `Debug` output never shows it.
#[derive(Clone)]
pub struct Password(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PasswordError {
    #[error("must be at least {MIN_CHARS} characters long")]
    TooShort,
    #[error("must be at most {MAX_CHARS} characters long")]
    TooLong,
    #[error("is too common; choose another")]
    TooCommon,
}

impl Password {
    pub fn parse(raw: &str) -> Result<Self, PasswordError> {
        let chars = raw.chars().count();
        if chars < MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        if COMMON.contains(raw.to_lowercase().as_str()) {
            return Err(PasswordError::TooCommon);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_the_only_shape_rule() {
        assert_eq!(
            Password::parse("short").unwrap_err(),
            PasswordError::TooShort
        );
        assert!(Password::parse("<b>hello</b> pw12").is_ok());
        assert!(Password::parse("ünïcödé pässwörd").is_ok());
        assert!(Password::parse(&"x".repeat(MAX_CHARS)).is_ok());
        assert_eq!(
            Password::parse(&"x".repeat(MAX_CHARS + 1)).unwrap_err(),
            PasswordError::TooLong
        );
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert_eq!(
            Password::parse("Password1234").unwrap_err(),
            PasswordError::TooCommon
        );
        assert_eq!(
            Password::parse("1QAZ2WSX3EDC").unwrap_err(),
            PasswordError::TooCommon
        );
    }

    #[test]
    fn debug_output_hides_the_password() {
        assert_eq!(
            format!("{:?}", Password::parse("plum-lantern-violin-42").unwrap()),
            "Password(..)"
        );
    }
}
