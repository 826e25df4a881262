//! Removing types from the arena: the kept ones are renumbered and every
//! reference (in types and operations) follows.

use crate::ir::walk::{map_ids, operation_refs_mut, type_refs_mut};
use crate::ir::{Ir, TypeId, TypeRef};

fn remap(ty: &mut TypeRef, map: &[Option<TypeId>]) {
    map_ids(ty, &|id| map[id.0].expect("a kept type refers only to kept types"));
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
        type_refs_mut(&mut def.kind, |t| remap(t, &map));
    }
    let id = |t: &mut Option<TypeId>| {
        if let Some(old) = *t {
            *t = Some(map[old.0].expect("operation types are kept"));
        }
    };
    for op in &mut ir.operations {
        operation_refs_mut(op, |_, t| remap(t, &map));
        id(&mut op.request_type);
        id(&mut op.response_type);
        id(&mut op.globals_type);
    }
}
