//! Visits every schema of a raw document in the OpenAPI 3.x layout, parents
//! before their children (a visit may add children, which are then visited).

use crate::diag::join_pointer;
use serde_json::Value;

/// The HTTP methods a path item may hold.
pub(crate) const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Keywords whose value is one schema.
const ONE: [&str; 10] = [
    "items",
    "not",
    "additionalProperties",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
];
/// Keywords whose value is a list of schemas.
const LIST: [&str; 4] = ["allOf", "oneOf", "anyOf", "prefixItems"];
/// Keywords whose value maps names to schemas.
const MAP: [&str; 5] = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

/// Calls `f` on every schema of `doc` (a boolean schema included) with its
/// JSON pointer.
pub(crate) fn schemas(doc: &mut Value, f: &mut dyn FnMut(&mut Value, &str)) {
    let Some(root) = doc.as_object_mut() else { return };
    if let Some(Value::Object(components)) = root.get_mut("components") {
        for (section, entries) in components.iter_mut() {
            let Value::Object(entries) = entries else { continue };
            let base = join_pointer("/components", section);
            for (name, entry) in entries.iter_mut() {
                let at = join_pointer(&base, name);
                match section.as_str() {
                    "schemas" => schema(entry, &at, f),
                    "parameters" | "headers" => parameter(entry, &at, f),
                    "requestBodies" => content(entry, &at, f),
                    "responses" => response(entry, &at, f),
                    "pathItems" | "callbacks" => path_item(entry, &at, f),
                    _ => {}
                }
            }
        }
    }
    for section in ["paths", "webhooks"] {
        if let Some(Value::Object(items)) = root.get_mut(section) {
            for (key, item) in items.iter_mut() {
                path_item(item, &join_pointer(&format!("/{section}"), key), f);
            }
        }
    }
}

fn path_item(item: &mut Value, at: &str, f: &mut dyn FnMut(&mut Value, &str)) {
    let Some(item) = item.as_object_mut() else { return };
    if let Some(Value::Array(params)) = item.get_mut("parameters") {
        for (i, p) in params.iter_mut().enumerate() {
            parameter(p, &format!("{at}/parameters/{i}"), f);
        }
    }
    for method in METHODS {
        let Some(Value::Object(op)) = item.get_mut(method) else { continue };
        let at = join_pointer(at, method);
        if let Some(Value::Array(params)) = op.get_mut("parameters") {
            for (i, p) in params.iter_mut().enumerate() {
                parameter(p, &format!("{at}/parameters/{i}"), f);
            }
        }
        if let Some(body) = op.get_mut("requestBody") {
            content(body, &format!("{at}/requestBody"), f);
        }
        if let Some(Value::Object(responses)) = op.get_mut("responses") {
            for (code, r) in responses.iter_mut() {
                response(r, &join_pointer(&format!("{at}/responses"), code), f);
            }
        }
        if let Some(Value::Object(callbacks)) = op.get_mut("callbacks") {
            for (name, cb) in callbacks.iter_mut() {
                let Some(cb) = cb.as_object_mut() else { continue };
                let base = join_pointer(&format!("{at}/callbacks"), name);
                for (expr, item) in cb.iter_mut() {
                    path_item(item, &join_pointer(&base, expr), f);
                }
            }
        }
    }
}

/// A parameter or header: its `schema`, or the schemas of its `content`.
fn parameter(p: &mut Value, at: &str, f: &mut dyn FnMut(&mut Value, &str)) {
    if let Some(s) = p.get_mut("schema") {
        schema(s, &format!("{at}/schema"), f);
    }
    content(p, at, f);
}

/// The schemas of `content` (request bodies, responses, parameters).
fn content(holder: &mut Value, at: &str, f: &mut dyn FnMut(&mut Value, &str)) {
    let Some(Value::Object(media)) = holder.get_mut("content") else { return };
    for (ty, m) in media.iter_mut() {
        if let Some(s) = m.get_mut("schema") {
            schema(s, &format!("{}/schema", join_pointer(&format!("{at}/content"), ty)), f);
        }
    }
}

fn response(r: &mut Value, at: &str, f: &mut dyn FnMut(&mut Value, &str)) {
    content(r, at, f);
    if let Some(Value::Object(headers)) = r.get_mut("headers") {
        for (name, h) in headers.iter_mut() {
            parameter(h, &join_pointer(&format!("{at}/headers"), name), f);
        }
    }
}

/// One schema and, after it, the schemas inside it.
pub(crate) fn schema(s: &mut Value, at: &str, f: &mut dyn FnMut(&mut Value, &str)) {
    f(s, at);
    let Some(map) = s.as_object_mut() else { return };
    for key in ONE {
        match map.get_mut(key) {
            Some(child @ Value::Object(_)) => schema(child, &format!("{at}/{key}"), f),
            // `items: [..]` (draft 4 tuples) and boolean schemas other than
            // `additionalProperties`' (which 3.0 allows) are visited too.
            Some(Value::Array(list)) if key == "items" => {
                for (i, child) in list.iter_mut().enumerate() {
                    schema(child, &format!("{at}/items/{i}"), f);
                }
            }
            Some(child @ Value::Bool(_)) if key != "additionalProperties" => schema(child, &format!("{at}/{key}"), f),
            _ => {}
        }
    }
    for key in LIST {
        if let Some(Value::Array(list)) = map.get_mut(key) {
            for (i, child) in list.iter_mut().enumerate() {
                schema(child, &format!("{at}/{key}/{i}"), f);
            }
        }
    }
    for key in MAP {
        if let Some(Value::Object(children)) = map.get_mut(key) {
            let base = format!("{at}/{key}");
            for (name, child) in children.iter_mut() {
                schema(child, &join_pointer(&base, name), f);
            }
        }
    }
}

/// Calls `f` on every string-valued `$ref` in `value`, however deep.
pub(crate) fn refs(value: &mut Value, f: &mut dyn FnMut(&mut String)) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(r) if key == "$ref" => f(r),
                    _ => refs(child, f),
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(|child| refs(child, f)),
        _ => {}
    }
}
