//! The naming stage: every Rust name of the generated crate is claimed here,
//! and only here. Readers and lowering record what a name derives from (a
//! wire name, a schema's title, a hint built from its parent, an
//! `x-speakeasy-name-override`); this stage turns those candidates into
//! identifiers with the [`rules`], and resolves collisions per scope with a
//! `Scope` in a fixed order.
//!
//! It runs in three steps, because the kinds of names depend on different
//! things:
//! - [`members`], right after lowering: the names inside one type or
//!   operation (fields, enum and union variants, parameters, body and
//!   response fields, method names). They depend only on what the schema
//!   declares, so they are decided before the passes drop `readOnly` or
//!   `writeOnly` fields or make `…Input` copies: a copy keeps its original's
//!   names.
//! - [`types`], after the passes: the type names, unique across the crate,
//!   and the file each type is written to. They depend on which types exist
//!   (the `…Input` copies) and on the order the operations reach them.
//!   A [`lock::NameLock`] read from the crate pins the names of types that
//!   already existed, so a changed spec renames nothing that is still there.
//! - [`client`], last, with the crate's name: the client type, its groups,
//!   the accessor and method names in each, and the `ErrorBody` variants.
//!
//! Emission claims nothing itself: the few identifiers it makes up (the
//! locals of a generated `Deserialize`, test names) come from [`claim_all`].

mod client;
pub mod lock;
mod members;
pub mod rules;
mod scope;
mod types;

pub use client::client;
pub use members::members;
pub use rules::{field_name, needs_raw, type_name, variant_name};
pub use types::types;

/// The variant every generated enum and union has for values it does not know.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The field of a response type holding the HTTP metadata.
pub const HTTP_META_FIELD: &str = "http_meta";

/// The field of a struct holding the properties its schema does not declare.
pub const ADDITIONAL_FIELD: &str = "additional_properties";

/// The runtime's HTTP metadata type, re-exported in `models::components`: no
/// generated type may take its name.
pub const HTTP_METADATA_TYPE: &str = "HttpMetadata";

/// Claims `candidates` in order in a fresh scope where `reserved` is taken;
/// the names, in the same order (`x`, `x_2`…).
pub fn claim_all(reserved: &[&str], candidates: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut scope = scope::Scope::with_reserved(reserved);
    candidates.into_iter().map(|c| scope.claim(&c)).collect()
}

/// Errors when a name was left unset: a bug of the stage, reported instead
/// of emitting an empty identifier.
pub fn check(ir: &crate::ir::Ir) -> Result<(), String> {
    use crate::ir::TypeKind;
    let mut missing = Vec::new();
    for def in &ir.types {
        if def.name.rust.is_empty() || def.file.is_empty() {
            missing.push(format!("type `{}`", def.name.wire));
        }
        match &def.kind {
            TypeKind::Struct(s) if s.additional_field.is_empty() || s.fields.iter().any(|f| f.name.rust.is_empty()) => {
                missing.push(format!("a field of `{}`", def.name.wire));
            }
            TypeKind::Envelope(fields) if fields.iter().any(|f| f.name.rust.is_empty()) => {
                missing.push(format!("a field of `{}`", def.name.wire));
            }
            TypeKind::Enum(e) if e.variants.iter().any(|v| v.name.rust.is_empty()) => {
                missing.push(format!("a variant of `{}`", def.name.wire));
            }
            TypeKind::Union(u) if u.variants.iter().any(|v| v.name.is_empty()) => {
                missing.push(format!("a variant of `{}`", def.name.wire));
            }
            _ => {}
        }
    }
    for op in &ir.operations {
        let body = op.body.as_ref().is_some_and(|b| b.field.is_empty());
        if op.method_name.is_empty() || body || op.params.iter().any(|p| p.name.rust.is_empty()) {
            missing.push(format!("a name of operation `{}`", op.id));
        }
    }
    match missing.first() {
        None => Ok(()),
        Some(first) => Err(format!("bug: {} names were never decided, the first: {first}", missing.len())),
    }
}
