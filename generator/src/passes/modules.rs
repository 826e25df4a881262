//! Puts the bodies of error responses (4XX/5XX) into `models::errors`, as
//! the SDK does: a type reachable only from error responses is an error type.

use super::{named_in, reachable};
use crate::ir::{Ir, Module, TypeId};

/// Moves types used only by error responses to [`Module::Errors`].
pub fn assign(ir: &mut Ir) {
    let mut error_roots: Vec<TypeId> = Vec::new();
    let mut other_roots: Vec<TypeId> = Vec::new();
    for op in &ir.operations {
        for r in &op.responses {
            let roots = if r.status.is_error() { &mut error_roots } else { &mut other_roots };
            for c in &r.contents {
                if let Some(t) = &c.ty {
                    named_in(t, roots);
                }
            }
        }
        for p in &op.params {
            named_in(&p.ty, &mut other_roots);
        }
        for c in op.body.iter().flat_map(|b| &b.contents) {
            if let Some(t) = &c.ty {
                named_in(t, &mut other_roots);
            }
        }
    }
    let errors = reachable(ir, error_roots);
    let others = reachable(ir, other_roots);
    for (i, def) in ir.types.iter_mut().enumerate() {
        if errors[i] && !others[i] && def.module == Module::Components {
            def.module = Module::Errors;
        }
    }
}
