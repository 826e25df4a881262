//! Links between model docs: the docs a model mentions, and the links that
//! lead to no doc.

use super::{DocSet, DocType, ModelDoc, ModelKind, Namespace};
use crate::diag::{Diagnostics, Location};

/// The doc that describes the runtime's HTTP metadata (not generated: every
/// reference to it is the runtime type).
pub const HTTP_METADATA_DOC: &str = "HTTPMetadata";

/// The doc of the runtime's HTTP metadata: never generated, never missing.
pub fn is_runtime(namespace: Namespace, name: &str) -> bool {
    matches!(namespace, Namespace::Components | Namespace::Models) && name == HTTP_METADATA_DOC
}

/// A doc type that is the runtime's HTTP metadata.
pub fn is_http_metadata(t: &DocType) -> bool {
    matches!(t, DocType::Named { namespace, name } if is_runtime(*namespace, name))
}

/// The named docs a doc type mentions.
fn named_in<'a>(t: &'a DocType, out: &mut Vec<(Namespace, &'a str)>) {
    match t {
        DocType::Named { namespace, name } => out.push((*namespace, name)),
        DocType::Array(inner) | DocType::Map(inner) => named_in(inner, out),
        _ => {}
    }
}

/// Every doc type a model mentions, with the line that mentions it.
pub fn references(doc: &ModelDoc) -> Vec<(Namespace, &str, usize)> {
    let typed: Vec<(&DocType, usize)> = match &doc.kind {
        ModelKind::Object(fields) => fields.iter().map(|f| (&f.ty, f.line)).collect(),
        ModelKind::Union(members) => members.iter().map(|m| (&m.ty, m.line)).collect(),
        ModelKind::Enum { .. } => Vec::new(),
    };
    let mut out = Vec::new();
    for (t, line) in typed {
        let mut names = Vec::new();
        named_in(t, &mut names);
        out.extend(names.into_iter().map(|(ns, n)| (ns, n, line)));
    }
    out
}

/// The message and hint for a link to a doc that is not among the docs.
pub fn missing_link(namespace: Namespace, name: &str) -> (String, String) {
    (
        format!("`{}.{name}` is linked here but has no doc", namespace.as_str()),
        format!(
            "give the SDK's docs folder too (`--docs <sdk>/docs`) so that `models/{}/{}.md` is found",
            namespace.as_str(),
            name.to_lowercase()
        ),
    )
}

/// Warns about every link to a doc that is not in `set` (when merging, a
/// doc whose links cannot be followed is compared with nothing, and its
/// example is not made a test).
pub fn warn_missing_links(set: &DocSet, diags: &mut Diagnostics) {
    let known: std::collections::HashSet<(Namespace, &str)> =
        set.models.iter().map(|(_, m)| (m.namespace, m.name.as_str())).collect();
    for (path, doc) in &set.models {
        for (namespace, name, line) in references(doc) {
            if !is_runtime(namespace, name) && !known.contains(&(namespace, name)) {
                let (message, hint) = missing_link(namespace, name);
                let location = Location { file: path.clone(), line: Some(line), column: None, pointer: String::new() };
                diags.warning(location, message, Some(hint));
            }
        }
    }
}
