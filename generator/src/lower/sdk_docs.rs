//! SDK model docs alone → the IR: every Speakeasy model doc becomes a named type in the
//! module of its namespace, with no spec behind it.
//!
//! What the docs do not say is decided here, the same way for every type:
//! - Wire names: the docs give the SDK's camelCase names, so a field's wire
//!   name is its doc name converted back to snake_case (`createdAt` →
//!   `created_at`, `line1` stays `line1`; Go's `ConsumerID` → `consumer_id`,
//!   its initialisms read as words: `UnifiedAPIID` → `unified_api_id`).
//! - Numbers are `f64`: the TypeScript docs do not tell integers from floats.
//! - A field typed `components.HTTPMetadata` makes its type a response
//!   envelope ([`TypeKind::Envelope`]): the runtime's HTTP metadata plus the
//!   other fields, not a JSON type.
//! - Unions have no discriminator (the docs name none): members are tried in
//!   the documented order.
//! - Enums are open, as every generated enum is.

use super::schema::enum_kind;
use crate::diag::{Diagnostics, Location};
use crate::examples::{attach, example_parts};
use crate::ir::*;
use crate::read::sdk_docs::links::{is_http_metadata, is_runtime, missing_link, references};
use crate::read::sdk_docs::{DocInputs, DocType, ModelDoc, ModelKind, Namespace};
use heck::ToSnakeCase;
use serde_json::Value;
use std::collections::HashMap;

/// The wire name of a field the docs call `name`: `createdAt` → `created_at`.
pub fn wire_name(name: &str) -> String {
    // heck drops leading underscores; keep them, they are part of the name.
    let trimmed = name.trim_start_matches('_');
    format!("{}{}", &name[..name.len() - trimmed.len()], trimmed.to_snake_case())
}

/// A doc name as words: Go's initialisms (`UnifiedAPIID`) become words
/// when the docs write them in capitals.
fn words(name: &str, capital_initialisms: bool) -> String {
    match capital_initialisms {
        true => crate::read::sdk_docs::go::initialisms_as_words(name),
        false => name.to_string(),
    }
}

fn module_of(namespace: Namespace) -> Module {
    match namespace {
        Namespace::Components | Namespace::Models => Module::Components,
        Namespace::Operations => Module::Operations,
        Namespace::Errors => Module::Errors,
    }
}

/// Builds the IR of `inputs` alone. Problems (a link to a doc that is not
/// there, a type with no JSON form) are reported in `diags`.
pub fn lower_docs(inputs: &DocInputs, diags: &mut Diagnostics) -> Ir {
    let models = &inputs.set.models;
    let index: HashMap<(Namespace, &str), usize> =
        models.iter().enumerate().map(|(i, (_, m))| ((m.namespace, m.name.as_str()), i)).collect();
    let location = |i: usize, line: usize| Location {
        file: models[i].0.clone(),
        line: Some(line),
        column: None,
        pointer: String::new(),
    };

    let selected = select(inputs, &index, diags);

    // Ids first, so references are plain ids.
    let mut ir = Ir::default();
    let mut ids: Vec<Option<TypeId>> = vec![None; models.len()];
    for (i, (path, doc)) in models.iter().enumerate() {
        if !selected[i] || is_runtime(doc.namespace, &doc.name) {
            continue;
        }
        ids[i] = Some(ir.add_type(TypeDef {
            name: Name::wire(words(&doc.name, inputs.set.capital_initialisms)),
            module: module_of(doc.namespace),
            origin: Location { file: path.clone(), line: Some(doc.line), column: None, pointer: String::new() },
            api: None,
            rustdoc: Rustdoc { description: doc.description.clone(), ..Rustdoc::default() },
            kind: TypeKind::Pending,
            source: NameSource::Component,
            preferred_names: Vec::new(),
            variant_of: None,
            file: String::new(),
            examples: Vec::new(),
        }));
    }
    let cx = Cx { capital_initialisms: inputs.set.capital_initialisms, index: &index, ids: &ids, models };
    for (i, (_, doc)) in models.iter().enumerate() {
        let Some(id) = ids[i] else { continue };
        match cx.kind(doc) {
            Ok(kind) => ir.types[id.0].kind = kind,
            Err((line, message, hint)) => diags.error(location(i, line), message, hint),
        }
    }
    attach_examples(&mut ir, models, &ids, diags);
    ir
}

/// Which docs to generate: the roots and the docs they reach, or all of
/// them when no root is given. A link to a doc that is not there is an
/// error naming the file and line.
fn select(inputs: &DocInputs, index: &HashMap<(Namespace, &str), usize>, diags: &mut Diagnostics) -> Vec<bool> {
    let models = &inputs.set.models;
    let mut selected = vec![inputs.roots.is_empty(); models.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (namespace, name) in &inputs.roots {
        if let Some(&i) = index.get(&(*namespace, name.as_str())) {
            stack.push(i);
        }
    }
    if inputs.roots.is_empty() {
        stack.extend(0..models.len());
    }
    let mut visited = vec![false; models.len()];
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut visited[i], true) {
            continue;
        }
        selected[i] = true;
        for (namespace, name, line) in references(&models[i].1) {
            match index.get(&(namespace, name)) {
                Some(&j) => stack.push(j),
                None if is_runtime(namespace, name) => {}
                None => {
                    let (message, hint) = missing_link(namespace, name);
                    let location =
                        Location { file: models[i].0.clone(), line: Some(line), column: None, pointer: String::new() };
                    diags.error(location, message, Some(hint))
                }
            }
        }
    }
    selected
}

/// The docs' examples, once every type has its shape. The docs do not mark
/// nullable fields, but their examples show `null` where one is: those
/// fields become nullable first, then every example is checked and attached.
fn attach_examples(
    ir: &mut Ir,
    models: &[(std::path::PathBuf, ModelDoc)],
    ids: &[Option<TypeId>],
    diags: &mut Diagnostics,
) {
    let mut examples = Vec::new();
    for (i, (path, doc)) in models.iter().enumerate() {
        let (Some(id), Some((code, line))) = (ids[i], &doc.example) else { continue };
        let location = Location { file: path.clone(), line: Some(*line), column: None, pointer: String::new() };
        for (target, value) in example_parts(ir, id, code, &location, diags) {
            mark_nulls(ir, &TypeRef::Named(target), &value);
            examples.push((target, value, location.clone()));
        }
    }
    for (target, value, location) in examples {
        attach(ir, target, value, location, diags);
    }
}

/// Makes nullable every field of `ty` (and of the types inside it) that is
/// `null` in `value`.
fn mark_nulls(ir: &mut Ir, ty: &TypeRef, value: &Value) {
    match (ty, value) {
        (TypeRef::List(item), Value::Array(items)) => items.iter().for_each(|v| mark_nulls(ir, item, v)),
        (TypeRef::Map(item), Value::Object(map)) => map.values().for_each(|v| mark_nulls(ir, item, v)),
        (TypeRef::Named(id), Value::Object(map)) => {
            let fields: Vec<(usize, TypeRef)> = match &ir.types[id.0].kind {
                TypeKind::Struct(s) => s.fields.iter().map(|f| f.ty.clone()).enumerate().collect(),
                _ => return,
            };
            for (i, field_ty) in fields {
                let TypeKind::Struct(s) = &mut ir.types[id.0].kind else { return };
                match map.get(&s.fields[i].name.wire) {
                    Some(Value::Null) => s.fields[i].presence = s.fields[i].presence.with_null(),
                    Some(v) => mark_nulls(ir, &field_ty, v),
                    None => {}
                }
            }
        }
        _ => {}
    }
}

struct Cx<'a> {
    /// Names write initialisms in capitals (Go's).
    capital_initialisms: bool,
    index: &'a HashMap<(Namespace, &'a str), usize>,
    ids: &'a [Option<TypeId>],
    models: &'a [(std::path::PathBuf, ModelDoc)],
}

/// A doc with an `HTTPMetadata` field: a response envelope.
fn is_envelope(doc: &ModelDoc) -> bool {
    matches!(&doc.kind, ModelKind::Object(fields) if fields.iter().any(|f| is_http_metadata(&f.ty)))
}

type Problem = (usize, String, Option<String>);

impl Cx<'_> {
    fn kind(&self, doc: &ModelDoc) -> Result<TypeKind, Problem> {
        match &doc.kind {
            ModelKind::Object(docs) => {
                let envelope = is_envelope(doc);
                let mut fields = Vec::new();
                for f in docs {
                    if envelope && is_http_metadata(&f.ty) {
                        continue;
                    }
                    let ty = self.ty(&f.ty, f.line)?;
                    let mut description = f.description.clone();
                    if let DocType::Literal(v) = &f.ty {
                        let always = format!("Always `{v}`.");
                        description = Some(description.map_or(always.clone(), |d| format!("{d}\n\n{always}")));
                    }
                    fields.push(Field {
                        name: Name::wire(wire_name(&words(&f.name, self.capital_initialisms))),
                        ty,
                        presence: Presence::new(f.required, false),
                        read_only: false,
                        write_only: false,
                        boxed: false,
                        default: None,
                        rustdoc: Rustdoc { description, deprecated: f.deprecated, ..Rustdoc::default() },
                    });
                }
                if envelope {
                    return Ok(TypeKind::Envelope(fields));
                }
                Ok(TypeKind::Struct(Struct {
                    fields,
                    additional: Additional::Preserve,
                    additional_field: String::new(),
                }))
            }
            ModelKind::Enum { values, .. } => {
                let repr = if values.iter().all(Value::is_string) {
                    EnumRepr::String
                } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
                    EnumRepr::Integer
                } else {
                    return Err((
                        doc.line,
                        "an enum whose values are not all strings or all integers".into(),
                        Some("enums of strings or of integers are supported".into()),
                    ));
                };
                Ok(enum_kind(repr, values.clone(), None))
            }
            ModelKind::Union(members) => {
                let mut variants: Vec<UnionVariant> = Vec::new();
                for m in members {
                    let ty = self.ty(&m.ty, m.line)?;
                    if variants.iter().any(|v| v.ty == ty) {
                        continue;
                    }
                    variants.push(UnionVariant { name: String::new(), label: String::new(), ty, boxed: false });
                }
                Ok(TypeKind::Union(Union { variants, discriminator: None, kind: UnionKind::OneOf }))
            }
        }
    }

    fn ty(&self, t: &DocType, line: usize) -> Result<TypeRef, Problem> {
        Ok(match t {
            DocType::String => TypeRef::Primitive(Primitive::String),
            DocType::Number => TypeRef::Primitive(Primitive::F64),
            DocType::Integer => TypeRef::Primitive(Primitive::I64),
            DocType::Boolean => TypeRef::Primitive(Primitive::Bool),
            DocType::Any => TypeRef::Any,
            DocType::DateTime => TypeRef::Primitive(Primitive::DateTime),
            DocType::Date => TypeRef::Primitive(Primitive::Date),
            DocType::Bytes => TypeRef::Primitive(Primitive::Binary),
            DocType::Array(inner) => TypeRef::List(Box::new(self.ty(inner, line)?)),
            DocType::Map(inner) => TypeRef::Map(Box::new(self.ty(inner, line)?)),
            DocType::Literal(v) => match v {
                Value::String(_) => TypeRef::Primitive(Primitive::String),
                Value::Number(_) => TypeRef::Primitive(Primitive::F64),
                Value::Bool(_) => TypeRef::Primitive(Primitive::Bool),
                _ => TypeRef::Any,
            },
            DocType::Named { namespace, name } => {
                if is_runtime(*namespace, name) {
                    return Err((
                        line,
                        "`components.HTTPMetadata` is only supported as a field of a response type".into(),
                        Some("the HTTP metadata is the runtime's, not a JSON type".into()),
                    ));
                }
                // A missing doc was reported while selecting; `Any` keeps going.
                match self.index.get(&(*namespace, name.as_str())).map(|&i| (i, self.ids[i])) {
                    Some((i, _)) if is_envelope(&self.models[i].1) => {
                        return Err((
                            line,
                            format!(
                                "`{}.{name}` is a response type (it has HTTP metadata), not a JSON type",
                                namespace.as_str()
                            ),
                            Some("only JSON types (objects, enums, unions) can be field or member types".into()),
                        ))
                    }
                    Some((_, Some(id))) => TypeRef::Named(id),
                    _ => TypeRef::Any,
                }
            }
            DocType::Platform(p) => {
                return Err((
                    line,
                    format!("`{p}` has no JSON form"),
                    Some("platform types only appear in `HTTPMetadata`, which the runtime provides".into()),
                ))
            }
        })
    }
}
