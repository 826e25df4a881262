//! The intermediate model: plain owned data describing every type and
//! operation of every API, independent of the input format (OpenAPI 3.0 today;
//! 3.1, Swagger 2.0 and Markdown model docs feed the same model) and of the
//! emitter (no `quote`/`syn` here).
//!
//! Types live in one arena ([`Ir::types`]) addressed by [`TypeId`]; references
//! between types are ids, so recursion is plain data and a later pass
//! ([`crate::passes::cycles`]) decides where indirection (`Box`) is needed.

pub mod walk;

use crate::diag::Location;
use serde_json::Value;

/// Index of a type in [`Ir::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Index of an API in [`Ir::apis`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApiId(pub usize);

/// A name as it is on the wire and as it is in Rust.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name {
    /// The name in the API (a JSON property, a parameter, an enum value...).
    pub wire: String,
    /// The Rust identifier (without `r#`): empty until the naming stage
    /// ([`crate::naming`]) sets it, once.
    pub rust: String,
}

impl Name {
    /// A name known on the wire, not yet named in Rust.
    pub fn wire(wire: impl Into<String>) -> Self {
        Name { wire: wire.into(), rust: String::new() }
    }
}

/// Documentation carried from the input to rustdoc.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rustdoc {
    /// A one-line title or summary.
    pub title: Option<String>,
    /// The longer description (CommonMark).
    pub description: Option<String>,
    /// An example value.
    pub example: Option<Value>,
    /// Marked deprecated in the input.
    pub deprecated: bool,
}

/// One API: one input spec file.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The API's name in snake_case, from the file name (`file-storage.yml` → `file_storage`).
    pub module: String,
    /// The prefix of its operation types in UpperCamelCase (`FileStorage`).
    pub type_prefix: String,
    /// The prefix in lowerCamelCase, as the SDK docs spell operation ids (`fileStorage`).
    pub doc_prefix: String,
    /// The spec's title.
    pub title: String,
    /// The spec's version.
    pub version: String,
    /// The spec's description.
    pub description: Option<String>,
    /// The servers the spec lists.
    pub servers: Vec<Server>,
    /// The security schemes the spec defines.
    pub security_schemes: Vec<SecurityScheme>,
    /// The security requirements that apply when an operation states none.
    pub security: Vec<SecurityRequirement>,
    /// Parameters the client can set once (`x-speakeasy-globals`, or configured).
    pub globals: Vec<Global>,
    /// Operations the spec asks SDKs to leave out (`x-speakeasy-ignore: true`):
    /// `METHOD path (operationId)`.
    pub ignored_operations: Vec<String>,
    /// Component schemas marked `x-sdk-exclude: true` that nothing kept uses,
    /// left out.
    pub excluded_schemas: Vec<String>,
    /// The input file.
    pub file: std::path::PathBuf,
}

/// A server URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL, possibly with `{variables}`.
    pub url: String,
    /// What it is.
    pub description: Option<String>,
}

/// A security scheme (how credentials are sent).
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// Its key in `components/securitySchemes`.
    pub key: String,
    /// How it is sent.
    pub kind: SecuritySchemeKind,
    /// What it is.
    pub description: Option<String>,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum SecuritySchemeKind {
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// Where it goes.
        location: ParamLocation,
        /// The header, parameter or cookie name.
        name: String,
    },
    /// HTTP authentication (`bearer`, `basic`...).
    Http {
        /// The scheme, lowercase.
        scheme: String,
        /// The bearer token format hint.
        bearer_format: Option<String>,
    },
    /// OAuth 2 (flows are kept as the raw JSON of the spec until the client needs them).
    OAuth2(Value),
    /// OpenID Connect discovery.
    OpenIdConnect {
        /// The discovery URL.
        url: String,
    },
}

/// One alternative of a security requirement: all of these schemes together.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityRequirement {
    /// Scheme keys with their scopes.
    pub schemes: Vec<(String, Vec<String>)>,
}

/// The module of the generated crate a type lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Module {
    /// `models::components`: schemas shared by all APIs.
    Components,
    /// `models::operations`: per-operation request/response types.
    Operations,
    /// `models::errors`: bodies of 4XX/5XX responses.
    Errors,
}

impl Module {
    /// The module's name in `models::`.
    pub fn as_str(self) -> &'static str {
        match self {
            Module::Components => "components",
            Module::Operations => "operations",
            Module::Errors => "errors",
        }
    }
}

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

/// A reference from a request/response type to its operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationRef(pub usize);

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

/// An HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The API it belongs to.
    pub api: ApiId,
    /// The `operationId`.
    pub id: String,
    /// The method's Rust name (snake_case of the operationId, unique in the
    /// API): empty until the naming stage sets it.
    pub method_name: String,
    /// The prefix of its types: `{Api}{OperationId}` in UpperCamelCase.
    pub type_prefix: String,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template.
    pub path: String,
    /// Where it was defined.
    pub origin: Location,
    /// Summary, description, deprecation.
    pub rustdoc: Rustdoc,
    /// The tags, in spec order.
    pub tags: Vec<String>,
    /// Parameters (path-level ones merged in), in spec order.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<RequestBody>,
    /// Responses by status, in spec order.
    pub responses: Vec<Response>,
    /// Security requirements (`None`: the API's default applies).
    pub security: Option<Vec<SecurityRequirement>>,
    /// Servers for this operation only (path- or operation-level); empty: the API's.
    pub servers: Vec<Server>,
    /// The generated request type.
    pub request_type: Option<TypeId>,
    /// The generated response type.
    pub response_type: Option<TypeId>,
    /// The generated globals type (when a parameter is global).
    pub globals_type: Option<TypeId>,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl HttpMethod {
    /// The method of a path item's key (`get`, `post`...), in any case.
    pub fn parse(method: &str) -> Option<Self> {
        Some(match method.to_ascii_lowercase().as_str() {
            "get" => HttpMethod::Get,
            "put" => HttpMethod::Put,
            "post" => HttpMethod::Post,
            "delete" => HttpMethod::Delete,
            "options" => HttpMethod::Options,
            "head" => HttpMethod::Head,
            "patch" => HttpMethod::Patch,
            "trace" => HttpMethod::Trace,
            _ => return None,
        })
    }

    /// The method as HTTP spells it: `GET`, `POST`...
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

/// How a parameter value is serialized (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `simple` (path, header).
    Simple,
    /// `form` (query, cookie).
    Form,
    /// `label` (path).
    Label,
    /// `matrix` (path).
    Matrix,
    /// `spaceDelimited` (query arrays).
    SpaceDelimited,
    /// `pipeDelimited` (query arrays).
    PipeDelimited,
    /// `deepObject` (query objects: `filter[name]=x`).
    DeepObject,
}

/// A parameter the client can set once for all operations that take it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Global {
    /// Its name on the wire.
    pub name: String,
    /// Where it goes.
    pub location: ParamLocation,
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Wire and Rust names.
    pub name: Name,
    /// The name the spec asks the SDK to use instead of the wire name
    /// (`x-speakeasy-name-override`): the Rust name derives from it.
    pub rename: Option<String>,
    /// Where it goes.
    pub location: ParamLocation,
    /// Must be given.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// How it is serialized.
    pub style: ParamStyle,
    /// OpenAPI `explode`.
    pub explode: bool,
    /// The default value.
    pub default: Option<Value>,
    /// Documentation.
    pub rustdoc: Rustdoc,
    /// Serialized as this media type (a parameter given with `content`)
    /// instead of by `style`.
    pub media_type: Option<String>,
    /// A global parameter: the client may supply it for every call.
    pub global: bool,
}

impl Param {
    /// The presence of its field in the request type: required only when the
    /// API requires it and the client cannot supply it (a global). Never
    /// `null`.
    pub fn presence(&self) -> Presence {
        Presence::new(self.required && !self.global, false)
    }
}

/// An operation's request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// Must be sent.
    pub required: bool,
    /// The Rust name of the request field holding it: empty until the naming
    /// stage sets it.
    pub field: String,
    /// One entry per media type, in spec order.
    pub contents: Vec<Content>,
    /// Documentation.
    pub rustdoc: Rustdoc,
}

/// A body in one media type.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    /// The media type (`application/json`, `multipart/form-data`, `*/*`...).
    pub media_type: String,
    /// How a body of that media type is encoded.
    pub kind: BodyKind,
    /// The body's type (`None`: no schema given; the body is raw bytes).
    pub ty: Option<TypeRef>,
    /// In a response: the Rust name of the field holding this body in the
    /// operation's response type (success and `default` responses only), set
    /// by the naming stage.
    pub field: Option<String>,
}

impl RequestBody {
    /// The content a typed body is read from: JSON if offered, else the first.
    pub fn primary(&self) -> Option<&Content> {
        primary_content(&self.contents)
    }

    /// The presence of its field in the request type.
    pub fn presence(&self) -> Presence {
        Presence::new(self.required, false)
    }
}

/// The content a typed body is read from: JSON if offered, else the first.
pub fn primary_content(contents: &[Content]) -> Option<&Content> {
    contents.iter().find(|c| c.kind == BodyKind::Json).or_else(|| contents.first())
}

/// How a body of some media type is encoded, decided once from the media
/// type when the body is lowered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BodyKind {
    /// `application/json` and `…+json`: the body's type as JSON.
    Json,
    /// `multipart/form-data`: one part per property.
    Multipart,
    /// `application/x-www-form-urlencoded`: the properties as a query string.
    Form,
    /// `text/…`: text.
    Text,
    /// Any other media type (`application/octet-stream`, `application/pdf`…).
    Binary,
    /// `*/*`: any media type, so only raw bytes, whatever the schema says.
    Any,
}

impl BodyKind {
    /// The kind of `media` (parameters such as `; charset=utf-8` and case ignored).
    pub fn of(media: &str) -> Self {
        let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match essence.as_str() {
            "*/*" => BodyKind::Any,
            "application/json" => BodyKind::Json,
            e if e.ends_with("+json") => BodyKind::Json,
            "multipart/form-data" => BodyKind::Multipart,
            "application/x-www-form-urlencoded" => BodyKind::Form,
            e if e.starts_with("text/") => BodyKind::Text,
            _ => BodyKind::Binary,
        }
    }
}

/// The status a response applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// One status code.
    Code(u16),
    /// A class: `2XX` is `Range(2)`.
    Range(u16),
    /// `default`: any status not listed.
    Default,
}

impl Status {
    /// True for `2XX` codes and ranges.
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(c) => (200..300).contains(&c),
            Status::Range(r) => r == 2,
            Status::Default => false,
        }
    }

    /// True for `4XX` and `5XX` codes and ranges.
    pub fn is_error(self) -> bool {
        match self {
            Status::Code(c) => c >= 400,
            Status::Range(r) => r >= 4,
            Status::Default => false,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(c) => write!(f, "{c}"),
            Status::Range(r) => write!(f, "{r}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

/// One documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status it applies to.
    pub status: Status,
    /// Its description.
    pub description: String,
    /// Bodies by media type (empty: no body).
    pub contents: Vec<Content>,
    /// The name of the `components/responses` entry it came from, if shared.
    pub component: Option<String>,
    /// Response headers: name and type.
    pub headers: Vec<(String, TypeRef)>,
}

impl Response {
    /// The content a typed body is read from: JSON if offered, else the first.
    pub fn primary(&self) -> Option<&Content> {
        primary_content(&self.contents)
    }
}

/// Everything the emitter needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ir {
    /// The APIs, one per input spec, in input order.
    pub apis: Vec<Api>,
    /// Every named type.
    pub types: Vec<TypeDef>,
    /// Every operation, in input order.
    pub operations: Vec<Operation>,
}

impl Ir {
    /// The type with id `id`.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// Adds a type, returning its id.
    pub fn add_type(&mut self, def: TypeDef) -> TypeId {
        self.types.push(def);
        TypeId(self.types.len() - 1)
    }
}
