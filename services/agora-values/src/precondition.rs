//! Conditional requests as the domain sees them: entity tags are versions, `If-Match`
//! becomes a [`Precondition`] on the version a change may apply to, and `If-None-Match`
//! a question about the version the client already holds. The API edge parses headers
//! into these; use cases decide with them; stores only ever see a version.

/// The strong entity tag of `version`: `"v<version>"`.
pub fn entity_tag(version: i64) -> String {
    format!("\"v{version}\"")
}

/// What a change was made conditional on (`If-Match`, RFC 9110 §13.1.1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Precondition {
    /// No `If-Match`: the change applies to whatever version is current.
    #[default]
    None,
    /// `If-Match: *`: any current version.
    Exists,
    /// `If-Match` naming versions (strong comparison); tags that name no version of ours
    /// (weak tags, other shapes) are dropped, so a list of only those admits nothing.
    AnyOf(Vec<i64>),
}

impl Precondition {
    /// The precondition an `If-Match` header value states.
    pub fn if_match(header: Option<&str>) -> Self {
        match header.map(str::trim) {
            None => Self::None,
            Some("*") => Self::Exists,
            Some(list) => Self::AnyOf(
                list.split(',')
                    .filter_map(|t| version_of(t.trim(), false))
                    .collect(),
            ),
        }
    }

    /// Whether the change may apply to the resource at `current`.
    pub fn admits(&self, current: i64) -> bool {
        match self {
            Self::None | Self::Exists => true,
            Self::AnyOf(versions) => versions.contains(&current),
        }
    }

    /// Whether the condition depends on which version is current (an `If-Match` list): the
    /// change must then apply to the very version that was decided on. Without one (no
    /// `If-Match`, or `*`) it applies to whatever version is current when it is made.
    pub fn names_versions(&self) -> bool {
        matches!(self, Self::AnyOf(_))
    }
}

/// Whether an `If-None-Match` header value names `version` (weak comparison, RFC 9110
/// §13.1.2): the client holds the current representation.
pub fn none_match_hits(header: &str, version: i64) -> bool {
    header.trim() == "*"
        || header
            .split(',')
            .any(|t| version_of(t.trim(), true) == Some(version))
}

fn version_of(tag: &str, allow_weak: bool) -> Option<i64> {
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
    fn if_match_compares_strongly_and_lists() {
        assert_eq!(entity_tag(7), "\"v7\"");
        assert!(Precondition::if_match(Some("\"v7\"")).admits(7));
        assert!(Precondition::if_match(Some("\"v1\", \"v7\"")).admits(7));
        assert!(!Precondition::if_match(Some("\"v1\", \"v7\"")).admits(8));
        assert!(!Precondition::if_match(Some("W/\"v7\"")).admits(7));
        assert!(!Precondition::if_match(Some("garbage")).admits(3));
        assert!(!Precondition::if_match(Some("")).admits(3));
        assert!(Precondition::if_match(Some(" * ")).admits(3));
        assert!(Precondition::if_match(None).admits(3));
        assert!(!Precondition::if_match(None).names_versions());
        assert!(!Precondition::if_match(Some("*")).names_versions());
        assert!(Precondition::if_match(Some("garbage")).names_versions());
    }

    #[test]
    fn if_none_match_compares_weakly() {
        assert!(none_match_hits("W/\"v7\"", 7));
        assert!(none_match_hits("\"v6\", \"v7\"", 7));
        assert!(!none_match_hits("\"v6\"", 7));
        assert!(none_match_hits("*", 1));
        assert!(!none_match_hits("v7", 7));
    }
}
