//! Request ids: the caller's `X-Request-Id` when it is sane, a new one otherwise.

/// A request's id, as stored in the request's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// 1–128 characters of letters, digits, `.`, `_` and `-`: safe to log and to echo.
pub fn is_sane(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The id to use for a request that arrived with `offered`.
pub fn accept_or_make(offered: Option<&str>) -> RequestId {
    match offered {
        Some(id) if is_sane(id) => RequestId(id.to_owned()),
        // A v4 UUID from the thread's CSPRNG: the OS generator (`Uuid::new_v4`) costs a
        // system call per request.
        _ => RequestId(
            uuid::Builder::from_random_bytes(rand::random())
                .into_uuid()
                .to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sane_ids_are_kept_and_others_replaced() {
        assert_eq!(accept_or_make(Some("abc-123_x.y")).0, "abc-123_x.y");
        for bad in ["", "has space", "new\nline", "ü", &"x".repeat(129)] {
            let made = accept_or_make(Some(bad)).0;
            assert_ne!(made, bad);
            let made = uuid::Uuid::parse_str(&made).unwrap();
            assert_eq!(made.get_version(), Some(uuid::Version::Random));
            assert_eq!(made.get_variant(), uuid::Variant::RFC4122);
        }
        assert!(is_sane(&"x".repeat(128)));
        assert_ne!(accept_or_make(None), accept_or_make(None));
    }
}
