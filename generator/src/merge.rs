//! Docs into the IR: descriptions the specs lack are filled from the model
//! docs, and disagreements between the two are reported, naming both places.
//!
//! Types are paired with docs by the conformance walk (by shape, not name),
//! so a renamed type still gets its doc.

use crate::diag::{Diagnostics, Location};
use crate::ir::*;
use crate::read::docs::{DocSet, ModelKind, Namespace};
use heck::ToLowerCamelCase;
use std::collections::HashMap;
use std::path::PathBuf;

/// Merges `docs` into `ir`. Conflicts are warnings, or errors when `strict`.
pub fn merge(ir: &mut Ir, docs: &DocSet, strict: bool, diags: &mut Diagnostics) {
    let report = crate::conformance::check(ir, docs);
    let files: HashMap<(Namespace, &str), (&PathBuf, &crate::read::docs::ModelDoc)> =
        docs.models.iter().map(|(p, m)| ((m.namespace, m.name.as_str()), (p, m))).collect();
    for (namespace, name, id) in &report.pairs {
        let Some((path, doc)) = files.get(&(*namespace, name.as_str())) else { continue };
        let def = &mut ir.types[id.0];
        if def.docs.description.is_none() && def.docs.title.is_none() {
            def.docs.description = doc.description.clone();
        }
        let (ModelKind::Object(doc_fields), TypeKind::Struct(s)) = (&doc.kind, &mut def.kind) else { continue };
        for f in &mut s.fields {
            let Some(d) = doc_fields.iter().find(|d| d.name == f.name.wire.to_lower_camel_case()) else { continue };
            if f.docs.description.is_none() && f.docs.title.is_none() {
                f.docs.description = d.description.clone();
            }
            if d.required != f.required {
                let message = format!(
                    "`{}.{}` is {} in the spec ({}#{}/properties/{}) but {} in the docs",
                    def.name.wire,
                    f.name.wire,
                    if f.required { "required" } else { "optional" },
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
