//! What documents of every version write although OpenAPI 3.0 does not
//! allow it, in the 3.0 terms that mean the same:
//! - `type: 'null'`: a schema that is only `null` becomes `nullable: true`
//!   with no type; a `null` member of a `oneOf`/`anyOf` is dropped and the
//!   union made `nullable` (`anyOf: [{$ref: A}, {type: 'null'}]` is an
//!   optional `A`);
//! - a path item given by a `$ref` (to `components/pathItems` in 3.1, or to
//!   another path) is replaced by what it points to;
//! - percent-encoded `$ref` fragments (`#/paths/~1a~1%7Bid%7D`, as RFC 6901
//!   says URI fragments are written) are decoded;
//! - an operation without `responses` (allowed by 3.1) has none; an `info`
//!   without `title` or `version` gets an empty one, with a warning;
//! - `additionalProperties: {not: {}}` (JSON Schema's "nothing more") is
//!   `additionalProperties: false`;
//! - `allOf` members that only annotate (`description`, `nullable`…) are
//!   folded into the schema, and an `allOf` of scalars of one type is that
//!   type with every member's constraints;
//! - a `oneOf`/`anyOf`/`not` whose members only constrain (`required: [a]`,
//!   no type, property or reference) does not change the shape: it is
//!   dropped, with a warning that payloads are not checked against it;
//! - a `oneOf`/`anyOf` beside `properties` or `allOf` (shared fields plus
//!   variants) becomes a union whose members each take the shared part
//!   (`oneOf: [{allOf: [shared, A]}, {allOf: [shared, B]}]`); the
//!   discriminator's mapping, explicit or implied by member names, is
//!   pointed at the new members.

use super::walk;
use super::{Notes, SpecVersion};
use serde_json::Value;
use std::path::Path;

/// Tidies a document already in the 3.0 layout.
pub(crate) fn tidy(path: &Path, doc: &mut Value, version: SpecVersion, notes: &mut Notes) {
    walk::refs(doc, &mut |r| {
        if r.contains('%') {
            if let Ok(decoded) = percent_encoding::percent_decode_str(r).decode_utf8() {
                *r = decoded.into_owned();
            }
        }
    });
    inline_path_items(path, doc, notes);
    info(path, doc, notes);
    operations_without_responses(path, doc, version, notes);
    walk::schemas(doc, &mut |s, at| {
        null_type(s);
        nothing_more(s);
        fold_all_of(s);
        drop_constraints(path, s, at, notes);
        distribute(s, at);
    });
}

/// Keywords that describe a value without constraining its shape.
const ANNOTATIONS: [&str; 10] = [
    "description",
    "title",
    "nullable",
    "example",
    "examples",
    "default",
    "readOnly",
    "writeOnly",
    "deprecated",
    "externalDocs",
];

/// Keywords that give a schema its shape (a member with none of them only constrains).
const SHAPE: [&str; 11] = [
    "$ref",
    "type",
    "properties",
    "items",
    "additionalProperties",
    "allOf",
    "oneOf",
    "anyOf",
    "enum",
    "format",
    "const",
];

fn is_annotation_only(m: &Value) -> bool {
    m.as_object()
        .is_some_and(|m| !m.is_empty() && m.keys().all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-")))
}

fn is_constraint_only(m: &Value) -> bool {
    m.as_object().is_some_and(|m| !m.keys().any(|k| SHAPE.contains(&k.as_str())))
}

fn fold_all_of(s: &mut Value) {
    let Some(map) = s.as_object_mut() else { return };
    let Some(Value::Array(members)) = map.get("allOf") else { return };
    let members = members.clone();
    let (notes, kept): (Vec<Value>, Vec<Value>) = members.into_iter().partition(is_annotation_only);
    if notes.is_empty() && !scalars_of_one_type(&kept) {
        return;
    }
    let mut merged = map.clone();
    merged.remove("allOf");
    let fold: Vec<Value> = if scalars_of_one_type(&kept) { kept.clone() } else { Vec::new() };
    for m in notes.iter().chain(&fold) {
        for (k, v) in m.as_object().into_iter().flatten() {
            merged.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    if fold.is_empty() && !kept.is_empty() {
        merged.insert("allOf".into(), Value::Array(kept));
    }
    *map = merged;
}

/// Inline members, all of one scalar type, with no structure of their own.
fn scalars_of_one_type(members: &[Value]) -> bool {
    let mut ty = None;
    for m in members {
        let Some(m) = m.as_object() else { return false };
        if ["$ref", "properties", "items", "allOf", "oneOf", "anyOf"].iter().any(|k| m.contains_key(*k)) {
            return false;
        }
        match m.get("type").and_then(Value::as_str) {
            Some(t @ ("string" | "integer" | "number" | "boolean")) if ty.is_none() || ty == Some(t) => ty = Some(t),
            _ => return false,
        }
    }
    ty.is_some()
}

fn drop_constraints(path: &Path, s: &mut Value, at: &str, notes: &mut Notes) {
    let Some(map) = s.as_object_mut() else { return };
    for key in ["oneOf", "anyOf", "not"] {
        let only = match map.get(key) {
            Some(Value::Array(members)) => !members.is_empty() && members.iter().all(is_constraint_only),
            Some(not @ Value::Object(_)) => {
                key == "not" && is_constraint_only(not) && !not.as_object().is_some_and(|n| n.is_empty())
            }
            _ => false,
        };
        if only {
            map.remove(key);
            let msg = format!("`{key}` only constrains (no member has a type, property or reference): payloads are not checked against it");
            notes.warning(
                path,
                &format!("{at}/{key}"),
                msg,
                "the generated type accepts what the rest of the schema describes",
            );
        }
    }
}

fn distribute(s: &mut Value, at: &str) {
    let Some(map) = s.as_object_mut() else { return };
    let Some(key) =
        ["oneOf", "anyOf"].into_iter().find(|k| matches!(map.get(*k), Some(Value::Array(m)) if !m.is_empty()))
    else {
        return;
    };
    if !map.contains_key("properties") && !map.contains_key("allOf") {
        return;
    }
    let Some(Value::Array(members)) = map.remove(key) else { return };
    let mut shared = serde_json::Map::new();
    for k in ["properties", "required", "additionalProperties", "allOf", "minProperties", "maxProperties"] {
        if let Some(v) = map.remove(k) {
            shared.insert(k.to_string(), v);
        }
    }
    if let Some(t) = map.get("type") {
        shared.insert("type".into(), t.clone());
    }
    map.remove("type");
    let shared_parts: Vec<Value> = match shared.remove("allOf") {
        Some(Value::Array(parts)) => {
            parts.into_iter().chain((!shared.is_empty()).then(|| Value::Object(shared.clone()))).collect()
        }
        _ => vec![Value::Object(shared)],
    };
    let pointer_of = |i: usize| format!("#{at}/{key}/{i}");
    // The discriminator: explicit mappings to a member move to it; members
    // given by reference keep their implied tag (the component's name).
    if let Some(Value::Object(d)) = map.get_mut("discriminator") {
        let mut mapping = match d.remove("mapping") {
            Some(Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        };
        for (i, m) in members.iter().enumerate() {
            let Some(r) = m.get("$ref").and_then(Value::as_str) else { continue };
            let name = r.rsplit('/').next().unwrap_or(r);
            let mut mapped = false;
            for v in mapping.values_mut() {
                if v.as_str() == Some(r) || v.as_str() == Some(name) {
                    *v = Value::String(pointer_of(i));
                    mapped = true;
                }
            }
            if !mapped {
                mapping.insert(crate::diag::unescape_pointer_token(name), Value::String(pointer_of(i)));
            }
        }
        d.insert("mapping".into(), Value::Object(mapping));
    }
    let distributed = members
        .into_iter()
        .map(|m| {
            let mut parts = shared_parts.clone();
            parts.push(m);
            serde_json::json!({ "allOf": parts })
        })
        .collect();
    map.insert(key.into(), Value::Array(distributed));
}

fn info(path: &Path, doc: &mut Value, notes: &mut Notes) {
    let Some(root) = doc.as_object_mut() else { return };
    let info = root.entry("info").or_insert_with(|| Value::Object(Default::default()));
    let Some(info) = info.as_object_mut() else { return };
    for field in ["title", "version"] {
        if !info.contains_key(field) {
            info.insert(field.into(), Value::String(String::new()));
            notes.warning(path, "/info", format!("`info` has no `{field}`"), "the crate's documentation leaves it out");
        }
    }
}

fn operations_without_responses(path: &Path, doc: &mut Value, version: SpecVersion, notes: &mut Notes) {
    for section in ["paths", "webhooks"] {
        let Some(Value::Object(items)) = doc.get_mut(section) else { continue };
        for (key, item) in items.iter_mut() {
            for method in walk::METHODS {
                let Some(Value::Object(op)) = item.get_mut(method) else { continue };
                if op.contains_key("responses") {
                    continue;
                }
                op.insert("responses".into(), Value::Object(Default::default()));
                if version != SpecVersion::OpenApi31 {
                    let at = crate::diag::join_pointer(&crate::diag::join_pointer(&format!("/{section}"), key), method);
                    let hint = "its response type has only the HTTP metadata";
                    notes.warning(path, &at, "an operation without `responses` (required before OpenAPI 3.1)", hint);
                }
            }
        }
    }
}

fn nothing_more(s: &mut Value) {
    let Some(map) = s.as_object_mut() else { return };
    if let Some(Value::Object(extra)) = map.get("additionalProperties") {
        if extra.len() == 1 && extra.get("not").is_some_and(|n| n.as_object().is_some_and(|n| n.is_empty())) {
            map.insert("additionalProperties".into(), Value::Bool(false));
        }
    }
}

/// True for a schema that admits only `null`.
fn is_null_only(s: &Value) -> bool {
    let Some(map) = s.as_object() else { return false };
    let null_type = map.get("type") == Some(&Value::String("null".into()));
    let null_enum = map.get("enum").and_then(Value::as_array).is_some_and(|e| e.iter().all(Value::is_null))
        && map.get("enum").and_then(Value::as_array).is_some_and(|e| !e.is_empty());
    (null_type || null_enum) && !map.contains_key("$ref")
}

fn null_type(s: &mut Value) {
    let Some(map) = s.as_object_mut() else { return };
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = map.get_mut(key) else { continue };
        let before = members.len();
        members.retain(|m| !is_null_only(m));
        if members.len() < before {
            map.insert("nullable".into(), Value::Bool(true));
        }
    }
    if map.get("type") == Some(&Value::String("null".into())) {
        map.remove("type");
        map.insert("nullable".into(), Value::Bool(true));
    }
}

/// How many `$ref` hops a path item may take.
const MAX_HOPS: usize = 16;

fn inline_path_items(path: &Path, doc: &mut Value, notes: &mut Notes) {
    let snapshot = doc.clone();
    for section in ["paths", "webhooks"] {
        let Some(Value::Object(items)) = doc.get_mut(section) else { continue };
        'items: for (key, item) in items.iter_mut() {
            let at = crate::diag::join_pointer(&format!("/{section}"), key);
            for _ in 0..MAX_HOPS {
                let Some(Value::String(reference)) = item.get("$ref").cloned() else { break };
                let target = reference.strip_prefix('#').and_then(|p| snapshot.pointer(p));
                let Some(Value::Object(target)) = target else {
                    let msg = format!("path item reference `{reference}` does not resolve");
                    notes.error(path, &at, msg, "a path item `$ref` must point to a path item in this document");
                    continue 'items;
                };
                // Fields beside the `$ref` (3.1 allows `summary` and
                // `description`) win over the target's.
                let mut merged = target.clone();
                if let Some(own) = item.as_object() {
                    for (k, v) in own.iter().filter(|(k, _)| *k != "$ref") {
                        merged.insert(k.clone(), v.clone());
                    }
                }
                *item = Value::Object(merged);
            }
            if item.get("$ref").is_some() {
                notes.error(path, &at, "path item references form a cycle", "");
            }
        }
    }
}
