//! Rustdoc alone → the IR: every Speakeasy model doc becomes a named type in the
//! module of its namespace, with no spec behind it.
//!
//! What the docs do not say is decided here, the same way for every type:
//! - Wire names: the docs give the SDK's camelCase names, so a field's wire
//!   name is its doc name converted back to snake_case (`createdAt` →
//!   `created_at`, `line1` stays `line1`).
//! - Numbers are `f64`: the TypeScript docs do not tell integers from floats.
//! - A field typed `components.HTTPMetadata` makes its type a response
//!   envelope ([`TypeKind::Envelope`]): the runtime's HTTP metadata plus the
//!   other fields, not a JSON type.
//! - Unions have no discriminator (the docs name none): members are tried in
//!   the documented order.
//! - Enums are open, as every generated enum is.

use super::schema::enum_kind;
use crate::diag::{Diagnostics, Location};
use crate::ir::*;
use crate::read::sdk_docs::{DocInputs, DocType, ModelDoc, ModelKind, Namespace};
use heck::ToSnakeCase;
use serde_json::Value;
use std::collections::HashMap;

/// The doc that describes the runtime's HTTP metadata (not generated: every
/// reference to it is the runtime type).
pub const HTTP_METADATA_DOC: &str = "HTTPMetadata";

/// The wire name of a field the docs call `name`: `createdAt` → `created_at`.
pub fn wire_name(name: &str) -> String {
    // heck drops leading underscores; keep them, they are part of the name.
    let trimmed = name.trim_start_matches('_');
    format!("{}{}", &name[..name.len() - trimmed.len()], trimmed.to_snake_case())
}

fn module_of(namespace: Namespace) -> Module {
    match namespace {
        Namespace::Components => Module::Components,
        Namespace::Operations => Module::Operations,
        Namespace::Errors => Module::Errors,
    }
}

/// The doc of the runtime's HTTP metadata: never generated, never missing.
fn is_runtime(namespace: Namespace, name: &str) -> bool {
    namespace == Namespace::Components && name == HTTP_METADATA_DOC
}

fn is_http_metadata(t: &DocType) -> bool {
    matches!(t, DocType::Named { namespace, name } if is_runtime(*namespace, name))
}

/// The named docs a doc type mentions.
fn named_in<'a>(t: &'a DocType, out: &mut Vec<(Namespace, &'a str)>) {
    match t {
        DocType::Named { namespace, name } => out.push((*namespace, name)),
        DocType::Array(inner) | DocType::Map(inner) => named_in(inner, out),
        _ => {}
    }
}

/// Every doc type a model mentions, with the line that mentions it.
fn references(doc: &ModelDoc) -> Vec<(Namespace, &str, usize)> {
    let typed: Vec<(&DocType, usize)> = match &doc.kind {
        ModelKind::Object(fields) => fields.iter().map(|f| (&f.ty, f.line)).collect(),
        ModelKind::Union(members) => members.iter().map(|m| (&m.ty, m.line)).collect(),
        ModelKind::Enum { .. } => Vec::new(),
    };
    let mut out = Vec::new();
    for (t, line) in typed {
        let mut names = Vec::new();
        named_in(t, &mut names);
        out.extend(names.into_iter().map(|(ns, n)| (ns, n, line)));
    }
    out
}

/// The message and hint for a link to a doc that is not among the docs.
fn missing_link(namespace: Namespace, name: &str) -> (String, String) {
    (
        format!("`{}.{name}` is linked here but has no doc", namespace.as_str()),
        format!(
            "give the SDK's docs folder too (`--docs <sdk>/docs`) so that `models/{}/{}.md` is found",
            namespace.as_str(),
            name.to_lowercase()
        ),
    )
}

/// Warns about every link to a doc that is not in `set` (when merging, a
/// doc whose links cannot be followed is compared with nothing, and its
/// example is not made a test).
pub(crate) fn warn_missing_links(set: &crate::read::sdk_docs::DocSet, diags: &mut Diagnostics) {
    let known: std::collections::HashSet<(Namespace, &str)> =
        set.models.iter().map(|(_, m)| (m.namespace, m.name.as_str())).collect();
    for (path, doc) in &set.models {
        for (namespace, name, line) in references(doc) {
            if !is_runtime(namespace, name) && !known.contains(&(namespace, name)) {
                let (message, hint) = missing_link(namespace, name);
                let location = Location { file: path.clone(), pointer: String::new(), line: Some(line) };
                diags.warning(location, message, Some(hint));
            }
        }
    }
}

/// Builds the IR of `inputs` alone. Problems (a link to a doc that is not
/// there, a type with no JSON form) are reported in `diags`.
pub fn lower_docs(inputs: &DocInputs, diags: &mut Diagnostics) -> Ir {
    let models = &inputs.set.models;
    let index: HashMap<(Namespace, &str), usize> =
        models.iter().enumerate().map(|(i, (_, m))| ((m.namespace, m.name.as_str()), i)).collect();
    let location =
        |i: usize, line: usize| Location { file: models[i].0.clone(), pointer: String::new(), line: Some(line) };

    // The docs to generate: the roots and what they reach, or all of them.
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
                    diags.error(location(i, line), message, Some(hint))
                }
            }
        }
    }

    // Ids first, so references are plain ids.
    let mut ir = Ir::default();
    let mut ids: Vec<Option<TypeId>> = vec![None; models.len()];
    for (i, (path, doc)) in models.iter().enumerate() {
        if !selected[i] || is_runtime(doc.namespace, &doc.name) {
            continue;
        }
        ids[i] = Some(ir.add_type(TypeDef {
            name: Name::wire(doc.name.clone()),
            module: module_of(doc.namespace),
            origin: Location { file: path.clone(), pointer: String::new(), line: Some(doc.line) },
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
    let cx = Cx { index: &index, ids: &ids, models };
    for (i, (_, doc)) in models.iter().enumerate() {
        let Some(id) = ids[i] else { continue };
        match cx.kind(doc) {
            Ok(kind) => ir.types[id.0].kind = kind,
            Err((line, message, hint)) => diags.error(location(i, line), message, hint),
        }
    }
    // Examples, once every type has its shape. The docs do not mark
    // nullable fields, but their examples show `null` where one is.
    let mut examples = Vec::new();
    for (i, (path, doc)) in models.iter().enumerate() {
        let (Some(id), Some((code, line))) = (ids[i], &doc.example) else { continue };
        let location = Location { file: path.clone(), pointer: String::new(), line: Some(*line) };
        for (target, value) in example_parts(&ir, id, code, &location, diags) {
            mark_nulls(&mut ir, &TypeRef::Named(target), &value);
            examples.push((target, value, location.clone()));
        }
    }
    for (target, value, location) in examples {
        attach(&mut ir, target, value, location, diags);
    }
    ir
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

/// Reads the example `code` (at `location`) of type `id`: the value for
/// the type itself, or for an envelope or response type, each body for the
/// body's own type, with wire names.
pub(crate) fn example_parts(
    ir: &Ir,
    id: TypeId,
    code: &str,
    location: &Location,
    diags: &mut Diagnostics,
) -> Vec<(TypeId, Value)> {
    match crate::read::sdk_docs::example::example_value(code) {
        Ok(Some(literal)) => match literal.to_json() {
            Some(json) => crate::merge::example_targets(ir, id, &json),
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
pub(crate) fn attach(ir: &mut Ir, id: TypeId, value: Value, location: Location, diags: &mut Diagnostics) {
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

struct Cx<'a> {
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
                        name: Name::wire(wire_name(&f.name)),
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
