//! The Markdown docs reader: Speakeasy-style model docs
//! (`models/{components,operations,errors}/*.md`) and per-resource operation
//! docs (`sdks/*/README.md`), read with `pulldown-cmark`.
//!
//! Reading is separate from interpreting: [`blocks`] turns Markdown into
//! blocks with line numbers, [`notation`] parses the Type column in the
//! dialect of one SDK language, [`model`] and [`sdk`] read one file each.

pub mod blocks;
pub mod example;
pub mod model;
pub mod notation;
pub mod sdk;

use crate::diag::{Diagnostic, Location, Severity};
pub use model::{FieldDoc, MemberDoc, ModelDoc, ModelKind};
pub use notation::{Dialect, DocType, Namespace, TypeScript};
pub use sdk::{ErrorDoc, OperationDoc};
use std::path::{Path, PathBuf};

/// Every doc of a docs folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocSet {
    /// The model docs, sorted by namespace and name.
    pub models: Vec<(PathBuf, ModelDoc)>,
    /// The operation docs, in file order.
    pub operations: Vec<OperationDoc>,
}

impl DocSet {
    /// The model doc of `namespace.name`.
    pub fn model(&self, namespace: Namespace, name: &str) -> Option<&ModelDoc> {
        self.models.iter().map(|(_, m)| m).find(|m| m.namespace == namespace && m.name == name)
    }
}

fn md_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    files.sort();
    Ok(files)
}

fn io_error(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic {
        location: Location::new(path, ""),
        severity: Severity::Error,
        message: format!("cannot read: {e}"),
        hint: None,
    }
}

/// Reads one model doc file.
pub fn read_model(path: &Path, namespace: Namespace, dialect: &dyn Dialect) -> Result<ModelDoc, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|e| vec![io_error(path, e)])?;
    model::parse_model(path, namespace, &text, dialect)
}

/// Reads a docs folder (`models/…` and `sdks/…`). Every problem is reported.
pub fn read_dir(dir: &Path, dialect: &dyn Dialect) -> Result<DocSet, Vec<Diagnostic>> {
    let mut set = DocSet::default();
    let mut errors = Vec::new();
    if !dir.join("models").is_dir() {
        return Err(vec![Diagnostic {
            location: Location::new(dir, ""),
            severity: Severity::Error,
            message: "no `models/` folder here".into(),
            hint: Some(
                "point at the SDK's `docs/` folder (it holds models/components, models/operations, models/errors)"
                    .into(),
            ),
        }]);
    }
    for namespace in [Namespace::Components, Namespace::Operations, Namespace::Errors] {
        let files = md_files(&dir.join("models").join(namespace.as_str())).map_err(|e| vec![io_error(dir, e)])?;
        let parsed = crate::par::map(&files, |path| read_model(path, namespace, dialect));
        for (path, result) in files.into_iter().zip(parsed) {
            match result {
                Ok(m) => set.models.push((path, m)),
                Err(mut e) => errors.append(&mut e),
            }
        }
    }
    let sdk_dirs = match std::fs::read_dir(dir.join("sdks")) {
        Ok(entries) => {
            let mut d: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            d.sort();
            d
        }
        Err(_) => Vec::new(),
    };
    for sdk in sdk_dirs {
        let readme = sdk.join("README.md");
        let Ok(text) = std::fs::read_to_string(&readme) else { continue };
        match sdk::parse_sdk(&readme, &text) {
            Ok(mut ops) => set.operations.append(&mut ops),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        set.models.sort_by(|a, b| (a.1.namespace, &a.1.name).cmp(&(b.1.namespace, &b.1.name)));
        Ok(set)
    } else {
        errors.sort();
        Err(errors)
    }
}
