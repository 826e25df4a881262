//! Input and output shapes: `readOnly` properties are sent by the server
//! only, `writeOnly` ones by the client only.
//!
//! A type used in a request body that contains (at any depth) a read-only
//! property gets an `…Input` copy without them, used by requests; a type
//! used in responses loses its write-only properties (a type needed with
//! them by a request gets an `…Input` copy that keeps them).

use crate::ir::walk::{
    map_ids, named_in, operation_refs, operation_refs_mut, reachable, type_refs, type_refs_mut, Site,
};
use crate::ir::{Ir, NameSource, TypeId, TypeKind, TypeRef};

fn has_flagged_field(ir: &Ir, id: TypeId, read_only: bool) -> bool {
    match &ir.types[id.0].kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| if read_only { f.read_only } else { f.write_only }),
        _ => false,
    }
}

/// For each type: does it contain, at any depth, a flagged property?
fn deep(ir: &Ir, read_only: bool) -> Vec<bool> {
    let n = ir.types.len();
    let mut out: Vec<bool> = (0..n).map(|i| has_flagged_field(ir, TypeId(i), read_only)).collect();
    // Propagate up until nothing changes (the graph may have cycles).
    loop {
        let mut changed = false;
        for i in 0..n {
            if out[i] {
                continue;
            }
            let mut hit = false;
            type_refs(ir, TypeId(i), |t| {
                let mut ids = Vec::new();
                named_in(t, &mut ids);
                hit |= ids.iter().any(|id| out[id.0]);
            });
            if hit {
                out[i] = true;
                changed = true;
            }
        }
        if !changed {
            return out;
        }
    }
}

/// Points references to the types in `map` at their copies.
fn rewrite(ty: &mut TypeRef, map: &[Option<TypeId>]) {
    map_ids(ty, &|id| map[id.0].unwrap_or(id));
}

/// Creates the `…Input` types and drops write-only fields from outputs.
pub fn split(ir: &mut Ir) {
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    for op in &ir.operations {
        operation_refs(op, |site, t| match site {
            Site::Body => named_in(t, &mut request_roots),
            Site::Response(_) => named_in(t, &mut response_roots),
            Site::Param | Site::Header(_) => {}
        });
    }
    let in_request = reachable(ir, request_roots);
    let in_response = reachable(ir, response_roots);
    let read_only = deep(ir, true);
    let write_only = deep(ir, false);
    let n = ir.types.len();
    let needs_input: Vec<bool> =
        (0..n).map(|i| in_request[i] && (read_only[i] || (write_only[i] && in_response[i]))).collect();

    // A type used only by requests needs no copy: it loses its read-only
    // fields itself (and keeps its name, as in the SDK).
    for i in (0..n).filter(|&i| in_request[i] && !in_response[i] && read_only[i]) {
        if let TypeKind::Struct(s) = &mut ir.types[i].kind {
            s.fields.retain(|f| !f.read_only);
        }
    }
    let needs_input: Vec<bool> = (0..n).map(|i| needs_input[i] && in_response[i]).collect();
    let mut map: Vec<Option<TypeId>> = vec![None; n];
    for i in (0..n).filter(|&i| needs_input[i]) {
        let mut copy = ir.types[i].clone();
        copy.name.wire = format!("{}Input", copy.name.wire);
        copy.source = NameSource::Derived;
        copy.preferred_names = Vec::new();
        copy.variant_of = Some(TypeId(i));
        if let TypeKind::Struct(s) = &mut copy.kind {
            s.fields.retain(|f| !f.read_only);
        }
        map[i] = Some(ir.add_type(copy));
    }
    // The copies, and the request-only types, refer to the copies.
    let request_only = (0..n).filter(|&i| in_request[i] && !in_response[i]).map(TypeId);
    for id in map.iter().flatten().copied().chain(request_only).collect::<Vec<_>>() {
        type_refs_mut(&mut ir.types[id.0].kind, |t| rewrite(t, &map));
    }
    for op in &mut ir.operations {
        operation_refs_mut(op, |site, t| {
            if site == Site::Body {
                rewrite(t, &map);
            }
        });
    }
    for i in 0..n {
        if in_response[i] || needs_input[i] {
            if let TypeKind::Struct(s) = &mut ir.types[i].kind {
                s.fields.retain(|f| !f.write_only);
            }
        }
    }
}
