//! Removing types from the arena: the kept ones are renumbered and every
//! reference (in types and operations) follows.

use crate::ir::{Additional, Ir, TypeId, TypeKind, TypeRef};

fn remap(ty: &mut TypeRef, map: &[Option<TypeId>]) {
    match ty {
        TypeRef::Named(id) => *id = map[id.0].expect("a kept type refers only to kept types"),
        TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => remap(t, map),
        TypeRef::Primitive(_) | TypeRef::Any => {}
    }
}

/// Keeps the types with `keep[i]`. The caller guarantees that no kept type
/// or operation refers to a removed one (keep a reachability closure).
pub fn retain(ir: &mut Ir, keep: &[bool]) {
    let mut map = vec![None; ir.types.len()];
    let mut next = 0;
    for (i, slot) in map.iter_mut().enumerate() {
        if keep[i] {
            *slot = Some(TypeId(next));
            next += 1;
        }
    }
    let old = std::mem::take(&mut ir.types);
    ir.types = old.into_iter().zip(keep).filter(|(_, k)| **k).map(|(t, _)| t).collect();
    for def in &mut ir.types {
        if let Some(v) = &mut def.variant_of {
            *v = map[v.0].expect("a copy is kept with its original");
        }
        match &mut def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|f| remap(&mut f.ty, &map));
                if let Additional::Typed(t) = &mut s.additional {
                    remap(t, &map);
                }
            }
            TypeKind::Envelope(fields) => fields.iter_mut().for_each(|f| remap(&mut f.ty, &map)),
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| remap(&mut v.ty, &map)),
            TypeKind::Alias(t) => remap(t, &map),
            TypeKind::Newtype(n) => remap(&mut n.ty, &map),
            TypeKind::Enum(_) | TypeKind::Request(_) | TypeKind::Response(_) | TypeKind::Globals(_) => {}
        }
    }
    let id = |t: &mut Option<TypeId>| {
        if let Some(old) = *t {
            *t = Some(map[old.0].expect("operation types are kept"));
        }
    };
    for op in &mut ir.operations {
        op.params.iter_mut().for_each(|p| remap(&mut p.ty, &map));
        for c in op.body.iter_mut().flat_map(|b| &mut b.contents) {
            if let Some(t) = &mut c.ty {
                remap(t, &map);
            }
        }
        for r in &mut op.responses {
            for c in &mut r.contents {
                if let Some(t) = &mut c.ty {
                    remap(t, &map);
                }
            }
            r.headers.iter_mut().for_each(|(_, t)| remap(t, &map));
        }
        id(&mut op.request_type);
        id(&mut op.response_type);
        id(&mut op.globals_type);
    }
}
