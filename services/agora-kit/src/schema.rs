//! Validation of JSON values against the OpenAPI 3.0 schemas of the service's own spec.
//!
//! The generated servers' validator is disabled (it refuses passwords for their characters
//! and echoes submitted values in its errors); this one runs in the contract layer instead.
//! Messages name the rule that failed and never repeat the submitted value, so a password
//! cannot leak into a response or a log line.

use std::collections::BTreeSet;

use regex::Regex;
use serde_json::Value;

use crate::problem::FieldError;

/// A compiled schema. References are resolved when compiling.
#[derive(Debug, Clone)]
pub struct Schema {
    nullable: bool,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Any,
    Object {
        properties: Vec<(String, Schema)>,
        required: Vec<String>,
        additional: Additional,
        min_properties: Option<u64>,
    },
    Array {
        items: Box<Schema>,
        min_items: Option<u64>,
        max_items: Option<u64>,
        unique: bool,
    },
    String {
        min_len: Option<u64>,
        max_len: Option<u64>,
        pattern: Option<Regex>,
        format: Format,
        allowed: Option<Vec<String>>,
    },
    Integer {
        min: Option<f64>,
        max: Option<f64>,
        allowed: Option<Vec<i64>>,
    },
    Number {
        min: Option<f64>,
        max: Option<f64>,
    },
    Boolean,
}

#[derive(Debug, Clone)]
enum Additional {
    Allowed,
    Forbidden,
    Schema(Box<Schema>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    None,
    Email,
    Uuid,
    DateTime,
    Date,
}

#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    #[error("unresolvable reference {0}")]
    Reference(String),
    #[error("invalid pattern {0}")]
    Pattern(String),
    #[error("reference cycle through {0}")]
    Cycle(String),
}

impl Schema {
    /// Compiles `schema`, resolving `#/...` references against `root` (the whole spec).
    /// Whether this is an object schema that declares the property `name`.
    pub fn declares(&self, name: &str) -> bool {
        match &self.kind {
            Kind::Object { properties, .. } => properties.iter().any(|(p, _)| p == name),
            _ => false,
        }
    }

    pub fn compile(schema: &Value, root: &Value) -> Result<Self, CompileError> {
        compile(schema, root, &mut Vec::new())
    }

    /// Validates `value`, naming fields relative to `path` (empty for a body's top level).
    pub fn validate(&self, value: &Value, path: &str, errors: &mut Vec<FieldError>) {
        if value.is_null() {
            if !self.nullable && !matches!(self.kind, Kind::Any) {
                errors.push(FieldError::new(field_name(path), "must not be null"));
            }
            return;
        }
        match &self.kind {
            Kind::Any => {}
            Kind::Object {
                properties,
                required,
                additional,
                min_properties,
            } => {
                let Some(map) = value.as_object() else {
                    return errors.push(FieldError::new(field_name(path), "must be an object"));
                };
                if let Some(m) = min_properties.filter(|m| (map.len() as u64) < *m) {
                    errors.push(FieldError::new(
                        field_name(path),
                        format!("must have at least {m} fields"),
                    ));
                }
                for name in required {
                    if !map.contains_key(name) {
                        errors.push(FieldError::new(join(path, name), "is required"));
                    }
                }
                for (name, v) in map {
                    match properties.iter().find(|(p, _)| p == name) {
                        Some((_, schema)) => schema.validate(v, &join(path, name), errors),
                        None => match additional {
                            Additional::Allowed => {}
                            Additional::Forbidden => errors
                                .push(FieldError::new(join(path, name), "is not a known field")),
                            Additional::Schema(s) => s.validate(v, &join(path, name), errors),
                        },
                    }
                }
            }
            Kind::Array {
                items,
                min_items,
                max_items,
                unique,
            } => {
                let Some(list) = value.as_array() else {
                    return errors.push(FieldError::new(field_name(path), "must be an array"));
                };
                let n = list.len() as u64;
                if min_items.is_some_and(|m| n < m) {
                    errors.push(FieldError::new(
                        field_name(path),
                        format!("must have at least {} items", min_items.unwrap_or(0)),
                    ));
                }
                if let Some(m) = max_items.filter(|m| n > *m) {
                    errors.push(FieldError::new(
                        field_name(path),
                        format!("must have at most {m} items"),
                    ));
                }
                if *unique {
                    let distinct: BTreeSet<String> = list.iter().map(Value::to_string).collect();
                    if distinct.len() != list.len() {
                        errors.push(FieldError::new(field_name(path), "must not repeat items"));
                    }
                }
                for (i, item) in list.iter().enumerate() {
                    items.validate(item, &format!("{path}[{i}]"), errors);
                }
            }
            Kind::String {
                min_len,
                max_len,
                pattern,
                format,
                allowed,
            } => {
                let Some(s) = value.as_str() else {
                    return errors.push(FieldError::new(field_name(path), "must be a string"));
                };
                let chars = s.chars().count() as u64;
                if let Some(m) = min_len.filter(|m| chars < *m) {
                    errors.push(FieldError::new(
                        field_name(path),
                        format!("must be at least {m} characters long"),
                    ));
                }
                if let Some(m) = max_len.filter(|m| chars > *m) {
                    errors.push(FieldError::new(
                        field_name(path),
                        format!("must be at most {m} characters long"),
                    ));
                }
                if let Some(re) = pattern.as_ref().filter(|re| !re.is_match(s)) {
                    errors.push(FieldError::new(
                        field_name(path),
                        format!("must match the pattern {}", re.as_str()),
                    ));
                }
                if let Some(message) = format.check(s) {
                    errors.push(FieldError::new(field_name(path), message));
                }
                if let Some(allowed) = allowed.as_ref().filter(|a| !a.iter().any(|x| x == s)) {
                    errors.push(FieldError::new(
                        field_name(path),
                        format!("must be one of: {}", allowed.join(", ")),
                    ));
                }
            }
            Kind::Integer { min, max, allowed } => {
                let Some(n) = value.as_i64().or_else(|| value.as_u64().map(|_| i64::MAX)) else {
                    return errors.push(FieldError::new(field_name(path), "must be an integer"));
                };
                check_range(n as f64, *min, *max, path, errors);
                if let Some(allowed) = allowed.as_ref().filter(|a| !a.contains(&n)) {
                    let list: Vec<String> = allowed.iter().map(i64::to_string).collect();
                    errors.push(FieldError::new(
                        field_name(path),
                        format!("must be one of: {}", list.join(", ")),
                    ));
                }
            }
            Kind::Number { min, max } => {
                let Some(n) = value.as_f64() else {
                    return errors.push(FieldError::new(field_name(path), "must be a number"));
                };
                check_range(n, *min, *max, path, errors);
            }
            Kind::Boolean => {
                if !value.is_boolean() {
                    errors.push(FieldError::new(field_name(path), "must be a boolean"));
                }
            }
        }
    }

    /// Turns a raw path or query parameter into the JSON value its schema describes, so it
    /// can be validated like a body field. A value that cannot be converted is left a
    /// string, which validation then rejects with the schema's type.
    pub fn coerce_param(&self, raw: &str) -> Value {
        match &self.kind {
            Kind::Integer { .. } => raw
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(raw.into())),
            Kind::Number { .. } => raw
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .unwrap_or_else(|| Value::String(raw.into())),
            Kind::Boolean => match raw {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(raw.into()),
            },
            _ => Value::String(raw.into()),
        }
    }
}

fn check_range(
    n: f64,
    min: Option<f64>,
    max: Option<f64>,
    path: &str,
    errors: &mut Vec<FieldError>,
) {
    if let Some(m) = min.filter(|m| n < *m) {
        errors.push(FieldError::new(
            field_name(path),
            format!("must be at least {m}"),
        ));
    }
    if let Some(m) = max.filter(|m| n > *m) {
        errors.push(FieldError::new(
            field_name(path),
            format!("must be at most {m}"),
        ));
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn field_name(path: &str) -> String {
    if path.is_empty() {
        "body".to_owned()
    } else {
        path.to_owned()
    }
}

impl Format {
    fn check(self, s: &str) -> Option<&'static str> {
        let ok = match self {
            Format::None => true,
            Format::Email => agora_values::email::is_plausible(s),
            Format::Uuid => uuid::Uuid::parse_str(s).is_ok(),
            Format::DateTime => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
            Format::Date => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok(),
        };
        (!ok).then_some(match self {
            Format::Email => "must be a valid e-mail address",
            Format::Uuid => "must be a UUID",
            Format::DateTime => "must be an RFC 3339 date-time",
            Format::Date => "must be a date (YYYY-MM-DD)",
            Format::None => "",
        })
    }
}

fn compile(schema: &Value, root: &Value, stack: &mut Vec<String>) -> Result<Schema, CompileError> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        if stack.iter().any(|r| r == reference) {
            return Err(CompileError::Cycle(reference.into()));
        }
        let target = reference
            .strip_prefix('#')
            .and_then(|p| root.pointer(p))
            .ok_or_else(|| CompileError::Reference(reference.into()))?;
        stack.push(reference.into());
        let compiled = compile(target, root, stack);
        stack.pop();
        return compiled;
    }
    let nullable = schema
        .get("nullable")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let u = |k: &str| schema.get(k).and_then(Value::as_u64);
    let f = |k: &str| schema.get(k).and_then(Value::as_f64);
    let ty = schema
        .get("type")
        .and_then(Value::as_str)
        .or_else(|| schema.get("properties").map(|_| "object"));
    let kind = match ty {
        Some("object") => {
            let mut properties = Vec::new();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (name, s) in props {
                    properties.push((name.clone(), compile(s, root, stack)?));
                }
            }
            let required = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let additional = match schema.get("additionalProperties") {
                Some(Value::Bool(false)) => Additional::Forbidden,
                Some(s @ Value::Object(m)) if !m.is_empty() => {
                    Additional::Schema(Box::new(compile(s, root, stack)?))
                }
                _ => Additional::Allowed,
            };
            Kind::Object {
                properties,
                required,
                additional,
                min_properties: u("minProperties"),
            }
        }
        Some("array") => Kind::Array {
            items: Box::new(match schema.get("items") {
                Some(items) => compile(items, root, stack)?,
                None => Schema {
                    nullable: true,
                    kind: Kind::Any,
                },
            }),
            min_items: u("minItems"),
            max_items: u("maxItems"),
            unique: schema
                .get("uniqueItems")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        },
        Some("string") => Kind::String {
            min_len: u("minLength"),
            max_len: u("maxLength"),
            pattern: match schema.get("pattern").and_then(Value::as_str) {
                Some(p) => Some(Regex::new(p).map_err(|_| CompileError::Pattern(p.into()))?),
                None => None,
            },
            format: match schema.get("format").and_then(Value::as_str) {
                Some("email") => Format::Email,
                Some("uuid") => Format::Uuid,
                Some("date-time") => Format::DateTime,
                Some("date") => Format::Date,
                _ => Format::None,
            },
            allowed: schema.get("enum").and_then(Value::as_array).map(|e| {
                e.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            }),
        },
        Some("integer") => {
            let (fmin, fmax) = match schema.get("format").and_then(Value::as_str) {
                Some("int32") => (Some(f64::from(i32::MIN)), Some(f64::from(i32::MAX))),
                _ => (None, None),
            };
            Kind::Integer {
                min: f("minimum").or(fmin),
                max: f("maximum").or(fmax),
                allowed: schema
                    .get("enum")
                    .and_then(Value::as_array)
                    .map(|e| e.iter().filter_map(Value::as_i64).collect()),
            }
        }
        Some("number") => Kind::Number {
            min: f("minimum"),
            max: f("maximum"),
        },
        Some("boolean") => Kind::Boolean,
        _ => Kind::Any,
    };
    Ok(Schema { nullable, kind })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn errors(schema: Value, value: Value) -> Vec<FieldError> {
        let root = json!({ "components": { "schemas": { "Name": { "type": "string", "minLength": 1 } } } });
        let mut errors = Vec::new();
        Schema::compile(&schema, &root)
            .unwrap()
            .validate(&value, "", &mut errors);
        errors
    }

    #[test]
    fn objects_report_missing_unknown_and_nested_fields() {
        let schema = json!({
            "type": "object", "additionalProperties": false, "required": ["name", "tags"],
            "properties": {
                "name": { "$ref": "#/components/schemas/Name" },
                "tags": { "type": "array", "maxItems": 1, "items": { "type": "string", "enum": ["a", "b"] } }
            }
        });
        let found = errors(
            schema,
            json!({ "name": "", "tags": ["a", "c"], "extra": 1 }),
        );
        let fields: Vec<(&str, &str)> = found
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("extra", "is not a known field"),
                ("name", "must be at least 1 characters long"),
                ("tags", "must have at most 1 items"),
                ("tags[1]", "must be one of: a, b"),
            ]
        );
    }

    #[test]
    fn messages_never_repeat_the_submitted_value() {
        let secret = "<b>hunter2-secret</b>";
        let schema =
            json!({ "type": "string", "format": "email", "maxLength": 5, "pattern": "^x$" });
        for e in errors(schema, json!(secret)) {
            assert!(!e.message.contains("hunter2"), "{e:?}");
        }
    }

    #[test]
    fn html_like_text_is_just_text() {
        let schema = json!({ "type": "string", "minLength": 12 });
        assert!(errors(schema, json!("<b>hello</b> pw12")).is_empty());
    }

    #[test]
    fn params_are_coerced_by_their_schema() {
        let root = json!({});
        let int = Schema::compile(&json!({ "type": "integer", "minimum": 1 }), &root).unwrap();
        assert_eq!(int.coerce_param("3"), json!(3));
        let mut errs = Vec::new();
        int.validate(&int.coerce_param("x"), "page", &mut errs);
        assert_eq!(errs, [FieldError::new("page", "must be an integer")]);
    }

    #[test]
    fn null_is_refused_unless_nullable() {
        assert_eq!(errors(json!({ "type": "string" }), Value::Null).len(), 1);
        assert!(errors(json!({ "type": "string", "nullable": true }), Value::Null).is_empty());
    }
}
