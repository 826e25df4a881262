//! A response as the client hands it to an operation method: status, HTTP
//! metadata, and the body (read whole, or left to stream).

use super::error::{ApiError, DecodeError, Error, StatusError};
use super::stream::ByteStream;
use super::HttpMetadata;
use std::sync::Mutex;

/// The essence of a `Content-Type` value: lowercase, without parameters.
pub fn media_essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// True when the media type `actual` (an essence, see [`media_essence`])
/// is of `range` (`application/pdf`, or a range such as `text/*` or `*/*`).
pub fn media_is(actual: Option<&str>, range: &str) -> bool {
    let Some(actual) = actual else { return false };
    let range = media_essence(range);
    match range.strip_suffix("/*") {
        Some("*") => true,
        Some(prefix) => actual.split('/').next() == Some(prefix),
        None => actual == range,
    }
}

/// A response, before its body is decoded.
#[derive(Debug)]
pub struct Response {
    /// The status.
    pub status: u16,
    /// The request and response.
    pub http_meta: HttpMetadata,
    /// The body, when it was read whole (empty when it is left to stream).
    pub body: bytes::Bytes,
    /// The body not read yet, when the operation streams it.
    pending: Mutex<Option<reqwest::Response>>,
    strict: bool,
}

impl Response {
    /// A response whose body was read whole.
    pub(super) fn read(status: u16, http_meta: HttpMetadata, body: bytes::Bytes, strict: bool) -> Self {
        Response { status, http_meta, body, pending: Mutex::new(None), strict }
    }

    /// A response whose body is left to stream.
    pub(super) fn streaming(status: u16, http_meta: HttpMetadata, body: reqwest::Response, strict: bool) -> Self {
        Response { status, http_meta, body: bytes::Bytes::new(), pending: Mutex::new(Some(body)), strict }
    }

    /// True when the body was left to stream (and not taken yet).
    fn is_pending(&self) -> bool {
        self.pending.lock().map(|p| p.is_some()).unwrap_or(false)
    }

    /// The body as a stream: as it arrives when it was left to stream,
    /// else the bytes already read. The second call gets what the first
    /// left: nothing.
    pub fn byte_stream(&self) -> ByteStream {
        let pending = self.pending.lock().ok().and_then(|mut p| p.take());
        match pending {
            Some(response) => ByteStream::new(futures_util::stream::unfold(Some(response), |state| async move {
                let mut response = state?;
                match response.chunk().await {
                    Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                    Ok(None) => None,
                    // The error ends the stream.
                    Err(e) => Some((Err(std::io::Error::other(e)), None)),
                }
            })),
            None => ByteStream::from_bytes(self.body.clone()),
        }
    }

    /// The media type of the body, lowercase, without parameters.
    pub fn media_type(&self) -> Option<String> {
        self.http_meta.response.header("content-type").map(media_essence)
    }

    /// True when the body's media type is JSON (`application/json`, `…+json`).
    pub fn is_json(&self) -> bool {
        self.media_type().is_some_and(|m| m == "application/json" || m.ends_with("+json"))
    }

    /// True when the body is of `media` (a media range such as `text/*` matches its types).
    pub fn is(&self, media: &str) -> bool {
        media_is(self.media_type().as_deref(), media)
    }

    /// The body decoded as JSON into a `T` (`expected` names it in errors).
    /// A body whose media type is not JSON is a decode error.
    pub fn json<T: serde::de::DeserializeOwned, E>(&self, expected: &str) -> Result<T, Error<E>> {
        if self.is_pending() {
            return Err(self.decode_error(
                expected,
                "$",
                "the body is left to stream: read it with `byte_stream`".into(),
            ));
        }
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
