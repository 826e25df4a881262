//! External `$ref`s: references to other files (relative paths, with or
//! without a `#/…` fragment) are brought into the document.
//!
//! A referenced schema becomes a component (`components/schemas`, or
//! `definitions` in Swagger 2.0) named after the last token of its pointer,
//! or after the file when the whole file is the schema; each file and
//! pointer is brought in once, so recursion across files keeps working and
//! two references to one schema give one type. Anything else a reference
//! may name (a parameter, a response, a path item…) is copied in its place.
//! References inside a brought-in part are resolved against the file it
//! came from, local ones (`#/…`) included.

use super::{Notes, SpecVersion};
use crate::diag::{escape_pointer_token, join_pointer};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// How deep copied (non-schema) parts may nest before it is called a cycle.
const MAX_DEPTH: usize = 32;

/// Brings every external reference of `doc` (read from `path`) into it.
pub(crate) fn bundle(path: &Path, doc: &mut Value, version: SpecVersion, notes: &mut Notes) {
    if !has_external(doc) {
        return;
    }
    let section = match version {
        SpecVersion::Swagger2 => vec!["definitions"],
        _ => vec!["components", "schemas"],
    };
    let existing = section.iter().try_fold(&*doc, |v, k| v.get(k)).and_then(Value::as_object);
    let taken = existing.map(|m| m.keys().cloned().collect()).unwrap_or_default();
    let root = canonical(path);
    let mut b = Bundler {
        notes,
        root: root.clone(),
        prefix: format!("#/{}/", section.join("/")),
        files: BTreeMap::new(),
        hoisted: BTreeMap::new(),
        taken,
        schemas: Vec::new(),
    };
    b.process(doc, &root, "", 0, false);
    let mut target = &mut *doc;
    for key in &section {
        let Some(map) = target.as_object_mut() else { return };
        target = map.entry(key.to_string()).or_insert_with(|| Value::Object(Default::default()));
    }
    if let Some(map) = target.as_object_mut() {
        for (name, schema) in std::mem::take(&mut b.schemas) {
            map.insert(name, schema);
        }
    }
}

/// A mapping value that names another file (not a local pointer, not a bare schema name).
fn is_file_reference(value: &str) -> bool {
    !value.starts_with('#') && (value.contains('#') || [".yaml", ".yml", ".json"].iter().any(|e| value.ends_with(e)))
}

fn has_external(v: &Value) -> bool {
    match v {
        Value::Object(map) => map.iter().filter(|(k, _)| !k.starts_with("x-")).any(|(k, child)| match child {
            Value::String(r) if k == "$ref" => !r.starts_with('#'),
            Value::Object(mapping) if k == "mapping" => {
                mapping.values().any(|m| m.as_str().is_some_and(is_file_reference))
            }
            _ => has_external(child),
        }),
        Value::Array(list) => list.iter().any(has_external),
        _ => false,
    }
}

/// Why a referenced file could not be used.
enum Unreadable {
    /// It does not parse (the diagnostics name their lines).
    Parse(Vec<crate::diag::Diagnostic>),
    /// It cannot be read.
    Io(std::io::Error),
}

/// Reads and parses one referenced file.
fn read_file(path: &Path) -> Result<Value, Unreadable> {
    let text = super::super::openapi::read_text(path).map_err(Unreadable::Io)?;
    super::super::openapi::parse_raw(path, &text).map_err(Unreadable::Parse)
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

struct Bundler<'a> {
    notes: &'a mut Notes,
    /// The document's own file.
    root: PathBuf,
    /// `#/components/schemas/` or `#/definitions/`.
    prefix: String,
    /// Files read so far.
    files: BTreeMap<PathBuf, Option<Value>>,
    /// Schemas brought in: (file, pointer) → their component name.
    hoisted: BTreeMap<(PathBuf, String), String>,
    /// Component names in use.
    taken: BTreeSet<String>,
    /// The schemas brought in, in the order they were met.
    schemas: Vec<(String, Value)>,
}

impl Bundler<'_> {
    /// Resolves the references in `value`, which comes from `file` at `at`.
    /// `example` is true below an `examples` key, where a reference that
    /// cannot be followed only loses an example (a warning).
    fn process(&mut self, value: &mut Value, file: &Path, at: &str, depth: usize, example: bool) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref").cloned() {
                    let errors = self.notes.items.len();
                    let replacement = self.reference(&reference, file, at, depth);
                    if example && self.notes.items.len() > errors {
                        for note in &mut self.notes.items[errors..] {
                            note.severity = crate::diag::Severity::Warning;
                            note.hint = Some("the example is left out".into());
                        }
                        *value = Value::Object(Default::default());
                        return;
                    }
                    if let Some(replacement) = replacement {
                        match replacement {
                            Value::String(local) => {
                                map.insert("$ref".into(), Value::String(local));
                            }
                            copied => {
                                // Siblings of the `$ref` are kept over the copy's.
                                let mut merged = copied;
                                if let Value::Object(m) = &mut merged {
                                    for (k, v) in map.iter().filter(|(k, _)| *k != "$ref") {
                                        m.insert(k.clone(), v.clone());
                                    }
                                }
                                *value = merged;
                                return;
                            }
                        }
                    }
                }
                let Value::Object(map) = value else { return };
                self.mapping(map, file, at, depth);
                // Extensions (`x-ms-examples`...) are opaque: their `$ref`s are not ours.
                for (key, child) in map.iter_mut().filter(|(k, _)| !k.starts_with("x-")) {
                    if key != "$ref" {
                        let example = example || key == "examples";
                        self.process(child, file, &join_pointer(at, key), depth, example);
                    }
                }
            }
            Value::Array(list) => {
                for (i, child) in list.iter_mut().enumerate() {
                    self.process(child, file, &format!("{at}/{i}"), depth, example);
                }
            }
            _ => {}
        }
    }

    /// A discriminator's mapping values are references too: those to other
    /// files are brought in like `$ref`s.
    fn mapping(&mut self, map: &mut serde_json::Map<String, Value>, file: &Path, at: &str, depth: usize) {
        let Some(Value::Object(mapping)) = map.get_mut("discriminator").and_then(|d| d.get_mut("mapping")) else {
            return;
        };
        let at = format!("{at}/discriminator/mapping");
        for (tag, target) in mapping.iter_mut() {
            let Value::String(reference) = target else { continue };
            if !is_file_reference(reference) {
                continue;
            }
            if let Some(Value::String(local)) = self.reference(&reference.clone(), file, &join_pointer(&at, tag), depth)
            {
                *reference = local;
            }
        }
    }

    /// What a reference met in `file` becomes: a local reference (a string)
    /// or the copied part; `None` to leave it as it is.
    fn reference(&mut self, reference: &str, file: &Path, at: &str, depth: usize) -> Option<Value> {
        if reference.starts_with("http://") || reference.starts_with("https://") {
            let msg = format!("reference `{reference}` is a URL: references to URLs are not followed");
            self.notes.error(file, at, msg, "download the file and refer to it by a relative path");
            return None;
        }
        let (target_file, fragment) = match reference.split_once('#') {
            Some(("", fragment)) => (file.to_path_buf(), fragment.to_string()),
            Some((rel, fragment)) => (resolve(file, rel), fragment.to_string()),
            None => (resolve(file, reference), String::new()),
        };
        if target_file == self.root {
            // Into the document itself: already local, or made local.
            return (file != self.root).then(|| Value::String(format!("#{fragment}")));
        }
        let key = (target_file.clone(), fragment.clone());
        if let Some(name) = self.hoisted.get(&key) {
            return Some(Value::String(format!("{}{}", self.prefix, escape_pointer_token(name))));
        }
        let Some(target) = self.load(&target_file, file, at)?.pointer(&fragment).cloned() else {
            let msg =
                format!("reference `{reference}` does not resolve: `{}` has no `#{fragment}`", target_file.display());
            self.notes.error(file, at, msg, "");
            return None;
        };
        if self.is_schema(&target_file, &fragment, &target) {
            let name = self.name_for(&target_file, &fragment);
            self.hoisted.insert(key, name.clone());
            let mut schema = target;
            self.process(&mut schema, &target_file, &fragment, depth, false);
            self.schemas.push((name.clone(), schema));
            return Some(Value::String(format!("{}{}", self.prefix, escape_pointer_token(&name))));
        }
        if depth >= MAX_DEPTH {
            self.notes.error(file, at, format!("references through `{reference}` form a cycle"), "");
            return None;
        }
        let mut copied = target;
        self.process(&mut copied, &target_file, &fragment, depth + 1, false);
        Some(copied)
    }

    /// The document of file `target` (read once; a failure is reported at
    /// `from`/`at` the first time).
    fn load(&mut self, target: &Path, from: &Path, at: &str) -> Option<&Value> {
        if !self.files.contains_key(target) {
            let loaded = match read_file(target) {
                Ok(v) => Some(v),
                Err(Unreadable::Parse(found)) => {
                    self.notes.items.extend(found);
                    None
                }
                Err(Unreadable::Io(e)) => {
                    let msg = format!("cannot read `{}`, which a `$ref` names: {e}", target.display());
                    self.notes.error(
                        from,
                        at,
                        msg,
                        "external references are resolved relative to the file they are in",
                    );
                    None
                }
            };
            self.files.insert(target.to_path_buf(), loaded);
        }
        self.files.get(target).and_then(Option::as_ref)
    }

    /// A component name for a schema brought in, unique in the document.
    fn name_for(&mut self, file: &Path, fragment: &str) -> String {
        let last = fragment.rsplit('/').next().map(crate::diag::unescape_pointer_token).unwrap_or_default();
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("Schema").to_string();
        let base = if last.is_empty() { stem } else { last };
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

fn resolve(from: &Path, relative: &str) -> PathBuf {
    canonical(&from.parent().unwrap_or(Path::new(".")).join(relative))
}

impl Bundler<'_> {
    /// Whether a referenced part is a schema (brought in as a component)
    /// rather than a parameter, response, path item or example (copied in
    /// place); a part that is only a `$ref` is what it points to.
    fn is_schema(&mut self, file: &Path, fragment: &str, target: &Value) -> bool {
        let (mut file, mut fragment, mut target) = (file.to_path_buf(), fragment.to_string(), target.clone());
        for _ in 0..MAX_DEPTH {
            let tokens: Vec<&str> = fragment.split('/').collect();
            if tokens.iter().any(|t| matches!(*t, "schemas" | "definitions" | "$defs" | "properties")) {
                return true;
            }
            let Some(map) = target.as_object() else { return target.is_boolean() };
            let next = match map.get("$ref").and_then(Value::as_str) {
                Some(r) if map.len() == 1 => r.to_string(),
                _ => {
                    if map.contains_key("in") || map.contains_key("content") || map.contains_key("schema") {
                        return false;
                    }
                    const SCHEMA_KEYS: [&str; 10] = [
                        "type",
                        "properties",
                        "allOf",
                        "oneOf",
                        "anyOf",
                        "enum",
                        "items",
                        "additionalProperties",
                        "$ref",
                        "format",
                    ];
                    return SCHEMA_KEYS.iter().any(|k| map.contains_key(*k));
                }
            };
            let (next_file, next_fragment) = match next.split_once('#') {
                Some(("", f)) => (file.clone(), f.to_string()),
                Some((rel, f)) => (resolve(&file, rel), f.to_string()),
                None => (resolve(&file, &next), String::new()),
            };
            if next_file == self.root {
                return next_fragment.contains("/schemas/");
            }
            // A file that cannot be read is reported where it is referenced.
            let document = match self.files.get(&next_file) {
                Some(loaded) => loaded.clone(),
                None => read_file(&next_file).ok(),
            };
            let Some(next_target) = document.and_then(|d| d.pointer(&next_fragment).cloned()) else { return false };
            (file, fragment, target) = (next_file, next_fragment, next_target);
        }
        false
    }
}
