//! Schemas → types.

use super::{docs_of, Lowered, Lowerer};
use crate::diag::join_pointer;
use crate::ir::*;
use crate::naming::type_name;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// The object-shaped parts of a schema, gathered from `properties`,
/// `required`, `additionalProperties` and `allOf` members.
#[derive(Default)]
struct ObjectParts {
    properties: Vec<(String, ReferenceOr<Schema>, String)>,
    required: Vec<String>,
    additional: Option<AdditionalProperties>,
    additional_pointer: String,
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
}

fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
        ReferenceOr::Item(item) => ReferenceOr::Item((**item).clone()),
    }
}

fn string_primitive(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Primitive::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Primitive::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Primitive::Binary,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => Primitive::Uuid,
        // `byte` (base64), `password`, `email`, `uri` and the rest stay strings:
        // their text is the value.
        _ => Primitive::String,
    }
}

fn integer_primitive(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Primitive::I32,
        _ => Primitive::I64,
    }
}

fn number_primitive(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Primitive::F32,
        _ => Primitive::F64,
    }
}

impl Lowerer<'_> {
    /// Lowers a schema in any position. Object, enum and union schemas become
    /// named types called `hint` (made unique later); references become ids.
    pub(crate) fn lower_schema(
        &mut self,
        spec: usize,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
    ) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_ref(spec, reference, hint, pointer),
            ReferenceOr::Item(item) if super::type_override_any(item) => {
                let mut lowered = Lowered::plain(TypeRef::Any);
                lowered.docs = docs_of(&item.schema_data);
                lowered
            }
            ReferenceOr::Item(item) => {
                let key = (spec, pointer.to_string());
                if let Some(done) = self.by_pointer.get(&key) {
                    return done.clone();
                }
                let data = &item.schema_data;
                let ty = self.lower_inline(spec, item, hint, pointer);
                let lowered = Lowered {
                    nullable: data.nullable || matches!(&ty, LoweredTy::Nullable(_)),
                    ty: ty.into_ref(),
                    read_only: data.read_only,
                    write_only: data.write_only,
                    default: data.default.clone(),
                    docs: docs_of(data),
                };
                self.by_pointer.insert(key, lowered.clone());
                lowered
            }
        }
    }

    fn lower_ref(&mut self, spec: usize, reference: &str, hint: &str, pointer: &str) -> Lowered {
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
                    docs: Docs::default(),
                };
            }
        }
        // A reference into another schema (`#/components/schemas/A/properties/b`)
        // or elsewhere: lower what it points to, once per target.
        let Some((target, target_pointer)) = self.resolve_schema_ref(spec, reference, pointer) else {
            return Lowered::plain(TypeRef::Any);
        };
        if let ReferenceOr::Reference { reference: next } = &target {
            if next == reference {
                self.error(spec, pointer, format!("reference `{reference}` points to itself"), None);
                return Lowered::plain(TypeRef::Any);
            }
        }
        let hint = pointer_hint(&target_pointer).unwrap_or_else(|| hint.to_string());
        self.lower_schema(spec, &target, &hint, &target_pointer)
    }

    /// Lowers a component schema (or another schema that must be a named type).
    pub(crate) fn lower_named_shape(&mut self, spec: usize, schema: &Schema, name: &str, pointer: &str) -> TypeKind {
        if let Some(kind) = self.try_named_kind(spec, schema, name, pointer) {
            return kind;
        }
        let lowered = self.lower_inline(spec, schema, name, pointer);
        TypeKind::Alias(lowered.into_ref())
    }

    /// The kind of a schema that is itself an object, enum or union.
    fn try_named_kind(&mut self, spec: usize, schema: &Schema, name: &str, pointer: &str) -> Option<TypeKind> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(obj)) if !obj.properties.is_empty() || is_empty_object(obj) => {
                let mut parts = ObjectParts::default();
                self.collect_object(
                    spec,
                    &mut parts,
                    &obj.properties,
                    &obj.required,
                    &obj.additional_properties,
                    pointer,
                );
                Some(self.struct_kind(spec, parts, name))
            }
            SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_some) => {
                let values = s.enumeration.iter().flatten().map(|v| Value::String(v.clone())).collect();
                Some(enum_kind(EnumRepr::String, values, schema.schema_data.default.as_ref()))
            }
            SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().any(Option::is_some) => {
                let values = i.enumeration.iter().flatten().map(|v| Value::from(*v)).collect();
                Some(enum_kind(EnumRepr::Integer, values, schema.schema_data.default.as_ref()))
            }
            SchemaKind::OneOf { one_of } if one_of.len() > 1 => {
                Some(self.union_kind(spec, one_of, UnionKind::OneOf, schema, name, pointer, "oneOf"))
            }
            SchemaKind::AnyOf { any_of } if any_of.len() > 1 => {
                Some(self.union_kind(spec, any_of, UnionKind::AnyOf, schema, name, pointer, "anyOf"))
            }
            // One schema plus annotations is that schema (an alias), not a copy.
            SchemaKind::AllOf { all_of } if all_of.iter().filter(|m| !is_annotation_only(m)).count() <= 1 => None,
            SchemaKind::AllOf { all_of } => {
                let mut parts = ObjectParts::default();
                if !self.collect_all_of(spec, &mut parts, all_of, pointer) {
                    return None;
                }
                (!parts.properties.is_empty()).then(|| self.struct_kind(spec, parts, name))
            }
            SchemaKind::Any(any) => self.any_kind(spec, any, schema, name, pointer),
            _ => None,
        }
    }

    /// Schemas `openapiv3` could not classify: mixtures such as `type: object`
    /// with `allOf`, or `properties` without `type`.
    fn any_kind(
        &mut self,
        spec: usize,
        any: &AnySchema,
        schema: &Schema,
        name: &str,
        pointer: &str,
    ) -> Option<TypeKind> {
        if any.not.is_some() {
            self.error(spec, pointer, "`not` is not supported", Some("describe the allowed shape instead"));
            return None;
        }
        // Members that only list `required` properties are validation
        // constraints on this object ("`id` or `name` must be present"), not
        // alternative shapes; the object is what gets generated.
        let shapes = |m: &Vec<ReferenceOr<Schema>>| !m.is_empty() && !m.iter().all(is_annotation_only);
        let union_members = if shapes(&any.one_of) {
            Some((&any.one_of, UnionKind::OneOf, "oneOf"))
        } else if shapes(&any.any_of) {
            Some((&any.any_of, UnionKind::AnyOf, "anyOf"))
        } else {
            None
        };
        if let Some((members, kind, keyword)) = union_members {
            if !any.properties.is_empty() || !any.all_of.is_empty() {
                self.error(
                    spec,
                    pointer,
                    format!("`{keyword}` beside `properties` or `allOf` in one schema is not supported"),
                    Some(&format!("move the shared properties into each `{keyword}` member")),
                );
                return None;
            }
            if members.len() == 1 {
                return None;
            }
            return Some(self.union_kind(spec, members, kind, schema, name, pointer, keyword));
        }
        let mut parts = ObjectParts::default();
        if !any.all_of.is_empty() && !self.collect_all_of(spec, &mut parts, &any.all_of, pointer) {
            return None;
        }
        self.collect_object(spec, &mut parts, &any.properties, &any.required, &any.additional_properties, pointer);
        if !parts.properties.is_empty() {
            return Some(self.struct_kind(spec, parts, name));
        }
        let enum_values: Vec<Value> = any.enumeration.iter().filter(|v| !v.is_null()).cloned().collect();
        if !enum_values.is_empty() {
            if enum_values.iter().all(Value::is_string) {
                return Some(enum_kind(EnumRepr::String, enum_values, schema.schema_data.default.as_ref()));
            }
            if enum_values.iter().all(Value::is_i64) {
                return Some(enum_kind(EnumRepr::Integer, enum_values, schema.schema_data.default.as_ref()));
            }
        }
        None
    }

    /// Lowers a schema that is not a reference, to a type reference.
    fn lower_inline(&mut self, spec: usize, schema: &Schema, hint: &str, pointer: &str) -> LoweredTy {
        // Object, enum and union shapes are named types.
        let probe = matches!(
            &schema.schema_kind,
            SchemaKind::Type(Type::Object(_))
                | SchemaKind::Type(Type::String(_))
                | SchemaKind::Type(Type::Integer(_))
                | SchemaKind::OneOf { .. }
                | SchemaKind::AnyOf { .. }
                | SchemaKind::AllOf { .. }
                | SchemaKind::Any(_)
        );
        // An object with no declared properties is a named (empty) type,
        // except as a union member, where it is a map (as in the SDK).
        let union_member = std::mem::take(&mut self.union_member);
        let empty_map =
            union_member && matches!(&schema.schema_kind, SchemaKind::Type(Type::Object(o)) if is_empty_object(o));
        if probe && is_named_shape(schema) && !empty_map {
            let docs = docs_of(&schema.schema_data);
            let title = schema.schema_data.title.as_deref().map(type_name).filter(|t| t != "Value");
            let short = title.or(self.property_hint.take());
            let preferred_names = match (short, &self.current_root) {
                (Some(short), Some(root)) => vec![short.clone(), format!("{root}{short}")],
                (Some(short), None) => vec![short],
                (None, _) => Vec::new(),
            };
            let id = self.add_named(spec, pointer, hint.to_string(), NameSource::Inline, docs, TypeKind::Pending);
            self.ir.types[id.0].preferred_names = preferred_names;
            // Cache before lowering the shape so a self-reference finds it.
            self.by_pointer.insert((spec, pointer.to_string()), Lowered::plain(TypeRef::Named(id)));
            let before = self.diags.len();
            match self.try_named_kind(spec, schema, hint, pointer) {
                Some(kind) => self.ir.types[id.0].kind = kind,
                None if self.diags.len() == before => {
                    self.error(spec, pointer, "this schema's combination of keywords cannot be converted", None);
                }
                None => {}
            }
            return LoweredTy::Plain(TypeRef::Named(id));
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => LoweredTy::Plain(TypeRef::Primitive(string_primitive(&s.format))),
            SchemaKind::Type(Type::Integer(i)) => LoweredTy::Plain(TypeRef::Primitive(integer_primitive(&i.format))),
            SchemaKind::Type(Type::Number(n)) => LoweredTy::Plain(TypeRef::Primitive(number_primitive(&n.format))),
            SchemaKind::Type(Type::Boolean(_)) => LoweredTy::Plain(TypeRef::Primitive(Primitive::Bool)),
            SchemaKind::Type(Type::Object(obj)) => {
                let value = match &obj.additional_properties {
                    Some(AdditionalProperties::Schema(s)) => {
                        let item_pointer = join_pointer(pointer, "additionalProperties");
                        self.lower_item(spec, s, hint, &item_pointer)
                    }
                    _ => TypeRef::Any,
                };
                LoweredTy::Plain(TypeRef::Map(Box::new(value)))
            }
            SchemaKind::Type(Type::Array(arr)) => {
                let item = match &arr.items {
                    Some(items) => self.lower_item(spec, &unbox(items), hint, &join_pointer(pointer, "items")),
                    None => TypeRef::Any,
                };
                LoweredTy::Plain(TypeRef::List(Box::new(item)))
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } if members.len() == 1 => {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                let lowered = self.lower_schema(spec, &members[0], hint, &format!("{pointer}/{keyword}/0"));
                wrap(lowered)
            }
            SchemaKind::AllOf { all_of } => self.lower_single_all_of(spec, all_of, hint, pointer),
            SchemaKind::Any(any) => {
                if !any.all_of.is_empty() && any.properties.is_empty() {
                    return self.lower_single_all_of(spec, &any.all_of, hint, pointer);
                }
                let single = if any.one_of.len() == 1 {
                    Some(("oneOf", &any.one_of))
                } else if any.any_of.len() == 1 {
                    Some(("anyOf", &any.any_of))
                } else {
                    None
                };
                if let Some((keyword, members)) = single {
                    return wrap(self.lower_schema(spec, &members[0], hint, &format!("{pointer}/{keyword}/0")));
                }
                match any.typ.as_deref() {
                    Some("string") => {
                        let format = match &any.format {
                            Some(f) => serde_json::from_value(Value::String(f.clone()))
                                .unwrap_or(VariantOrUnknownOrEmpty::Empty),
                            None => VariantOrUnknownOrEmpty::Empty,
                        };
                        LoweredTy::Plain(TypeRef::Primitive(string_primitive(&format)))
                    }
                    Some("integer") => {
                        LoweredTy::Plain(TypeRef::Primitive(if any.format.as_deref() == Some("int32") {
                            Primitive::I32
                        } else {
                            Primitive::I64
                        }))
                    }
                    Some("number") => LoweredTy::Plain(TypeRef::Primitive(if any.format.as_deref() == Some("float") {
                        Primitive::F32
                    } else {
                        Primitive::F64
                    })),
                    Some("boolean") => LoweredTy::Plain(TypeRef::Primitive(Primitive::Bool)),
                    Some("array") => {
                        let item = match &any.items {
                            Some(items) => self.lower_item(spec, &unbox(items), hint, &join_pointer(pointer, "items")),
                            None => TypeRef::Any,
                        };
                        LoweredTy::Plain(TypeRef::List(Box::new(item)))
                    }
                    Some("object") | None => {
                        let value = match &any.additional_properties {
                            Some(AdditionalProperties::Schema(s)) => {
                                self.lower_item(spec, s, hint, &join_pointer(pointer, "additionalProperties"))
                            }
                            _ => TypeRef::Any,
                        };
                        if any.typ.is_none() && any.additional_properties.is_none() {
                            LoweredTy::Plain(TypeRef::Any)
                        } else {
                            LoweredTy::Plain(TypeRef::Map(Box::new(value)))
                        }
                    }
                    Some(other) => {
                        self.error(
                            spec,
                            pointer,
                            format!("unknown schema type `{other}`"),
                            Some("OpenAPI 3.0 types are string, number, integer, boolean, array and object"),
                        );
                        LoweredTy::Plain(TypeRef::Any)
                    }
                }
            }
            SchemaKind::Not { .. } => {
                self.error(spec, pointer, "`not` is not supported", Some("describe the allowed shape instead"));
                LoweredTy::Plain(TypeRef::Any)
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                self.error(spec, pointer, "an empty `oneOf`/`anyOf` cannot be represented", None);
                LoweredTy::Plain(TypeRef::Any)
            }
        }
    }

    /// `allOf` that adds no properties of its own: one member (often a
    /// `$ref` wrapped to add a description) is that member's type.
    fn lower_single_all_of(
        &mut self,
        spec: usize,
        all_of: &[ReferenceOr<Schema>],
        hint: &str,
        pointer: &str,
    ) -> LoweredTy {
        let shaped: Vec<usize> = (0..all_of.len()).filter(|&i| !is_annotation_only(&all_of[i])).collect();
        if shaped.len() == 1 {
            let i = shaped[0];
            return wrap(self.lower_schema(spec, &all_of[i], hint, &format!("{pointer}/allOf/{i}")));
        }
        self.error(
            spec,
            pointer,
            "`allOf` of members that are not objects cannot be merged",
            Some("`allOf` is supported for object schemas (merged) and for one schema plus annotations"),
        );
        LoweredTy::Plain(TypeRef::Any)
    }

    /// Lowers an array item or map value: nullable items stay nullable.
    fn lower_item(&mut self, spec: usize, schema: &ReferenceOr<Schema>, hint: &str, pointer: &str) -> TypeRef {
        let lowered = self.lower_schema(spec, schema, hint, pointer);
        if lowered.nullable {
            TypeRef::Nullable(Box::new(lowered.ty))
        } else {
            lowered.ty
        }
    }

    fn collect_object(
        &mut self,
        _spec: usize,
        parts: &mut ObjectParts,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: &Option<AdditionalProperties>,
        pointer: &str,
    ) {
        let props_pointer = join_pointer(pointer, "properties");
        for (name, schema) in properties {
            parts.add_property(name, unbox(schema), join_pointer(&props_pointer, name));
        }
        for r in required {
            if !parts.required.contains(r) {
                parts.required.push(r.clone());
            }
        }
        if let Some(a) = additional {
            if !matches!(a, AdditionalProperties::Any(_)) || parts.additional.is_none() {
                parts.additional = Some(a.clone());
                parts.additional_pointer = join_pointer(pointer, "additionalProperties");
            }
        }
    }

    /// Merges `allOf` members (following references) into `parts`. False
    /// when a member cannot be merged (an error has been reported).
    fn collect_all_of(
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

    fn collect_member(&mut self, spec: usize, parts: &mut ObjectParts, schema: &Schema, pointer: &str) -> bool {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(obj)) => {
                self.collect_object(spec, parts, &obj.properties, &obj.required, &obj.additional_properties, pointer);
                true
            }
            SchemaKind::AllOf { all_of } => self.collect_all_of(spec, parts, all_of, pointer),
            SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() && any.not.is_none() => {
                if !any.all_of.is_empty() && !self.collect_all_of(spec, parts, &any.all_of, pointer) {
                    return false;
                }
                self.collect_object(spec, parts, &any.properties, &any.required, &any.additional_properties, pointer);
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

    fn struct_kind(&mut self, spec: usize, parts: ObjectParts, name: &str) -> TypeKind {
        let mut fields = Vec::new();
        for (wire, schema, pointer) in &parts.properties {
            let hint = format!("{name}{}", type_name(wire));
            self.property_hint = Some(type_name(wire));
            let lowered = self.lower_schema(spec, schema, &hint, pointer);
            self.property_hint = None;
            let mut docs = lowered.docs;
            if docs.description.is_none() && docs.title.is_none() {
                if let TypeRef::Named(id) = &lowered.ty {
                    if !matches!(schema, ReferenceOr::Reference { .. }) {
                        docs = self.ir.types[id.0].docs.clone();
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
                docs,
            });
        }
        let additional = match &parts.additional {
            Some(AdditionalProperties::Schema(s)) => {
                let pointer = parts.additional_pointer.clone();
                let value = self.lower_item(spec, s, &format!("{name}Value"), &pointer);
                Additional::Typed(value)
            }
            // `additionalProperties: false` is not enforced: a server that adds
            // a field must not break its clients.
            _ => Additional::Preserve,
        };
        TypeKind::Struct(Struct { fields, additional, additional_field: String::new() })
    }

    #[allow(clippy::too_many_arguments)]
    fn union_kind(
        &mut self,
        spec: usize,
        members: &[ReferenceOr<Schema>],
        kind: UnionKind,
        schema: &Schema,
        name: &str,
        pointer: &str,
        keyword: &str,
    ) -> TypeKind {
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let member_pointer = format!("{pointer}/{keyword}/{i}");
            let hint = format!("{name}{}", i + 1);
            self.union_member = true;
            let lowered = self.lower_schema(spec, member, &hint, &member_pointer);
            self.union_member = false;
            let ty = if lowered.nullable { TypeRef::Nullable(Box::new(lowered.ty)) } else { lowered.ty };
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            variants.push(UnionVariant { name: String::new(), label: String::new(), ty, boxed: false });
        }
        let discriminator = schema.schema_data.discriminator.as_ref().map(|d| {
            let mut mapping: Vec<(String, usize)> = Vec::new();
            for (tag, target) in &d.mapping {
                let found = Self::component_name(target)
                    .and_then(|n| self.components.get(&(spec, n)).copied())
                    .and_then(|id| variants.iter().position(|v| v.ty == TypeRef::Named(id)));
                match found {
                    Some(i) => mapping.push((tag.clone(), i)),
                    None => self.error(
                        spec,
                        &join_pointer(&format!("{pointer}/discriminator/mapping"), tag),
                        format!("discriminator mapping `{tag}` → `{target}` names no member of the `{keyword}`"),
                        Some("map each tag to a `#/components/schemas/...` schema listed in the union"),
                    ),
                }
            }
            // Unmapped members are tagged with their schema's name.
            for (i, v) in variants.iter().enumerate() {
                if mapping.iter().any(|(_, j)| *j == i) {
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
            Discriminator { property: d.property_name.clone(), mapping }
        });
        TypeKind::Union(Union { variants, discriminator, kind })
    }
}

/// What lowering an inline schema gave: a type, possibly nullable through a
/// wrapper (`allOf` of one nullable member).
pub(crate) enum LoweredTy {
    Plain(TypeRef),
    Nullable(TypeRef),
}

impl LoweredTy {
    fn into_ref(self) -> TypeRef {
        match self {
            LoweredTy::Plain(t) | LoweredTy::Nullable(t) => t,
        }
    }
}

fn wrap(lowered: Lowered) -> LoweredTy {
    if lowered.nullable {
        LoweredTy::Nullable(lowered.ty)
    } else {
        LoweredTy::Plain(lowered.ty)
    }
}

fn enum_has_null(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().any(Option::is_none),
        SchemaKind::Any(a) => a.enumeration.iter().any(Value::is_null),
        _ => false,
    }
}

/// True when a schema becomes a named type of its own (object with
/// properties, enum, union, merged `allOf`).
fn is_named_shape(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty() || is_empty_object(o),
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().any(Option::is_some),
        SchemaKind::OneOf { one_of: m } | SchemaKind::AnyOf { any_of: m } => m.len() > 1,
        SchemaKind::AllOf { all_of } => all_of.iter().filter(|m| !is_annotation_only(m)).count() > 1,
        SchemaKind::Any(a) => {
            !a.properties.is_empty()
                || a.one_of.len() > 1
                || a.any_of.len() > 1
                || (!a.all_of.is_empty() && a.all_of.iter().filter(|m| !is_annotation_only(m)).count() > 1)
                || a.enumeration.iter().any(|v| v.is_string() || v.is_i64())
        }
        _ => false,
    }
}

/// `type: object` declaring no properties and no `additionalProperties`
/// (or `false`): an object type with no fields (which still keeps whatever
/// the server sends), not a map, as the SDK has it.
fn is_empty_object(o: &openapiv3::ObjectType) -> bool {
    o.properties.is_empty() && matches!(o.additional_properties, None | Some(AdditionalProperties::Any(false)))
}

/// An `allOf` member that only annotates (`description`, `nullable`...).
fn is_annotation_only(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Any(a) => {
                a.typ.is_none()
                    && a.properties.is_empty()
                    && a.all_of.is_empty()
                    && a.one_of.is_empty()
                    && a.any_of.is_empty()
                    && a.items.is_none()
                    && a.enumeration.is_empty()
                    && a.additional_properties.is_none()
            }
            _ => false,
        },
    }
}

/// A readable type name for the schema at `pointer`
/// (`/components/schemas/Connection/properties/health` → `ConnectionHealth`).
fn pointer_hint(pointer: &str) -> Option<String> {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(crate::diag::unescape_pointer_token).collect();
    let rest = match tokens.as_slice() {
        [c, s, rest @ ..] if c == "components" && s == "schemas" => rest,
        _ => return None,
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
