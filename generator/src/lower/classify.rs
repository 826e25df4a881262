//! What a schema is, decided in one place: [`classify`] reads the keywords
//! of one schema (not following references) and says which [`Shape`] it
//! has. Lowering then does what the shape says, for component schemas and
//! inline ones alike; the only thing that depends on where a schema is, is
//! that an empty object is a map when it is a member of a union.
//!
//! Named types are made for [`Shape::Object`], [`Shape::Enum`] and
//! [`Shape::Union`]; the other shapes are type references (an alias when
//! the schema is a component).

use crate::ir::{EnumRepr, Primitive, UnionKind};
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// The object keywords of one schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ObjectKeywords<'s> {
    /// `properties`.
    pub properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    /// `required`.
    pub required: &'s [String],
    /// `additionalProperties`.
    pub additional: &'s Option<AdditionalProperties>,
}

impl<'s> ObjectKeywords<'s> {
    /// The object keywords of `type: object`.
    pub(crate) fn of_object(o: &'s openapiv3::ObjectType) -> Self {
        ObjectKeywords { properties: &o.properties, required: &o.required, additional: &o.additional_properties }
    }

    /// The object keywords of a schema that mixes keywords.
    pub(crate) fn of_mixture(a: &'s openapiv3::AnySchema) -> Self {
        ObjectKeywords { properties: &a.properties, required: &a.required, additional: &a.additional_properties }
    }
}

/// What an object schema is when neither it nor its `allOf` members declare
/// a property.
#[derive(Debug, Clone)]
pub(crate) enum IfEmpty {
    /// A struct with no fields (`type: object` alone): it still keeps what
    /// it is sent, and adding properties later does not change its kind.
    Struct,
    /// The enum the schema also lists.
    Enum(EnumRepr, Vec<Value>),
    /// Nothing that can be converted.
    Unsupported,
}

/// The shape of one schema: a named type of its own, or a reference to
/// other types.
#[derive(Debug, Clone)]
pub(crate) enum Shape<'s> {
    /// An object, enum or union: a named type.
    Named(Named<'s>),
    /// Anything else: a type reference (an alias when the schema is a component).
    Unnamed(Unnamed<'s>),
}

/// The shapes that are named types.
#[derive(Debug, Clone)]
pub(crate) enum Named<'s> {
    /// A struct: the properties of the `all_of` members merged in order,
    /// then the schema's own.
    Object {
        /// The schema's own object keywords.
        own: Option<ObjectKeywords<'s>>,
        /// Members whose properties are merged in.
        all_of: &'s [ReferenceOr<Schema>],
        /// What it is when no property is declared.
        if_empty: IfEmpty,
    },
    /// An enum of these values.
    Enum(EnumRepr, Vec<Value>),
    /// `oneOf`/`anyOf` of more than one member.
    Union {
        /// Which keyword.
        kind: UnionKind,
        /// The members.
        members: &'s [ReferenceOr<Schema>],
    },
}

/// The shapes that are type references.
#[derive(Debug, Clone)]
pub(crate) enum Unnamed<'s> {
    /// A scalar.
    Primitive(Primitive),
    /// An array of `items` (any values when not given).
    List(Option<&'s ReferenceOr<Box<Schema>>>),
    /// An object used as a map to the `additionalProperties` schema (any
    /// values when not given).
    Map(Option<&'s ReferenceOr<Schema>>),
    /// Any JSON value.
    Any,
    /// One member stands for the whole (a `oneOf`/`anyOf` of one, an `allOf`
    /// of one member plus annotations): its type, reached at `at` below the
    /// schema (`oneOf/0`), with its nullability.
    Member {
        /// The member.
        schema: &'s ReferenceOr<Schema>,
        /// Its pointer below the schema's.
        at: String,
    },
    /// Not supported: why, and what is instead.
    Unsupported {
        /// What is wrong.
        message: String,
        /// What is supported.
        hint: &'static str,
    },
}

impl<'s> From<Named<'s>> for Shape<'s> {
    fn from(named: Named<'s>) -> Self {
        Shape::Named(named)
    }
}

impl<'s> From<Unnamed<'s>> for Shape<'s> {
    fn from(unnamed: Unnamed<'s>) -> Self {
        Shape::Unnamed(unnamed)
    }
}

impl UnionKind {
    /// The keyword: `oneOf` or `anyOf`.
    pub(crate) fn keyword(self) -> &'static str {
        match self {
            UnionKind::OneOf => "oneOf",
            UnionKind::AnyOf => "anyOf",
        }
    }
}

/// The shape of `schema`; `union_member`: it is a member of a union.
pub(crate) fn classify(schema: &Schema, union_member: bool) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            let own = ObjectKeywords::of_object(o);
            if !o.properties.is_empty() || (is_empty_object(own) && !union_member) {
                Named::Object { own: Some(own), all_of: &[], if_empty: IfEmpty::Struct }.into()
            } else {
                Unnamed::Map(additional_schema(&o.additional_properties)).into()
            }
        }
        SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_some) => {
            Named::Enum(EnumRepr::String, s.enumeration.iter().flatten().map(|v| Value::String(v.clone())).collect())
                .into()
        }
        SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().any(Option::is_some) => {
            Named::Enum(EnumRepr::Integer, i.enumeration.iter().flatten().map(|v| Value::from(*v)).collect()).into()
        }
        SchemaKind::Type(Type::String(s)) => Unnamed::Primitive(primitive("string", string_format(&s.format))).into(),
        SchemaKind::Type(Type::Integer(i)) => {
            Unnamed::Primitive(primitive("integer", integer_format(&i.format))).into()
        }
        SchemaKind::Type(Type::Number(n)) => Unnamed::Primitive(primitive("number", number_format(&n.format))).into(),
        SchemaKind::Type(Type::Boolean(_)) => Unnamed::Primitive(Primitive::Bool).into(),
        SchemaKind::Type(Type::Array(a)) => Unnamed::List(a.items.as_ref()).into(),
        SchemaKind::OneOf { one_of } => union(UnionKind::OneOf, one_of),
        SchemaKind::AnyOf { any_of } => union(UnionKind::AnyOf, any_of),
        SchemaKind::AllOf { all_of } => all_of_shape(all_of, None),
        SchemaKind::Not { .. } => not_supported(),
        SchemaKind::Any(a) => classify_mixture(a),
    }
}

/// `oneOf`/`anyOf` alone.
fn union(kind: UnionKind, members: &[ReferenceOr<Schema>]) -> Shape<'_> {
    match members {
        [] => Unnamed::Unsupported {
            message: format!("an empty `{}` cannot be represented", kind.keyword()),
            hint: "list at least one member",
        }
        .into(),
        [only] => Unnamed::Member { schema: only, at: format!("{}/0", kind.keyword()) }.into(),
        _ => Named::Union { kind, members }.into(),
    }
}

/// `allOf`, with the schema's own object keywords: one member plus
/// annotations is that member; more are merged into a struct.
fn all_of_shape<'s>(all_of: &'s [ReferenceOr<Schema>], own: Option<ObjectKeywords<'s>>) -> Shape<'s> {
    let shaped: Vec<usize> = (0..all_of.len()).filter(|&i| !is_annotation_only(&all_of[i])).collect();
    match shaped.as_slice() {
        [] => Unnamed::Unsupported {
            message: "`allOf` of members that are not objects cannot be merged".into(),
            hint: "`allOf` is supported for object schemas (merged) and for one schema plus annotations",
        }
        .into(),
        [i] => Unnamed::Member { schema: &all_of[*i], at: format!("allOf/{i}") }.into(),
        _ => Named::Object { own, all_of, if_empty: IfEmpty::Unsupported }.into(),
    }
}

fn not_supported() -> Shape<'static> {
    Unnamed::Unsupported { message: "`not` is not supported".into(), hint: "describe the allowed shape instead" }.into()
}

/// A schema that mixes keywords `openapiv3` keeps apart (`type: object`
/// with `allOf`, `properties` without `type`, an `enum` without `type`...).
fn classify_mixture(a: &openapiv3::AnySchema) -> Shape<'_> {
    if a.not.is_some() {
        return not_supported();
    }
    let own = ObjectKeywords::of_mixture(a);
    // `oneOf`/`anyOf` members that only list `required` properties are
    // validation constraints on this object ("`id` or `name` must be
    // present"), not alternative shapes: the object is what is generated.
    let shapes = |m: &Vec<ReferenceOr<Schema>>| !m.is_empty() && !m.iter().all(is_annotation_only);
    let union_members = match (shapes(&a.one_of), shapes(&a.any_of)) {
        (true, true) => {
            return Unnamed::Unsupported {
                message: "`oneOf` and `anyOf` in one schema are not supported".into(),
                hint: "nest one inside a member of the other",
            }
            .into()
        }
        (true, false) => Some((UnionKind::OneOf, &a.one_of)),
        (false, true) => Some((UnionKind::AnyOf, &a.any_of)),
        (false, false) => None,
    };
    let values = enum_values(&a.enumeration);
    if let Some((kind, members)) = union_members {
        let keyword = kind.keyword();
        if !a.properties.is_empty() || !a.all_of.is_empty() {
            return Unnamed::Unsupported {
                message: format!("`{keyword}` beside `properties` or `allOf` in one schema is not supported"),
                hint: "move the shared properties into each member",
            }
            .into();
        }
        if members.len() == 1 && values.is_some() {
            return cannot_convert();
        }
        return union(kind, members);
    }
    // Properties, several members to merge, or one member with object
    // keywords (or an `enum`) of the schema's own make a struct (the `enum`
    // is what it is when no property comes of the merge). One member with
    // nothing of its own but annotations is that member.
    let merged = a.all_of.iter().filter(|m| !is_annotation_only(m)).count();
    let own_keywords = !a.required.is_empty() || a.additional_properties.is_some() || values.is_some();
    if !a.properties.is_empty() || merged > 1 || (merged == 1 && own_keywords) {
        let if_empty = match values {
            Some(Ok((repr, values))) => IfEmpty::Enum(repr, values),
            _ => IfEmpty::Unsupported,
        };
        return Named::Object { own: Some(own), all_of: &a.all_of, if_empty }.into();
    }
    if !a.all_of.is_empty() {
        return all_of_shape(&a.all_of, Some(own));
    }
    match values {
        Some(Ok((repr, values))) => return Named::Enum(repr, values).into(),
        Some(Err(())) => {
            return Unnamed::Unsupported {
                message: "an `enum` that mixes strings and integers cannot be represented".into(),
                hint: "enums of strings or of integers are supported",
            }
            .into()
        }
        None => {}
    }
    match a.typ.as_deref() {
        Some(typ @ ("string" | "integer" | "number" | "boolean")) => {
            Unnamed::Primitive(primitive(typ, a.format.as_deref())).into()
        }
        Some("array") => Unnamed::List(a.items.as_ref()).into(),
        Some("object") => Unnamed::Map(additional_schema(&a.additional_properties)).into(),
        None if a.additional_properties.is_some() => Unnamed::Map(additional_schema(&a.additional_properties)).into(),
        None => Unnamed::Any.into(),
        Some(other) => Unnamed::Unsupported {
            message: format!("unknown schema type `{other}`"),
            hint: "OpenAPI 3.0 types are string, number, integer, boolean, array and object",
        }
        .into(),
    }
}

fn cannot_convert() -> Shape<'static> {
    Unnamed::Unsupported {
        message: "this schema's combination of keywords cannot be converted".into(),
        hint: "give it one shape: an object, an enum, a union, an array or a scalar",
    }
    .into()
}

/// The values of an `enum` that make it an enum type: `None` when it lists
/// no string or integer (a constraint on a number, say, which stays a
/// number); `Err` when it mixes kinds. `null` is left out.
fn enum_values(values: &[Value]) -> Option<Result<(EnumRepr, Vec<Value>), ()>> {
    if !values.iter().any(|v| v.is_string() || v.is_i64()) {
        return None;
    }
    let values: Vec<Value> = values.iter().filter(|v| !v.is_null()).cloned().collect();
    Some(if values.iter().all(Value::is_string) {
        Ok((EnumRepr::String, values))
    } else if values.iter().all(Value::is_i64) {
        Ok((EnumRepr::Integer, values))
    } else {
        Err(())
    })
}

/// The schema of `additionalProperties`, when it is one.
fn additional_schema(additional: &Option<AdditionalProperties>) -> Option<&ReferenceOr<Schema>> {
    match additional {
        Some(AdditionalProperties::Schema(s)) => Some(s),
        _ => None,
    }
}

/// A boxed schema (as `properties` and `items` hold them), unboxed.
pub(crate) fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
        ReferenceOr::Item(item) => ReferenceOr::Item((**item).clone()),
    }
}

/// The scalar a `type` and `format` map to. `byte` (base64), `password`,
/// `email`, `uri` and other string formats stay strings: their text is the
/// value.
pub(crate) fn primitive(typ: &str, format: Option<&str>) -> Primitive {
    match (typ, format) {
        ("string", Some("date-time")) => Primitive::DateTime,
        ("string", Some("date")) => Primitive::Date,
        ("string", Some("binary")) => Primitive::Binary,
        ("string", Some("uuid")) => Primitive::Uuid,
        ("integer", Some("int32")) => Primitive::I32,
        ("integer", _) => Primitive::I64,
        ("number", Some("float")) => Primitive::F32,
        ("number", _) => Primitive::F64,
        ("boolean", _) => Primitive::Bool,
        _ => Primitive::String,
    }
}

fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Some("binary"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Some("password"),
        VariantOrUnknownOrEmpty::Unknown(f) => Some(f),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn integer_format(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Some("int32"),
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Some("int64"),
        VariantOrUnknownOrEmpty::Unknown(f) => Some(f),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn number_format(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Some("float"),
        VariantOrUnknownOrEmpty::Item(NumberFormat::Double) => Some("double"),
        VariantOrUnknownOrEmpty::Unknown(f) => Some(f),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// `type: object` declaring no properties and no `additionalProperties`
/// (or `false`): an object type with no fields (which still keeps whatever
/// the server sends), not a map, as the SDK has it.
fn is_empty_object(o: ObjectKeywords<'_>) -> bool {
    o.properties.is_empty() && matches!(o.additional, None | Some(AdditionalProperties::Any(false)))
}

/// An `allOf` member that only annotates (`description`, `nullable`...).
pub(crate) fn is_annotation_only(member: &ReferenceOr<Schema>) -> bool {
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

/// True when an `enum` lists `null` (a reference to such a schema is nullable).
pub(crate) fn enum_has_null(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().any(Option::is_none),
        SchemaKind::Any(a) => a.enumeration.iter().any(Value::is_null),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(yaml: &str, union_member: bool) -> String {
        let schema: Schema = serde_yaml::from_str(yaml).unwrap();
        match classify(&schema, union_member) {
            Shape::Named(Named::Object { own, all_of, if_empty }) => {
                let props = own.map_or(0, |o| o.properties.len());
                format!("object({props} own, {} allOf, if empty {if_empty:?})", all_of.len())
            }
            Shape::Named(Named::Enum(repr, values)) => format!("enum {repr:?} {values:?}"),
            Shape::Named(Named::Union { kind, members }) => format!("{} of {}", kind.keyword(), members.len()),
            Shape::Unnamed(Unnamed::Primitive(p)) => format!("{p:?}"),
            Shape::Unnamed(Unnamed::List(items)) => format!("list (items: {})", items.is_some()),
            Shape::Unnamed(Unnamed::Map(values)) => format!("map (values: {})", values.is_some()),
            Shape::Unnamed(Unnamed::Any) => "any".into(),
            Shape::Unnamed(Unnamed::Member { at, .. }) => format!("member {at}"),
            Shape::Unnamed(Unnamed::Unsupported { message, .. }) => format!("unsupported: {message}"),
        }
    }

    #[test]
    fn shapes() {
        let table: &[(&str, bool, &str)] = &[
            ("type: object\nproperties: {a: {type: string}}", false, "object(1 own, 0 allOf, if empty Struct)"),
            ("type: object", false, "object(0 own, 0 allOf, if empty Struct)"),
            ("type: object", true, "map (values: false)"),
            ("type: object\nadditionalProperties: false", false, "object(0 own, 0 allOf, if empty Struct)"),
            ("type: object\nadditionalProperties: true", false, "map (values: false)"),
            ("type: object\nadditionalProperties: {type: integer}", false, "map (values: true)"),
            ("type: string\nenum: [a, b]", false, "enum String [String(\"a\"), String(\"b\")]"),
            ("type: string\nenum: [null]", false, "String"),
            ("type: integer\nenum: [1, 2]", false, "enum Integer [Number(1), Number(2)]"),
            ("type: number\nenum: [1.5]", false, "F64"),
            ("type: string\nformat: date-time", false, "DateTime"),
            ("type: string\nformat: uuid", false, "Uuid"),
            ("type: string\nformat: byte", false, "String"),
            ("type: integer\nformat: int32", false, "I32"),
            ("type: number\nformat: float", false, "F32"),
            ("type: array\nitems: {type: string}", false, "list (items: true)"),
            ("oneOf: [{type: string}, {type: integer}]", false, "oneOf of 2"),
            ("anyOf: [{type: string}]", false, "member anyOf/0"),
            ("oneOf: []", false, "unsupported: an empty `oneOf` cannot be represented"),
            ("allOf: [{$ref: '#/a'}, {description: x}]", false, "member allOf/0"),
            ("allOf: [{$ref: '#/a'}, {$ref: '#/b'}]", false, "object(0 own, 2 allOf, if empty Unsupported)"),
            (
                "allOf: [{description: x}]",
                false,
                "unsupported: `allOf` of members that are not objects cannot be merged",
            ),
            ("not: {type: string}", false, "unsupported: `not` is not supported"),
            // Mixtures.
            ("properties: {a: {type: string}}", false, "object(1 own, 0 allOf, if empty Unsupported)"),
            ("type: object\nallOf: [{$ref: '#/a'}]", false, "member allOf/0"),
            ("required: [a]\nallOf: [{$ref: '#/a'}]", false, "object(0 own, 1 allOf, if empty Unsupported)"),
            (
                "additionalProperties: {type: number}\nallOf: [{$ref: '#/a'}, {description: x}]",
                false,
                "object(0 own, 2 allOf, if empty Unsupported)",
            ),
            (
                "type: object\nallOf: [{$ref: '#/a'}, {$ref: '#/b'}]",
                false,
                "object(0 own, 2 allOf, if empty Unsupported)",
            ),
            (
                "type: object\nproperties: {a: {type: string}}\noneOf: [{required: [a]}, {required: [b]}]",
                false,
                "object(1 own, 0 allOf, if empty Unsupported)",
            ),
            ("type: object\noneOf: [{$ref: '#/a'}, {$ref: '#/b'}]", false, "oneOf of 2"),
            ("type: object\noneOf: [{$ref: '#/a'}]", false, "member oneOf/0"),
            (
                "properties: {a: {type: string}}\noneOf: [{$ref: '#/a'}, {$ref: '#/b'}]",
                false,
                "unsupported: `oneOf` beside `properties` or `allOf` in one schema is not supported",
            ),
            (
                "allOf: [{$ref: '#/a'}]\nenum: [a]",
                false,
                "object(0 own, 1 allOf, if empty Enum(String, [String(\"a\")]))",
            ),
            (
                "oneOf: [{$ref: '#/a'}]\nanyOf: [{$ref: '#/a'}, {$ref: '#/b'}]",
                false,
                "unsupported: `oneOf` and `anyOf` in one schema are not supported",
            ),
            ("enum: [a, b]", false, "enum String [String(\"a\"), String(\"b\")]"),
            ("enum: [a, null]", false, "enum String [String(\"a\")]"),
            ("enum: [1, a]", false, "unsupported: an `enum` that mixes strings and integers cannot be represented"),
            ("type: number\nnot: {enum: [0]}", false, "unsupported: `not` is not supported"),
            ("description: anything", false, "any"),
            ("additionalProperties: {type: string}", false, "map (values: true)"),
            ("type: widget\nformat: x", false, "unsupported: unknown schema type `widget`"),
        ];
        for (yaml, union_member, expected) in table {
            assert_eq!(shape(yaml, *union_member), *expected, "{yaml}");
        }
    }
}
