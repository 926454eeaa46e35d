//! Which operation a request names: one answer for the gateway and the services.
//!
//! The matcher is built once from the generated operations tables with `matchit`, the
//! router axum itself uses, so a path the gateway classifies is classified the same way by
//! the generated router behind it (static segments before parameters, no decoding before
//! matching, `HEAD` served by `GET`).
//!
//! [`canonical`] refuses the paths that different parsers read differently: dot-segments
//! (plain or percent-encoded), empty segments and trailing slashes, encoded slashes,
//! backslashes, matrix parameters, malformed or needless percent-encoding. A path that
//! passes it means the same to every URL parser and router on the way, so what is decided
//! on it (route, access, rate-limit class) holds for what the upstream serves.

use agora_api::{Operation, Service};
use http::Method;

/// Every operation of a set of services, by path template.
pub struct OperationMatcher {
    router: matchit::Router<Entry>,
}

/// The operations that share one path template, one per method.
struct Entry {
    service: &'static str,
    operations: Vec<&'static Operation>,
    /// The path template's parameter names.
    names: Vec<&'static str>,
}

/// What a request names.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The operation, the service whose spec declares it, and the path parameters as
    /// they stand in the path (still percent-encoded: see [`decoded`]).
    Found {
        service: &'static str,
        operation: &'static Operation,
        params: Vec<(&'static str, String)>,
    },
    /// No operation lives at this path.
    NotFound,
    /// Operations live at this path, with other methods: the `Allow` header's value.
    MethodNotAllowed(String),
}

#[derive(Debug, thiserror::Error)]
#[error("the operation {operation} ({path}) cannot be routed: {source}")]
pub struct MatcherError {
    operation: &'static str,
    path: &'static str,
    #[source]
    source: matchit::InsertError,
}

impl OperationMatcher {
    /// The matcher for `services`' operations; those the kit serves itself (`/health`,
    /// `/ready`, …) are left out unless `with_kit` is set.
    pub fn new<'a>(
        services: impl IntoIterator<Item = &'a Service>,
        with_kit: bool,
    ) -> Result<Self, MatcherError> {
        let mut entries: Vec<(&'static str, Entry)> = Vec::new();
        for service in services {
            for op in service.operations {
                if op.served_by_kit && !with_kit {
                    continue;
                }
                match entries.iter_mut().find(|(path, _)| *path == op.path) {
                    Some((_, entry)) => entry.operations.push(op),
                    None => entries.push((
                        op.path,
                        Entry {
                            service: service.name,
                            operations: vec![op],
                            names: parameter_names(op.path),
                        },
                    )),
                }
            }
        }
        let mut router = matchit::Router::new();
        for (path, entry) in entries {
            let operation = entry.operations[0].id;
            router.insert(path, entry).map_err(|source| MatcherError {
                operation,
                path,
                source,
            })?;
        }
        Ok(Self { router })
    }

    /// The operation `method` and `path` name. `path` is matched as it is, undecoded, as
    /// axum's router matches it; `HEAD` finds the `GET` operation.
    pub fn find(&self, method: &Method, path: &str) -> Lookup {
        let Ok(matched) = self.router.at(path) else {
            return Lookup::NotFound;
        };
        let entry = matched.value;
        let params = || {
            matched
                .params
                .iter()
                .filter_map(|(name, value)| {
                    // The template's own name, which lives as long as the table.
                    let name = entry.names.iter().find(|n| **n == name)?;
                    Some((*name, value.to_owned()))
                })
                .collect()
        };
        let wanted = if method == Method::HEAD {
            &Method::GET
        } else {
            method
        };
        match entry.operations.iter().find(|op| op.method == *wanted) {
            Some(operation) => Lookup::Found {
                service: entry.service,
                operation,
                params: params(),
            },
            None => {
                let mut allowed: Vec<&str> = entry
                    .operations
                    .iter()
                    .map(|op| op.method.as_str())
                    .collect();
                if allowed.contains(&"GET") {
                    allowed.push("HEAD");
                }
                Lookup::MethodNotAllowed(allowed.join(", "))
            }
        }
    }
}

fn parameter_names(template: &'static str) -> Vec<&'static str> {
    template
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}

/// A path parameter's value as the client meant it: percent-decoded, which must give UTF-8.
/// `None` for a `%` that does not start an escape of two hex digits (the decoder would pass
/// it through as it is) and for bytes that are not UTF-8: such a value names no resource.
pub fn decoded(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()
        .map(|v| v.into_owned())
}

/// Why a path is refused as ambiguous.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AmbiguousPath {
    #[error("the path must start with '/'")]
    Relative,
    #[error("the path has an empty segment ('//' or a trailing '/')")]
    EmptySegment,
    #[error("the path has a '.' or '..' segment")]
    DotSegment,
    #[error("the path has an encoded '/' (%2F)")]
    EncodedSlash,
    #[error("the path has a backslash")]
    Backslash,
    #[error("the path has a matrix parameter (';')")]
    MatrixParameter,
    #[error("the path has a '%' that does not start an escape of two hex digits")]
    MalformedEscape,
    #[error("the path percent-encodes a character that needs no encoding")]
    NeedlessEscape,
}

/// `Ok` when `path` reads the same to every parser: see the module's documentation.
pub fn canonical(path: &str) -> Result<(), AmbiguousPath> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err(AmbiguousPath::Relative);
    };
    if rest.is_empty() {
        return Ok(());
    }
    for segment in rest.split('/') {
        if segment.is_empty() {
            return Err(AmbiguousPath::EmptySegment);
        }
        let bytes = segment.as_bytes();
        // Decoded only as far as the dot-segment test needs: `%2e` is a dot to WHATWG URL
        // parsers, which remove such segments.
        let mut dots_only = true;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'%' => {
                    let hex = segment
                        .get(i + 1..i + 3)
                        .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                        .ok_or(AmbiguousPath::MalformedEscape)?;
                    let byte =
                        u8::from_str_radix(hex, 16).map_err(|_| AmbiguousPath::MalformedEscape)?;
                    match byte {
                        b'/' => return Err(AmbiguousPath::EncodedSlash),
                        b'\\' => return Err(AmbiguousPath::Backslash),
                        b'.' => {}
                        b if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~') => {
                            return Err(AmbiguousPath::NeedlessEscape);
                        }
                        _ => dots_only = false,
                    }
                    i += 3;
                    continue;
                }
                b'\\' => return Err(AmbiguousPath::Backslash),
                b';' => return Err(AmbiguousPath::MatrixParameter),
                b'.' => {}
                _ => dots_only = false,
            }
            i += 1;
        }
        let length = segment.len() - 2 * segment.matches('%').count();
        if dots_only && length <= 2 {
            return Err(AmbiguousPath::DotSegment);
        }
        if segment.contains('%') && segment.to_ascii_lowercase().contains("%2e") {
            // An encoded dot anywhere else is a needless escape ('.' is unreserved).
            return Err(AmbiguousPath::NeedlessEscape);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> OperationMatcher {
        OperationMatcher::new(agora_api::SERVICES, false).expect("the specs' paths route")
    }

    #[test]
    fn static_segments_win_over_parameters_as_in_axum() {
        let m = matcher();
        let Lookup::Found {
            operation, service, ..
        } = m.find(&Method::GET, "/api/v1/users/me")
        else {
            panic!("found")
        };
        assert_eq!((service, operation.path), ("users", "/api/v1/users/me"));
        let Lookup::Found {
            operation, params, ..
        } = m.find(&Method::GET, "/api/v1/users/7")
        else {
            panic!("found")
        };
        assert_eq!(operation.path, "/api/v1/users/{id}");
        assert_eq!(params, vec![("id", "7".to_owned())]);
    }

    #[test]
    fn head_finds_get_and_other_methods_are_named_in_allow() {
        let m = matcher();
        assert!(matches!(
            m.find(&Method::HEAD, "/api/v1/products"),
            Lookup::Found { .. }
        ));
        assert_eq!(
            m.find(&Method::PUT, "/api/v1/auth/login"),
            Lookup::MethodNotAllowed("POST".into())
        );
        assert_eq!(m.find(&Method::GET, "/api/v1/nothing"), Lookup::NotFound);
        assert_eq!(m.find(&Method::GET, "/health"), Lookup::NotFound);
        assert!(matches!(
            OperationMatcher::new(agora_api::SERVICES, true)
                .unwrap()
                .find(&Method::GET, "/health"),
            Lookup::Found { .. }
        ));
    }

    #[test]
    fn parameters_decode_only_when_every_escape_is_well_formed_utf8() {
        assert_eq!(decoded("caf%C3%A9").as_deref(), Some("café"));
        assert_eq!(decoded("a%20b").as_deref(), Some("a b"));
        assert_eq!(decoded("plain").as_deref(), Some("plain"));
        for raw in ["%zz", "a%2", "%", "%%41", "%FF", "%C3"] {
            assert_eq!(decoded(raw), None, "{raw}");
        }
    }

    #[test]
    fn canonical_paths_pass() {
        for path in [
            "/",
            "/api/v1/auth/login",
            "/api/v1/products/0b6c3c1e-1f6e-4a7e-9b57-1b0e4d1d2c3a",
            "/api/v1/products/a.b",
            "/api/v1/products/...x",
            "/api/v1/products/caf%C3%A9",
            "/api/v1/products/a%20b",
            "/.well-known/jwks.json",
        ] {
            assert_eq!(canonical(path), Ok(()), "{path}");
        }
    }

    #[test]
    fn ambiguous_paths_are_refused_whatever_their_spelling() {
        use AmbiguousPath::*;
        for (path, why) in [
            ("api/v1/auth/login", Relative),
            ("/api/v1/auth/x/../login", DotSegment),
            ("/api/v1/auth/./login", DotSegment),
            ("/api/v1/auth/x/%2e%2e/login", DotSegment),
            ("/api/v1/auth/x/%2E%2E/login", DotSegment),
            ("/api/v1/auth/x/.%2E/login", DotSegment),
            ("/api/v1/auth/x/%2e/login", DotSegment),
            ("/api/v1/auth/x/..", DotSegment),
            ("/api/v1/auth/x%2e/login", NeedlessEscape),
            ("/api/v1//auth/login", EmptySegment),
            ("/api/v1/auth/login/", EmptySegment),
            ("//api/v1/auth/login", EmptySegment),
            ("/api/v1/auth%2flogin", EncodedSlash),
            ("/api/v1/auth%2Flogin", EncodedSlash),
            ("/api/v1/auth\\login", Backslash),
            ("/api/v1/auth%5clogin", Backslash),
            ("/api/v1/auth%5Clogin", Backslash),
            ("/api/v1/auth/login;x=1", MatrixParameter),
            ("/api/v1/auth/login;", MatrixParameter),
            ("/api/v1/auth/log%", MalformedEscape),
            ("/api/v1/auth/log%zz", MalformedEscape),
            ("/api/v1/auth/logi%6E", NeedlessEscape),
            ("/api/v1/auth/logi%6e", NeedlessEscape),
            ("/api/v1/%61uth/login", NeedlessEscape),
        ] {
            assert_eq!(canonical(path), Err(why), "{path}");
        }
    }
}
