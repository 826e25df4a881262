//! Rustdoc into the IR: descriptions the specs lack are filled from the model
//! docs, and disagreements between the two are reported, naming both places.
//!
//! Types are paired with docs by the conformance walk (by shape, not name),
//! so a renamed type still gets its doc.

use crate::diag::{Diagnostics, Location};
use crate::ir::walk::resolve;
use crate::ir::*;
use crate::read::sdk_docs::{DocSet, ModelKind, Namespace};
use heck::ToLowerCamelCase;
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;

/// Merges `docs` into `ir`. Conflicts are warnings, or errors when `strict`.
pub fn merge(ir: &mut Ir, docs: &DocSet, strict: bool, diags: &mut Diagnostics) {
    crate::lower::sdk_docs::warn_missing_links(docs, diags);
    let report = crate::conformance::check(ir, docs);
    let files: HashMap<(Namespace, &str), (&PathBuf, &crate::read::sdk_docs::ModelDoc)> =
        docs.models.iter().map(|(p, m)| ((m.namespace, m.name.as_str()), (p, m))).collect();
    // Examples only go to types whose shape matches their doc.
    let same_shape = crate::conformance::pairs_match(ir, docs, &report.pairs);
    for ((namespace, name, id), same_shape) in report.pairs.iter().zip(same_shape) {
        let Some((path, doc)) = files.get(&(*namespace, name.as_str())) else { continue };
        if let Some((code, line)) = &doc.example {
            let location = Location { file: path.to_path_buf(), pointer: String::new(), line: Some(*line) };
            if same_shape {
                for (target, value) in crate::lower::sdk_docs::example_parts(ir, *id, code, &location, diags) {
                    crate::lower::sdk_docs::attach(ir, target, value, location.clone(), diags);
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
            let Some(d) = doc_fields.iter().find(|d| d.name == f.name.wire.to_lower_camel_case()) else { continue };
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
                let location = Location { file: path.to_path_buf(), pointer: String::new(), line: Some(d.line) };
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

/// Where the parts of an example value of type `id` go: the value itself for
/// a JSON type; each body, to the body's type, for a response (or envelope)
/// type, whose HTTP metadata has no JSON form. Keys are renamed to wire names.
pub fn example_targets(ir: &Ir, id: TypeId, value: &Value) -> Vec<(TypeId, Value)> {
    let bodies: Vec<(String, &TypeRef)> = match &ir.ty(id).kind {
        TypeKind::Envelope(fields) => fields.iter().map(|f| (f.name.wire.to_lower_camel_case(), &f.ty)).collect(),
        TypeKind::Response(op) => ir.operations[op.0]
            .responses
            .iter()
            .flat_map(|r| &r.contents)
            .filter_map(|c| Some((c.field.as_deref()?.to_lower_camel_case(), c.ty.as_ref()?)))
            .collect(),
        TypeKind::Request(_) | TypeKind::Globals(_) => return Vec::new(),
        _ => return vec![(id, to_wire(ir, &TypeRef::Named(id), value))],
    };
    let Value::Object(map) = value else { return Vec::new() };
    let mut out = Vec::new();
    for (key, v) in map {
        let Some((_, ty)) = bodies.iter().find(|(k, _)| k == key) else { continue };
        if let TypeRef::Named(target) = ty {
            if !ir.ty(*target).kind.is_operation_shape() {
                out.push((*target, to_wire(ir, ty, v)));
            }
        }
    }
    out
}

/// Renames the keys of an example value from the SDK's spelling
/// (`createdAt`) to the wire names of our type (`created_at`).
pub fn to_wire(ir: &Ir, ty: &TypeRef, value: &Value) -> Value {
    match (resolve(ir, ty), value) {
        (TypeRef::List(item), Value::Array(items)) => {
            Value::Array(items.iter().map(|v| to_wire(ir, item, v)).collect())
        }
        (TypeRef::Map(item), Value::Object(map)) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), to_wire(ir, item, v))).collect())
        }
        (TypeRef::Named(id), Value::Object(map)) => match &ir.ty(*id).kind {
            TypeKind::Struct(s) => Value::Object(
                map.iter()
                    .map(|(k, v)| match s.fields.iter().find(|f| f.name.wire.to_lower_camel_case() == *k) {
                        Some(f) => (f.name.wire.clone(), to_wire(ir, &f.ty, v)),
                        None => (k.clone(), v.clone()),
                    })
                    .collect(),
            ),
            // The first object variant that declares every key.
            TypeKind::Union(u) => u
                .variants
                .iter()
                .find(|var| match resolve(ir, &var.ty) {
                    TypeRef::Named(vid) => match &ir.ty(*vid).kind {
                        TypeKind::Struct(s) => {
                            map.keys().all(|k| s.fields.iter().any(|f| f.name.wire.to_lower_camel_case() == *k))
                        }
                        _ => false,
                    },
                    _ => false,
                })
                .map_or_else(|| value.clone(), |var| to_wire(ir, &var.ty, value)),
            _ => value.clone(),
        },
        (TypeRef::Named(id), Value::Array(_)) => match &ir.ty(*id).kind {
            TypeKind::Union(u) => u
                .variants
                .iter()
                .find(|var| matches!(resolve(ir, &var.ty), TypeRef::List(_)))
                .map_or_else(|| value.clone(), |var| to_wire(ir, &var.ty, value)),
            _ => value.clone(),
        },
        _ => value.clone(),
    }
}
