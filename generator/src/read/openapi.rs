//! Reads OpenAPI 3.0.x documents (YAML or JSON, YAML anchors and aliases
//! included) with `serde_yaml` and `openapiv3`.

use crate::diag::{Diagnostic, Location, Severity};
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
    /// The raw document, for `$ref`s that point anywhere in it.
    pub raw: serde_json::Value,
    /// The typed document.
    pub doc: openapiv3::OpenAPI,
}

fn error(path: &Path, pointer: &str, message: String, hint: Option<String>) -> Diagnostic {
    Diagnostic {
        location: Location::new(path, pointer),
        severity: Severity::Error,
        message,
        hint,
    }
}

/// Reads and parses one spec file.
pub fn load(path: &Path) -> Result<LoadedSpec, Diagnostic> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| error(path, "", format!("cannot read the file: {e}"), None))?;
    parse(path, &text)
}

/// Parses the text of one spec file; `path` names it in diagnostics and gives the API name.
pub fn parse(path: &Path, text: &str) -> Result<LoadedSpec, Diagnostic> {
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let raw: serde_json::Value = if is_json {
        serde_json::from_str(text).map_err(|e| {
            let mut d = error(path, "", format!("not valid JSON: {e}"), None);
            d.location.line = Some(e.line());
            d
        })?
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let mut d = error(path, "", format!("not valid YAML: {e}"), None);
            d.location.line = e.location().map(|l| l.line());
            d
        })?
    };
    let version = raw.get("openapi").and_then(|v| v.as_str()).unwrap_or_default().to_string();
    if !version.starts_with("3.0") {
        let found = if let Some(s) = raw.get("swagger").and_then(|v| v.as_str()) {
            format!("Swagger {s}")
        } else if version.is_empty() {
            "no `openapi` version field".to_string()
        } else {
            format!("OpenAPI {version}")
        };
        return Err(error(
            path,
            "/openapi",
            format!("unsupported spec version: {found}"),
            Some("this generator reads OpenAPI 3.0.x documents".into()),
        ));
    }
    let doc: openapiv3::OpenAPI = serde_path_to_error::deserialize(&raw).map_err(|e| {
        let pointer: String = e
            .path()
            .iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Map { key } => Some(crate::diag::join_pointer("", key)),
                serde_path_to_error::Segment::Seq { index } => Some(format!("/{index}")),
                _ => None,
            })
            .collect();
        error(
            path,
            &pointer,
            format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
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
    })
}
