//! Walking the type references of the IR. Every pass that follows
//! references (reachability, renumbering, encounter order, rewriting request
//! bodies) goes through these functions, so a new place that holds a type
//! (a response header, a webhook payload) is added here once.

use super::{Additional, Ir, Operation, Status, TypeId, TypeKind, TypeRef};

/// Where an operation refers to a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// A parameter.
    Param,
    /// A request body (one per media type).
    Body,
    /// A body (one per media type) of the response with this status.
    Response(Status),
    /// A header of the response with this status.
    Header(Status),
}

/// Calls `f` for every type reference of `op`: its parameters, its request
/// bodies, then for each response in spec order its bodies and its headers.
pub fn operation_refs<'a>(op: &'a Operation, mut f: impl FnMut(Site, &'a TypeRef)) {
    op.params.iter().for_each(|p| f(Site::Param, &p.ty));
    for c in op.body.iter().flat_map(|b| &b.contents) {
        if let Some(t) = &c.ty {
            f(Site::Body, t);
        }
    }
    for r in &op.responses {
        for t in r.contents.iter().filter_map(|c| c.ty.as_ref()) {
            f(Site::Response(r.status), t);
        }
        r.headers.iter().for_each(|(_, t)| f(Site::Header(r.status), t));
    }
}

/// [`operation_refs`], mutably, in the same order.
pub fn operation_refs_mut(op: &mut Operation, mut f: impl FnMut(Site, &mut TypeRef)) {
    op.params.iter_mut().for_each(|p| f(Site::Param, &mut p.ty));
    for c in op.body.iter_mut().flat_map(|b| &mut b.contents) {
        if let Some(t) = &mut c.ty {
            f(Site::Body, t);
        }
    }
    for r in &mut op.responses {
        let status = r.status;
        for t in r.contents.iter_mut().filter_map(|c| c.ty.as_mut()) {
            f(Site::Response(status), t);
        }
        r.headers.iter_mut().for_each(|(_, t)| f(Site::Header(status), t));
    }
}

/// Calls `f` for every type reference directly inside type `id` (fields,
/// items, variants, alias targets; not through operations).
pub fn type_refs(ir: &Ir, id: TypeId, mut f: impl FnMut(&TypeRef)) {
    match &ir.types[id.0].kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                f(&field.ty);
            }
            if let Additional::Typed(t) = &s.additional {
                f(t);
            }
        }
        TypeKind::Envelope(fields) => fields.iter().for_each(|field| f(&field.ty)),
        TypeKind::Union(u) => u.variants.iter().for_each(|v| f(&v.ty)),
        TypeKind::Alias(t) => f(t),
        TypeKind::Newtype(n) => f(&n.ty),
        TypeKind::Pending | TypeKind::Enum(_) | TypeKind::Request(_) | TypeKind::Response(_) | TypeKind::Globals(_) => {
        }
    }
}

/// [`type_refs`] of a kind, mutably, in the same order.
pub fn type_refs_mut(kind: &mut TypeKind, mut f: impl FnMut(&mut TypeRef)) {
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter_mut().for_each(|field| f(&mut field.ty));
            if let Additional::Typed(t) = &mut s.additional {
                f(t);
            }
        }
        TypeKind::Envelope(fields) => fields.iter_mut().for_each(|field| f(&mut field.ty)),
        TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| f(&mut v.ty)),
        TypeKind::Alias(t) => f(t),
        TypeKind::Newtype(n) => f(&mut n.ty),
        TypeKind::Pending | TypeKind::Enum(_) | TypeKind::Request(_) | TypeKind::Response(_) | TypeKind::Globals(_) => {
        }
    }
}

/// Replaces every type id in `ty` (at any depth of lists and maps) by `f(id)`.
pub fn map_ids(ty: &mut TypeRef, f: &impl Fn(TypeId) -> TypeId) {
    match ty {
        TypeRef::Named(id) => *id = f(*id),
        TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => map_ids(t, f),
        TypeRef::Primitive(_) | TypeRef::Any => {}
    }
}

/// The named types a reference mentions, at any depth of lists and maps.
pub fn named_in(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => named_in(t, out),
        TypeRef::Primitive(_) | TypeRef::Any => {}
    }
}

/// Every type reachable from `roots`, as a membership vector.
pub fn reachable(ir: &Ir, roots: impl IntoIterator<Item = TypeId>) -> Vec<bool> {
    let mut seen = vec![false; ir.types.len()];
    let mut stack: Vec<TypeId> = roots.into_iter().collect();
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id.0], true) {
            continue;
        }
        type_refs(ir, id, |t| {
            let mut ids = Vec::new();
            named_in(t, &mut ids);
            stack.extend(ids.into_iter().filter(|i| !seen[i.0]));
        });
    }
    seen
}

/// The type behind aliases, newtypes and nullability.
pub fn resolve<'t>(ir: &'t Ir, mut t: &'t TypeRef) -> &'t TypeRef {
    loop {
        match t {
            TypeRef::Nullable(inner) => t = inner,
            TypeRef::Named(id) => match &ir.ty(*id).kind {
                TypeKind::Alias(inner) => t = inner,
                TypeKind::Newtype(n) => t = &n.ty,
                _ => return t,
            },
            _ => return t,
        }
    }
}
