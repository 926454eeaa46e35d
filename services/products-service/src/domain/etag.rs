//! Entity tags from versions, and the comparisons `If-Match` and `If-None-Match` need.

/// The strong entity tag of a version.
pub fn of_version(version: i64) -> String {
    format!("\"v{version}\"")
}

/// Whether `header` (an `If-Match` list) names `version`; strong comparison.
pub fn matches(header: &str, version: i64) -> bool {
    header.trim() == "*"
        || header
            .split(',')
            .any(|t| parse(t.trim(), false) == Some(version))
}

/// Whether `header` (an `If-None-Match` list) names `version`; weak comparison.
pub fn none_match_hits(header: &str, version: i64) -> bool {
    header.trim() == "*"
        || header
            .split(',')
            .any(|t| parse(t.trim(), true) == Some(version))
}

fn parse(tag: &str, allow_weak: bool) -> Option<i64> {
    let tag = match tag.strip_prefix("W/") {
        Some(rest) if allow_weak => rest,
        Some(_) => return None,
        None => tag,
    };
    tag.strip_prefix("\"v")?.strip_suffix('"')?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_compare() {
        assert_eq!(of_version(7), "\"v7\"");
        assert!(matches("\"v7\"", 7));
        assert!(matches("\"v1\", \"v7\"", 7));
        assert!(!matches("W/\"v7\"", 7), "If-Match compares strongly");
        assert!(
            none_match_hits("W/\"v7\"", 7),
            "If-None-Match compares weakly"
        );
        assert!(!none_match_hits("\"v6\"", 7));
        assert!(matches("*", 3));
        assert!(!matches("garbage", 3));
    }
}
