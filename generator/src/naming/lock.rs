//! Type names pinned in a lock file, so that regenerating from a changed
//! spec keeps the name of every type that is still there.
//!
//! Each type has an origin key that does not depend on the order of
//! anything in the spec: the API (the spec's file name), the JSON pointer
//! where the schema is defined, and for the types the generator makes from
//! an operation or copies for requests, what it is (`@request`,
//! `@response`, `@globals`, `@input`):
//!
//! ```text
//! vault#/components/schemas/Session => Session
//! vault#/paths/~1vault~1sessions/post @response => VaultSessionsCreateResponse
//! ```
//!
//! The lock is written into the generated crate (`.generator/names.lock`),
//! one line per type, sorted by key; the naming stage claims every locked
//! name whose origin still exists before it names the other types.

use crate::diag::{Diagnostic, Diagnostics, Location, Severity};
use crate::ir::{Ir, TypeId, TypeKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the lock file goes in the generated crate.
pub const LOCK_PATH: &str = ".generator/names.lock";

/// Origin key → Rust type name, read from a lock file.
#[derive(Debug, Clone, Default)]
pub struct NameLock {
    /// The file it was read from (for messages).
    pub path: PathBuf,
    names: BTreeMap<String, String>,
}

impl NameLock {
    /// Reads the lock at `path`, or an empty one when there is no file.
    pub fn load(path: &Path) -> Result<NameLock, Diagnostic> {
        match std::fs::read_to_string(path) {
            Ok(text) => NameLock::parse(path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Ok(NameLock { path: path.to_path_buf(), names: BTreeMap::new() })
            }
            Err(e) => Err(Diagnostic {
                location: Location::new(path, ""),
                severity: Severity::Error,
                message: format!("cannot read the name lock: {e}"),
                hint: Some("remove it, or pass `--no-lock` to name every type afresh".into()),
            }),
        }
    }

    /// Parses lock text: `#` comments, blank lines, and `key => Name` lines.
    pub fn parse(path: &Path, text: &str) -> Result<NameLock, Diagnostic> {
        let mut names = BTreeMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |message: String| Diagnostic {
                location: Location {
                    file: path.to_path_buf(),
                    line: Some(n + 1),
                    column: None,
                    pointer: String::new(),
                },
                severity: Severity::Error,
                message,
                hint: Some("each line is `origin => RustName`; pass `--no-lock` to name every type afresh".into()),
            };
            let Some((key, name)) = line.rsplit_once(" => ") else {
                return Err(bad(format!("`{line}` is not `origin => RustName`")));
            };
            let (key, name) = (key.trim(), name.trim());
            if key.is_empty() || name.is_empty() || name.contains(char::is_whitespace) {
                return Err(bad(format!("`{line}` is not `origin => RustName`")));
            }
            if let Some(earlier) = names.insert(key.to_string(), name.to_string()) {
                return Err(bad(format!("origin `{key}` is locked twice (`{earlier}` and `{name}`)")));
            }
        }
        Ok(NameLock { path: path.to_path_buf(), names })
    }

    /// The locked name of origin `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.names.get(key).map(String::as_str)
    }

    /// Every origin key and its locked name, by key.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.names.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// The origin key of every type (see the module docs).
pub fn origin_keys(ir: &Ir) -> Vec<String> {
    (0..ir.types.len()).map(|i| origin_key(ir, TypeId(i))).collect()
}

fn origin_key(ir: &Ir, id: TypeId) -> String {
    let def = ir.ty(id);
    if let Some(original) = def.variant_of {
        return format!("{} @input", origin_key(ir, original));
    }
    let base = match def.api {
        Some(api) => format!("{}#{}", ir.apis[api.0].module, def.origin.pointer),
        // Types from model docs alone: the doc's file name.
        None => {
            let file = def.origin.file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            format!("{file}#{}", def.origin.pointer)
        }
    };
    match def.kind {
        TypeKind::Request(_) => format!("{base} @request"),
        TypeKind::Response(_) => format!("{base} @response"),
        TypeKind::Globals(_) => format!("{base} @globals"),
        _ => base,
    }
}

/// The names `lock` pins, per type with origin key `keys[i]` (`None`: named
/// by the usual rules): a key two types share pins neither, with a warning
/// naming both.
pub(super) fn pinned(ir: &Ir, keys: &[String], lock: &NameLock, diags: &mut Diagnostics) -> Vec<Option<String>> {
    let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        by_key.entry(key).or_default().push(i);
    }
    let mut out = vec![None; ir.types.len()];
    for (key, ids) in by_key {
        let Some(name) = lock.get(key) else { continue };
        if let [a, b, ..] = ids[..] {
            let (a, b) = (ir.ty(TypeId(a)), ir.ty(TypeId(b)));
            diags.warning(
                Location::new(&lock.path, ""),
                format!(
                    "origin `{key}` (locked as `{name}`) is ambiguous: both `{}` ({}#{}) and `{}` ({}#{}) come from it",
                    a.name.wire,
                    a.origin.file.display(),
                    a.origin.pointer,
                    b.name.wire,
                    b.origin.file.display(),
                    b.origin.pointer
                ),
                Some("neither keeps the locked name; they are named by the usual rules".into()),
            );
            continue;
        }
        out[ids[0]] = Some(name.to_string());
    }
    out
}

/// The lock text for the names `ir` has now, one line per type by key.
pub fn render(ir: &Ir) -> String {
    let mut by_key: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (key, def) in origin_keys(ir).into_iter().zip(&ir.types) {
        by_key.entry(key).or_default().push(&def.name.rust);
    }
    // A key several types share pins nothing: it is left out.
    let lines = by_key.into_iter().filter_map(|(key, names)| match names[..] {
        [name] => Some(format!("{key} => {name}")),
        _ => None,
    });
    let mut out = String::from(
        "# @generated: the Rust name of each type, by where its schema is defined.\n\
         # `cargo xtask generate` keeps these names when the spec changes (`--no-lock` ignores them).\n",
    );
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}
