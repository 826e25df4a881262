//! Names inside one type or one operation: struct fields, enum and union
//! variants, an operation's parameter, body and response fields. Each
//! container is its own scope.

use super::rules::{field_name, type_name, variant_name};
use super::scope::Scope;
use super::{ADDITIONAL_FIELD, HTTP_META_FIELD, UNKNOWN_VARIANT};
use crate::ir::*;
use serde_json::Value;

/// Names the members of every type and operation. Runs on the IR as
/// lowering left it (before the passes drop or copy anything).
pub fn members(ir: &mut Ir) {
    for i in 0..ir.types.len() {
        let labels: Vec<String> = match &ir.types[i].kind {
            TypeKind::Union(u) => u.variants.iter().map(|v| variant_label(ir, &v.ty)).collect(),
            _ => Vec::new(),
        };
        match &mut ir.types[i].kind {
            TypeKind::Struct(s) => {
                let mut scope = Scope::new();
                claim_fields(&mut scope, &mut s.fields);
                s.additional_field = scope.claim(ADDITIONAL_FIELD);
            }
            TypeKind::Envelope(fields) => claim_fields(&mut Scope::with_reserved(&[HTTP_META_FIELD]), fields),
            TypeKind::Enum(e) => enum_variants(e),
            TypeKind::Union(u) => {
                let mut scope = Scope::with_reserved(&[UNKNOWN_VARIANT]);
                for (v, label) in u.variants.iter_mut().zip(labels) {
                    v.name = scope.claim(&label);
                    v.label = label;
                }
            }
            TypeKind::Pending
            | TypeKind::Alias(_)
            | TypeKind::Newtype(_)
            | TypeKind::Request(_)
            | TypeKind::Response(_)
            | TypeKind::Globals(_) => {}
        }
    }
    for i in 0..ir.operations.len() {
        let body_field = ir.operations[i].body.as_ref().map(|b| body_field(ir, b));
        let response_fields = response_fields(ir, &ir.operations[i]);
        let op = &mut ir.operations[i];
        let mut scope = Scope::new();
        for p in &mut op.params {
            p.name.rust = scope.claim(&field_name(p.rename.as_deref().unwrap_or(&p.name.wire)));
        }
        if let (Some(body), Some(candidate)) = (&mut op.body, body_field) {
            body.field = scope.claim(&candidate);
            if body.primary().is_some_and(|c| c.kind == BodyKind::Any) {
                body.media_field = Some(scope.claim("content_type"));
            }
        }
        for (r, fields) in op.responses.iter_mut().zip(response_fields) {
            for (c, field) in r.contents.iter_mut().zip(fields) {
                c.field = field;
            }
        }
    }
}

/// Struct fields: names equal to their wire name are claimed first, so
/// `foo_bar` keeps its name when `fooBar` also converts to it; the rest in
/// declaration order.
fn claim_fields(scope: &mut Scope, fields: &mut [Field]) {
    let mut order: Vec<usize> = (0..fields.len()).collect();
    order.sort_by_key(|&i| field_name(&fields[i].name.wire) != fields[i].name.wire);
    for i in order {
        fields[i].name.rust = scope.claim(&field_name(&fields[i].name.wire));
    }
}

/// Enum variants, after their values (`in-progress` → `InProgress`, `-1` → `Minus1`).
fn enum_variants(e: &mut Enum) {
    let mut scope = Scope::with_reserved(&[UNKNOWN_VARIANT]);
    for v in &mut e.variants {
        let text = match &v.value {
            Value::String(s) => s.clone(),
            Value::Number(n) if n.as_i64().is_some_and(|n| n < 0) => {
                format!("Minus{}", n.to_string().trim_start_matches('-'))
            }
            other => other.to_string(),
        };
        v.name.rust = scope.claim(&variant_name(&text));
    }
}

/// What a union variant of type `ty` is named after: the schema name of a
/// named type, else the JSON kind (`String`, `ArrayOfInteger`...).
pub(super) fn variant_label(ir: &Ir, ty: &TypeRef) -> String {
    match ty {
        // An inline member with a title is named after it.
        TypeRef::Named(id) => {
            let def = &ir.types[id.0];
            match def.preferred_names.first().filter(|_| def.rustdoc.title.is_some()) {
                Some(title) => title.clone(),
                None => type_name(&def.name.wire),
            }
        }
        TypeRef::Primitive(p) => match p {
            Primitive::String | Primitive::Uuid => "String",
            Primitive::DateTime => "DateTime",
            Primitive::Date => "Date",
            Primitive::Binary => "Bytes",
            Primitive::I32 | Primitive::I64 => "Integer",
            Primitive::F32 | Primitive::F64 => "Number",
            Primitive::Bool => "Boolean",
        }
        .to_string(),
        TypeRef::List(inner) => format!("ArrayOf{}", variant_label(ir, inner)),
        TypeRef::Map(inner) => format!("MapOf{}", variant_label(ir, inner)),
        TypeRef::Nullable(inner) => variant_label(ir, inner),
        TypeRef::Any => "Value".to_string(),
    }
}

/// The request field of a body: a component schema's name (`session`), else
/// `request_body`.
fn body_field(ir: &Ir, body: &RequestBody) -> String {
    match body.primary().and_then(|c| c.ty.as_ref()) {
        Some(TypeRef::Named(id)) if ir.types[id.0].source == NameSource::Component => {
            field_name(&ir.types[id.0].name.wire)
        }
        _ => "request_body".to_string(),
    }
}

/// The fields of the response type, per response and content: one per
/// distinct success or `default` body type, named after the type (or the
/// shared response); a response offered in several media types gets one
/// field per media type (`response_json`, `response_xml`...; `error_...`
/// for `default`). Error responses have none.
fn response_fields(ir: &Ir, op: &Operation) -> Vec<Vec<Option<String>>> {
    let mut scope = Scope::with_reserved(&[HTTP_META_FIELD]);
    let mut by_type: Vec<(&TypeRef, String)> = Vec::new();
    let mut out = Vec::new();
    for r in &op.responses {
        let mut fields = vec![None; r.contents.len()];
        if r.status.is_error() {
            out.push(fields);
            continue;
        }
        if r.contents.len() > 1 {
            let base = if r.status == Status::Default { "error" } else { "response" };
            for (c, field) in r.contents.iter().zip(&mut fields) {
                if c.ty.is_some() {
                    *field = Some(scope.claim(&format!("{base}_{}", media_suffix(&c.media_type))));
                }
            }
        } else if let Some(ty) = r.contents.first().and_then(|c| c.ty.as_ref()) {
            let field = match by_type.iter().find(|(t, _)| *t == ty) {
                Some((_, f)) => f.clone(),
                None => {
                    let candidate = match (ty, &r.component) {
                        (TypeRef::Named(id), _) => field_name(&ir.types[id.0].name.wire),
                        (_, Some(component)) => field_name(component),
                        _ => "body".to_string(),
                    };
                    let f = scope.claim(&candidate);
                    by_type.push((ty, f.clone()));
                    f
                }
            };
            fields[0] = Some(field);
        }
        out.push(fields);
    }
    out
}

/// A media type as a field-name suffix: `application/json` → `json`,
/// `text/plain` → `text`, `application/octet-stream` → `binary`, `*/*` → `any`.
fn media_suffix(media: &str) -> String {
    let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let sub = essence.rsplit('/').next().unwrap_or("");
    let sub = sub.rsplit('+').next().unwrap_or(sub).trim_start_matches("x-");
    match sub {
        "plain" => "text".to_string(),
        "octet-stream" => "binary".to_string(),
        "*" | "" => "any".to_string(),
        other => field_name(other),
    }
}
