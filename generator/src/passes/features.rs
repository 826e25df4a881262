//! Per-API Cargo features. A crate of several APIs has a feature per API
//! (`vault`, `crm`, …; all on by default), so that a user of one API
//! compiles only what that API needs: a type is compiled when an API that
//! defines it, or one whose operations reach it, is enabled; a client group
//! when an API of its operations is. Computed from the finished IR (after
//! [`super::order::canonical`]) for emission, which writes the `#[cfg]`s.

use crate::ir::walk::{named_in, operation_refs, reachable};
use crate::ir::{Api, ApiId, Ir, TypeId};

/// The Cargo feature of `api`: its module name (`file_storage`), unless that
/// is a feature the crate already has (`client_api`, `default_api`).
pub fn feature_name(api: &Api) -> String {
    match api.module.as_str() {
        "client" | "default" => format!("{}_api", api.module),
        m => m.to_string(),
    }
}

/// The `cfg` predicate that holds when one of `apis` is enabled:
/// `feature = "crm"`, `any(feature = "crm", feature = "hris")`.
pub fn predicate(ir: &Ir, apis: &[ApiId]) -> String {
    let features: Vec<String> = apis.iter().map(|a| format!("feature = {:?}", feature_name(&ir.apis[a.0]))).collect();
    match features.as_slice() {
        [one] => one.clone(),
        _ => format!("any({})", features.join(", ")),
    }
}

/// Which APIs' features compile what.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Per type: the APIs whose features compile it, in API order; `None`
    /// when every API needs it (it is always compiled).
    pub types: Vec<Option<Vec<ApiId>>>,
    /// Per client group (indices of [`crate::ir::Client::groups`]): the APIs
    /// of the operations at or below it, in API order.
    pub groups: Vec<Vec<ApiId>>,
}

/// The features of `ir`, or `None` when it has fewer than two APIs (one
/// API needs no feature of its own).
pub fn compute(ir: &Ir) -> Option<Features> {
    if ir.apis.len() < 2 {
        return None;
    }
    let mut by_type: Vec<Vec<ApiId>> = vec![Vec::new(); ir.types.len()];
    for a in 0..ir.apis.len() {
        let api = ApiId(a);
        let mut roots: Vec<TypeId> =
            (0..ir.types.len()).filter(|&i| ir.types[i].api == Some(api)).map(TypeId).collect();
        for op in ir.operations.iter().filter(|op| op.api == api) {
            operation_refs(op, |_, t| named_in(t, &mut roots));
            roots.extend([op.request_type, op.response_type, op.globals_type].into_iter().flatten());
        }
        for (i, reached) in reachable(ir, roots).into_iter().enumerate() {
            if reached {
                by_type[i].push(api);
            }
        }
    }
    // Needed by every API, or by none (not reachable from any API: compiled
    // always rather than never).
    let everyone = ir.apis.len();
    let types = by_type.into_iter().map(|apis| (!apis.is_empty() && apis.len() < everyone).then_some(apis)).collect();
    let mut groups: Vec<Vec<ApiId>> = vec![Vec::new(); ir.client.groups.len()];
    for (g, group) in ir.client.groups.iter().enumerate() {
        for &op in &group.operations {
            // The group and every group above it.
            let api = ir.operations[op].api;
            let mut at = Some(g);
            while let Some(i) = at {
                if !groups[i].contains(&api) {
                    groups[i].push(api);
                }
                at = ir.client.groups[i].parent;
            }
        }
    }
    for apis in &mut groups {
        apis.sort();
    }
    Some(Features { types, groups })
}
