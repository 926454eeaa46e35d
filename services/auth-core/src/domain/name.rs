//! Display names.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("must be 1 to 100 characters, without control characters")]
pub struct NameError;

impl Name {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, NameError> {
        let trimmed = raw.trim();
        let chars = trimmed.chars().count();
        if chars == 0 || chars > Self::MAX_CHARS || trimmed.chars().any(char::is_control) {
            return Err(NameError);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            Name::parse("  Ada Lovelace ").unwrap().as_str(),
            "Ada Lovelace"
        );
        assert_eq!(Name::parse("   "), Err(NameError));
        assert_eq!(Name::parse("a\u{0}b"), Err(NameError));
        assert!(Name::parse(&"é".repeat(100)).is_ok());
        assert_eq!(Name::parse(&"é".repeat(101)), Err(NameError));
    }
}
