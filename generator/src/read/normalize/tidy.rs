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
//! - an empty `enum` (which no value satisfies; OpenAPI asks for at least one
//!   value) is read as absent, with a warning; an `enum` of numbers or
//!   booleans is read as its type (`f64`, `bool`), with a warning that the
//!   values are not checked.

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
        enums_without_variants(path, s, at, notes);
    });
}

fn enums_without_variants(path: &Path, s: &mut Value, at: &str, notes: &mut Notes) {
    let Some(o) = s.as_object_mut() else { return };
    let Some(values) = o.get("enum").and_then(Value::as_array) else { return };
    let at = crate::diag::join_pointer(at, "enum");
    if values.is_empty() {
        o.remove("enum");
        notes.warning(
            path,
            &at,
            "an empty `enum` allows no value: it is read as absent",
            "give the values, or drop `enum`",
        );
        return;
    }
    let typ = o.get("type").and_then(Value::as_str);
    let kind = match typ {
        Some("number") => "numbers",
        Some("boolean") => "booleans",
        _ if values.iter().all(|v| v.is_boolean() || v.is_null()) && values.iter().any(Value::is_boolean) => "booleans",
        _ if values.iter().all(|v| v.is_f64() || v.is_null()) && values.iter().any(Value::is_f64) => "numbers",
        _ => return,
    };
    notes.warning(
        path,
        &at,
        format!("an `enum` of {kind} is read as its type: the values are not checked"),
        "enums of strings or of integers become Rust enums",
    );
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
    let by_ref = |section: &str| {
        doc.get(section).and_then(Value::as_object).is_some_and(|items| items.values().any(|i| i.get("$ref").is_some()))
    };
    if !by_ref("paths") && !by_ref("webhooks") {
        return;
    }
    // Targets are read from the document as it was (a path item may point to another).
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
