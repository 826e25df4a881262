//! The HTTP client every generated operation method goes through: it builds
//! the request the method describes, applies the client's credentials and
//! global parameters, sends it with retries, and hands back the response
//! with its HTTP metadata for the method to decode.

use super::error::{Error, RequestError, TransportError};
use super::request::{multipart_form, Body, Request, StreamWhen};
use super::response::{media_essence, Response};
use super::retry::{retry_after, retryable_status, RetryPolicy};
use super::{HttpMetadata, RequestMetadata, ResponseMetadata};
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
    /// Headers for this call: each replaces any header of the same name
    /// the call would send (`accept`, `user-agent`, a parameter's).
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

/// The *ring* crypto provider. rustls 0.23.48 deprecates
/// `ring::default_provider` because *ring* has no post-quantum key exchange;
/// it is still the provider that builds without CMake, and it is named here
/// rather than taken from the process default, which panics when another
/// crate also enables rustls' `aws-lc-rs`. For post-quantum key exchange,
/// give the client builder's `http_client` a `reqwest::Client` with the
/// `aws-lc-rs` provider.
#[allow(deprecated)]
fn ring_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

/// A `reqwest` client with rustls (the `ring` provider) and the web's root
/// certificates: no OpenSSL, no C build tool beyond the C compiler.
fn default_http() -> Result<reqwest::Client, RequestError> {
    let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(ring_provider()))
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
            let strict = options.strict.unwrap_or(self.settings.strict);
            return match outcome {
                Ok((status, headers, body)) => {
                    let http_meta = HttpMetadata {
                        request: prepared.metadata.clone(),
                        response: ResponseMetadata { status, headers },
                    };
                    Ok(match body {
                        Received::Read(bytes) => Response::read(status, http_meta, bytes, strict),
                        Received::Streaming(body) => Response::streaming(status, http_meta, body, strict),
                    })
                }
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

    /// One attempt: the status, the headers and the whole body (or, for the
    /// responses the request streams, the body unread).
    async fn attempt(
        &self,
        prepared: &Prepared,
        timeout: Option<Duration>,
    ) -> Result<(u16, Vec<(String, String)>, Received), reqwest::Error> {
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
            .collect::<Vec<_>>();
        let media = headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-type")).map(|(_, v)| media_essence(v));
        if prepared.stream_when.is_some_and(|when| when(status, media.as_deref())) {
            return Ok((status, headers, Received::Streaming(response)));
        }
        let body = response.bytes().await?;
        Ok((status, headers, Received::Read(body)))
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
        headers.extend(request.accept.map(|a| ("accept".to_string(), a.to_string())));
        headers.extend(request.headers);
        // A call's own header replaces any of the same name.
        headers.retain(|(name, _)| !options.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)));
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
        if let Some(Body::Bytes { media_type, .. }) = &request.body {
            if reqwest::header::HeaderValue::from_str(media_type).is_err() {
                return Err(RequestError { message: format!("`{media_type}` is not a valid media type") });
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
        Ok(Prepared { method, url, headers, body: request.body, metadata, stream_when: request.stream_when })
    }
}

/// A request ready to send (and to send again).
struct Prepared {
    method: reqwest::Method,
    url: reqwest::Url,
    headers: Vec<(String, String)>,
    body: Option<Body>,
    metadata: RequestMetadata,
    stream_when: Option<StreamWhen>,
}

/// A response body as an attempt got it.
enum Received {
    /// Read whole.
    Read(bytes::Bytes),
    /// Left unread, to stream.
    Streaming(reqwest::Response),
}
