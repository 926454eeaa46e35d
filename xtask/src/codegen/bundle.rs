//! Bundles a service spec and the parts of `specs/common.yaml` it references into one
//! self-contained document: what the generators read and what the service serves.
//!
//! A `$ref` into `common.yaml` becomes a local `#/components/...` reference, with the
//! component (and whatever it references in turn) copied into the service's components; a
//! path item referenced from `common.yaml` is inlined.

use std::collections::BTreeMap;

use anyhow::{Context, bail};
use serde_json::Value;

const COMMON: &str = "common.yaml#";

pub fn bundle(mut spec: Value, common: &Value) -> anyhow::Result<Value> {
    let mut bundler = Bundler {
        common,
        imported: BTreeMap::new(),
    };
    bundler.resolve(&mut spec, false)?;
    let components = spec
        .as_object_mut()
        .context("a spec is a mapping")?
        .entry("components")
        .or_insert_with(|| Value::Object(Default::default()));
    for ((kind, name), component) in bundler.imported {
        let section = components
            .as_object_mut()
            .context("components is a mapping")?
            .entry(kind.clone())
            .or_insert_with(|| Value::Object(Default::default()));
        match section.get(&name) {
            Some(existing) if *existing != component => {
                bail!(
                    "components/{kind}/{name} is defined in both the spec and common.yaml, differently"
                )
            }
            _ => {
                section
                    .as_object_mut()
                    .context("components section is a mapping")?
                    .insert(name, component);
            }
        }
    }
    Ok(spec)
}

struct Bundler<'a> {
    common: &'a Value,
    imported: BTreeMap<(String, String), Value>,
}

impl Bundler<'_> {
    /// Rewrites references under `node`. `in_common` says the node was copied out of
    /// `common.yaml`, where a local reference means one of common's own components.
    fn resolve(&mut self, node: &mut Value, in_common: bool) -> anyhow::Result<()> {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let pointer = if let Some(p) = reference.strip_prefix(COMMON) {
                        p.to_owned()
                    } else if in_common && reference.starts_with('#') {
                        reference[1..].to_owned()
                    } else {
                        return Ok(());
                    };
                    let target = self
                        .common
                        .pointer(&pointer)
                        .with_context(|| format!("common.yaml has nothing at {pointer}"))?
                        .clone();
                    let segments: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
                    match segments.as_slice() {
                        ["components", kind, name] => {
                            let key = ((*kind).to_owned(), (*name).to_owned());
                            if !self.imported.contains_key(&key) {
                                // Placeholder first, so a cycle through this component ends.
                                self.imported.insert(key.clone(), Value::Null);
                                let mut component = target;
                                self.resolve(&mut component, true)?;
                                self.imported.insert(key, component);
                            }
                            map.insert(
                                "$ref".into(),
                                Value::String(format!("#/components/{kind}/{name}")),
                            );
                        }
                        ["paths", _] => {
                            let mut item = target;
                            self.resolve(&mut item, true)?;
                            *node = item;
                        }
                        _ => bail!("unsupported reference into common.yaml: {reference}"),
                    }
                    return Ok(());
                }
                for child in map.values_mut() {
                    self.resolve(child, in_common)?;
                }
            }
            Value::Array(items) => {
                for child in items {
                    self.resolve(child, in_common)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}
