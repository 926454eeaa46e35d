//! Free text fields: names, address lines.

/// `raw` trimmed, when it is 1 to `max` characters without control characters.
pub fn text(raw: &str, max: usize) -> Result<String, String> {
    let t = raw.trim();
    let n = t.chars().count();
    if n == 0 || n > max || t.chars().any(char::is_control) {
        return Err(format!(
            "must be 1 to {max} characters, without control characters"
        ));
    }
    Ok(t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(text("  Ada ", 5).unwrap(), "Ada");
        for bad in ["", "   ", "Lon\u{7}don", "toolong"] {
            assert!(text(bad, 6).is_err(), "{bad:?}");
        }
    }
}
