//! The client's names: its type (after the crate), the tree of groups the
//! operations' layouts describe, the accessor and method names in each
//! group, and the variants of the crate's `ErrorBody`.

use super::members::variant_label;
use super::rules::{field_name, type_name};
use super::scope::Scope;
use crate::ir::*;

/// Names every group and method of the client of crate `crate_name`. Runs
/// last, on the finished IR (type names are known).
pub fn client(ir: &mut Ir, crate_name: &str) {
    let name = type_name(crate_name);
    let builder = format!("{name}Builder");
    // Group types share the `client` module with the client, its builder
    // and the error types.
    let mut types = Scope::with_reserved(&[&name, &builder, "Error", "ErrorBody", "CallOptions", "RetryPolicy"]);
    let root = ClientGroup {
        label: String::new(),
        accessor: String::new(),
        type_name: name.clone(),
        parent: None,
        children: Vec::new(),
        operations: Vec::new(),
    };
    let mut groups = vec![root];
    // Members of each group in the order the operations reach them.
    enum Member {
        Group(usize),
        Operation(usize),
    }
    let mut members: Vec<Vec<Member>> = vec![Vec::new()];
    for (i, op) in ir.operations.iter().enumerate() {
        let mut at = 0;
        let mut path = String::new();
        for label in &op.layout.groups {
            path.push_str(&type_name(label));
            // Labels that differ only in case or separators (a tag
            // `Consumers`, an overlay's `consumers`) are one group.
            let key = field_name(label);
            let existing = groups[at].children.iter().copied().find(|&c| field_name(&groups[c].label) == key);
            at = match existing {
                Some(c) => c,
                None => {
                    let id = groups.len();
                    groups.push(ClientGroup {
                        label: label.clone(),
                        accessor: String::new(),
                        type_name: types.claim(&path),
                        parent: Some(at),
                        children: Vec::new(),
                        operations: Vec::new(),
                    });
                    members.push(Vec::new());
                    groups[at].children.push(id);
                    members[at].push(Member::Group(id));
                    id
                }
            };
        }
        groups[at].operations.push(i);
        members[at].push(Member::Operation(i));
    }
    for list in &members {
        // Every group has `with_options`; the client has `builder` too.
        let mut scope = Scope::with_reserved(&["with_options", "builder", "new", "core"]);
        for member in list {
            match member {
                Member::Group(c) => groups[*c].accessor = scope.claim(&field_name(&groups[*c].label)),
                Member::Operation(i) => {
                    let op = &mut ir.operations[*i];
                    op.method_name = scope.claim(&field_name(&op.layout.method));
                    // A list with a cursor also streams its items.
                    if op.pagination.is_some() {
                        op.stream_method = Some(scope.claim(&format!("{}_stream", op.method_name)));
                    }
                }
            }
        }
    }
    let error_bodies = error_bodies(ir);
    let (credentials, globals) = builder_setters(ir);
    ir.client = Client { name, builder, groups, error_bodies, credentials, globals };
}

/// The builder's setters: one per global parameter (named as the spec
/// renames it, `x-apideck-consumer-id` → `consumer_id`), then one per
/// security scheme (how it is sent decided here: an API key in the
/// `Authorization` header, and HTTP bearer and OAuth tokens, go as
/// `Bearer <secret>`). A scheme whose key goes where a global parameter
/// goes is set by that parameter's setter.
fn builder_setters(ir: &Ir) -> (Vec<ClientCredential>, Vec<ClientGlobal>) {
    let mut scope =
        Scope::with_reserved(&["server_url", "timeout", "retry", "user_agent", "http_client", "strict", "build"]);
    let mut globals: Vec<ClientGlobal> = Vec::new();
    for g in ir.apis.iter().flat_map(|a| &a.globals) {
        if g.location == ParamLocation::Path || globals.iter().any(|c| c.name == g.name && c.location == g.location) {
            continue;
        }
        let rename = ir
            .operations
            .iter()
            .flat_map(|op| &op.params)
            .find(|p| p.name.wire == g.name && p.location == g.location)
            .and_then(|p| p.rename.clone());
        let method = scope.claim(&field_name(rename.as_deref().unwrap_or(&g.name)));
        globals.push(ClientGlobal { location: g.location, name: g.name.clone(), method, schemes: Vec::new() });
    }
    let mut credentials: Vec<ClientCredential> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for scheme in ir.apis.iter().flat_map(|a| &a.security_schemes) {
        if seen.contains(&scheme.key.as_str()) {
            continue;
        }
        seen.push(&scheme.key);
        let (location, name, prefix) = match &scheme.kind {
            SecuritySchemeKind::ApiKey { location, name } => {
                let bearer = *location == ParamLocation::Header && name.eq_ignore_ascii_case("authorization");
                (*location, name.clone(), if bearer { "Bearer " } else { "" })
            }
            SecuritySchemeKind::Http { scheme, .. } if scheme == "basic" => {
                (ParamLocation::Header, "Authorization".to_string(), "Basic ")
            }
            SecuritySchemeKind::Http { .. }
            | SecuritySchemeKind::OAuth2(_)
            | SecuritySchemeKind::OpenIdConnect { .. } => {
                (ParamLocation::Header, "Authorization".to_string(), "Bearer ")
            }
        };
        // A key sent where a global parameter goes is that parameter.
        if let Some(g) = globals.iter_mut().find(|g| g.location == location && g.name.eq_ignore_ascii_case(&name)) {
            g.schemes.push(scheme.key.clone());
            continue;
        }
        credentials.push(ClientCredential {
            scheme: scheme.key.clone(),
            location,
            name,
            prefix: prefix.to_string(),
            method: scope.claim(&field_name(&scheme.key)),
            description: scheme.description.clone(),
        });
    }
    (credentials, globals)
}

/// Every type an error status or a `default` response has a body of, in the
/// order the operations reach them, with a variant name each.
fn error_bodies(ir: &Ir) -> Vec<(TypeRef, String)> {
    let mut scope = Scope::new();
    let mut out: Vec<(TypeRef, String)> = Vec::new();
    for op in &ir.operations {
        for r in op.responses.iter().filter(|r| r.status.is_error() || r.status == Status::Default) {
            let Some(ty) = r.primary().and_then(|c| c.ty.clone()) else { continue };
            if out.iter().any(|(t, _)| *t == ty) {
                continue;
            }
            let label = match &ty {
                TypeRef::Named(id) => ir.ty(*id).name.rust.clone(),
                other => variant_label(ir, other),
            };
            out.push((ty, scope.claim(&label)));
        }
    }
    out
}
