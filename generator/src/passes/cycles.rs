//! Breaks recursion.
//!
//! 1. Type aliases cannot refer to themselves in Rust, so an alias on a
//!    cycle made only of aliases (`Tree = array of Tree`) becomes a newtype;
//!    a cycle of bare references (`A = B`, `B = A`) describes no value and is
//!    an error.
//! 2. A field, variant or newtype whose type contains, without a list or map
//!    in between, the type that holds it is boxed. Every such edge inside a
//!    strongly connected component of the "contains inline" graph is boxed:
//!    not always the minimum, but always enough, and independent of the order
//!    types were defined in.
//! 3. A struct whose required, non-null fields lead back to it (`Ouroboros
//!    { tail: Ouroboros }`) compiles, boxed, but no finite payload is one:
//!    a warning names it.

use crate::diag::Diagnostics;
use crate::ir::walk::named_in;
use crate::ir::{Additional, Ir, Newtype, Presence, TypeKind, TypeRef};

/// The type a reference contains inline (`Option` adds no indirection).
fn inline_target(ty: &TypeRef) -> Option<usize> {
    match ty {
        TypeRef::Named(id) => Some(id.0),
        TypeRef::Nullable(inner) => inline_target(inner),
        _ => None,
    }
}

fn inline_edges(ir: &Ir, i: usize) -> Vec<usize> {
    match &ir.types[i].kind {
        TypeKind::Struct(s) => {
            let mut out: Vec<usize> = s.fields.iter().filter_map(|f| inline_target(&f.ty)).collect();
            if let Additional::Typed(t) = &s.additional {
                out.extend(inline_target(t));
            }
            out
        }
        TypeKind::Union(u) => u.variants.iter().filter_map(|v| inline_target(&v.ty)).collect(),
        TypeKind::Alias(t) => inline_target(t).into_iter().collect(),
        TypeKind::Newtype(n) => inline_target(&n.ty).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Tarjan's algorithm, iterative: the component index of every node, and
/// whether that component is a cycle (more than one node, or a self-loop).
fn components(adj: &[Vec<usize>]) -> (Vec<usize>, Vec<bool>) {
    let n = adj.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut sizes: Vec<usize> = Vec::new();
    let mut stack = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if *child < adj[v].len() {
                let w = adj[v][*child];
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let c = sizes.len();
                let mut size = 0;
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = c;
                    size += 1;
                    if w == v {
                        break;
                    }
                }
                sizes.push(size);
            }
        }
    }
    let mut cyclic: Vec<bool> = sizes.iter().map(|&s| s > 1).collect();
    for v in 0..n {
        if adj[v].contains(&v) {
            cyclic[comp[v]] = true;
        }
    }
    (comp, cyclic)
}

/// Turns self-referring aliases into newtypes; reports cycles of bare references.
fn alias_cycles(ir: &mut Ir, diags: &mut Diagnostics) {
    let n = ir.types.len();
    let is_alias = |ir: &Ir, i: usize| matches!(ir.types[i].kind, TypeKind::Alias(_));
    let adj: Vec<Vec<usize>> = (0..n)
        .map(|i| match &ir.types[i].kind {
            TypeKind::Alias(t) => {
                let mut ids = Vec::new();
                named_in(t, &mut ids);
                ids.into_iter().map(|id| id.0).filter(|&j| is_alias(ir, j)).collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let (comp, cyclic) = components(&adj);
    let mut reported = vec![false; cyclic.len()];
    for i in 0..n {
        if !cyclic[comp[i]] {
            continue;
        }
        let TypeKind::Alias(t) = &ir.types[i].kind else { continue };
        let bare = |j: usize| matches!(&ir.types[j].kind, TypeKind::Alias(TypeRef::Named(_)));
        let all_bare = (0..n).filter(|&j| comp[j] == comp[i]).all(bare);
        if all_bare {
            if !std::mem::replace(&mut reported[comp[i]], true) {
                let def = &ir.types[i];
                diags.error(
                    def.origin.clone(),
                    format!("`{}` is defined only through references that lead back to itself", def.name.wire),
                    Some("give one schema of the cycle a shape (object, array, ...)".into()),
                );
            }
            continue;
        }
        ir.types[i].kind = TypeKind::Newtype(Newtype { ty: t.clone(), boxed: false });
    }
}

/// Warns of the types no finite value has (see the module docs): found by
/// propagation from the types that need nothing, in time linear in the
/// types and fields, whatever the length of a chain.
fn uninhabited(ir: &Ir, diags: &mut Diagnostics) {
    let n = ir.types.len();
    // What a value of each type must contain: a named type with no list, map,
    // option or `null` between. Unions keep an `Unknown` variant; enums and
    // scalars need nothing.
    let must = |ty: &TypeRef| match ty {
        TypeRef::Named(id) => Some(id.0),
        _ => None,
    };
    let needs: Vec<Vec<usize>> = (0..n)
        .map(|i| match &ir.types[i].kind {
            TypeKind::Struct(s) => {
                s.fields.iter().filter(|f| f.presence == Presence::Required).filter_map(|f| must(&f.ty)).collect()
            }
            TypeKind::Alias(t) => must(t).into_iter().collect(),
            TypeKind::Newtype(nt) => must(&nt.ty).into_iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    let mut missing: Vec<usize> = needs.iter().map(Vec::len).collect();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, targets) in needs.iter().enumerate() {
        for &t in targets {
            users[t].push(i);
        }
    }
    let mut has_value: Vec<bool> = missing.iter().map(|&m| m == 0).collect();
    let mut queue: Vec<usize> = (0..n).filter(|&i| has_value[i]).collect();
    while let Some(t) = queue.pop() {
        for &u in &users[t] {
            missing[u] -= 1;
            if missing[u] == 0 && !has_value[u] {
                has_value[u] = true;
                queue.push(u);
            }
        }
    }
    // Aliases are left to `alias_cycles` (a cycle of bare references is an
    // error there) and to the type they name.
    let named = |t: &&crate::ir::TypeDef| !matches!(t.kind, TypeKind::Alias(_));
    for t in ir.types.iter().zip(&has_value).filter(|(_, has)| !**has).map(|(t, _)| t).filter(named) {
        diags.warning(
            t.origin.clone(),
            format!(
                "`{}` has no finite value: what it requires leads back to it, so no payload can decode into it",
                t.name.wire
            ),
            Some("make a field on the cycle optional or nullable, or a list".into()),
        );
    }
}

/// Converts self-referring aliases and marks what needs a `Box`; warns of
/// the types no finite value has.
pub fn break_cycles(ir: &mut Ir, diags: &mut Diagnostics) {
    uninhabited(ir, diags);
    alias_cycles(ir, diags);
    let adj: Vec<Vec<usize>> = (0..ir.types.len()).map(|i| inline_edges(ir, i)).collect();
    let (comp, cyclic) = components(&adj);
    for i in 0..ir.types.len() {
        if !cyclic[comp[i]] {
            continue;
        }
        let same = |target: Option<usize>| target.is_some_and(|t| comp[t] == comp[i]);
        match &mut ir.types[i].kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    f.boxed = same(inline_target(&f.ty));
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    v.boxed = same(inline_target(&v.ty));
                }
            }
            TypeKind::Newtype(n) => n.boxed = same(inline_target(&n.ty)),
            _ => {}
        }
    }
}
