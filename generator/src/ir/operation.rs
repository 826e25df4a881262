//! Operations: parameters, request bodies and responses.

use super::{ApiId, Name, Presence, Rustdoc, SecurityRequirement, Server, TypeId, TypeRef};
use crate::diag::Location;
use serde_json::Value;

/// A reference from a request/response type to its operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationRef(pub usize);

/// An HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The API it belongs to.
    pub api: ApiId,
    /// The `operationId`.
    pub id: String,
    /// Where the operation sits in the client, as its source spells it.
    pub layout: Layout,
    /// The Rust name of its method (from `layout.method`, unique in its
    /// group): empty until the naming stage sets it.
    pub method_name: String,
    /// How to walk its pages, when it is a list with a cursor.
    pub pagination: Option<Pagination>,
    /// The Rust name of the method that streams the items of every page
    /// (when it has `pagination`): set by the naming stage.
    pub stream_method: Option<String>,
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

impl Operation {
    /// The `Accept` header its requests send: the media types of its
    /// responses, each once, in spec order, with `*/*` (when a response
    /// takes any) last; `None` when no response has a body.
    pub fn accept(&self) -> Option<String> {
        let mut media: Vec<&str> = Vec::new();
        for content in self.responses.iter().flat_map(|r| &r.contents) {
            let m = content.media_type.as_str();
            if m != "*/*" && !media.iter().any(|seen| seen.eq_ignore_ascii_case(m)) {
                media.push(m);
            }
        }
        if self.responses.iter().flat_map(|r| &r.contents).any(|c| c.media_type == "*/*") {
            media.push("*/*");
        }
        (!media.is_empty()).then(|| media.join(", "))
    }
}

/// Where an operation sits in the client (`client.vault().sessions().create()`),
/// as the source of the layout spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The groups, outermost first (`vault`, `Sessions`).
    pub groups: Vec<String>,
    /// The method (`create`).
    pub method: String,
    /// Where the layout comes from.
    pub source: LayoutSource,
}

/// Cursor pagination: the query parameter that takes the cursor, and where
/// the page's body holds the next cursor and the items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// The query parameter's wire name (`cursor`).
    pub cursor: String,
    /// Wire names from the page body to the next cursor (`meta`, `cursors`, `next`).
    pub next: Vec<String>,
    /// Wire names from the page body to the items (`data`).
    pub items: Vec<String>,
    /// Declared by the spec (`x-speakeasy-pagination`), not inferred.
    pub declared: bool,
}

/// What an operation's place in the client was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutSource {
    /// `x-speakeasy-group` and `x-speakeasy-name-override` on the operation.
    Extensions,
    /// The SDK's operation docs (`docs/sdks/*/README.md`).
    SdkDocs,
    /// The API, the first tag, and the operationId without the tag's words.
    Tags,
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
    /// For a body of any media type (`*/*`): the Rust name of the request
    /// field that says which one to send (`content_type`), set by the naming
    /// stage.
    pub media_field: Option<String>,
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

impl Content {
    /// True when a response body of this content is handed out as a byte
    /// stream (read as it arrives), not read whole: raw bytes of a media
    /// type other than JSON.
    pub fn streams(&self) -> bool {
        self.kind != BodyKind::Json && matches!(self.ty, Some(TypeRef::Primitive(super::Primitive::Binary)))
    }
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
