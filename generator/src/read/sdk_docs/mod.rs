//! The Markdown docs reader: Speakeasy-style model docs
//! (`models/{components,operations,errors}/*.md`) and per-resource operation
//! docs (`sdks/*/README.md`), read with `pulldown-cmark`.
//!
//! Reading is separate from interpreting: [`blocks`] turns Markdown into
//! blocks with line numbers, [`notation`] parses the Type column in the
//! dialect of one SDK language (TypeScript there, Python in [`python`]),
//! [`model`] and [`sdk`] read one file each.

pub mod blocks;
pub mod example;
pub mod links;
pub mod model;
pub mod notation;
pub mod python;
pub mod sdk;

use crate::diag::{Diagnostic, Location, Severity};
pub use links::HTTP_METADATA_DOC;
pub use model::{FieldDoc, MemberDoc, ModelDoc, ModelKind};
pub use notation::{Dialect, DocType, Namespace, TypeScript};
pub use python::Python;
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
    /// The model doc of `namespace.name` (in a flat layout, the `models` one of that name).
    pub fn model(&self, namespace: Namespace, name: &str) -> Option<&ModelDoc> {
        let found = self.models.iter().map(|(_, m)| m).find(|m| m.namespace == namespace && m.name == name);
        found
            .or_else(|| self.models.iter().map(|(_, m)| m).find(|m| m.namespace == Namespace::Models && m.name == name))
    }

    /// Adds `doc`, replacing a doc of the same namespace and name.
    pub fn insert(&mut self, path: PathBuf, doc: ModelDoc) {
        match self.models.iter_mut().find(|(_, m)| m.namespace == doc.namespace && m.name == doc.name) {
            Some(slot) => *slot = (path, doc),
            None => self.models.push((path, doc)),
        }
        self.models.sort_by(|a, b| (a.1.namespace, &a.1.name).cmp(&(b.1.namespace, &b.1.name)));
    }
}

/// Whether a docs folder's `models/` is flat (Python's layout): model docs
/// directly in it, and no `components/`, `operations/` or `errors/` folder.
fn is_flat(dir: &Path) -> bool {
    let models = dir.join("models");
    let namespaced = ["components", "operations", "errors"].iter().any(|ns| models.join(ns).is_dir());
    !namespaced && md_files(&models).is_ok_and(|files| !files.is_empty())
}

/// The dialect of a docs folder: Python's when its `models/` is flat, else
/// TypeScript's.
pub fn detect_dialect(dir: &Path) -> &'static dyn Dialect {
    if is_flat(dir) {
        &Python
    } else {
        &TypeScript
    }
}

/// A dialect by name (`typescript`, `python`).
pub fn dialect_named(name: &str) -> Option<&'static dyn Dialect> {
    match name {
        "typescript" | "ts" => Some(&TypeScript),
        "python" | "py" => Some(&Python),
        _ => None,
    }
}

/// Docs read from the paths given on the command line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocInputs {
    /// Every doc: the folders' docs, with the single files' docs in place of
    /// same-named ones.
    pub set: DocSet,
    /// The docs given as single files (namespace and name), in the order
    /// given. When generating from docs alone, these and the types they
    /// reach are generated; with none, every doc is.
    pub roots: Vec<(Namespace, String)>,
}

/// The namespace of a model doc outside a docs folder: its folder's name
/// (`models/operations/x.md`), else the module its `Example Usage` imports
/// from (`from "@apideck/sdk/models/operations"`).
fn namespace_of(path: &Path, text: &str) -> Option<Namespace> {
    let folder = path.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).and_then(Namespace::parse);
    folder.or_else(|| {
        text.lines().filter(|l| l.trim_start().starts_with("import ")).find_map(|l| {
            let from = l.rsplit("from").next()?.trim().trim_end_matches(';').trim_matches(|c| c == '"' || c == '\'');
            Namespace::parse(from.rsplit('/').next()?)
        })
    })
}

/// Reads docs from `paths`, each an SDK `docs/` folder or one model doc
/// file. Every problem is reported.
pub fn read_paths(paths: &[PathBuf], dialect: &dyn Dialect) -> Result<DocInputs, Vec<Diagnostic>> {
    let mut inputs = DocInputs::default();
    let mut errors = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            match read_dir(path, dialect) {
                Ok(set) if inputs.set.models.is_empty() => {
                    let operations = std::mem::take(&mut inputs.set.operations);
                    inputs.set = set;
                    inputs.set.operations.splice(0..0, operations);
                }
                Ok(set) => {
                    for (p, m) in set.models {
                        inputs.set.insert(p, m);
                    }
                    inputs.set.operations.extend(set.operations);
                }
                Err(mut e) => errors.append(&mut e),
            }
        } else {
            files.push(path);
        }
    }
    for path in files {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                errors.push(io_error(path, e));
                continue;
            }
        };
        let Some(namespace) = namespace_of(path, &text) else {
            errors.push(Diagnostic {
                location: Location { file: path.clone(), pointer: String::new(), line: Some(1) },
                severity: Severity::Error,
                message: "cannot tell whether this doc is a component, operation or error model".into(),
                hint: Some(
                    "put it under a `components`, `operations` or `errors` folder, or keep the `import … from \"…/models/operations\"` line of its Example Usage"
                        .into(),
                ),
            });
            continue;
        };
        match model::parse_model(path, namespace, &text, dialect) {
            Ok(m) => {
                inputs.roots.push((m.namespace, m.name.clone()));
                inputs.set.insert(path.clone(), m);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(inputs)
    } else {
        errors.sort();
        Err(errors)
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
    // The TypeScript and Go layouts have a folder per namespace; the Python
    // one is flat (`models/x.md`, with `utils/` and `internal/` pages beside).
    let flat = is_flat(dir);
    let namespaces: &[Namespace] =
        if flat { &[Namespace::Models] } else { &[Namespace::Components, Namespace::Operations, Namespace::Errors] };
    for &namespace in namespaces {
        let folder = if flat { dir.join("models") } else { dir.join("models").join(namespace.as_str()) };
        let files = md_files(&folder).map_err(|e| vec![io_error(dir, e)])?;
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
