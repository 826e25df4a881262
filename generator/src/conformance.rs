//! Conformance: how closely the types built from the specs agree with a set
//! of model docs (the Speakeasy SDK's), in two separate figures.
//!
//! - **Shapes**: the roots whose walk ([`crate::pairing`]: the doc's types
//!   and ours side by side, by shape) finds no mismatch. Names alone never
//!   break a shape.
//! - **Names**: does every doc type exist under exactly that name (in Rust
//!   case) in our output? (Without case for docs whose names carry none:
//!   Go's `UnifiedAPIID` is our `UnifiedApiId`.)

use crate::ir::*;
use crate::read::sdk_docs::{DocSet, Namespace};
use std::collections::BTreeSet;

/// The outcome of a conformance run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// One line per mismatch, sorted.
    pub mismatches: Vec<String>,
    /// Roots whose whole walk matched, and all roots.
    pub shapes: (usize, usize),
    /// Doc types that exist under their name, and all doc types.
    pub names: (usize, usize),
    /// The doc models and our types the shape walk paired, sorted.
    pub pairs: Vec<(Namespace, String, TypeId)>,
}

/// `a` of `b` as a percentage; 0/0 is 0%: nothing compared is nothing shown to conform.
fn percent((a, b): (usize, usize)) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 * 100.0 / b as f64
    }
}

impl Report {
    /// Shapes matched, in percent.
    pub fn shape_percent(&self) -> f64 {
        percent(self.shapes)
    }

    /// Names matched, in percent.
    pub fn name_percent(&self) -> f64 {
        percent(self.names)
    }

    /// `conformance: shapes <matched>/<total> (<percent>%), names <matched>/<total> (<percent>%)`.
    pub fn summary(&self) -> String {
        format!(
            "conformance: shapes {}/{} ({:.1}%), names {}/{} ({:.1}%)",
            self.shapes.0,
            self.shapes.1,
            self.shape_percent(),
            self.names.0,
            self.names.1,
            self.name_percent()
        )
    }
}

/// Compares `ir` with `docs`.
pub fn check(ir: &Ir, docs: &DocSet) -> Report {
    let pairing = crate::pairing::pair(ir, docs);
    let matched = pairing.roots.iter().filter(|m| m.is_empty()).count();
    let mut mismatches: Vec<String> = pairing.roots.iter().flatten().map(|m| format!("shape: {m}")).collect();
    let mut report = Report { shapes: (matched, pairing.roots.len()), pairs: pairing.pairs, ..Report::default() };

    // Names.
    let ours: BTreeSet<&str> = ir.types.iter().map(|d| d.name.rust.as_str()).collect();
    // Docs whose names carry no case (Go's `UnifiedAPIID`) compare without it.
    let ours_loose: BTreeSet<String> = match docs.capital_initialisms {
        true => ours.iter().map(|n| crate::pairing::loose_key(n)).collect(),
        false => BTreeSet::new(),
    };
    let mut named = 0;
    for (_, doc) in &docs.models {
        let rust = crate::naming::type_name(&doc.name);
        let exists = ours.contains(rust.as_str()) || ours_loose.contains(&crate::pairing::loose_key(&rust));
        if exists || rust == crate::naming::HTTP_METADATA_TYPE {
            named += 1;
        } else {
            let paired = report.pairs.iter().find(|(ns, n, _)| *ns == doc.namespace && *n == doc.name);
            let ours = match paired {
                Some((_, _, id)) => format!("; the same type is `{}` in ours", ir.ty(*id).name.rust),
                None => String::new(),
            };
            mismatches.push(format!(
                "name: {}.{} ({rust}) is not a type of ours{ours}",
                doc.namespace.as_str(),
                doc.name
            ));
        }
    }
    report.names = (named, docs.models.len());
    mismatches.sort();
    mismatches.dedup();
    report.mismatches = mismatches;
    report
}
