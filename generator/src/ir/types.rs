//! Named types and the references between them.

use super::{ApiId, Module, Name, OperationRef, Rustdoc, TypeId};
use crate::diag::Location;
use serde_json::Value;

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The type's name: `wire` is the schema's name (or the name it was
    /// derived from), `rust` the final UpperCamelCase identifier.
    pub name: Name,
    /// Where the generated type goes.
    pub module: Module,
    /// Where it was defined.
    pub origin: Location,
    /// The API it came from, if it belongs to one.
    pub api: Option<ApiId>,
    /// Its documentation.
    pub rustdoc: Rustdoc,
    /// Its shape.
    pub kind: TypeKind,
    /// What its name was derived from, which decides who keeps a contested name.
    pub source: NameSource,
    /// Names to take, in order, when no other type has them, before
    /// `name.wire`: for an inline schema, its `title` or else the property it
    /// is the type of (`Status`), then that prefixed with the component it is
    /// inside (`LedgerAccountStatus`), as Speakeasy names inline schemas.
    pub preferred_names: Vec<String>,
    /// The type this one is a variant of (an `…Input` copy without read-only
    /// fields): its name follows the original's final name.
    pub variant_of: Option<TypeId>,
    /// The file it is written to, `src/models/{module}/{file}.rs`: empty
    /// until the naming stage sets it.
    pub file: String,
    /// Example values (wire JSON) that must decode into this type and encode
    /// back equal, with where each came from (the docs' `Example Usage`).
    pub examples: Vec<(Location, Value)>,
}

/// What a type's name was derived from. When two types want the same Rust
/// name, the one whose source sorts first keeps it (then the one defined first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameSource {
    /// A component schema's own name.
    Component,
    /// An operation: `{Api}{OperationId}Request`, `...Response`, inline bodies.
    Operation,
    /// A schema inside another one, named from its parent and property.
    Inline,
    /// A variant made by a pass (`...Input` types for request bodies).
    Derived,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// Registered (it has an id, so references to it can be made) but not
    /// lowered yet. Only during lowering: a lowering that leaves one reports
    /// an error, so no later phase sees it.
    Pending,
    /// A JSON object with declared properties.
    Struct(Struct),
    /// A closed set of scalar values (kept open in Rust for forward compatibility).
    Enum(Enum),
    /// One of several shapes (`oneOf`/`anyOf`).
    Union(Union),
    /// Another name for a type (a component schema that is a scalar, list or map).
    Alias(TypeRef),
    /// A distinct type wrapping another: an alias that refers to itself
    /// (`Tree = array of Tree`), which Rust type aliases cannot express.
    Newtype(Newtype),
    /// The request of an operation: its parameters and body.
    Request(OperationRef),
    /// The response envelope of an operation: HTTP metadata plus one optional
    /// field per success (`2XX`) or `default` body.
    Response(OperationRef),
    /// The operation's parameters that the client can also set once for all
    /// calls (the spec's `x-speakeasy-globals`, or configured).
    Globals(OperationRef),
    /// A response envelope known only from docs (no operation behind it):
    /// the HTTP metadata plus these fields. Not a wire type.
    Envelope(Vec<Field>),
}

impl TypeKind {
    /// True for the types that are not JSON on the wire (request, response,
    /// globals and envelope types): they carry no serde impls.
    pub fn is_operation_shape(&self) -> bool {
        matches!(self, TypeKind::Request(_) | TypeKind::Response(_) | TypeKind::Globals(_) | TypeKind::Envelope(_))
    }
}

/// A tuple struct around one type.
#[derive(Debug, Clone, PartialEq)]
pub struct Newtype {
    /// The wrapped type.
    pub ty: TypeRef,
    /// Needs indirection to break a cycle.
    pub boxed: bool,
}

/// A JSON object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// The declared properties, in spec order.
    pub fields: Vec<Field>,
    /// What happens to properties that are not declared.
    pub additional: Additional,
    /// The Rust name of the field holding undeclared properties: empty until
    /// the naming stage sets it.
    pub additional_field: String,
}

/// Properties not declared by the schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Additional {
    /// Not described (or `additionalProperties: false`, which we do not enforce
    /// on responses): kept as raw JSON so that nothing the server sends is lost.
    Preserve,
    /// `additionalProperties: <schema>`: a typed map.
    Typed(TypeRef),
}

/// A property of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Wire and Rust names.
    pub name: Name,
    /// Its type, without the optionality/nullability wrappers.
    pub ty: TypeRef,
    /// Whether it must be there (listed in `required`) and whether it may be
    /// `null`.
    pub presence: Presence,
    /// Sent by the server only.
    pub read_only: bool,
    /// Sent by the client only.
    pub write_only: bool,
    /// Needs indirection to break a cycle (set by the cycles pass).
    pub boxed: bool,
    /// The default value the spec gives.
    pub default: Option<Value>,
    /// Its documentation.
    pub rustdoc: Rustdoc,
}

/// Whether a value must be there and whether it may be `null`: this alone
/// decides its Rust type (`T`, `Option<T>`, `Option<Option<T>>`) and how it
/// is read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Presence {
    /// Always there, never `null`: `T`; missing is an error.
    Required,
    /// Always there, may be `null`: `Option<T>`, `None` is `null` (missing
    /// is read as `null`).
    RequiredNullable,
    /// May be absent, never `null`: `Option<T>`, `None` is absent (a `null`
    /// is read as absent) and is not written.
    Optional,
    /// May be absent or `null`: `Option<Option<T>>`, `None` is absent,
    /// `Some(None)` is `null`.
    OptionalNullable,
}

impl Presence {
    /// From the schema's `required` list and `nullable`.
    pub fn new(required: bool, nullable: bool) -> Self {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }

    /// Must be there on the wire.
    pub fn is_required(self) -> bool {
        matches!(self, Presence::Required | Presence::RequiredNullable)
    }

    /// May be `null` on the wire.
    pub fn is_nullable(self) -> bool {
        matches!(self, Presence::RequiredNullable | Presence::OptionalNullable)
    }

    /// The same, and also possibly `null`.
    pub fn with_null(self) -> Self {
        Presence::new(self.is_required(), true)
    }

    /// How many `Option`s wrap the value's type in Rust (0, 1 or 2). A value
    /// with at least one can be left out when building it (`Default`).
    pub fn options(self) -> usize {
        match self {
            Presence::Required => 0,
            Presence::RequiredNullable | Presence::Optional => 1,
            Presence::OptionalNullable => 2,
        }
    }
}

/// A reference to a type, as used by fields, items, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// A named type.
    Named(TypeId),
    /// A scalar.
    Primitive(Primitive),
    /// A JSON array.
    List(Box<TypeRef>),
    /// A JSON object used as a map from strings to values.
    Map(Box<TypeRef>),
    /// A value that may be `null` (array items and map values; fields carry
    /// nullability themselves).
    Nullable(Box<TypeRef>),
    /// Any JSON value.
    Any,
}

/// Scalars, with their formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    /// A string without a format we map specially.
    String,
    /// `format: date-time` (RFC 3339).
    DateTime,
    /// `format: date` (RFC 3339 full-date).
    Date,
    /// `format: uuid`.
    Uuid,
    /// `format: binary`: raw bytes (request/response bodies, multipart parts).
    Binary,
    /// `integer` with `format: int32`.
    I32,
    /// `integer` without format or with `format: int64`.
    I64,
    /// `number` with `format: float`.
    F32,
    /// `number` without format or with `format: double`.
    F64,
    /// `boolean`.
    Bool,
}

/// An enum of scalar values.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Whether the values are strings or integers.
    pub repr: EnumRepr,
    /// The known values, in spec order.
    pub variants: Vec<EnumVariant>,
    /// The value given as `default`, as an index into `variants`.
    pub default: Option<usize>,
}

/// The JSON type of an enum's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    /// JSON strings.
    String,
    /// JSON integers.
    Integer,
}

/// One known value of an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// The value as JSON (`"checking"`, `3`) and the variant's Rust name.
    pub name: Name,
    /// The value itself.
    pub value: Value,
}

/// `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The alternatives, in spec order (the order they are tried in).
    pub variants: Vec<UnionVariant>,
    /// The property that tells the alternatives apart, if the spec names one.
    pub discriminator: Option<Discriminator>,
    /// `oneOf` (exactly one matches) or `anyOf` (one or more match).
    pub kind: UnionKind,
}

/// Whether a union came from `oneOf` or `anyOf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnionKind {
    /// `oneOf`.
    OneOf,
    /// `anyOf`.
    AnyOf,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The variant's Rust name: empty until the naming stage sets it.
    pub name: String,
    /// What the name is derived from (the member's schema name, or its JSON
    /// kind such as `ArrayOfString`), set with the name.
    pub label: String,
    /// Its type.
    pub ty: TypeRef,
    /// Needs indirection to break a cycle.
    pub boxed: bool,
}

/// A union's discriminator.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// The property holding the tag.
    pub property: String,
    /// Tag value → index into `variants`, in spec order.
    pub mapping: Vec<(String, usize)>,
}
