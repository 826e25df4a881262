//! Breaks recursion: a field or variant whose type contains, without a list
//! or map in between, the type that holds it is boxed.
//!
//! Every edge inside a strongly connected component of the "contains inline"
//! graph is boxed. That is not always the minimum, but it is always enough
//! and it does not depend on the order types were defined in.

use crate::ir::{Additional, Ir, TypeKind, TypeRef};

/// The type a reference contains inline (`Option` adds no indirection).
fn inline_target(ty: &TypeRef) -> Option<usize> {
    match ty {
        TypeRef::Named(id) => Some(id.0),
        TypeRef::Nullable(inner) => inline_target(inner),
        _ => None,
    }
}

fn edges(ir: &Ir, i: usize) -> Vec<usize> {
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
        _ => Vec::new(),
    }
}

/// Tarjan's algorithm, iterative: the component index of every type.
fn components(ir: &Ir) -> Vec<usize> {
    let n = ir.types.len();
    let adj: Vec<Vec<usize>> = (0..n).map(|i| edges(ir, i)).collect();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut ncomp = 0;
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
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = ncomp;
                    if w == v {
                        break;
                    }
                }
                ncomp += 1;
            }
        }
    }
    comp
}

/// Marks the fields and variants that need a `Box`.
pub fn break_cycles(ir: &mut Ir) {
    let comp = components(ir);
    for i in 0..ir.types.len() {
        let cyclic = |target: Option<usize>| target.is_some_and(|t| comp[t] == comp[i]);
        match &mut ir.types[i].kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    f.boxed = cyclic(inline_target(&f.ty));
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    v.boxed = cyclic(inline_target(&v.ty));
                }
            }
            _ => {}
        }
    }
}
