//! A canonical order for what a spec lists in maps: operations by API, path
//! and method, security schemes by key. Run after the type names are
//! decided (their first-come order is the spec's, as the SDK names them),
//! so that with a name lock the crate does not depend on how the spec
//! orders its paths or components.

use crate::ir::{Ir, OperationRef, TypeKind};

/// Sorts the operations (updating the types that refer to them) and each
/// API's security schemes.
pub fn canonical(ir: &mut Ir) {
    let mut order: Vec<usize> = (0..ir.operations.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&ir.operations[a], &ir.operations[b]);
        (a.api.0, &a.path, a.method.as_str(), &a.id).cmp(&(b.api.0, &b.path, b.method.as_str(), &b.id))
    });
    // old index → new index
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<_> = std::mem::take(&mut ir.operations).into_iter().map(Some).collect();
    ir.operations = order.iter().filter_map(|&old| slots[old].take()).collect();
    for def in &mut ir.types {
        if let TypeKind::Request(op) | TypeKind::Response(op) | TypeKind::Globals(op) = &mut def.kind {
            *op = OperationRef(new_index[op.0]);
        }
    }
    for api in &mut ir.apis {
        api.security_schemes.sort_by(|a, b| a.key.cmp(&b.key));
    }
}
