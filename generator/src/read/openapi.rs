//! Reads OpenAPI documents (YAML or JSON, YAML anchors and aliases included)
//! with `serde_yaml` and `openapiv3`: Swagger 2.0 and OpenAPI 3.1 documents
//! are first brought into the 3.0 shape by [`super::normalize`].

use super::normalize::SpecVersion;
use super::overlay::Overlay;
use crate::diag::{Diagnostic, Errors, Location, Severity};
use heck::{ToLowerCamelCase, ToSnakeCase, ToUpperCamelCase};
use std::path::{Path, PathBuf};

/// One parsed spec file.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The file it was read from.
    pub path: PathBuf,
    /// The API's snake_case name, from the file name.
    pub api_module: String,
    /// The API's UpperCamelCase type prefix.
    pub api_prefix: String,
    /// The API's lowerCamelCase name (as the SDK docs spell it).
    pub api_doc_prefix: String,
    /// The raw document, normalised to the 3.0 shape, for `$ref`s that point
    /// anywhere in it.
    pub raw: serde_json::Value,
    /// The version the file declares.
    pub version: SpecVersion,
    /// What normalisation noticed (warnings, and errors that stop generation
    /// at the next checkpoint).
    pub notes: Vec<Diagnostic>,
    /// The typed document.
    pub doc: openapiv3::OpenAPI,
}

fn error(path: &Path, pointer: &str, message: String, hint: Option<String>) -> Diagnostic {
    Diagnostic { location: Location::new(path, pointer), severity: Severity::Error, message, hint }
}

/// Reads an input file (a spec, a file a `$ref` names, an overlay) as text.
/// Only a regular file: a device (`/dev/zero`), a pipe or a folder named by a
/// hostile `$ref` would never end, or fail with a less clear message.
pub(crate) fn read_text(path: &Path) -> std::io::Result<String> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a folder, a device or a pipe)",
        ));
    }
    std::fs::read_to_string(path)
}

/// Reads and parses one spec file.
pub fn load(path: &Path) -> Result<LoadedSpec, Errors> {
    load_with(path, &[]).map(|(spec, _)| spec)
}

/// Reads one spec file, applies the overlays that are for it to the raw
/// document, and parses the result; also returns, per overlay and action,
/// how many nodes it selected.
pub fn load_with(path: &Path, overlays: &[Overlay]) -> Result<(LoadedSpec, Vec<Vec<usize>>), Errors> {
    let text = read_text(path).map_err(|e| error(path, "", format!("cannot read the file: {e}"), None))?;
    let mut raw = parse_raw(path, &text).map_err(Errors)?;
    let counts = super::overlay::apply_all(overlays, path, &mut raw)?;
    Ok((from_raw(path, raw)?, counts))
}

/// Parses the text of one spec file; `path` names it in diagnostics and gives the API name.
pub fn parse(path: &Path, text: &str) -> Result<LoadedSpec, Errors> {
    Ok(from_raw(path, parse_raw(path, text).map_err(Errors)?)?)
}

/// Parses YAML or JSON text (JSON by the `.json` extension) into a value;
/// a leading byte-order mark is skipped, a key given twice in one mapping
/// is an error (both parsers would keep the last one without a word), and
/// an empty file is one.
pub(crate) fn parse_raw(path: &Path, text: &str) -> Result<serde_json::Value, Vec<Diagnostic>> {
    parse_document(path, text, SYNTAX)
}

/// [`parse_raw`] for any input document (a spec, an overlay): `syntax` says
/// what its syntax may be. Every key given twice is an error of its own, at
/// the second key: the parsers stop at the first and place it at its
/// mapping (YAML) or after its value (JSON).
pub(crate) fn parse_document(path: &Path, text: &str, syntax: &str) -> Result<serde_json::Value, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![error(path, "", "the file is empty".into(), Some(syntax.into()))]);
    }
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let parsed = if is_json {
        serde_json::from_str::<Raw>(text).map_err(|e| ("JSON", e.to_string(), Some(e.line()), Some(e.column())))
    } else {
        serde_yaml::from_str::<Raw>(text).map_err(|e| {
            let at = e.location();
            ("YAML", e.to_string(), at.as_ref().map(|l| l.line()), at.as_ref().map(|l| l.column()))
        })
    };
    parsed.map(|r| r.0).map_err(|(format, message, line, column)| {
        if message.contains(GIVEN_TWICE) {
            let twice: Vec<Diagnostic> = crate::diag::locate::duplicate_keys(text)
                .into_iter()
                .map(|d| Diagnostic {
                    location: Location { line: Some(d.line), column: Some(d.column), ..Location::new(path, d.pointer) },
                    severity: Severity::Error,
                    message: format!("the key `{}` {GIVEN_TWICE} (first at line {})", d.key, d.first_line),
                    hint: Some(
                        "keys of a mapping must differ: parsers keep one of the two values without a word, \
                         so the document would not say what its author sees; remove or rename one"
                            .into(),
                    ),
                })
                .collect();
            // The scan and the parser disagreeing would leave the parser's message.
            if !twice.is_empty() {
                return twice;
            }
        }
        let mut d = error(path, "", format!("not valid {format}: {message}"), Some(syntax.into()));
        d.location.line = line;
        d.location.column = column;
        vec![d]
    })
}

/// How the reader refuses a key given twice in one mapping.
const GIVEN_TWICE: &str = "is given twice in one mapping";

/// What a spec file's syntax may be.
const SYNTAX: &str = "a spec is one YAML 1.2 document, or JSON when the file name ends in `.json`, \
    nested at most 128 levels deep";

/// A JSON value read from YAML or JSON that takes integers beyond 64 bits
/// (`minimum: -9223372036854776000`, as the nearest float), which
/// `serde_json::Value` refuses, and refuses a key given twice in a mapping.
struct Raw(serde_json::Value);

impl<'de> serde::Deserialize<'de> for Raw {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor).map(Raw)
    }
}

struct RawVisitor;

impl<'de> serde::de::Visitor<'de> for RawVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i128<E>(self, v: i128) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v as f64).map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v as f64).map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(RawVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Raw(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(serde_json::Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format!("the key `{key}` {GIVEN_TWICE}")));
            }
            let Raw(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(serde_json::Value::Object(out))
    }
}

/// Normalises a raw document to the 3.0 shape and parses it.
fn from_raw(path: &Path, mut raw: serde_json::Value) -> Result<LoadedSpec, Diagnostic> {
    let (version, notes) = super::normalize::normalize(path, &mut raw)?;
    let converted = match version {
        SpecVersion::OpenApi30 => "",
        SpecVersion::OpenApi31 => " (read as OpenAPI 3.1, pointer in its 3.0 form)",
        SpecVersion::Swagger2 => " (read as Swagger 2.0, pointer in its OpenAPI 3.0 form)",
    };
    let doc: openapiv3::OpenAPI = deserialize_at(&raw, "").map_err(|(pointer, message)| {
        // `openapiv3` flattens some maps, which hides the path below them:
        // parse the usual culprits one by one to point at the broken one.
        let (pointer, message) = narrow(&raw).unwrap_or((pointer, message));
        error(
            path,
            &pointer,
            format!("not a valid OpenAPI document{converted}: {message}"),
            Some("see https://spec.openapis.org/oas/v3.0.3 for the expected structure".into()),
        )
    })?;
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    Ok(LoadedSpec {
        path: path.to_path_buf(),
        api_module: crate::naming::field_name(&stem.to_snake_case()),
        api_prefix: crate::naming::type_name(&stem.to_upper_camel_case()),
        api_doc_prefix: stem.to_lower_camel_case(),
        raw,
        doc,
        version,
        notes,
    })
}

/// Deserializes `value` as `T`; on failure, the JSON pointer (below `base`)
/// of the part that failed and the message.
fn deserialize_at<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    base: &str,
) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut pointer = base.to_string();
        for seg in e.path().iter() {
            match seg {
                serde_path_to_error::Segment::Map { key } => pointer = crate::diag::join_pointer(&pointer, key),
                serde_path_to_error::Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
                _ => {}
            }
        }
        (pointer, e.inner().to_string())
    })
}

/// The first path item or component that does not parse on its own.
fn narrow(raw: &serde_json::Value) -> Option<(String, String)> {
    use crate::diag::join_pointer;
    use openapiv3::ReferenceOr;
    if let Some(paths) = raw.get("paths").and_then(|p| p.as_object()) {
        for (key, item) in paths.iter().filter(|(k, _)| k.starts_with('/')) {
            let base = join_pointer("/paths", key);
            if let Some(ops) = item.as_object() {
                for (method, op) in ops {
                    let at = join_pointer(&base, method);
                    let result = match method.as_str() {
                        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                            deserialize_at::<openapiv3::Operation>(op, &at).err()
                        }
                        "parameters" => deserialize_at::<Vec<ReferenceOr<openapiv3::Parameter>>>(op, &at).err(),
                        _ => None,
                    };
                    if result.is_some() {
                        return result;
                    }
                }
            }
            if let Err(e) = deserialize_at::<ReferenceOr<openapiv3::PathItem>>(item, &base) {
                return Some(e);
            }
        }
    }
    let components = raw.get("components")?.as_object()?;
    for (section, entries) in components {
        let Some(entries) = entries.as_object() else { continue };
        for (name, value) in entries {
            let at = join_pointer(&join_pointer("/components", section), name);
            let result = match section.as_str() {
                "schemas" => deserialize_at::<ReferenceOr<openapiv3::Schema>>(value, &at).err(),
                "parameters" => deserialize_at::<ReferenceOr<openapiv3::Parameter>>(value, &at).err(),
                "responses" => deserialize_at::<ReferenceOr<openapiv3::Response>>(value, &at).err(),
                "requestBodies" => deserialize_at::<ReferenceOr<openapiv3::RequestBody>>(value, &at).err(),
                "headers" => deserialize_at::<ReferenceOr<openapiv3::Header>>(value, &at).err(),
                "securitySchemes" => deserialize_at::<ReferenceOr<openapiv3::SecurityScheme>>(value, &at).err(),
                _ => None,
            };
            if result.is_some() {
                return result;
            }
        }
    }
    None
}
