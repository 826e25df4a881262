//! The APIs: one per input spec, with what the client needs to reach it
//! (servers, security schemes, global parameters).

use super::ParamLocation;
use serde_json::Value;

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
    /// Its `{variables}` with their default values, in spec order.
    pub variables: Vec<(String, String)>,
}

impl Server {
    /// The URL with every variable at its default.
    pub fn default_url(&self) -> String {
        self.variables.iter().fold(self.url.clone(), |url, (name, value)| url.replace(&format!("{{{name}}}"), value))
    }
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

/// A parameter the client can set once for all operations that take it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Global {
    /// Its name on the wire.
    pub name: String,
    /// Where it goes.
    pub location: ParamLocation,
}
