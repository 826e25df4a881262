//! Type names, unique across the crate, and the file each type goes to.
//!
//! All types share one scope (not one per module), so glob imports of
//! `models::components`, `operations` and `errors` never clash. Component
//! schemas claim first, then operation types, then inline and derived types.
//! Inline types claim in the order the operations reach them (each
//! operation's parameters, body and responses, depth first, operations in
//! spec order), as the SDK names them; a contested name goes to the first,
//! and later ones get their longer name, then a number.

use super::lock::{pinned, NameLock};
use super::rules::{field_name, type_name};
use super::scope::Scope;
use crate::diag::{Diagnostics, Location};
use crate::ir::walk::{named_in, operation_refs, type_refs, Site};
use crate::ir::{Ir, Module, NameSource, TypeId};

/// Reserved for types the generator itself puts in `models::components`.
const RESERVED: &[&str] = &[super::HTTP_METADATA_TYPE];

/// Names a short name may not take: they would shadow the prelude types
/// that users' code names bare (`String`, `Option`...) after a glob import.
const PRELUDE: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "ToString",
    "ToOwned",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Debug",
    "Hash",
];

/// The order in which the operations reach each type (depth first, pre-order);
/// types no operation reaches follow in definition order.
fn encounter_order(ir: &Ir) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let mut rank = vec![UNSEEN; ir.types.len()];
    let mut next = 0;
    let mut visit = |root: TypeId, rank: &mut Vec<usize>| {
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            if rank[id.0] != UNSEEN {
                continue;
            }
            rank[id.0] = next;
            next += 1;
            let mut children = Vec::new();
            type_refs(ir, id, |t| named_in(t, &mut children));
            // Reversed, so the first child is visited first.
            stack.extend(children.into_iter().rev().filter(|c| rank[c.0] == UNSEEN));
        }
    };
    for op in &ir.operations {
        let mut roots = Vec::new();
        operation_refs(op, |site, t| {
            if !matches!(site, Site::Header(_)) {
                named_in(t, &mut roots);
            }
        });
        for root in roots {
            visit(root, &mut rank);
        }
    }
    rank
}

/// Sets `name.rust` and `file` of every type, keeping the names `lock` pins.
pub fn types(ir: &mut Ir, lock: &NameLock, diags: &mut Diagnostics) {
    type_names(ir, lock, diags);
    files(ir);
}

/// Sets `name.rust` of every type: first the names the lock pins (in key
/// order), then the others by the rules.
fn type_names(ir: &mut Ir, lock: &NameLock, diags: &mut Diagnostics) {
    let mut scope = Scope::with_reserved(RESERVED);
    let keys = super::lock::origin_keys(ir);
    let pinned = pinned(ir, &keys, lock, diags);
    let mut locked: Vec<usize> = (0..ir.types.len()).filter(|&i| pinned[i].is_some()).collect();
    locked.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
    let mut named = vec![false; ir.types.len()];
    for i in locked {
        let Some(name) = &pinned[i] else { continue };
        let usable = type_name(name) == *name && !PRELUDE.contains(&name.as_str());
        if usable && !scope.contains(name) {
            ir.types[i].name.rust = scope.claim(name);
            named[i] = true;
        } else {
            diags.warning(
                Location::new(&lock.path, ""),
                format!("the locked name `{name}` of `{}` cannot be kept: it is not a free type name", keys[i]),
                Some("the type is named by the usual rules".into()),
            );
        }
    }
    let rank = encounter_order(ir);
    let mut order: Vec<usize> = (0..ir.types.len()).filter(|&i| !named[i]).collect();
    order.sort_by_key(|&i| {
        let source = ir.types[i].source;
        (source, if source == NameSource::Inline { (rank[i], i) } else { (0, i) })
    });
    for i in order {
        let def = &ir.types[i];
        let free = |name: &String| !scope.contains(name) && !PRELUDE.contains(&name.as_str());
        let candidate = match def.variant_of {
            // An `…Input` copy of an inline type that took its short name
            // takes the prefixed one (`Allocations` → `BillPaymentAllocations`).
            Some(original) => {
                let original = &ir.types[original.0];
                let short = original.preferred_names.first().map(|s| type_name(s));
                let prefixed = original.preferred_names.get(1).map(|s| type_name(s));
                match (short, prefixed) {
                    (Some(short), Some(prefixed)) if short == original.name.rust && free(&prefixed) => prefixed,
                    _ => format!("{}Input", original.name.rust),
                }
            }
            None => {
                def.preferred_names.iter().map(|n| type_name(n)).find(free).unwrap_or_else(|| type_name(&def.name.wire))
            }
        };
        ir.types[i].name.rust = scope.claim(&candidate);
    }
}

/// Sets `file` of every type: its name in snake_case, unique in its module,
/// claimed in the order of the type names.
fn files(ir: &mut Ir) {
    for module in [Module::Components, Module::Operations, Module::Errors] {
        let mut ids: Vec<usize> = (0..ir.types.len()).filter(|&i| ir.types[i].module == module).collect();
        ids.sort_by(|a, b| ir.types[*a].name.rust.cmp(&ir.types[*b].name.rust));
        // A file named like its module would be `components::components`.
        let mut scope = Scope::with_reserved(&["mod", module.as_str()]);
        for i in ids {
            ir.types[i].file = scope.claim(&field_name(&ir.types[i].name.rust));
        }
    }
}
