//! The generated API surface as snapshots: a spec change that alters a server trait, a
//! response enum or a client method shows up in review as a diff of these files.

use std::path::{Path, PathBuf};

fn generated() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated")
}

/// `pub trait` and `pub enum` blocks of a generated `apis/*.rs`, without doc comments except
/// the `Op - METHOD /path` lines, blank lines and indentation.
fn server_surface(source: &str) -> String {
    let mut out = Vec::new();
    let mut inside = false;
    for line in source.lines() {
        if line.starts_with("pub trait ") || line.starts_with("pub enum ") {
            inside = true;
        }
        if inside {
            let trimmed = line.trim();
            let is_route_doc = trimmed.starts_with("///")
                && [" - GET ", " - POST ", " - PUT ", " - PATCH ", " - DELETE "]
                    .iter()
                    .any(|m| trimmed.contains(m));
            if !trimmed.is_empty() && (!trimmed.starts_with("///") || is_route_doc) {
                out.push(trimmed.to_owned());
            }
            if line == "}" {
                inside = false;
                out.push(String::new());
            }
        }
    }
    out.join("\n")
}

/// The operation methods of the generated `Client`.
fn client_surface(source: &str) -> String {
    source
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("pub fn ") && l.contains("(&self) -> builder::"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_generated_api_surface() {
    let mut services: Vec<String> = std::fs::read_dir(generated())
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .into_string()
                .ok()?
                .strip_suffix("-server")
                .map(str::to_owned)
        })
        .collect();
    services.sort();
    assert!(!services.is_empty());
    for service in services {
        let apis = generated().join(format!("{service}-server/src/apis"));
        let mut files: Vec<PathBuf> = std::fs::read_dir(&apis)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap() != "mod.rs")
            .collect();
        files.sort();
        let server: String = files
            .iter()
            .map(|f| server_surface(&std::fs::read_to_string(f).unwrap()))
            .collect::<Vec<_>>()
            .join("\n");
        insta::assert_snapshot!(format!("{service}_server"), server);
        let client =
            std::fs::read_to_string(generated().join(format!("{service}-client/src/generated.rs")))
                .unwrap();
        insta::assert_snapshot!(format!("{service}_client"), client_surface(&client));
    }
}
