//! Collision resolution within one scope.

use std::collections::BTreeSet;

/// A set of names in one scope (a module, a struct's fields, an enum's
/// variants). Claims are resolved in call order, so callers claim in a
/// deterministic order (most important first).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    /// True when `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes `candidate` if free, else the first free of `candidate2`,
    /// `candidate3`... (with `_` before the number for snake_case names; an
    /// UpperCamelCase name loses the `_` that escaped a keyword, since
    /// `Self_2` is not UpperCamelCase and `Self2` is).
    pub fn claim(&mut self, candidate: &str) -> String {
        if self.taken.insert(candidate.to_string()) {
            return candidate.to_string();
        }
        let snake = candidate.chars().next().is_some_and(|c| c.is_lowercase() || c == '_');
        let (stem, sep) = match (snake, candidate.ends_with('_')) {
            (true, false) => (candidate, "_"),
            (true, true) => (candidate, ""),
            (false, _) => (candidate.trim_end_matches('_'), ""),
        };
        (2usize..)
            .map(|n| format!("{stem}{sep}{n}"))
            .find(|c| self.taken.insert(c.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_resolve_in_claim_order() {
        let mut scope = Scope::with_reserved(&["additional_properties"]);
        assert_eq!(scope.claim("foo_bar"), "foo_bar");
        assert_eq!(scope.claim("foo_bar"), "foo_bar_2");
        assert_eq!(scope.claim("foo_bar_2"), "foo_bar_2_2");
        assert_eq!(scope.claim("additional_properties"), "additional_properties_2");
        assert_eq!(scope.claim("self_"), "self_");
        assert_eq!(scope.claim("self_"), "self_2");
        // `self` and `Self` as enum values: both `Self_`; the second is `Self2`.
        assert_eq!(scope.claim("Self_"), "Self_");
        assert_eq!(scope.claim("Self_"), "Self2");
        assert_eq!(scope.claim("Pet"), "Pet");
        assert_eq!(scope.claim("Pet"), "Pet2");
        let mut types = Scope::new();
        assert_eq!(types.claim("ConnectionHealth"), "ConnectionHealth");
        assert_eq!(types.claim("ConnectionHealth"), "ConnectionHealth2");
    }
}
