//! The schema patterns of large public specs, in terms lowering reads
//! (after [`super::tidy`], for every version):
//! - `allOf` members that only annotate (`description`, `nullable`…) are
//!   folded into the schema, and an `allOf` of scalars of one type is that
//!   type with every member's constraints (a `$ref` among them stays the
//!   type); scalars of different types admit no value (a warning);
//! - an `allOf` with a union member (`allOf: [{$ref: U}, S]`) is that union
//!   with `S` in each member (below), and an empty `oneOf` with a
//!   discriminator mapping has the mapped schemas as members;
//! - a `oneOf`/`anyOf`/`not` whose members only constrain (`required: [a]`,
//!   no type, property or reference) does not change the shape: it is
//!   dropped, with a warning that payloads are not checked against it;
//! - a `oneOf`/`anyOf` beside `properties` or `allOf` (shared fields plus
//!   variants) becomes a union whose members each take the shared part
//!   (`oneOf: [{allOf: [shared, A]}, {allOf: [shared, B]}]`); the
//!   discriminator's mapping, explicit or implied by member names, is
//!   pointed at the new members.

use super::walk;
use super::Notes;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Rewrites the patterns in every schema of `doc`.
///
/// A rewrite moves a schema's parts, so a `$ref` that points inside a
/// rewritten schema (`#/paths/…/schema/allOf/1`) would no longer resolve:
/// such a part is copied out first, as it was, and becomes a component of
/// its own that those references point to.
pub(crate) fn rewrite(path: &Path, doc: &mut Value, notes: &mut Notes) {
    let targets = targets(doc);
    let mut pointed = BTreeSet::new();
    walk::refs(doc, &mut |r| {
        if let Some(p) = r.strip_prefix('#') {
            pointed.insert(p.to_string());
        }
    });
    let mut pinned: Vec<(String, Value)> = Vec::new();
    let mut patterns = |s: &mut Value, at: &str, notes: &mut Notes| {
        let inside = format!("{at}/");
        let watched: Vec<String> =
            pointed.range(inside.clone()..).take_while(|p| p.starts_with(&inside)).cloned().collect();
        let before = (!watched.is_empty()).then(|| s.clone());
        apply(path, s, at, &targets, notes);
        if let Some(before) = before.filter(|b| b != s) {
            for p in watched {
                if let Some(part) = before.pointer(&p[at.len()..]) {
                    pinned.push((p.clone(), part.clone()));
                }
                pointed.remove(&p);
            }
        }
    };
    walk::schemas(doc, &mut |s, at| patterns(s, at, notes));
    if pinned.is_empty() {
        return;
    }
    // The copied parts become components, and the references follow them.
    let Some(root) = doc.as_object_mut() else { return };
    let components = root.entry("components").or_insert_with(|| Value::Object(Default::default()));
    let Some(schemas) =
        components.as_object_mut().map(|c| c.entry("schemas").or_insert_with(|| Value::Object(Default::default())))
    else {
        return;
    };
    let Some(schemas) = schemas.as_object_mut() else { return };
    let mut moved = BTreeMap::new();
    for (pointer, mut part) in pinned {
        let base = part_name(&pointer);
        let mut name = base.clone();
        let mut n = 2;
        while schemas.contains_key(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        let at = crate::diag::join_pointer("/components/schemas", &name);
        walk::schema(&mut part, &at, &mut |s, at| apply(path, s, at, &targets, notes));
        schemas.insert(name.clone(), part);
        moved.insert(format!("#{pointer}"), format!("#{at}"));
    }
    walk::refs(doc, &mut |r| {
        if let Some(new) = moved.get(r.as_str()) {
            *r = new.clone();
        }
    });
}

/// Every rewrite, on one schema.
fn apply(path: &Path, s: &mut Value, at: &str, targets: &BTreeMap<String, Value>, notes: &mut Notes) {
    fold_all_of(path, s, at, targets, notes);
    union_in_all_of(s, targets);
    drop_constraints(path, s, at, notes);
    empty_union(s);
    distribute(s, at);
}

/// A component name for a part copied out of `pointer`: its last token
/// that is a name (not a keyword or an index).
fn part_name(pointer: &str) -> String {
    const KEYWORDS: [&str; 12] = [
        "properties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "schema",
        "content",
        "responses",
        "requestBody",
        "additionalProperties",
        "parameters",
        "components",
    ];
    pointer
        .rsplit('/')
        .map(crate::diag::unescape_pointer_token)
        .find(|t| {
            !t.is_empty()
                && !KEYWORDS.contains(&t.as_str())
                && !t.chars().all(|c| c.is_ascii_digit())
                && !t.contains('/')
        })
        .unwrap_or_else(|| "Schema".into())
}

/// The schemas local `$ref`s in `allOf` members point to (following
/// references to references), cloned before the walk rewrites anything.
fn targets(doc: &mut Value) -> BTreeMap<String, Value> {
    let mut wanted = std::collections::BTreeSet::new();
    walk::schemas(doc, &mut |s, _| {
        if let Some(Value::Array(members)) = s.get("allOf") {
            for m in members {
                if let Some(r) = m.get("$ref").and_then(Value::as_str).filter(|r| r.starts_with('#')) {
                    wanted.insert(r.to_string());
                }
            }
        }
    });
    let mut out = BTreeMap::new();
    for r in wanted {
        let mut target = doc.pointer(&r[1..]);
        for _ in 0..16 {
            match target.and_then(|t| t.get("$ref")).and_then(Value::as_str) {
                Some(next) if next.starts_with('#') => target = doc.pointer(&next[1..]),
                _ => break,
            }
        }
        if let Some(t) = target {
            out.insert(r, t.clone());
        }
    }
    out
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

/// The JSON type of a scalar-only member (no structure of its own), inline
/// or through a local `$ref`; `None` for anything else.
fn scalar_type<'v>(m: &'v Value, targets: &'v BTreeMap<String, Value>) -> Option<&'v str> {
    let m = match m.get("$ref").and_then(Value::as_str) {
        Some(r) => targets.get(r)?,
        None => m,
    };
    let map = m.as_object()?;
    if ["$ref", "properties", "items", "allOf", "oneOf", "anyOf"].iter().any(|k| map.contains_key(*k)) {
        return None;
    }
    match map.get("type").and_then(Value::as_str) {
        Some(t @ ("string" | "integer" | "number" | "boolean")) => Some(t),
        _ => None,
    }
}

/// `allOf` overlays: annotation-only members are folded into the schema; an
/// `allOf` of scalars of one type is that type (a `$ref` among them is
/// kept, the inline members' constraints and nullability folded in); one of
/// scalars of different types admits no value (a warning; any JSON value).
fn fold_all_of(path: &Path, s: &mut Value, at: &str, targets: &BTreeMap<String, Value>, notes: &mut Notes) {
    let Some(map) = s.as_object_mut() else { return };
    let Some(Value::Array(members)) = map.get("allOf") else { return };
    let (overlays, kept): (Vec<Value>, Vec<Value>) = members.iter().cloned().partition(is_annotation_only);
    let types: Vec<Option<&str>> = kept.iter().map(|m| scalar_type(m, targets)).collect();
    let all_scalar = !kept.is_empty() && types.iter().all(Option::is_some);
    let one_type = all_scalar && types.windows(2).all(|w| w[0] == w[1]);
    let refs: Vec<&Value> = kept.iter().filter(|m| m.get("$ref").is_some()).collect();
    let (fold, keep): (Vec<Value>, Vec<Value>) = if one_type && refs.len() <= 1 {
        // The reference (if any) stays the type; inline members fold in.
        kept.iter().cloned().partition(|m| m.get("$ref").is_none())
    } else if all_scalar && !one_type {
        let found: Vec<&str> = types.iter().flatten().copied().collect();
        let msg = format!("an `allOf` of {} admits no value", found.join(" and "));
        notes.warning(path, &format!("{at}/allOf"), msg, "the field is typed as any JSON value");
        map.remove("allOf");
        for m in &overlays {
            for (k, v) in m.as_object().into_iter().flatten() {
                map.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        return;
    } else if overlays.is_empty() {
        return;
    } else {
        (Vec::new(), kept)
    };
    map.remove("allOf");
    for m in overlays.iter().chain(&fold) {
        for (k, v) in m.as_object().into_iter().flatten() {
            // A referenced type keeps its own type and constraints.
            if !keep.is_empty() && !ANNOTATIONS.contains(&k.as_str()) {
                continue;
            }
            map.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    if !keep.is_empty() {
        map.insert("allOf".into(), Value::Array(keep));
    }
}

/// `allOf: [{$ref: U}, S…]` where `U` is a union: a union whose members
/// each take `S…` (through [`distribute`], which also moves the
/// discriminator's mapping).
fn union_in_all_of(s: &mut Value, targets: &BTreeMap<String, Value>) {
    let Some(map) = s.as_object_mut() else { return };
    if map.contains_key("oneOf") || map.contains_key("anyOf") {
        return;
    }
    let Some(Value::Array(members)) = map.get("allOf") else { return };
    let unions: Vec<(usize, &Value)> = members
        .iter()
        .enumerate()
        .filter_map(|(i, m)| Some((i, targets.get(m.get("$ref")?.as_str()?)?)))
        .filter(|(_, t)| {
            ["oneOf", "anyOf"].iter().any(|k| matches!(t.get(*k), Some(Value::Array(m)) if !m.is_empty()))
                && t.get("properties").is_none()
                && t.get("allOf").is_none()
        })
        .collect();
    let [(i, union)] = unions.as_slice() else { return };
    let (i, union) = (*i, (*union).clone());
    if let Some(Value::Array(members)) = map.get_mut("allOf") {
        members.remove(i);
    }
    for key in ["oneOf", "anyOf", "discriminator"] {
        if let Some(v) = union.get(key) {
            map.entry(key.to_string()).or_insert_with(|| v.clone());
        }
    }
    if matches!(map.get("allOf"), Some(Value::Array(m)) if m.is_empty()) {
        map.remove("allOf");
    }
}

/// An empty `oneOf`/`anyOf` with a discriminator mapping: the mapped schemas are the members.
fn empty_union(s: &mut Value) {
    let Some(map) = s.as_object_mut() else { return };
    for key in ["oneOf", "anyOf"] {
        if !matches!(map.get(key), Some(Value::Array(m)) if m.is_empty()) {
            continue;
        }
        let Some(Value::Object(mapping)) = map.get("discriminator").and_then(|d| d.get("mapping")) else { continue };
        let mut members: Vec<Value> = Vec::new();
        for target in mapping.values().filter_map(Value::as_str) {
            let reference = if target.contains('/') {
                target.to_string()
            } else {
                format!("#/components/schemas/{}", crate::diag::escape_pointer_token(target))
            };
            let member = serde_json::json!({ "$ref": reference });
            if !members.contains(&member) {
                members.push(member);
            }
        }
        map.insert(key.into(), Value::Array(members));
    }
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
    // A member given by reference names its variant after it (the name is
    // taken by the member itself, so naming prefixes it: `PlantTree`).
    let distributed = members
        .into_iter()
        .map(|m| {
            let title = m
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .map(crate::diag::unescape_pointer_token);
            let mut parts = shared_parts.clone();
            parts.push(m);
            match title {
                Some(title) => serde_json::json!({ "title": title, "allOf": parts }),
                None => serde_json::json!({ "allOf": parts }),
            }
        })
        .collect();
    map.insert(key.into(), Value::Array(distributed));
}
