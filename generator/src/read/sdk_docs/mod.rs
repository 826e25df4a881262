//! The Markdown docs reader: Speakeasy-style model docs
//! (`models/{components,operations,errors}/*.md`) and per-resource operation
//! docs (`sdks/*/README.md`), read with `pulldown-cmark`.
//!
//! Reading is separate from interpreting: [`blocks`] turns Markdown into
//! blocks with line numbers, [`notation`] parses the Type column in the
//! dialect of one SDK language (TypeScript there, Python in [`python`], Go
//! in [`go`]),
//! [`model`] and [`sdk`] read one file each.

pub mod blocks;
pub mod example;
pub mod go;
pub mod links;
pub mod model;
pub mod notation;
pub mod python;
pub mod sdk;

use crate::diag::{Diagnostic, Location, Severity};
pub use go::Go;
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
    /// Names write initialisms in capitals (the dialect's
    /// [`Dialect::capital_initialisms`]).
    pub capital_initialisms: bool,
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

/// The folders of a namespaced layout: `models/components`,
/// `models/operations`, and `models/errors` (TypeScript) or
/// `models/apierrors` (Go).
const NAMESPACE_FOLDERS: [(Namespace, &str); 4] = [
    (Namespace::Components, "components"),
    (Namespace::Operations, "operations"),
    (Namespace::Errors, "errors"),
    (Namespace::Errors, "apierrors"),
];

/// Whether a docs folder's `models/` is flat (Python's layout): model docs
/// directly in it, and no namespace folder.
fn is_flat(dir: &Path) -> bool {
    let models = dir.join("models");
    let namespaced = NAMESPACE_FOLDERS.iter().any(|(_, folder)| models.join(folder).is_dir());
    !namespaced && md_files(&models).is_ok_and(|files| !files.is_empty())
}

/// The model doc files of a docs folder, with their namespaces, sorted
/// within each folder.
fn model_files(dir: &Path) -> std::io::Result<Vec<(Namespace, PathBuf)>> {
    let models = dir.join("models");
    if is_flat(dir) {
        return Ok(md_files(&models)?.into_iter().map(|p| (Namespace::Models, p)).collect());
    }
    let mut out = Vec::new();
    for (namespace, folder) in NAMESPACE_FOLDERS {
        out.extend(md_files(&models.join(folder))?.into_iter().map(|p| (namespace, p)));
    }
    Ok(out)
}

/// The dialect a model doc's code is written in: the language of its first
/// fenced code block (the `## Example Usage` is TypeScript, Python or Go).
fn fenced_dialect(path: &Path) -> Option<&'static dyn Dialect> {
    let text = std::fs::read_to_string(path).ok()?;
    let lang = text.lines().find_map(|l| l.trim_start().strip_prefix("```").map(str::trim).filter(|l| !l.is_empty()));
    lang.and_then(dialect_named)
}

/// The dialect of a docs folder, from the language of its model docs' code
/// (the first doc that has any); when none has, Python's for a flat
/// `models/`, else TypeScript's.
pub fn detect_dialect(dir: &Path) -> &'static dyn Dialect {
    let files = model_files(dir).unwrap_or_default();
    if let Some(dialect) = files.iter().find_map(|(_, path)| fenced_dialect(path)) {
        return dialect;
    }
    if is_flat(dir) {
        &Python
    } else {
        &TypeScript
    }
}

/// The dialect of docs given as folders and files: the first folder's, else
/// the code language of the first file that has code, else the dialect of
/// the docs folder the first file sits in (`<docs>/models/<namespace>/x.md`),
/// else TypeScript's.
pub fn detect_dialect_of(paths: &[PathBuf]) -> &'static dyn Dialect {
    if let Some(dir) = paths.iter().find(|p| p.is_dir()) {
        return detect_dialect(dir);
    }
    if let Some(dialect) = paths.iter().find_map(|p| fenced_dialect(p)) {
        return dialect;
    }
    let docs_folder = paths.first().and_then(|p| p.ancestors().skip(1).find(|a| a.ends_with("models"))?.parent());
    docs_folder.map_or(&TypeScript, detect_dialect)
}

/// A dialect by name (`typescript`, `python`, `go`).
pub fn dialect_named(name: &str) -> Option<&'static dyn Dialect> {
    match name {
        "typescript" | "ts" => Some(&TypeScript),
        "python" | "py" => Some(&Python),
        "go" | "golang" => Some(&Go),
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
    inputs.set.capital_initialisms = dialect.capital_initialisms();
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
                location: Location { file: path.clone(), line: Some(1), column: None, pointer: String::new() },
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
    let mut set = DocSet { capital_initialisms: dialect.capital_initialisms(), ..DocSet::default() };
    let mut errors = Vec::new();
    if !dir.join("models").is_dir() {
        return Err(vec![Diagnostic {
            location: Location::new(dir, ""),
            severity: Severity::Error,
            message: "no `models/` folder here".into(),
            hint: Some(
                "point at the SDK's `docs/` folder (it holds models/components, models/operations, models/errors; or models/ alone)"
                    .into(),
            ),
        }]);
    }
    // The TypeScript and Go layouts have a folder per namespace; the Python
    // one is flat (`models/x.md`, with `utils/` and `internal/` pages beside).
    let files = model_files(dir).map_err(|e| vec![io_error(dir, e)])?;
    let parsed = crate::par::map(&files, |(namespace, path)| {
        let text = std::fs::read_to_string(path).map_err(|e| vec![io_error(path, e)])?;
        if model::is_options_page(&text) {
            return Ok(None);
        }
        model::parse_model(path, *namespace, &text, dialect).map(Some)
    });
    for ((_, path), result) in files.into_iter().zip(parsed) {
        match result {
            Ok(Some(m)) => set.models.push((path, m)),
            Ok(None) => {}
            Err(mut e) => errors.append(&mut e),
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
