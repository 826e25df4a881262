//! Puts the bodies of error responses (4XX/5XX) into `models::errors`, as
//! the SDK does: a type reachable only from error responses is an error type.

use crate::ir::walk::{named_in, operation_refs, reachable, Site};
use crate::ir::{Ir, Module, TypeId};

/// Moves types used only by error responses to [`Module::Errors`].
pub fn assign(ir: &mut Ir) {
    let mut error_roots: Vec<TypeId> = Vec::new();
    let mut other_roots: Vec<TypeId> = Vec::new();
    for op in &ir.operations {
        operation_refs(op, |site, t| match site {
            Site::Response(status) if status.is_error() => named_in(t, &mut error_roots),
            Site::Param | Site::Body | Site::Response(_) => named_in(t, &mut other_roots),
            // Headers are not emitted in response types; their types stay components.
            Site::Header(_) => {}
        });
    }
    let errors = reachable(ir, error_roots);
    let others = reachable(ir, other_roots);
    for (i, def) in ir.types.iter_mut().enumerate() {
        if errors[i] && !others[i] && def.module == Module::Components {
            def.module = Module::Errors;
        }
    }
}
