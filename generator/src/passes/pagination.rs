//! Keeps an operation's cursor pagination only where its success body has
//! what it names: a string at the next-cursor path and an array at the
//! items path, and the cursor is a string query parameter (a spec's `x-speakeasy-pagination` that names neither is
//! reported, Apideck's convention is just not applied).

use crate::diag::Diagnostics;
use crate::ir::walk::resolve;
use crate::ir::*;

/// The fields along `path` (wire names) from type `ty`, through aliases.
pub fn fields_along<'a>(ir: &'a Ir, ty: &'a TypeRef, path: &[String]) -> Option<Vec<&'a Field>> {
    let mut out = Vec::new();
    let mut at = ty;
    for name in path {
        let TypeRef::Named(id) = resolve(ir, at) else { return None };
        let TypeKind::Struct(s) = &ir.ty(*id).kind else { return None };
        let field = s.fields.iter().find(|f| f.name.wire == *name)?;
        out.push(field);
        at = &field.ty;
    }
    Some(out)
}

/// The content a page's body is read from: the first success response's
/// JSON body that fills a field of the response type.
pub fn page_content(op: &Operation) -> Option<&Content> {
    op.responses
        .iter()
        .filter(|r| r.status.is_success())
        .find_map(|r| r.primary().filter(|c| c.kind == BodyKind::Json && c.field.is_some() && c.ty.is_some()))
}

/// Drops the pagination of operations whose body does not have it.
pub fn check(ir: &mut Ir, diags: &mut Diagnostics) {
    for i in 0..ir.operations.len() {
        let Some(p) = &ir.operations[i].pagination else { continue };
        let op = &ir.operations[i];
        let fits = page_content(op).and_then(|c| c.ty.as_ref()).is_some_and(|ty| {
            let next = fields_along(ir, ty, &p.next)
                .and_then(|f| f.last().copied())
                .is_some_and(|f| matches!(resolve(ir, &f.ty), TypeRef::Primitive(Primitive::String)));
            let items = fields_along(ir, ty, &p.items)
                .and_then(|f| f.last().copied())
                .is_some_and(|f| matches!(resolve(ir, &f.ty), TypeRef::List(_)));
            next && items
        }) && op.params.iter().any(|q| {
            q.location == ParamLocation::Query
                && q.name.wire == p.cursor
                && matches!(resolve(ir, &q.ty), TypeRef::Primitive(Primitive::String))
        });
        if !fits {
            if p.declared {
                diags.warning(
                    op.origin.clone(),
                    "`x-speakeasy-pagination` names a cursor, next cursor or results the operation does not have",
                    Some("the operation is generated without an items stream".into()),
                );
            }
            ir.operations[i].pagination = None;
        }
    }
}
