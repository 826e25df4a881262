//! The public surface of a generated crate, as the change report compares
//! it: each API's version, each type (its members and their Rust types),
//! each operation (its method, its parameters). Written into the crate as
//! `.generator/surface.jsonl`, one JSON object per line, so the next
//! generation can tell what changed.

use crate::diag::{Diagnostic, Location, Severity};
use crate::ir::walk::{named_in, operation_refs, reachable, Site};
use crate::ir::{Ir, Presence, TypeId, TypeKind, TypeRef};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Where the surface goes in the generated crate.
pub const SURFACE_PATH: &str = ".generator/surface.jsonl";

/// One line of the surface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "item", rename_all = "snake_case")]
pub enum Item {
    /// An API and its spec's `info.version`.
    Api {
        /// The API's module name.
        name: String,
        /// `info.version`.
        version: String,
    },
    /// A generated type.
    Type {
        /// Its Rust name.
        name: String,
        /// Where its schema is defined (the lock's key).
        origin: String,
        /// `struct`, `enum`, `union`, `alias`, `newtype`, `request`, `response`, `globals`, `envelope`.
        kind: String,
        /// Users build values of it for requests (a request, or reachable
        /// from a request's parameters or body).
        input: bool,
        /// Fields, enum values or union members, in order.
        members: Vec<Member>,
    },
    /// An operation.
    Operation {
        /// `{api}.{operationId}`.
        id: String,
        /// `METHOD /path`.
        route: String,
        /// Its method in the client: `vault().sessions().create()`.
        call: String,
        /// Its parameters and body.
        members: Vec<Member>,
    },
}

/// A field, enum value, union member or parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Its Rust name.
    pub name: String,
    /// Its wire name or value.
    pub wire: String,
    /// Its Rust type (empty for enum values).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ty: String,
    /// Must be given (a field without `Option`, a required parameter).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
}

/// The surface of `ir`, in a fixed order: APIs, types by name, operations by id.
pub fn surface(ir: &Ir) -> Vec<Item> {
    let origins = crate::naming::lock::origin_keys(ir);
    let mut roots = Vec::new();
    for op in &ir.operations {
        operation_refs(op, |site, t| {
            if matches!(site, Site::Body | Site::Param) {
                named_in(t, &mut roots);
            }
        });
    }
    let input = reachable(ir, roots);
    let mut items: Vec<Item> =
        ir.apis.iter().map(|api| Item::Api { name: api.module.clone(), version: api.version.clone() }).collect();
    let mut types: Vec<Item> = ir
        .types
        .iter()
        .enumerate()
        .map(|(i, def)| {
            let (kind, members) = members(ir, TypeId(i));
            let input = input[i] || matches!(def.kind, TypeKind::Request(_));
            Item::Type { name: def.name.rust.clone(), origin: origins[i].clone(), kind: kind.into(), input, members }
        })
        .collect();
    types.sort_by(|a, b| key(a).cmp(key(b)));
    items.extend(types);
    let mut operations: Vec<Item> = ir
        .operations
        .iter()
        .enumerate()
        .map(|(index, op)| {
            let api = &ir.apis[op.api.0];
            let mut members: Vec<Member> = op
                .params
                .iter()
                .map(|p| Member {
                    name: p.name.rust.clone(),
                    wire: format!("{}:{}", format!("{:?}", p.location).to_lowercase(), p.name.wire),
                    ty: short(ir, &p.ty),
                    required: p.presence().is_required(),
                })
                .collect();
            if let Some(body) = &op.body {
                let ty = body.primary().and_then(|c| c.ty.as_ref()).map(|t| short(ir, t)).unwrap_or_default();
                members.push(Member {
                    name: body.field.clone(),
                    wire: "body".into(),
                    ty,
                    required: body.presence().is_required(),
                });
            }
            let call = ir.client_path(index).join(".");
            Item::Operation {
                id: format!("{}.{}", api.doc_prefix, op.id),
                route: format!("{} {}", op.method, op.path),
                call,
                members,
            }
        })
        .collect();
    operations.sort_by(|a, b| key(a).cmp(key(b)));
    items.extend(operations);
    items
}

fn key(item: &Item) -> &str {
    match item {
        Item::Api { name, .. } | Item::Type { name, .. } => name,
        Item::Operation { id, .. } => id,
    }
}

/// A type's kind and members.
fn members(ir: &Ir, id: TypeId) -> (&'static str, Vec<Member>) {
    let field = |f: &crate::ir::Field| Member {
        name: f.name.rust.clone(),
        wire: f.name.wire.clone(),
        ty: with_presence(short(ir, &f.ty), f.presence),
        required: f.presence == Presence::Required,
    };
    match &ir.ty(id).kind {
        TypeKind::Struct(s) => ("struct", s.fields.iter().map(field).collect()),
        TypeKind::Envelope(fields) => ("envelope", fields.iter().map(field).collect()),
        TypeKind::Enum(e) => (
            "enum",
            e.variants
                .iter()
                .map(|v| Member {
                    name: v.name.rust.clone(),
                    wire: match &v.value {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    },
                    ty: String::new(),
                    required: false,
                })
                .collect(),
        ),
        TypeKind::Union(u) => (
            "union",
            u.variants
                .iter()
                .map(|v| Member { name: v.name.clone(), wire: v.label.clone(), ty: short(ir, &v.ty), required: false })
                .collect(),
        ),
        TypeKind::Alias(t) => {
            ("alias", vec![Member { name: String::new(), wire: String::new(), ty: short(ir, t), required: true }])
        }
        TypeKind::Newtype(n) => {
            ("newtype", vec![Member { name: String::new(), wire: String::new(), ty: short(ir, &n.ty), required: true }])
        }
        TypeKind::Request(_) => ("request", Vec::new()),
        TypeKind::Response(_) => ("response", Vec::new()),
        TypeKind::Globals(_) => ("globals", Vec::new()),
        TypeKind::Pending => ("pending", Vec::new()),
    }
}

/// `t` with type aliases replaced by what they stand for: to a Rust user,
/// `BankAccountName` (an alias of `String`) and `String` are one type.
fn without_aliases(ir: &Ir, t: &TypeRef) -> TypeRef {
    match t {
        TypeRef::Named(id) => match &ir.ty(*id).kind {
            TypeKind::Alias(target) => without_aliases(ir, target),
            _ => t.clone(),
        },
        TypeRef::List(inner) => TypeRef::List(Box::new(without_aliases(ir, inner))),
        TypeRef::Map(inner) => TypeRef::Map(Box::new(without_aliases(ir, inner))),
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(without_aliases(ir, inner))),
        TypeRef::Primitive(_) | TypeRef::Any => t.clone(),
    }
}

/// The Rust type of a reference, aliases resolved, without the crate's
/// module paths.
fn short(ir: &Ir, t: &TypeRef) -> String {
    crate::emit::rust_type(ir, &without_aliases(ir, t))
        .replace("crate::models::components::", "")
        .replace("crate::models::operations::", "")
        .replace("crate::models::errors::", "")
        .replace("::std::option::", "")
        .replace("::std::vec::", "")
        .replace("::std::string::", "")
        .replace("::std::collections::", "")
        .replace("::std::boxed::", "")
        .replace("crate::runtime::", "")
}

fn with_presence(ty: String, presence: Presence) -> String {
    match presence {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => format!("Option<{ty}>"),
        Presence::OptionalNullable => format!("Option<Option<{ty}>>"),
    }
}

/// The surface as the crate stores it.
pub fn render(items: &[Item]) -> String {
    let mut out =
        String::from("{\"item\":\"comment\",\"text\":\"@generated: what the next generation compares with\"}\n");
    for item in items {
        out.push_str(&serde_json::to_string(item).expect("the surface serializes"));
        out.push('\n');
    }
    out
}

/// Reads a stored surface (`None` when there is none).
pub fn load(path: &Path) -> Result<Option<Vec<Item>>, Diagnostic> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(path, &text).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(problem(path, None, format!("cannot read the stored surface: {e}"))),
    }
}

/// Parses a stored surface; `path` names it in errors.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Item>, Diagnostic> {
    let mut items = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with("{\"item\":\"comment\"") {
            continue;
        }
        let item =
            serde_json::from_str(line).map_err(|e| problem(path, Some(n + 1), format!("not a surface line: {e}")))?;
        items.push(item);
    }
    Ok(items)
}

fn problem(path: &Path, line: Option<usize>, message: String) -> Diagnostic {
    Diagnostic {
        location: Location { file: path.to_path_buf(), line, column: None, pointer: String::new() },
        severity: Severity::Error,
        message,
        hint: Some("remove it to skip the change report once; the next generation writes it again".into()),
    }
}
