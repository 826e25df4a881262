//! The error of an operation call: every way a call can fail, each keeping
//! what came back.

use super::strict::DecodeProblem;
use super::HttpMetadata;
use std::fmt;

/// Why an operation call failed. `E` is the crate's `ErrorBody`: one variant
/// per body type the spec gives error statuses (and `default` responses).
/// The variants that keep a response are boxed, so that a `Result` stays
/// small on the success path.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// A status the operation documents with an error body: the body, decoded.
    Api(Box<ApiError<E>>),
    /// An error status the operation gives no body type for (the SDK's
    /// `APIError`: any other 4XX or 5XX), or a status it does not document.
    Status(Box<StatusError<E>>),
    /// A response body that did not decode into its type: not JSON where
    /// JSON was promised, a value of another shape, or (in strict mode) a
    /// property, enum value or union member the type does not know.
    Decode(Box<DecodeError>),
    /// No response in time, after the retries the policy allows.
    Timeout(TransportError),
    /// The connection failed or broke, after the retries the policy allows.
    Connection(TransportError),
    /// The request could not be made: a required parameter is missing (and
    /// not set on the client), a value is not valid in a header, a body did
    /// not serialize, or the server URL is not a URL.
    Request(RequestError),
}

impl<E> Error<E> {
    /// The HTTP status of the response, when one came back.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Status(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The request and response, when a response came back.
    pub fn http_meta(&self) -> Option<&HttpMetadata> {
        match self {
            Error::Api(e) => Some(&e.http_meta),
            Error::Status(e) => Some(&e.http_meta),
            Error::Decode(e) => Some(&e.http_meta),
            _ => None,
        }
    }
}

/// A documented error response, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError<E> {
    /// The status.
    pub status: u16,
    /// The body, decoded into the type the spec gives this status.
    pub body: E,
    /// The request and response.
    pub http_meta: HttpMetadata,
}

/// An error status without a documented body type: what came back, raw,
/// and the operation's `default` body decoded where the spec has one and
/// the body is one.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusError<E> {
    /// The status.
    pub status: u16,
    /// The raw body.
    pub body: Vec<u8>,
    /// The body decoded as the operation's `default` response, if it has one
    /// and the body decodes as it.
    pub default: Option<E>,
    /// The request and response.
    pub http_meta: HttpMetadata,
}

impl<E> StatusError<E> {
    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body decoded as JSON of type `T`.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, DecodeProblem> {
        super::strict::decode(&self.body, false)
    }
}

/// A body that did not decode.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeError {
    /// The status.
    pub status: u16,
    /// What the body should have been (`a JSON Pet`).
    pub expected: String,
    /// Where and why it did not decode.
    pub problem: DecodeProblem,
    /// The raw body.
    pub body: Vec<u8>,
    /// The request and response.
    pub http_meta: HttpMetadata,
}

/// A failure below HTTP: no connection, a broken one, no answer in time.
#[derive(Debug)]
pub struct TransportError {
    /// The method and URL of the request.
    pub request: String,
    /// How many times it was sent.
    pub attempts: u32,
    /// What went wrong the last time.
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

/// A request that could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    /// What is wrong.
    pub message: String,
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => write!(f, "{} returned {}: {:?}", request_line(&e.http_meta), e.status, e.body),
            Error::Status(e) => {
                let text = e.text();
                let text = if text.chars().count() > 200 {
                    format!("{}…", text.chars().take(200).collect::<String>())
                } else {
                    text
                };
                write!(f, "{} returned {}: {text}", request_line(&e.http_meta), e.status)
            }
            Error::Decode(e) => write!(
                f,
                "{} returned {} with a body that is not {}: {}",
                request_line(&e.http_meta),
                e.status,
                e.expected,
                e.problem
            ),
            Error::Timeout(e) => write!(f, "{} timed out after {} attempt(s): {}", e.request, e.attempts, e.source),
            Error::Connection(e) => {
                write!(f, "{} failed to connect after {} attempt(s): {}", e.request, e.attempts, e.source)
            }
            Error::Request(e) => write!(f, "the request could not be made: {}", e.message),
        }
    }
}

fn request_line(meta: &HttpMetadata) -> String {
    format!("{} {}", meta.request.method, meta.request.url)
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Timeout(e) | Error::Connection(e) => Some(e.source.as_ref()),
            Error::Decode(e) => Some(&e.problem),
            _ => None,
        }
    }
}
