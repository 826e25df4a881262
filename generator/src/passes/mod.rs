//! Passes over the IR, run in order after lowering: each is a small
//! `fn(&mut Ir)` with one job.

pub mod cycles;
pub mod io;
pub mod modules;
pub mod names;
pub mod prune;

use crate::ir::{Additional, Ir, TypeId, TypeKind, TypeRef};

/// Calls `f` for every type reference directly inside type `id` (fields,
/// items, variants, alias targets; not through operations).
pub(crate) fn for_each_ref(ir: &Ir, id: TypeId, mut f: impl FnMut(&TypeRef)) {
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
        TypeKind::Enum(_) | TypeKind::Request(_) | TypeKind::Response(_) | TypeKind::Globals(_) => {}
    }
}

/// Calls `f` for every type reference directly inside `kind`, mutably (the
/// same places as [`for_each_ref`]).
pub(crate) fn for_each_ref_mut(kind: &mut TypeKind, mut f: impl FnMut(&mut TypeRef)) {
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
        TypeKind::Enum(_) | TypeKind::Request(_) | TypeKind::Response(_) | TypeKind::Globals(_) => {}
    }
}

/// Replaces every type id in `ty` (at any depth of lists and maps) by `f(id)`.
pub(crate) fn map_ids(ty: &mut TypeRef, f: &impl Fn(TypeId) -> TypeId) {
    match ty {
        TypeRef::Named(id) => *id = f(*id),
        TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => map_ids(t, f),
        TypeRef::Primitive(_) | TypeRef::Any => {}
    }
}

/// The type references of an operation's parameters, request bodies and
/// responses, in that order.
pub(crate) fn operation_refs(op: &crate::ir::Operation) -> impl Iterator<Item = &TypeRef> {
    op.params
        .iter()
        .map(|p| &p.ty)
        .chain(op.body.iter().flat_map(|b| &b.contents).filter_map(|c| c.ty.as_ref()))
        .chain(op.responses.iter().flat_map(|r| &r.contents).filter_map(|c| c.ty.as_ref()))
}

/// The named types a reference mentions, at any depth of lists and maps.
pub(crate) fn named_in(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => named_in(t, out),
        TypeRef::Primitive(_) | TypeRef::Any => {}
    }
}

/// Every type reachable from `roots`, as a membership vector.
pub(crate) fn reachable(ir: &Ir, roots: impl IntoIterator<Item = TypeId>) -> Vec<bool> {
    let mut seen = vec![false; ir.types.len()];
    let mut stack: Vec<TypeId> = roots.into_iter().collect();
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id.0], true) {
            continue;
        }
        for_each_ref(ir, id, |t| {
            let mut ids = Vec::new();
            named_in(t, &mut ids);
            stack.extend(ids.into_iter().filter(|i| !seen[i.0]));
        });
    }
    seen
}
