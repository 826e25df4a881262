//! Schemas → types. [`classify`](super::classify::classify) says what a
//! schema is; this module makes it: a named type for objects, enums and
//! unions, a type reference for the rest.

use super::classify::{classify, enum_has_null, unbox, IfEmpty, Named, Shape, Unnamed};
use super::object::ObjectParts;
use super::{rustdoc_of, Lowered, Lowerer, Site};
use crate::diag::join_pointer;
use crate::ir::*;
use crate::naming::type_name;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use serde_json::Value;

impl Lowerer<'_> {
    /// Lowers a schema in any position. Object, enum and union schemas become
    /// named types (see [`Site`] for their names); references become ids.
    pub(crate) fn lower_schema(&mut self, schema: &ReferenceOr<Schema>, site: &Site) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_ref(reference, site),
            ReferenceOr::Item(item) if super::type_override_any(item) => {
                let mut lowered = Lowered::plain(TypeRef::Any);
                lowered.rustdoc = rustdoc_of(&item.schema_data);
                lowered
            }
            ReferenceOr::Item(item) => {
                // Inline schemas are lowered once per place: a parameter
                // schema shared by thirty operations is one type.
                let key = (site.spec, site.pointer.clone());
                if let Some(done) = self.by_pointer.get(&key) {
                    return done.clone();
                }
                let (ty, member_nullable) = match classify(item, site.union_member) {
                    Shape::Named(named) => (self.named_type(item, named, site), false),
                    Shape::Unnamed(unnamed) => self.unnamed_type(unnamed, site),
                };
                let data = &item.schema_data;
                let lowered = Lowered {
                    nullable: data.nullable || member_nullable,
                    ty,
                    read_only: data.read_only,
                    write_only: data.write_only,
                    default: data.default.clone(),
                    rustdoc: rustdoc_of(data),
                };
                self.by_pointer.insert(key, lowered.clone());
                lowered
            }
        }
    }

    fn lower_ref(&mut self, reference: &str, site: &Site) -> Lowered {
        let spec = site.spec;
        if let Some(name) = Self::component_name(reference) {
            if let Some(id) = self.components.get(&(spec, name.clone())).copied() {
                let schema = self.specs[spec].doc.components.as_ref().and_then(|c| c.schemas.get(&name));
                let (nullable, read_only, write_only) = match schema {
                    Some(ReferenceOr::Item(s)) => {
                        (s.schema_data.nullable || enum_has_null(s), s.schema_data.read_only, s.schema_data.write_only)
                    }
                    _ => (false, false, false),
                };
                return Lowered {
                    ty: TypeRef::Named(id),
                    nullable,
                    read_only,
                    write_only,
                    default: None,
                    rustdoc: Rustdoc::default(),
                };
            }
        }
        // A reference into another schema (`#/components/schemas/A/properties/b`)
        // or elsewhere: lower what it points to, once per target.
        let Some((target, target_pointer)) = self.resolve_schema_ref(spec, reference, &site.pointer) else {
            return Lowered::plain(TypeRef::Any);
        };
        if let ReferenceOr::Reference { reference: next } = &target {
            if next == reference {
                self.error(spec, &site.pointer, format!("reference `{reference}` points to itself"), None);
                return Lowered::plain(TypeRef::Any);
            }
        }
        let hint = pointer_hint(&target_pointer).unwrap_or_else(|| site.hint.clone());
        // A definition (`…/$defs/Point`) is named by its key, wherever it is used from.
        let tokens: Vec<&str> = target_pointer.rsplitn(3, '/').collect();
        let property = match tokens.as_slice() {
            [key, "$defs", _] => Some(type_name(&crate::diag::unescape_pointer_token(key))),
            _ => site.property.clone(),
        };
        self.lower_schema(&target, &Site { pointer: target_pointer, hint, property, ..site.clone() })
    }

    /// Lowers a component schema into its registered type `id`: the named
    /// type itself for an object, enum or union, an alias for the rest.
    pub(crate) fn lower_component(&mut self, id: TypeId, schema: &ReferenceOr<Schema>, site: &Site) {
        let kind = match schema {
            ReferenceOr::Reference { .. } => TypeKind::Alias(self.lower_schema(schema, site).ty),
            ReferenceOr::Item(item) => {
                self.ir.types[id.0].rustdoc = rustdoc_of(&item.schema_data);
                if super::type_override_any(item) {
                    TypeKind::Alias(TypeRef::Any)
                } else {
                    match classify(item, false) {
                        Shape::Named(named) => match self.named_kind(item, named, site) {
                            Some(kind) => kind,
                            None => return,
                        },
                        Shape::Unnamed(unnamed) => TypeKind::Alias(self.unnamed_type(unnamed, site).0),
                    }
                }
            }
        };
        self.ir.types[id.0].kind = kind;
    }

    /// A new named type for an inline object, enum or union schema.
    fn named_type(&mut self, item: &Schema, shape: Named<'_>, site: &Site) -> TypeRef {
        // The short names it prefers: its title, else the property it is
        // the type of, then that prefixed with the component it is in.
        let title = item.schema_data.title.as_deref().map(type_name).filter(|t| t != "Value");
        let preferred_names = match (title.or(site.property.clone()), &site.root) {
            (Some(short), Some(root)) => vec![short.clone(), format!("{root}{short}")],
            (Some(short), None) => vec![short],
            (None, _) => Vec::new(),
        };
        let docs = rustdoc_of(&item.schema_data);
        let id =
            self.add_named(site.spec, &site.pointer, site.hint.clone(), NameSource::Inline, docs, TypeKind::Pending);
        self.ir.types[id.0].preferred_names = preferred_names;
        // Cached before its shape is lowered, so that a self-reference finds it.
        self.by_pointer.insert((site.spec, site.pointer.clone()), Lowered::plain(TypeRef::Named(id)));
        if let Some(kind) = self.named_kind(item, shape, site) {
            self.ir.types[id.0].kind = kind;
        }
        TypeRef::Named(id)
    }

    /// The kind of a named shape; `None` when it cannot be made (an error
    /// has been reported).
    fn named_kind(&mut self, schema: &Schema, shape: Named<'_>, site: &Site) -> Option<TypeKind> {
        let default = schema.schema_data.default.as_ref();
        match shape {
            Named::Object { own, all_of, if_empty } => {
                let mut parts = ObjectParts::default();
                if !all_of.is_empty() && !self.collect_all_of(site.spec, &mut parts, all_of, &site.pointer) {
                    return None;
                }
                if let Some(own) = own {
                    parts.add_keywords(own, &site.pointer);
                }
                match if_empty {
                    _ if !parts.properties.is_empty() => Some(self.struct_kind(parts, site)),
                    IfEmpty::Struct => Some(self.struct_kind(parts, site)),
                    IfEmpty::Unsupported if parts.typed_object => Some(self.struct_kind(parts, site)),
                    IfEmpty::Enum(repr, values) => Some(enum_kind(repr, values, default)),
                    IfEmpty::Unsupported => {
                        let hint = "give it one shape: an object, an enum, a union, an array or a scalar";
                        self.error(
                            site.spec,
                            &site.pointer,
                            "this schema's combination of keywords cannot be converted",
                            Some(hint),
                        );
                        None
                    }
                }
            }
            Named::Enum(repr, values) => Some(enum_kind(repr, values, default)),
            Named::Union { kind, members } => Some(self.union_kind(members, kind, schema, site)),
        }
    }

    /// The type reference of a shape that is not a named type, and whether
    /// it is nullable through a member that stands for it.
    fn unnamed_type(&mut self, shape: Unnamed<'_>, site: &Site) -> (TypeRef, bool) {
        match shape {
            Unnamed::Primitive(p) => (TypeRef::Primitive(p), false),
            Unnamed::List(items) => {
                let item = match items {
                    Some(items) => self.lower_item(&unbox(items), &site.inner(join_pointer(&site.pointer, "items"))),
                    None => TypeRef::Any,
                };
                (TypeRef::List(Box::new(item)), false)
            }
            Unnamed::Map(values) => {
                let value = match values {
                    Some(values) => {
                        self.lower_item(values, &site.inner(join_pointer(&site.pointer, "additionalProperties")))
                    }
                    None => TypeRef::Any,
                };
                (TypeRef::Map(Box::new(value)), false)
            }
            Unnamed::Any => (TypeRef::Any, false),
            Unnamed::Member { schema, at } => {
                let lowered = self.lower_schema(schema, &site.inner(format!("{}/{at}", site.pointer)));
                (lowered.ty, lowered.nullable)
            }
            Unnamed::Unsupported { message, hint } => {
                self.error(site.spec, &site.pointer, message, Some(hint));
                (TypeRef::Any, false)
            }
        }
    }

    /// Lowers an array item or map value: nullable items stay nullable.
    fn lower_item(&mut self, schema: &ReferenceOr<Schema>, site: &Site) -> TypeRef {
        let lowered = self.lower_schema(schema, site);
        if lowered.nullable {
            TypeRef::Nullable(Box::new(lowered.ty))
        } else {
            lowered.ty
        }
    }

    /// A struct of the merged properties, each lowered at its own site.
    fn struct_kind(&mut self, parts: ObjectParts, site: &Site) -> TypeKind {
        let mut fields = Vec::new();
        for (wire, schema, pointer) in &parts.properties {
            let property = type_name(wire);
            let hint = format!("{}{property}", site.hint);
            let lowered = self.lower_schema(schema, &site.child(pointer.clone(), hint, Some(property), false));
            let mut docs = lowered.rustdoc;
            if docs.description.is_none() && docs.title.is_none() {
                if let TypeRef::Named(id) = &lowered.ty {
                    if !matches!(schema, ReferenceOr::Reference { .. }) {
                        docs = self.ir.types[id.0].rustdoc.clone();
                    }
                }
            }
            fields.push(Field {
                name: Name::wire(wire.clone()),
                ty: lowered.ty,
                presence: Presence::new(parts.required.contains(wire), lowered.nullable),
                read_only: lowered.read_only,
                write_only: lowered.write_only,
                boxed: false,
                default: lowered.default,
                rustdoc: docs,
            });
        }
        let additional = match &parts.additional {
            Some(AdditionalProperties::Schema(s)) => {
                let site = site.child(parts.additional_pointer.clone(), format!("{}Value", site.hint), None, false);
                Additional::Typed(self.lower_item(s, &site))
            }
            // `additionalProperties: false` is not enforced: a server that adds
            // a field must not break its clients.
            _ => Additional::Preserve,
        };
        TypeKind::Struct(Struct { fields, additional, additional_field: String::new() })
    }

    /// A union of `members` (the same type twice is one variant), with the
    /// discriminator the schema names.
    fn union_kind(
        &mut self,
        members: &[ReferenceOr<Schema>],
        kind: UnionKind,
        schema: &Schema,
        site: &Site,
    ) -> TypeKind {
        let spec = site.spec;
        let keyword = kind.keyword();
        let mut variants: Vec<UnionVariant> = Vec::new();
        // The variant each member became (duplicates are one variant).
        let mut variant_of: Vec<usize> = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let member_site =
                site.child(format!("{}/{keyword}/{i}", site.pointer), format!("{}{}", site.hint, i + 1), None, true);
            let lowered = self.lower_schema(member, &member_site);
            let ty = if lowered.nullable { TypeRef::Nullable(Box::new(lowered.ty)) } else { lowered.ty };
            if let Some(j) = variants.iter().position(|v| v.ty == ty) {
                variant_of.push(j);
                continue;
            }
            variant_of.push(variants.len());
            variants.push(UnionVariant { name: String::new(), label: String::new(), ty, boxed: false });
        }
        let discriminator = schema.schema_data.discriminator.as_ref().map(|d| {
            let mut mapping: Vec<(String, usize)> = Vec::new();
            for (tag, target) in &d.mapping {
                // A mapping value is a reference, or the bare name of a component schema.
                let reference = if target.starts_with('#') || target.contains('/') {
                    target.clone()
                } else {
                    format!("#/components/schemas/{}", crate::diag::escape_pointer_token(target))
                };
                let id = Self::component_name(&reference).and_then(|n| self.components.get(&(spec, n)).copied());
                let mut found = id.and_then(|id| variants.iter().position(|v| v.ty == TypeRef::Named(id)));
                // A mapping to one of this union's own members, by pointer
                // (what normalisation writes when it gives members shared fields).
                let own = format!("#{}/{keyword}/", site.pointer);
                if let Some(i) = reference.strip_prefix(&own).and_then(|i| i.parse::<usize>().ok()) {
                    found = variant_of.get(i).copied();
                }
                // A schema the union does not list (a subtype of a member, say)
                // is a variant of its own: payloads with that tag decode as it.
                if let (Some(id), None) = (id, found) {
                    variants.push(UnionVariant {
                        name: String::new(),
                        label: String::new(),
                        ty: TypeRef::Named(id),
                        boxed: false,
                    });
                    found = Some(variants.len() - 1);
                }
                match found {
                    Some(i) => mapping.push((tag.clone(), i)),
                    None => self.error(
                        spec,
                        &join_pointer(&format!("{}/discriminator/mapping", site.pointer), tag),
                        format!("discriminator mapping `{tag}` → `{target}` names no member of the `{keyword}`"),
                        Some("map each tag to a `#/components/schemas/...` schema listed in the union"),
                    ),
                }
            }
            self.tag_unmapped(members, &variants, &variant_of, &d.property_name, &mut mapping, keyword, site);
            Discriminator { property: d.property_name.clone(), mapping }
        });
        TypeKind::Union(Union { variants, discriminator, kind })
    }

    /// Tags each variant the discriminator's `mapping` does not name: with
    /// the one value its member's schema declares for `property` (`const:
    /// server_vad`, `enum: [card]`), else with its schema's name.
    #[allow(clippy::too_many_arguments)]
    fn tag_unmapped(
        &self,
        members: &[ReferenceOr<Schema>],
        variants: &[UnionVariant],
        variant_of: &[usize],
        property: &str,
        mapping: &mut Vec<(String, usize)>,
        keyword: &str,
        site: &Site,
    ) {
        let spec = site.spec;
        let raw = &self.specs[spec].raw;
        for (i, v) in variants.iter().enumerate() {
            if mapping.iter().any(|(_, j)| *j == i) {
                continue;
            }
            let member = variant_of.iter().position(|&j| j == i).and_then(|m| {
                let pointer = match &members[m] {
                    ReferenceOr::Reference { reference } => reference.strip_prefix('#')?.to_string(),
                    ReferenceOr::Item(_) => format!("{}/{keyword}/{m}", site.pointer),
                };
                raw.pointer(&pointer)
            });
            let declared = member.and_then(|m| declared_tag(raw, m, property, 0));
            let declared = declared.filter(|tag| !mapping.iter().any(|(t, _)| t == tag));
            if let Some(tag) = declared {
                mapping.push((tag, i));
                continue;
            }
            if let TypeRef::Named(id) = v.ty {
                let component =
                    self.components.iter().find(|(k, t)| k.0 == spec && **t == id).map(|(k, _)| k.1.clone());
                if let Some(tag) = component {
                    mapping.push((tag, i));
                }
            }
        }
    }
}

/// The one value `schema` (raw, in the document `root`) declares for its
/// `property`: a `const`, or an `enum` of one value besides `null`, in its
/// properties or those of its `allOf` parts.
fn declared_tag(root: &serde_json::Value, schema: &serde_json::Value, property: &str, depth: usize) -> Option<String> {
    /// `v`, with its `$ref`s followed.
    fn follow<'v>(root: &'v serde_json::Value, mut v: &'v serde_json::Value) -> Option<&'v serde_json::Value> {
        for _ in 0..16 {
            match v.get("$ref").and_then(serde_json::Value::as_str) {
                Some(r) => v = root.pointer(r.strip_prefix('#')?)?,
                None => return Some(v),
            }
        }
        None
    }
    if depth > 8 {
        return None;
    }
    let schema = follow(root, schema)?;
    if let Some(p) = schema.get("properties").and_then(|p| p.get(property)).and_then(|p| follow(root, p)) {
        if let Some(serde_json::Value::String(v)) = p.get("const") {
            return Some(v.clone());
        }
        let values: Vec<&serde_json::Value> = p
            .get("enum")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter(|v| !v.is_null())
            .collect();
        if let [serde_json::Value::String(v)] = values.as_slice() {
            return Some(v.clone());
        }
    }
    let parts = schema.get("allOf").and_then(serde_json::Value::as_array)?;
    parts.iter().find_map(|part| declared_tag(root, part, property, depth + 1))
}

/// A readable type name for the schema at `pointer`
/// (`/components/schemas/Connection/properties/health` → `ConnectionHealth`).
fn pointer_hint(pointer: &str) -> Option<String> {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(crate::diag::unescape_pointer_token).collect();
    let rest = match tokens.as_slice() {
        [c, s, rest @ ..] if c == "components" && s == "schemas" => rest,
        _ => return None,
    };
    // A definition nested in a schema (`$defs`) is named by its own key.
    let rest = match rest.iter().rposition(|t| t == "$defs") {
        Some(at) if at + 1 < rest.len() => &rest[at + 1..],
        _ => rest,
    };
    let words: Vec<String> = rest
        .iter()
        .filter(|t| {
            !matches!(t.as_str(), "properties" | "items" | "allOf" | "oneOf" | "anyOf" | "additionalProperties")
        })
        .map(|t| type_name(t))
        .collect();
    Some(words.concat())
}

/// An enum of `values` (duplicates dropped), with the variant of `default` marked.
pub(crate) fn enum_kind(repr: EnumRepr, values: Vec<Value>, default: Option<&Value>) -> TypeKind {
    let mut variants: Vec<EnumVariant> = Vec::new();
    for value in values {
        if variants.iter().any(|v| v.value == value) {
            continue;
        }
        let wire = match &value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        variants.push(EnumVariant { name: Name::wire(wire), value });
    }
    let default = default.and_then(|d| variants.iter().position(|v| &v.value == d));
    TypeKind::Enum(Enum { repr, variants, default })
}
