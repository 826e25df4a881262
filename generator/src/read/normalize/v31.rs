//! OpenAPI 3.1 → the 3.0 shape.
//!
//! 3.1 schemas are JSON Schema 2020-12. What changes for the reader:
//! - `type: [T, "null"]` is `type: T` + `nullable: true`; several non-null
//!   types become a `oneOf` with one member per type, each taking the
//!   keywords that apply to its type;
//! - `const: v` is `enum: [v]`; `examples: [..]` gives `example`;
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` become the bound plus the
//!   3.0 boolean;
//! - `$ref` may have siblings: the reference is wrapped in an `allOf` that
//!   carries them (lowering reads an `allOf` of one reference plus
//!   annotations as that reference);
//! - `prefixItems` (tuples): a list whose items are the one prefix schema, or
//!   an `anyOf` of the distinct ones (every valid array still decodes; the
//!   position of each item type is not kept);
//! - `contentEncoding: base64` is `format: byte`, a non-JSON
//!   `contentMediaType` is `format: binary`;
//! - boolean schemas: `true` is `{}`, `false` is `not: {}`;
//! - `webhooks`: each payload schema given inline becomes a component
//!   (`<Webhook>Payload`), so a type is generated for it;
//! - `paths` may be absent; `jsonSchemaDialect`, `info.summary` and
//!   `license.identifier` need nothing.

use super::walk;
use super::Notes;
use heck::ToUpperCamelCase;
use serde_json::{json, Map, Value};
use std::path::Path;

/// Rewrites a 3.1 document in place.
pub(crate) fn convert(path: &Path, doc: &mut Value, notes: &mut Notes) {
    let Some(root) = doc.as_object_mut() else { return };
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    root.entry("paths").or_insert_with(|| json!({}));
    if let Some(Value::String(dialect)) = root.get("jsonSchemaDialect") {
        if dialect != "https://spec.openapis.org/oas/3.1/dialect/base" {
            let msg = format!("schemas are read as the OpenAPI 3.1 base dialect, not `{dialect}`");
            notes.warning(path, "/jsonSchemaDialect", msg, "");
        }
    }
    hoist_webhook_payloads(root);
    walk::schemas(doc, &mut |s, at| schema(path, s, at, notes));
}

/// Rewrites one schema (not its children: the walker visits them next).
fn schema(path: &Path, s: &mut Value, at: &str, notes: &mut Notes) {
    if let Value::Bool(b) = s {
        *s = if *b { json!({}) } else { json!({ "not": {} }) };
        return;
    }
    let Some(map) = s.as_object_mut() else { return };
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        let never: Vec<String> =
            properties.iter().filter(|(_, v)| **v == Value::Bool(false)).map(|(k, _)| k.clone()).collect();
        for name in never {
            properties.shift_remove(&name);
            let msg = format!("property `{name}` is the schema `false` (never allowed): it has no field");
            let hint = "a payload that has it does not match the schema; it is kept with the unknown properties";
            notes.warning(path, &crate::diag::join_pointer(&format!("{at}/properties"), &name), msg, hint);
        }
    }
    recursive_ref(path, map, at, notes);
    wrap_ref_siblings(map);
    if let Some(c) = map.remove("const") {
        map.entry("enum").or_insert_with(|| Value::Array(vec![c]));
    }
    if let Some(Value::Array(examples)) = map.remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            map.entry("example").or_insert(first);
        }
    }
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(n @ Value::Number(_)) = map.get(exclusive).cloned() {
            map.insert(bound.into(), n);
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
    content_keywords(map);
    prefix_items(map);
    type_array(map);
    for keyword in ["if", "then", "else", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems"] {
        if map.contains_key(keyword) {
            let msg = format!("`{keyword}` is not supported: payloads are not checked against it");
            let hint = "the generated types accept what the rest of the schema describes";
            notes.warning(path, &format!("{at}/{keyword}"), msg, hint);
        }
    }
}

/// `$recursiveRef: '#'` (draft 2019-09) and `$dynamicRef: '#…'` (2020-12)
/// inside a component schema point back to that component (its resource
/// root, as the spec's schemas are written): a `$ref` to it. Elsewhere they
/// are not supported (a warning; any value).
fn recursive_ref(path: &Path, map: &mut Map<String, Value>, at: &str, notes: &mut Notes) {
    for keyword in ["$recursiveRef", "$dynamicRef"] {
        let Some(Value::String(target)) = map.remove(keyword) else { continue };
        let component = at.strip_prefix("/components/schemas/").map(|rest| rest.split('/').next().unwrap_or(rest));
        match component {
            Some(name) if target.starts_with('#') => {
                map.insert("$ref".into(), Value::String(format!("#/components/schemas/{name}")));
            }
            _ => {
                let msg = format!("`{keyword}: {target}` outside a component schema is not supported");
                notes.warning(path, &format!("{at}/{keyword}"), msg, "the value is typed as any JSON value");
            }
        }
    }
}

/// `{$ref, description, ..}` → `{allOf: [{$ref}], description, ..}`.
fn wrap_ref_siblings(map: &mut Map<String, Value>) {
    if map.len() < 2 || !matches!(map.get("$ref"), Some(Value::String(_))) {
        return;
    }
    let reference = map.remove("$ref").unwrap_or_default();
    let member = json!({ "$ref": reference });
    match map.get_mut("allOf") {
        Some(Value::Array(list)) => list.insert(0, member),
        _ => {
            map.insert("allOf".into(), Value::Array(vec![member]));
        }
    }
}

fn content_keywords(map: &mut Map<String, Value>) {
    let encoding = map.remove("contentEncoding");
    let media = map.remove("contentMediaType");
    if map.contains_key("format") {
        return;
    }
    let format = match (encoding.as_ref().and_then(Value::as_str), media.as_ref().and_then(Value::as_str)) {
        (Some("base64" | "base64url"), _) => "byte",
        (None, Some(m)) if !m.contains("json") && !m.starts_with("text/") => "binary",
        _ => return,
    };
    map.insert("format".into(), Value::String(format.into()));
}

fn prefix_items(map: &mut Map<String, Value>) {
    let Some(Value::Array(prefix)) = map.remove("prefixItems") else { return };
    let mut members: Vec<Value> = Vec::new();
    let rest = map.remove("items");
    for s in prefix.into_iter().chain(rest.filter(|r| !matches!(r, Value::Bool(false)))) {
        if !members.contains(&s) {
            members.push(s);
        }
    }
    let items = match members.len() {
        0 => json!({}),
        1 => members.remove(0),
        _ => json!({ "anyOf": members }),
    };
    map.insert("items".into(), items);
    map.entry("type").or_insert_with(|| Value::String("array".into()));
}

/// The keywords that apply to one JSON type only.
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &["format", "minLength", "maxLength", "pattern"],
        "integer" | "number" => &["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &["properties", "required", "additionalProperties", "minProperties", "maxProperties"],
        _ => &[],
    }
}

/// `type: [..]`: `null` becomes `nullable`; several other types a `oneOf`.
fn type_array(map: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = map.get("type").cloned() else { return };
    let mut names: Vec<String> = types.iter().filter_map(|t| t.as_str().map(str::to_string)).collect();
    names.dedup();
    if names.iter().any(|t| t == "null") {
        names.retain(|t| t != "null");
        map.insert("nullable".into(), Value::Bool(true));
    }
    match names.len() {
        0 => {
            map.insert("type".into(), Value::String("null".into()));
        }
        1 => {
            map.insert("type".into(), Value::String(names.remove(0)));
        }
        // The types only restate what the schema's own union says.
        _ if map.contains_key("oneOf") || map.contains_key("anyOf") => {
            map.remove("type");
        }
        _ => {
            map.remove("type");
            let values = map.remove("enum");
            let mut members = Vec::new();
            for ty in &names {
                let mut member = Map::new();
                member.insert("type".into(), Value::String(ty.clone()));
                for key in keywords_of(ty) {
                    if let Some(v) = map.get(*key) {
                        member.insert((*key).into(), v.clone());
                    }
                }
                if let Some(Value::Array(values)) = &values {
                    let own: Vec<Value> = values.iter().filter(|v| json_type_is(v, ty)).cloned().collect();
                    if own.is_empty() {
                        continue;
                    }
                    member.insert("enum".into(), Value::Array(own));
                }
                members.push(Value::Object(member));
            }
            for ty in &names {
                for key in keywords_of(ty) {
                    map.remove(*key);
                }
            }
            if let Some(Value::Array(values)) = &values {
                if values.contains(&Value::Null) {
                    map.insert("nullable".into(), Value::Bool(true));
                }
            }
            map.insert("oneOf".into(), Value::Array(members));
        }
    }
}

fn json_type_is(v: &Value, ty: &str) -> bool {
    match ty {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => false,
    }
}

/// Inline payload schemas of `webhooks` become `components/schemas/<Name>Payload`.
fn hoist_webhook_payloads(root: &mut Map<String, Value>) {
    let mut taken: std::collections::BTreeSet<String> = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default();
    let Some(Value::Object(webhooks)) = root.get_mut("webhooks") else { return };
    let mut hoisted = Vec::new();
    for (name, item) in webhooks.iter_mut() {
        for method in walk::METHODS {
            let Some(content) = item.pointer_mut(&format!("/{method}/requestBody/content")) else { continue };
            let Some(content) = content.as_object_mut() else { continue };
            let several = content.len() > 1;
            for (media, m) in content.iter_mut() {
                let Some(schema) = m.get_mut("schema") else { continue };
                if schema.get("$ref").is_some() {
                    continue;
                }
                let mut base = format!("{}Payload", name.to_upper_camel_case());
                if several {
                    base = format!("{base}{}", media.to_upper_camel_case());
                }
                let mut type_name = base.clone();
                let mut n = 2;
                while taken.contains(&type_name) {
                    type_name = format!("{base}{n}");
                    n += 1;
                }
                taken.insert(type_name.clone());
                let reference = format!("#/components/schemas/{}", crate::diag::escape_pointer_token(&type_name));
                hoisted.push((type_name, std::mem::replace(schema, json!({ "$ref": reference }))));
            }
        }
    }
    if hoisted.is_empty() {
        return;
    }
    let components = root.entry("components").or_insert_with(|| json!({}));
    let Some(components) = components.as_object_mut() else { return };
    let schemas = components.entry("schemas").or_insert_with(|| json!({}));
    let Some(schemas) = schemas.as_object_mut() else { return };
    for (name, schema) in hoisted {
        schemas.insert(name, schema);
    }
}
