//! Reads OpenAPI Overlay 1.0 documents and applies them to a spec's raw
//! document before it is parsed: the way to add `x-speakeasy-group` and
//! other extensions to a spec one does not own.
//!
//! Each action's `target` is a JSONPath (RFC 9535, with `serde_json_path`)
//! that selects objects or arrays. `update` is merged into each selected
//! node: objects recursively (keys of the update win; arrays inside are
//! appended to), arrays get the update appended (its items, when the update
//! is itself an array). `remove: true` takes each selected node out of its
//! parent. Actions apply in order, each to the result of the ones before.
//!
//! An overlay with `extends` applies to the specs whose file name is the
//! last segment of `extends`; without, to every spec. An action that selects
//! nothing in any spec it applies to is reported as a warning, so a typo in
//! a target does not pass silently.

use crate::diag::{join_pointer, Diagnostic, Errors, Location, Severity};
use serde_json::Value;
use serde_json_path::JsonPath;
use std::path::{Path, PathBuf};

/// One overlay document, parsed.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The file it was read from.
    pub path: PathBuf,
    /// The file name of the spec it is for (`extends`), or every spec.
    pub extends: Option<String>,
    /// The actions, in order.
    pub actions: Vec<Action>,
}

/// One action of an overlay.
#[derive(Debug, Clone)]
pub struct Action {
    /// The target as written.
    pub target: String,
    /// The parsed target.
    path: JsonPath,
    /// What to do with each selected node.
    pub change: Change,
}

/// What an action does.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Merge into (objects) or append to (arrays) each selected node.
    Update(Value),
    /// Take each selected node out of its parent.
    Remove,
}

fn error(path: &Path, pointer: &str, message: String, hint: Option<&str>) -> Diagnostic {
    Diagnostic {
        location: Location::new(path, pointer),
        severity: Severity::Error,
        message,
        hint: hint.map(str::to_string),
    }
}

/// Reads and parses one overlay file (YAML or JSON).
pub fn load(path: &Path) -> Result<Overlay, Errors> {
    let text =
        super::openapi::read_text(path).map_err(|e| error(path, "", format!("cannot read the overlay: {e}"), None))?;
    parse(path, &text)
}

/// Parses the text of one overlay file; `path` names it in diagnostics.
pub fn parse(path: &Path, text: &str) -> Result<Overlay, Errors> {
    const SYNTAX: &str = "an overlay is one YAML 1.2 document, or JSON when the file name ends in `.json`";
    let raw = super::openapi::parse_document(path, text, SYNTAX).map_err(Errors)?;
    Ok(parse_value(path, &raw)?)
}

/// Reads an overlay from its parsed document.
fn parse_value(path: &Path, raw: &Value) -> Result<Overlay, Diagnostic> {
    const SUPPORTED: &str = "this generator applies OpenAPI Overlay 1.0 documents \
        (https://spec.openapis.org/overlay/v1.0.0.html)";
    match raw.get("overlay") {
        Some(Value::String(v)) if v.starts_with("1.0") => {}
        Some(v) => return Err(error(path, "/overlay", format!("unsupported overlay version {v}"), Some(SUPPORTED))),
        None => {
            let what = if raw.get("openapi").is_some() || raw.get("swagger").is_some() {
                "this is an OpenAPI document, not an overlay (no `overlay` version field)"
            } else {
                "no `overlay` version field"
            };
            return Err(error(path, "", what.into(), Some(SUPPORTED)));
        }
    }
    let extends = match raw.get("extends") {
        None => None,
        Some(Value::String(s)) => Some(s.rsplit(['/', '\\']).next().unwrap_or(s).to_string()),
        Some(_) => return Err(error(path, "/extends", "`extends` must be a string (a URL or path)".into(), None)),
    };
    let Some(Value::Array(list)) = raw.get("actions") else {
        return Err(error(path, "/actions", "an overlay needs an `actions` list".into(), Some(SUPPORTED)));
    };
    let actions =
        list.iter().enumerate().map(|(i, a)| action(path, &format!("/actions/{i}"), a)).collect::<Result<_, _>>()?;
    Ok(Overlay { path: path.to_path_buf(), extends, actions })
}

fn action(path: &Path, at: &str, raw: &Value) -> Result<Action, Diagnostic> {
    let Some(object) = raw.as_object() else {
        return Err(error(path, at, "an action must be an object with `target` and `update` or `remove`".into(), None));
    };
    let Some(Value::String(target)) = object.get("target") else {
        return Err(error(path, &join_pointer(at, "target"), "an action needs a `target` (a JSONPath)".into(), None));
    };
    let parsed = JsonPath::parse(target).map_err(|e| {
        error(
            path,
            &join_pointer(at, "target"),
            format!("`{target}` is not a valid JSONPath: {e}"),
            Some("targets are RFC 9535 JSONPath expressions, e.g. $.paths['/vault/sessions'].post"),
        )
    })?;
    let remove = match object.get("remove") {
        None | Some(Value::Bool(false)) => false,
        Some(Value::Bool(true)) => true,
        Some(_) => return Err(error(path, &join_pointer(at, "remove"), "`remove` must be true or false".into(), None)),
    };
    let change = match (remove, object.get("update")) {
        (true, _) => Change::Remove,
        (false, Some(update)) => Change::Update(update.clone()),
        (false, None) => {
            return Err(error(path, at, "an action needs `update` or `remove: true`".into(), None));
        }
    };
    Ok(Action { target: target.clone(), path: parsed, change })
}

impl Overlay {
    /// Whether this overlay is for the spec at `spec`.
    pub fn applies_to(&self, spec: &Path) -> bool {
        match &self.extends {
            None => true,
            Some(name) => spec.file_name().is_some_and(|f| f.to_string_lossy() == name.as_str()),
        }
    }

    /// Applies every action to `doc` (the spec at `spec`, for messages), in
    /// order; returns how many nodes each action selected.
    pub fn apply(&self, spec: &Path, doc: &mut Value) -> Result<Vec<usize>, Diagnostic> {
        let mut counts = Vec::with_capacity(self.actions.len());
        for (i, action) in self.actions.iter().enumerate() {
            let mut pointers: Vec<String> =
                action.path.query_located(doc).locations().map(|l| l.to_json_pointer()).collect();
            counts.push(pointers.len());
            let at = format!("/actions/{i}");
            match &action.change {
                Change::Update(update) => {
                    for pointer in &pointers {
                        // Gone only when an earlier match of this action
                        // replaced one of its parents.
                        let Some(node) = doc.pointer_mut(pointer) else { continue };
                        update_node(node, update).map_err(|found| {
                            error(
                                &self.path,
                                &join_pointer(&at, "target"),
                                format!(
                                    "`{}` selects {pointer} in {}, which is {found}: an update needs an object or an array",
                                    action.target,
                                    spec.display()
                                ),
                                Some("Overlay 1.0 updates objects (merged) and arrays (appended to); target the object that holds the value"),
                            )
                        })?;
                    }
                }
                Change::Remove => {
                    // Deepest and last first, so earlier removals do not move
                    // the nodes later ones point at.
                    pointers.sort_by(|a, b| compare_pointers(b, a));
                    pointers.dedup();
                    for pointer in &pointers {
                        remove_node(doc, pointer);
                    }
                }
            }
        }
        Ok(counts)
    }
}

/// Merges `update` into `node`; on a node that is neither an object nor an
/// array, what it is.
fn update_node(node: &mut Value, update: &Value) -> Result<(), &'static str> {
    match node {
        Value::Object(_) if update.is_object() => {
            merge(node, update);
            Ok(())
        }
        Value::Object(_) => Err("an object, and the update is not an object"),
        Value::Array(items) => {
            match update {
                Value::Array(more) => items.extend(more.iter().cloned()),
                one => items.push(one.clone()),
            }
            Ok(())
        }
        Value::Null => Err("null"),
        Value::Bool(_) => Err("a boolean"),
        Value::Number(_) => Err("a number"),
        Value::String(_) => Err("a string"),
    }
}

/// Recursive merge: objects merge key by key, arrays are appended to, any
/// other value is replaced.
fn merge(node: &mut Value, update: &Value) {
    match (node, update) {
        (Value::Object(into), Value::Object(from)) => {
            for (key, value) in from {
                match into.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        into.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(into), Value::Array(from)) => into.extend(from.iter().cloned()),
        (node, update) => *node = update.clone(),
    }
}

/// Removes the node at `pointer` from its parent (the root stays).
fn remove_node(doc: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else { return };
    let key = crate::diag::unescape_pointer_token(last);
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>() {
                if index < items.len() {
                    items.remove(index);
                }
            }
        }
        _ => {}
    }
}

/// Orders pointers segment by segment, array indices numerically.
fn compare_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let segments = |p: &'_ str| p.split('/').map(|s| (s.parse::<usize>().ok(), s.to_string())).collect::<Vec<_>>();
    segments(a).cmp(&segments(b))
}

/// Applies the overlays that are for the spec at `spec` to its raw
/// document; returns, per overlay and action, how many nodes it selected
/// (zero for overlays that are not for this spec).
pub fn apply_all(overlays: &[Overlay], spec: &Path, doc: &mut Value) -> Result<Vec<Vec<usize>>, Diagnostic> {
    overlays
        .iter()
        .map(|o| if o.applies_to(spec) { o.apply(spec, doc) } else { Ok(vec![0; o.actions.len()]) })
        .collect()
}

/// Warnings for the actions that selected nothing in any spec; `counts` is
/// [`apply_all`]'s result for every spec.
pub fn unmatched(overlays: &[Overlay], counts: &[Vec<Vec<usize>>]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (o, overlay) in overlays.iter().enumerate() {
        for (a, action) in overlay.actions.iter().enumerate() {
            if counts.iter().all(|spec| spec.get(o).and_then(|c| c.get(a)).copied().unwrap_or(0) == 0) {
                let scope = match &overlay.extends {
                    Some(name) => format!("`{name}` (its `extends`)"),
                    None => "any spec".to_string(),
                };
                warnings.push(Diagnostic {
                    location: Location::new(&overlay.path, format!("/actions/{a}/target")),
                    severity: Severity::Warning,
                    message: format!("`{}` selects nothing in {scope}; the action changed nothing", action.target),
                    hint: Some("check the path against the spec: keys with `/` or `{` need brackets and quotes, e.g. $.paths['/vault/sessions']".into()),
                });
            }
        }
    }
    warnings
}
