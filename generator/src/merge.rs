//! SDK model docs into the IR: descriptions the specs lack are filled from the model
//! docs, and disagreements between the two are reported, naming both places.
//!
//! Types are paired with docs by the conformance walk (by shape, not name),
//! so a renamed type still gets its doc.

use crate::diag::{Diagnostics, Location};
use crate::ir::*;
use crate::read::sdk_docs::FieldDoc;
use crate::read::sdk_docs::{DocSet, ModelKind, Namespace};
use heck::ToLowerCamelCase;
use std::collections::HashMap;
use std::path::PathBuf;

/// Merges `docs` into `ir`. Conflicts are warnings, or errors when `strict`.
pub fn merge(ir: &mut Ir, docs: &DocSet, strict: bool, diags: &mut Diagnostics) {
    crate::read::sdk_docs::links::warn_missing_links(docs, diags);
    let pairing = crate::pairing::pair(ir, docs);
    let files: HashMap<(Namespace, &str), (&PathBuf, &crate::read::sdk_docs::ModelDoc)> =
        docs.models.iter().map(|(p, m)| ((m.namespace, m.name.as_str()), (p, m))).collect();
    // Examples only go to types whose shape matches their doc.
    let same_shape = crate::pairing::pairs_match(ir, docs, &pairing.pairs);
    for ((namespace, name, id), same_shape) in pairing.pairs.iter().zip(same_shape) {
        let Some((path, doc)) = files.get(&(*namespace, name.as_str())) else { continue };
        if let Some((code, line)) = &doc.example {
            let location =
                Location { file: path.to_path_buf(), line: Some(*line), column: None, pointer: String::new() };
            if same_shape {
                for (target, value) in crate::examples::example_parts(ir, *id, code, &location, diags) {
                    crate::examples::attach(ir, target, value, location.clone(), diags);
                }
            } else if let Err(e) = crate::read::sdk_docs::example::example_value(code) {
                diags.warning(location, format!("the example of `{name}` cannot be read: {e}"), None);
            }
        }
        let def = &mut ir.types[id.0];
        if def.rustdoc.description.is_none() && def.rustdoc.title.is_none() {
            def.rustdoc.description = doc.description.clone();
        }
        let (ModelKind::Object(doc_fields), TypeKind::Struct(s)) = (&doc.kind, &mut def.kind) else { continue };
        for f in &mut s.fields {
            let Some(d) = doc_field(doc_fields, &f.name.wire) else { continue };
            if f.rustdoc.description.is_none() && f.rustdoc.title.is_none() {
                f.rustdoc.description = d.description.clone();
            }
            if d.required != f.presence.is_required() {
                let message = format!(
                    "`{}.{}` is {} in the spec ({}#{}/properties/{}) but {} in the docs",
                    def.name.wire,
                    f.name.wire,
                    if f.presence.is_required() { "required" } else { "optional" },
                    def.origin.file.display(),
                    def.origin.pointer,
                    f.name.wire,
                    if d.required { "required" } else { "optional" },
                );
                let location =
                    Location { file: path.to_path_buf(), line: Some(d.line), column: None, pointer: String::new() };
                let hint = Some("the spec decides the generated type; make the two agree".to_string());
                if strict {
                    diags.error(location, message, hint);
                } else {
                    diags.warning(location, message, hint);
                }
            }
        }
    }
}

/// The doc row of the field whose wire name is `wire`: named as on the wire
/// (Python), in camelCase (TypeScript), or with the same letters (Go's
/// `ConsumerID`).
fn doc_field<'d>(fields: &'d [FieldDoc], wire: &str) -> Option<&'d FieldDoc> {
    let camel = wire.to_lower_camel_case();
    let exact = fields.iter().find(|d| d.name == wire || d.name == camel);
    exact.or_else(|| {
        let names: Vec<&str> = fields.iter().map(|d| d.name.as_str()).collect();
        let name = crate::pairing::unique_loose_match(&names, wire)?;
        fields.iter().find(|d| d.name == *name)
    })
}
