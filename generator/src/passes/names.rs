//! Final Rust names for every type, unique across the crate.
//!
//! All types share one scope (not one per module), so glob imports of
//! `models::components`, `operations` and `errors` never clash. Component
//! schemas claim first, then operation types, then inline and derived types;
//! within a class, the type defined first wins and later ones get a number.

use crate::ir::Ir;
use crate::naming::{type_name, Scope};

/// Reserved for types the generator itself puts in `models::components`.
pub const RESERVED: &[&str] = &["HttpMetadata"];

/// Sets `name.rust` of every type.
pub fn assign(ir: &mut Ir) {
    let mut order: Vec<usize> = (0..ir.types.len()).collect();
    order.sort_by_key(|&i| (ir.types[i].source, i));
    let mut scope = Scope::with_reserved(RESERVED);
    for i in order {
        let candidate = type_name(&ir.types[i].name.wire);
        ir.types[i].name.rust = scope.claim(&candidate);
    }
}
