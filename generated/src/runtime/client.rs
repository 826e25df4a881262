// @generated: copied verbatim from `templates/src/runtime/client.rs` by `cargo xtask generate`.
// Do not edit here: edit the template and regenerate.

//! The HTTP client every generated operation method goes through: it builds
//! the request the method describes, applies the client's credentials and
//! global parameters, sends it with retries, and hands back the response
//! with its HTTP metadata for the method to decode.

use super::encode::{self, Style};
use super::error::{ApiError, DecodeError, Error, RequestError, StatusError, TransportError};
use super::retry::{retry_after, retryable_status, RetryPolicy};
use super::{HttpMetadata, RequestMetadata, ResponseMetadata};
use serde::Serialize;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// A secret (an API key, a token, a password): `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl<T: Into<String>> From<T> for Secret {
    fn from(value: T) -> Self {
        Secret(value.into())
    }
}

/// Where a parameter or a credential goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A query parameter.
    Query,
    /// A header.
    Header,
    /// A cookie.
    Cookie,
}

/// The credential of one security scheme, as the client sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The scheme's key in the spec's `securitySchemes`.
    pub scheme: &'static str,
    /// Where it goes.
    pub location: Location,
    /// The header, query parameter or cookie name.
    pub name: &'static str,
    /// Put before the secret (`Bearer `) unless the secret already names
    /// its scheme (contains a space).
    pub prefix: &'static str,
    /// The secret.
    pub secret: Secret,
}

impl Credential {
    fn value(&self) -> String {
        let secret = self.secret.expose();
        if self.prefix.is_empty() || secret.contains(' ') {
            secret.to_string()
        } else {
            format!("{}{secret}", self.prefix)
        }
    }
}

/// What the client sends with every call unless a call says otherwise.
#[derive(Debug, Clone)]
pub struct Settings {
    /// A server URL for every call (`None`: each operation's own, from the spec).
    pub server_url: Option<String>,
    /// How long a call may take, per attempt (`None`: no limit).
    pub timeout: Option<Duration>,
    /// When to send a failed request again.
    pub retry: RetryPolicy,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// The credentials, one per security scheme given.
    pub credentials: Vec<Credential>,
    /// Global parameters: sent with every operation that takes them, unless
    /// the request sets them.
    pub globals: Vec<(Location, &'static str, String)>,
    /// Decode responses strictly (see [`super::decode`]).
    pub strict: bool,
    /// The `reqwest` client to send with (`None`: one with rustls and the
    /// web's root certificates).
    pub http: Option<reqwest::Client>,
}

/// How one call departs from the client's settings.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// A retry policy for this call.
    pub retry: Option<RetryPolicy>,
    /// A timeout for this call.
    pub timeout: Option<Duration>,
    /// A server URL for this call.
    pub server_url: Option<String>,
    /// Extra headers for this call.
    pub headers: Vec<(String, String)>,
    /// Strict decoding for this call.
    pub strict: Option<bool>,
}

/// The shared state of a client: cheap to clone, safe to share between tasks.
#[derive(Clone)]
pub struct Core {
    settings: Arc<Settings>,
    http: reqwest::Client,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The settings' credentials show as `Secret([redacted])`.
        f.debug_struct("Core").field("settings", &self.settings).finish_non_exhaustive()
    }
}

/// A `reqwest` client with rustls (the `ring` provider) and the web's root
/// certificates: no OpenSSL, no C build tool beyond the C compiler.
fn default_http() -> Result<reqwest::Client, RequestError> {
    let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| RequestError { message: format!("TLS: {e}") })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .build()
        .map_err(|e| RequestError { message: format!("the HTTP client could not be built: {e}") })
}

impl Core {
    /// A client with these settings.
    pub fn new(mut settings: Settings) -> Result<Core, RequestError> {
        let http = match settings.http.take() {
            Some(http) => http,
            None => default_http()?,
        };
        Ok(Core { settings: Arc::new(settings), http })
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Sends `request`, retrying as the policy says, and returns the final
    /// response, whatever its status. Transport failures are errors.
    pub async fn execute<E>(&self, request: Request, options: Option<&CallOptions>) -> Result<Response, Error<E>> {
        let default = CallOptions::default();
        let options = options.unwrap_or(&default);
        let prepared = self.prepare(request, options).map_err(Error::Request)?;
        let policy = options.retry.as_ref().unwrap_or(&self.settings.retry);
        let may_retry = policy.applies_to(prepared.method.as_str());
        let timeout = options.timeout.or(self.settings.timeout);
        let started = Instant::now();
        let mut delays = policy.delays();
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            let outcome = self.attempt(&prepared, timeout).await;
            let wait = match &outcome {
                Ok((status, headers, _)) if may_retry && retryable_status(*status) => {
                    let asked = headers
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))
                        .and_then(|(_, v)| retry_after(v, SystemTime::now()));
                    let next = delays.next();
                    asked.or(next)
                }
                Err(_) if may_retry && policy.connection_errors => delays.next(),
                _ => None,
            };
            if let Some(wait) = wait {
                if started.elapsed() + wait <= policy.max_elapsed {
                    tokio::time::sleep(wait).await;
                    continue;
                }
            }
            return match outcome {
                Ok((status, headers, body)) => Ok(Response {
                    status,
                    http_meta: HttpMetadata {
                        request: prepared.metadata.clone(),
                        response: ResponseMetadata { status, headers },
                    },
                    body,
                    strict: options.strict.unwrap_or(self.settings.strict),
                }),
                Err(e) => {
                    let transport = TransportError {
                        request: format!("{} {}", prepared.method, prepared.url),
                        attempts,
                        source: Box::new(e),
                    };
                    let is_timeout = transport.source.downcast_ref::<reqwest::Error>().is_some_and(|e| e.is_timeout());
                    Err(if is_timeout { Error::Timeout(transport) } else { Error::Connection(transport) })
                }
            };
        }
    }

    /// One attempt: the status, the headers and the whole body.
    async fn attempt(
        &self,
        prepared: &Prepared,
        timeout: Option<Duration>,
    ) -> Result<(u16, Vec<(String, String)>, bytes::Bytes), reqwest::Error> {
        let mut builder = self.http.request(prepared.method.clone(), prepared.url.clone());
        for (name, value) in &prepared.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        builder = match &prepared.body {
            None => builder,
            Some(Body::Bytes { media_type, bytes }) => {
                builder.header(reqwest::header::CONTENT_TYPE, media_type.as_str()).body(bytes.clone())
            }
            Some(Body::Multipart(parts)) => builder.multipart(multipart_form(parts)),
        };
        let response = builder.send().await?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let body = response.bytes().await?;
        Ok((status, headers, body))
    }

    /// The URL, headers and body of `request`, with credentials and globals.
    fn prepare(&self, mut request: Request, options: &CallOptions) -> Result<Prepared, RequestError> {
        if let Some(problem) = request.problems.first() {
            return Err(RequestError { message: problem.clone() });
        }
        for (location, name, required) in std::mem::take(&mut request.globals) {
            match self.settings.globals.iter().find(|(l, n, _)| *l == location && *n == name) {
                Some((_, _, value)) => request.push(location, name.to_string(), value.clone()),
                None if required => {
                    return Err(RequestError {
                        message: format!("`{name}` is required: set it on the request or on the client"),
                    })
                }
                None => {}
            }
        }
        let mut redact = Vec::new();
        if let Some(alternative) = request
            .security
            .iter()
            .find(|alt| alt.iter().all(|s| self.settings.credentials.iter().any(|c| c.scheme == *s)))
        {
            for credential in self.settings.credentials.iter().filter(|c| alternative.contains(&c.scheme)) {
                // A parameter may already carry it (an application id that is
                // both a global parameter and an API key): sent once.
                if !request.has(credential.location, credential.name) {
                    request.push(credential.location, credential.name.to_string(), credential.value());
                }
                redact.push(credential.name);
            }
        }
        let server = options
            .server_url
            .as_deref()
            .or(self.settings.server_url.as_deref())
            .unwrap_or(request.server)
            .trim_end_matches('/');
        let mut url = reqwest::Url::parse(&format!("{server}{}", request.path))
            .map_err(|e| RequestError { message: format!("`{server}{}` is not a URL: {e}", request.path) })?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(request.query.iter());
        }
        let mut headers = vec![("user-agent".to_string(), self.settings.user_agent.clone())];
        headers.extend(request.headers);
        headers.extend(options.headers.iter().cloned());
        if !request.cookies.is_empty() {
            let cookie = request.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            headers.push(("cookie".to_string(), cookie));
        }
        for (name, value) in &headers {
            if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err()
                || reqwest::header::HeaderValue::from_str(value).is_err()
            {
                return Err(RequestError { message: format!("`{name}` is not a valid header (name or value)") });
            }
        }
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|e| RequestError { message: format!("`{}` is not an HTTP method: {e}", request.method) })?;
        let shown = headers
            .iter()
            .map(|(k, v)| {
                let secret = redact.iter().any(|r| r.eq_ignore_ascii_case(k)) || k.eq_ignore_ascii_case("cookie");
                (k.clone(), if secret { "[redacted]".to_string() } else { v.clone() })
            })
            .collect();
        let mut shown_url = url.clone();
        if redact.iter().any(|r| url.query_pairs().any(|(k, _)| k == *r)) {
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(k, v)| {
                    let secret = redact.contains(&k.as_ref());
                    (k.into_owned(), if secret { "[redacted]".to_string() } else { v.into_owned() })
                })
                .collect();
            shown_url.query_pairs_mut().clear().extend_pairs(pairs);
        }
        let metadata =
            RequestMetadata { method: request.method.to_string(), url: shown_url.to_string(), headers: shown };
        Ok(Prepared { method, url, headers, body: request.body, metadata })
    }
}

/// A request ready to send (and to send again).
struct Prepared {
    method: reqwest::Method,
    url: reqwest::Url,
    headers: Vec<(String, String)>,
    body: Option<Body>,
    metadata: RequestMetadata,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Bytes of a media type (JSON, form, text, binary).
    Bytes {
        /// The `Content-Type`.
        media_type: String,
        /// The bytes.
        bytes: bytes::Bytes,
    },
    /// `multipart/form-data` parts.
    Multipart(Vec<Part>),
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The field name.
    pub name: String,
    /// The content.
    pub bytes: bytes::Bytes,
    /// Its media type (`None`: text).
    pub media_type: Option<String>,
    /// A file name, for file parts.
    pub file_name: Option<String>,
}

fn multipart_form(parts: &[Part]) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    for part in parts {
        let mut p = reqwest::multipart::Part::bytes(part.bytes.to_vec());
        if let Some(file_name) = &part.file_name {
            p = p.file_name(file_name.clone());
        }
        if let Some(media_type) = &part.media_type {
            // A media type that does not parse is sent without one.
            p = match p.mime_str(media_type) {
                Ok(p) => p,
                Err(_) => reqwest::multipart::Part::bytes(part.bytes.to_vec()),
            };
        }
        form = form.part(part.name.clone(), p);
    }
    form
}

/// A request as an operation method describes it.
#[derive(Debug, Clone)]
pub struct Request {
    method: &'static str,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    cookies: Vec<(String, String)>,
    body: Option<Body>,
    security: &'static [&'static [&'static str]],
    server: &'static str,
    globals: Vec<(Location, &'static str, bool)>,
    problems: Vec<String>,
}

impl Request {
    /// A `method` request to `path` (a template: `{name}` is filled by
    /// [`Request::path_param`]) on `server` (unless the client or the call
    /// names another), which any of the `security` alternatives (each a set
    /// of scheme keys) authorizes.
    pub fn new(
        method: &'static str,
        path: &'static str,
        server: &'static str,
        security: &'static [&'static [&'static str]],
    ) -> Self {
        Request {
            method,
            path: path.to_string(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            security,
            server,
            globals: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// A required parameter that has no value: the call fails before
    /// anything is sent.
    pub fn missing(&mut self, name: &str) {
        self.problems.push(format!("`{name}` is required: set it on the request"));
    }

    fn json(&mut self, name: &str, value: &impl Serialize) -> Option<serde_json::Value> {
        match serde_json::to_value(value) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problems.push(format!("`{name}` does not serialize: {e}"));
                None
            }
        }
    }

    fn has(&self, location: Location, name: &str) -> bool {
        let list = match location {
            Location::Query => &self.query,
            Location::Header => &self.headers,
            Location::Cookie => &self.cookies,
        };
        list.iter().any(|(k, _)| k.eq_ignore_ascii_case(name))
    }

    fn push(&mut self, location: Location, name: String, value: String) {
        match location {
            Location::Query => self.query.push((name, value)),
            Location::Header => self.headers.push((name, value)),
            Location::Cookie => self.cookies.push((name, value)),
        }
    }

    /// Fills `{name}` in the path.
    pub fn path_param(&mut self, name: &str, style: Style, explode: bool, value: &impl Serialize) {
        if let Some(v) = self.json(name, value) {
            let segment = encode::path(name, style, explode, &v);
            self.path = self.path.replace(&format!("{{{name}}}"), &segment);
        }
    }

    /// Adds query parameter `name` (`None` and `null` add nothing).
    pub fn query_param(&mut self, name: &str, style: Style, explode: bool, value: &impl Serialize) {
        if let Some(v) = self.json(name, value) {
            encode::query(&mut self.query, name, style, explode, &v);
        }
    }

    /// Adds query parameter `name` encoded as `media_type` (a parameter
    /// given with `content`): its JSON text.
    pub fn query_content(&mut self, name: &str, value: &impl Serialize) {
        if let Some(v) = self.json(name, value) {
            if !v.is_null() {
                self.query.push((name.to_string(), v.to_string()));
            }
        }
    }

    /// Adds header `name` (`None` and `null` add nothing).
    pub fn header_param(&mut self, name: &str, explode: bool, value: &impl Serialize) {
        if let Some(v) = self.json(name, value) {
            if !v.is_null() {
                self.headers.push((name.to_string(), encode::header(explode, &v)));
            }
        }
    }

    /// Adds cookie `name` (`None` and `null` add nothing).
    pub fn cookie_param(&mut self, name: &str, value: &impl Serialize) {
        if let Some(v) = self.json(name, value) {
            if !v.is_null() {
                self.cookies.push((name.to_string(), encode::header(false, &v)));
            }
        }
    }

    /// Global parameter `name`, not set on the request: the client's value
    /// is sent, and when the client has none and it is `required`, the call
    /// fails before anything is sent.
    pub fn global(&mut self, location: Location, name: &'static str, required: bool) {
        self.globals.push((location, name, required));
    }

    /// A JSON body.
    pub fn json_body(&mut self, media_type: &str, value: &impl Serialize) {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.body = Some(Body::Bytes { media_type: media_type.to_string(), bytes: bytes.into() }),
            Err(e) => self.problems.push(format!("the body does not serialize: {e}")),
        }
    }

    /// An `application/x-www-form-urlencoded` body.
    pub fn form_body(&mut self, media_type: &str, value: &impl Serialize) {
        if let Some(v) = self.json("the body", value) {
            let mut url = reqwest::Url::parse("http://x/").expect("a constant URL parses");
            url.query_pairs_mut().extend_pairs(encode::form(&v));
            let text = url.query().unwrap_or("").to_string();
            self.body = Some(Body::Bytes { media_type: media_type.to_string(), bytes: text.into() });
        }
    }

    /// A `multipart/form-data` body: one part per property, scalars as
    /// text, objects and arrays as JSON.
    pub fn multipart_body(&mut self, value: &impl Serialize) {
        let Some(v) = self.json("the body", value) else { return };
        let serde_json::Value::Object(map) = v else {
            self.problems.push("a multipart body must be an object".to_string());
            return;
        };
        let parts = map
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(name, v)| match v {
                serde_json::Value::String(s) => Part { name, bytes: s.into(), media_type: None, file_name: None },
                serde_json::Value::Object(_) | serde_json::Value::Array(_) => Part {
                    name,
                    bytes: v.to_string().into(),
                    media_type: Some("application/json".into()),
                    file_name: None,
                },
                other => Part { name, bytes: other.to_string().into(), media_type: None, file_name: None },
            })
            .collect();
        self.body = Some(Body::Multipart(parts));
    }

    /// A body of raw bytes.
    pub fn bytes_body(&mut self, media_type: &str, bytes: impl Into<bytes::Bytes>) {
        self.body = Some(Body::Bytes { media_type: media_type.to_string(), bytes: bytes.into() });
    }

    /// A text body.
    pub fn text_body(&mut self, media_type: &str, text: &impl fmt::Display) {
        self.body = Some(Body::Bytes { media_type: media_type.to_string(), bytes: text.to_string().into() });
    }
}

/// A response, before its body is decoded.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status.
    pub status: u16,
    /// The request and response.
    pub http_meta: HttpMetadata,
    /// The body.
    pub body: bytes::Bytes,
    strict: bool,
}

impl Response {
    /// The media type of the body, lowercase, without parameters.
    pub fn media_type(&self) -> Option<String> {
        self.http_meta
            .response
            .header("content-type")
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
    }

    /// True when the body's media type is JSON (`application/json`, `…+json`).
    pub fn is_json(&self) -> bool {
        self.media_type().is_some_and(|m| m == "application/json" || m.ends_with("+json"))
    }

    /// True when the body is of `media` (a media range such as `text/*` matches its types).
    pub fn is(&self, media: &str) -> bool {
        let Some(actual) = self.media_type() else { return false };
        let media = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match media.strip_suffix("/*") {
            Some("*") => true,
            Some(prefix) => actual.split('/').next() == Some(prefix),
            None => actual == media,
        }
    }

    /// The body decoded as JSON into a `T` (`expected` names it in errors).
    /// A body whose media type is not JSON is a decode error.
    pub fn json<T: serde::de::DeserializeOwned, E>(&self, expected: &str) -> Result<T, Error<E>> {
        if self.media_type().is_some() && !self.is_json() {
            let media = self.media_type().unwrap_or_default();
            return Err(self.decode_error(expected, "$", format!("the body is `{media}`, not JSON")));
        }
        super::strict::decode(&self.body, self.strict).map_err(|p| self.decode_error(expected, &p.path, p.message))
    }

    /// The body as text.
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        String::from_utf8(self.body.to_vec()).map_err(|e| self.decode_error("text", "$", e.to_string()))
    }

    /// The body's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        self.body.to_vec()
    }

    fn decode_error<E>(&self, expected: &str, path: &str, message: String) -> Error<E> {
        Error::Decode(Box::new(DecodeError {
            status: self.status,
            expected: expected.to_string(),
            problem: super::strict::DecodeProblem { path: path.to_string(), message },
            body: self.body.to_vec(),
            http_meta: self.http_meta.clone(),
        }))
    }

    /// The error of a documented error status, with its decoded body.
    pub fn api_error<E>(self, body: E) -> Error<E> {
        Error::Api(Box::new(ApiError { status: self.status, body, http_meta: self.http_meta }))
    }

    /// The error of any other status, with the `default` body if it decoded.
    pub fn status_error<E>(self, default: Option<E>) -> Error<E> {
        Error::Status(Box::new(StatusError {
            status: self.status,
            body: self.body.to_vec(),
            default,
            http_meta: self.http_meta,
        }))
    }
}
