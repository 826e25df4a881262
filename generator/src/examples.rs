//! The model docs' `Example Usage` values as examples of the IR's types:
//! the TypeScript literal read as JSON, split into its bodies for a
//! response type, its keys renamed to wire names (`createdAt` →
//! `created_at`), checked against the type, and attached to it. Each
//! attached value becomes a round-trip test of the generated crate.

use crate::diag::{Diagnostics, Location};
use crate::ir::walk::resolve;
use crate::ir::*;
use heck::ToLowerCamelCase;
use serde_json::Value;

/// Reads the example `code` (at `location`) of type `id`: the value for
/// the type itself, or for an envelope or response type, each body for the
/// body's own type, with wire names.
pub fn example_parts(
    ir: &Ir,
    id: TypeId,
    code: &str,
    location: &Location,
    diags: &mut Diagnostics,
) -> Vec<(TypeId, Value)> {
    match crate::read::sdk_docs::example::example_value(code) {
        Ok(Some(literal)) => match literal.to_json() {
            Some(json) => example_targets(ir, id, &json),
            None => Vec::new(),
        },
        Ok(None) => Vec::new(),
        Err(e) => {
            let name = &ir.types[id.0].name.wire;
            diags.warning(location.clone(), format!("the example of `{name}` cannot be read: {e}"), None);
            Vec::new()
        }
    }
}

/// Attaches an example value to type `id` when it fits the type; warns
/// (naming the place) when it does not.
pub fn attach(ir: &mut Ir, id: TypeId, value: Value, location: Location, diags: &mut Diagnostics) {
    match misfit(ir, &TypeRef::Named(id), &value, "") {
        None => ir.types[id.0].examples.push((location, value)),
        Some(problem) => diags.warning(
            location,
            format!("the example of `{}` does not fit its type: {problem}", ir.types[id.0].name.wire),
            Some("it is not made a test; make the example and the Fields table agree".into()),
        ),
    }
}

/// Why `value` cannot be a `ty` (a missing required field, a scalar of
/// the wrong kind), with the path to it; `None` when nothing is wrong.
fn misfit(ir: &Ir, ty: &TypeRef, value: &Value, at: &str) -> Option<String> {
    let wrong =
        |expected: &str| Some(format!("{} is {value}, not {expected}", if at.is_empty() { "the value" } else { at }));
    match (ty, value) {
        (TypeRef::Any, _) | (TypeRef::Nullable(_), Value::Null) => None,
        (TypeRef::Nullable(inner), _) => misfit(ir, inner, value, at),
        (TypeRef::Primitive(p), _) => {
            let fits = match p {
                Primitive::Bool => value.is_boolean(),
                Primitive::I32 | Primitive::I64 => value.is_i64() || value.is_u64(),
                Primitive::F32 | Primitive::F64 => value.is_number(),
                Primitive::Binary => true,
                Primitive::String | Primitive::DateTime | Primitive::Date | Primitive::Uuid => value.is_string(),
            };
            if fits {
                None
            } else {
                wrong("of the field's type")
            }
        }
        (TypeRef::List(item), Value::Array(items)) => {
            items.iter().enumerate().find_map(|(i, v)| misfit(ir, item, v, &format!("{at}[{i}]")))
        }
        (TypeRef::List(_), _) => wrong("an array"),
        (TypeRef::Map(item), Value::Object(map)) => {
            map.iter().find_map(|(k, v)| misfit(ir, item, v, &format!("{at}.{k}")))
        }
        (TypeRef::Map(_), _) => wrong("an object"),
        (TypeRef::Named(id), _) => match (&ir.ty(*id).kind, value) {
            (TypeKind::Struct(s), Value::Object(map)) => s.fields.iter().find_map(|f| {
                let path = format!("{at}.{}", f.name.wire);
                match map.get(&f.name.wire) {
                    None if f.presence.is_required() => {
                        Some(format!("`{}` is required but missing", path.trim_start_matches('.')))
                    }
                    None => None,
                    Some(Value::Null) if f.presence.is_nullable() => None,
                    Some(v) => misfit(ir, &f.ty, v, &path),
                }
            }),
            (TypeKind::Struct(_), _) => wrong("an object"),
            (TypeKind::Alias(t), _) => misfit(ir, t, value, at),
            _ => None,
        },
    }
}

/// Where the parts of an example value of type `id` go: the value itself for
/// a JSON type; each body, to the body's type, for a response (or envelope)
/// type, whose HTTP metadata has no JSON form. Keys are renamed to wire names.
pub fn example_targets(ir: &Ir, id: TypeId, value: &Value) -> Vec<(TypeId, Value)> {
    let bodies: Vec<(String, &TypeRef)> = match &ir.ty(id).kind {
        TypeKind::Envelope(fields) => fields.iter().map(|f| (f.name.wire.to_lower_camel_case(), &f.ty)).collect(),
        TypeKind::Response(op) => ir.operations[op.0]
            .responses
            .iter()
            .flat_map(|r| &r.contents)
            .filter_map(|c| Some((c.field.as_deref()?.to_lower_camel_case(), c.ty.as_ref()?)))
            .collect(),
        TypeKind::Request(_) | TypeKind::Globals(_) => return Vec::new(),
        _ => return vec![(id, to_wire(ir, &TypeRef::Named(id), value))],
    };
    let Value::Object(map) = value else { return Vec::new() };
    let mut out = Vec::new();
    for (key, v) in map {
        let Some((_, ty)) = bodies.iter().find(|(k, _)| k == key) else { continue };
        if let TypeRef::Named(target) = ty {
            if !ir.ty(*target).kind.is_operation_shape() {
                out.push((*target, to_wire(ir, ty, v)));
            }
        }
    }
    out
}

/// Renames the keys of an example value from the SDK's spelling
/// (`createdAt`) to the wire names of our type (`created_at`).
pub fn to_wire(ir: &Ir, ty: &TypeRef, value: &Value) -> Value {
    match (resolve(ir, ty), value) {
        (TypeRef::List(item), Value::Array(items)) => {
            Value::Array(items.iter().map(|v| to_wire(ir, item, v)).collect())
        }
        (TypeRef::Map(item), Value::Object(map)) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), to_wire(ir, item, v))).collect())
        }
        (TypeRef::Named(id), Value::Object(map)) => match &ir.ty(*id).kind {
            TypeKind::Struct(s) => Value::Object(
                map.iter()
                    .map(|(k, v)| match s.fields.iter().find(|f| f.name.wire.to_lower_camel_case() == *k) {
                        Some(f) => (f.name.wire.clone(), to_wire(ir, &f.ty, v)),
                        None => (k.clone(), v.clone()),
                    })
                    .collect(),
            ),
            // The first object variant that declares every key.
            TypeKind::Union(u) => u
                .variants
                .iter()
                .find(|var| match resolve(ir, &var.ty) {
                    TypeRef::Named(vid) => match &ir.ty(*vid).kind {
                        TypeKind::Struct(s) => {
                            map.keys().all(|k| s.fields.iter().any(|f| f.name.wire.to_lower_camel_case() == *k))
                        }
                        _ => false,
                    },
                    _ => false,
                })
                .map_or_else(|| value.clone(), |var| to_wire(ir, &var.ty, value)),
            _ => value.clone(),
        },
        (TypeRef::Named(id), Value::Array(_)) => match &ir.ty(*id).kind {
            TypeKind::Union(u) => u
                .variants
                .iter()
                .find(|var| matches!(resolve(ir, &var.ty), TypeRef::List(_)))
                .map_or_else(|| value.clone(), |var| to_wire(ir, &var.ty, value)),
            _ => value.clone(),
        },
        _ => value.clone(),
    }
}
