//! Normalisation: any supported input document → the OpenAPI 3.0 shape that
//! `openapiv3` reads, before it is parsed.
//!
//! One reader and one IR serve every input version. This stage works on the
//! raw JSON value, in four steps:
//! 1. [`bundle`]: `$ref`s to other files are brought into the document
//!    (schemas as components, everything else inline);
//! 2. [`swagger2`]: a Swagger 2.0 document is rewritten in the 3.0 layout
//!    (`definitions`, body and form parameters, `produces`/`consumes`,
//!    `host`/`basePath`/`schemes`, `securityDefinitions`);
//! 3. [`v31`]: OpenAPI 3.1 (JSON Schema 2020-12) schemas are rewritten in
//!    3.0 terms (`type` arrays, `const`, `examples`, numeric exclusive
//!    bounds, `$ref` siblings, `prefixItems`, content keywords), webhooks'
//!    payloads become components;
//! 4. [`tidy`], for every version: what 3.0 specs in the wild write although
//!    3.0 does not allow it (`type: 'null'`, `null` members of unions) and
//!    path items given by `$ref`; then [`patterns`]: the schema patterns of
//!    large public specs (shared fields beside a union, constraint-only
//!    combinators, `allOf` overlays) in the terms lowering reads.
//!
//! What a step cannot express in 3.0 terms is reported, never dropped
//! silently: a warning when the generated code still accepts every valid
//! payload, an error otherwise.

pub(crate) mod bundle;
pub(crate) mod patterns;
pub(crate) mod swagger2;
pub(crate) mod tidy;
pub(crate) mod v31;
mod walk;

use crate::diag::{Diagnostic, Location, Severity};
use serde_json::Value;
use std::path::Path;

/// The input versions the reader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SpecVersion {
    /// Swagger 2.0.
    Swagger2,
    /// OpenAPI 3.0.x.
    OpenApi30,
    /// OpenAPI 3.1.x.
    OpenApi31,
}

impl SpecVersion {
    /// The version a raw document declares, or why it is not one we read.
    pub fn of(raw: &Value) -> Result<SpecVersion, String> {
        if let Some(v) = raw.get("swagger") {
            return match v.as_str() {
                Some("2.0") => Ok(SpecVersion::Swagger2),
                Some(other) => Err(format!("Swagger {other}")),
                None => Err(format!("a `swagger` field that is not a string ({v})")),
            };
        }
        match raw.get("openapi") {
            Some(Value::String(s)) if s.starts_with("3.0") => Ok(SpecVersion::OpenApi30),
            Some(Value::String(s)) if s.starts_with("3.1") => Ok(SpecVersion::OpenApi31),
            Some(Value::String(s)) => Err(format!("OpenAPI {s}")),
            Some(v) => Err(format!("an `openapi` field that is not a string ({v})")),
            None if raw.is_object() => Err("no `openapi` or `swagger` version field".into()),
            None => Err(format!(
                "the document is {}, not a mapping of `openapi`, `info`, `paths`…",
                match raw {
                    Value::Array(_) => "a sequence",
                    Value::String(_) => "a string",
                    Value::Null => "null",
                    _ => "a single value",
                }
            )),
        }
    }
}

/// Problems found while normalising one file.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    pub items: Vec<Diagnostic>,
}

impl Notes {
    pub fn error(&mut self, file: &Path, pointer: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.push(file, pointer, Severity::Error, message.into(), hint.into());
    }

    pub fn warning(&mut self, file: &Path, pointer: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.push(file, pointer, Severity::Warning, message.into(), hint.into());
    }

    fn push(&mut self, file: &Path, pointer: &str, severity: Severity, message: String, hint: String) {
        let hint = (!hint.is_empty()).then_some(hint);
        self.items.push(Diagnostic { location: Location::new(file, pointer), severity, message, hint });
    }
}

/// Brings `raw` (read from `path`) into the OpenAPI 3.0 shape; returns its
/// declared version and what was noticed on the way (errors included: the
/// caller stops at its next checkpoint).
pub(crate) fn normalize(path: &Path, raw: &mut Value) -> Result<(SpecVersion, Vec<Diagnostic>), Diagnostic> {
    let version = SpecVersion::of(raw).map_err(|found| Diagnostic {
        location: Location::new(
            path,
            match raw {
                Value::Object(o) if o.contains_key("swagger") => "/swagger",
                Value::Object(o) if o.contains_key("openapi") => "/openapi",
                _ => "",
            },
        ),
        severity: Severity::Error,
        message: format!("unsupported spec version: {found}"),
        hint: Some("this generator reads Swagger 2.0, OpenAPI 3.0.x and OpenAPI 3.1.x documents".into()),
    })?;
    let mut notes = Notes::default();
    bundle::bundle(path, raw, version, &mut notes);
    match version {
        SpecVersion::Swagger2 => swagger2::convert(path, raw, &mut notes),
        SpecVersion::OpenApi31 => v31::convert(path, raw, &mut notes),
        SpecVersion::OpenApi30 => {}
    }
    tidy::tidy(path, raw, version, &mut notes);
    patterns::rewrite(path, raw, &mut notes);
    Ok((version, notes.items))
}
