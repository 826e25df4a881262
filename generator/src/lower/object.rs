//! The properties of an object schema: its own, and those of its `allOf`
//! members, merged in order (a later member's property replaces an earlier
//! one's).

use super::classify::ObjectKeywords;
use super::Lowerer;
use crate::diag::join_pointer;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

/// The object-shaped parts of a schema, gathered from `properties`,
/// `required`, `additionalProperties` and `allOf` members.
#[derive(Default)]
pub(crate) struct ObjectParts {
    /// Name, schema and pointer of each property, in merge order.
    pub properties: Vec<(String, ReferenceOr<Schema>, String)>,
    /// Every name listed in a `required`.
    pub required: Vec<String>,
    /// The last `additionalProperties` given (a schema or `false` wins over `true`).
    pub additional: Option<AdditionalProperties>,
    /// Where `additional` was given.
    pub additional_pointer: String,
    /// A merged member says `type: object`: when nothing else comes of the
    /// merge, the value is still an object (an empty struct, as
    /// `type: object` alone is).
    pub typed_object: bool,
}

impl ObjectParts {
    fn add_property(&mut self, name: &str, schema: ReferenceOr<Schema>, pointer: String) {
        // Shallow merge: a later member's property replaces an earlier one's.
        if let Some(slot) = self.properties.iter_mut().find(|(n, _, _)| n == name) {
            slot.1 = schema;
            slot.2 = pointer;
        } else {
            self.properties.push((name.to_string(), schema, pointer));
        }
    }

    /// Adds the object keywords of the schema at `pointer`.
    pub(crate) fn add_keywords(&mut self, keywords: ObjectKeywords<'_>, pointer: &str) {
        let props_pointer = join_pointer(pointer, "properties");
        for (name, schema) in keywords.properties {
            self.add_property(name, super::classify::unbox(schema), join_pointer(&props_pointer, name));
        }
        for r in keywords.required {
            if !self.required.contains(r) {
                self.required.push(r.clone());
            }
        }
        if let Some(a) = keywords.additional {
            if !matches!(a, AdditionalProperties::Any(_)) || self.additional.is_none() {
                self.additional = Some(a.clone());
                self.additional_pointer = join_pointer(pointer, "additionalProperties");
            }
        }
    }
}

impl Lowerer<'_> {
    /// Merges `allOf` members (following references) into `parts`. False
    /// when a member cannot be merged (an error has been reported).
    pub(crate) fn collect_all_of(
        &mut self,
        spec: usize,
        parts: &mut ObjectParts,
        all_of: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> bool {
        for (i, member) in all_of.iter().enumerate() {
            let member_pointer = format!("{pointer}/allOf/{i}");
            let (schema, schema_pointer, guard) = match member {
                ReferenceOr::Reference { reference } => {
                    let guard = Self::component_name(reference).map(|n| (spec, n));
                    if let Some(g) = &guard {
                        if self.merging.contains(g) {
                            self.error(
                                spec,
                                &member_pointer,
                                format!("`allOf` cycle through `{reference}` cannot be represented"),
                                Some("a schema cannot include itself through `allOf`"),
                            );
                            return false;
                        }
                    }
                    let Some((target, target_pointer)) = self.resolve_schema_ref(spec, reference, &member_pointer)
                    else {
                        return false;
                    };
                    match target {
                        ReferenceOr::Item(s) => (s, target_pointer, guard),
                        ReferenceOr::Reference { reference } => {
                            // One more hop; nested reference chains are rare.
                            let Some((ReferenceOr::Item(s), p)) =
                                self.resolve_schema_ref(spec, &reference, &target_pointer)
                            else {
                                self.error(spec, &member_pointer, "reference chain in `allOf` is too deep", None);
                                return false;
                            };
                            (s, p, guard)
                        }
                    }
                }
                ReferenceOr::Item(s) => (s.clone(), member_pointer.clone(), None),
            };
            if let Some(g) = &guard {
                self.merging.push(g.clone());
            }
            let ok = self.collect_member(spec, parts, &schema, &schema_pointer);
            if guard.is_some() {
                self.merging.pop();
            }
            if !ok {
                return false;
            }
        }
        true
    }

    /// Merges one `allOf` member: an object schema, or one made of objects.
    fn collect_member(&mut self, spec: usize, parts: &mut ObjectParts, schema: &Schema, pointer: &str) -> bool {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(obj)) => {
                parts.add_keywords(ObjectKeywords::of_object(obj), pointer);
                parts.typed_object = true;
                true
            }
            SchemaKind::AllOf { all_of } => self.collect_all_of(spec, parts, all_of, pointer),
            SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() && any.not.is_none() => {
                if !any.all_of.is_empty() && !self.collect_all_of(spec, parts, &any.all_of, pointer) {
                    return false;
                }
                parts.add_keywords(ObjectKeywords::of_mixture(any), pointer);
                true
            }
            _ => {
                self.error(
                    spec,
                    pointer,
                    "an `allOf` member that is not an object cannot be merged",
                    Some("`allOf` members must be object schemas (or references to them)"),
                );
                false
            }
        }
    }
}
