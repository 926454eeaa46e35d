//! E-mail syntax: the one check every service applies to an address (the spec's
//! `format: email` and the auth service's accounts alike).

/// Whether `s` is plausibly an e-mail address: one `@`, a local part, a dotted domain,
/// at most 254 bytes, no whitespace or control characters. Deliverability is the mail
/// server's business; this only refuses what can never be an address.
pub fn is_plausible(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && s.len() <= 254
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::is_plausible;

    #[test]
    fn refuses_what_can_never_be_an_address() {
        assert!(is_plausible("ada@example.com"));
        for bad in [
            "",
            "ada",
            "@example.com",
            "ada@",
            "ada@example",
            "ada@.example.com",
            "ada@example.com.",
            "ada@example..com",
            "a@b@example.com",
            "ada lovelace@example.com",
            "ada@exa\u{7}mple.com",
        ] {
            assert!(!is_plausible(bad), "{bad:?}");
        }
        let long = format!("{}@example.com", "a".repeat(243));
        assert!(!is_plausible(&long));
    }
}
