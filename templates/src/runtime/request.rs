//! A request as an operation method describes it: parameters by location
//! and style, the body by media type, the security it needs, and which
//! responses it streams.

use super::client::Location;
use super::encode::{self, Style};
use serde::Serialize;
use std::fmt;

/// Which responses an operation reads as a stream: given the status and the
/// body's media type essence, true to leave the body unread.
pub type StreamWhen = fn(u16, Option<&str>) -> bool;

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

pub(super) fn multipart_form(parts: &[Part]) -> reqwest::multipart::Form {
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

/// The part of a non-binary multipart property; none for `null`.
fn field_part(name: String, value: serde_json::Value) -> Option<Part> {
    Some(match value {
        serde_json::Value::Null => return None,
        serde_json::Value::String(s) => Part { name, bytes: s.into(), media_type: None, file_name: None },
        v @ (serde_json::Value::Object(_) | serde_json::Value::Array(_)) => {
            Part { name, bytes: v.to_string().into(), media_type: Some("application/json".into()), file_name: None }
        }
        other => Part { name, bytes: other.to_string().into(), media_type: None, file_name: None },
    })
}

/// The raw bytes of a binary multipart property: one buffer, an optional
/// one, or a list of them (one part each).
pub trait PartBytes {
    /// The buffers, one per part.
    fn part_bytes(&self) -> Vec<bytes::Bytes>;
}

impl PartBytes for Vec<u8> {
    fn part_bytes(&self) -> Vec<bytes::Bytes> {
        vec![bytes::Bytes::copy_from_slice(self)]
    }
}

impl<T: PartBytes> PartBytes for Option<T> {
    fn part_bytes(&self) -> Vec<bytes::Bytes> {
        self.as_ref().map(PartBytes::part_bytes).unwrap_or_default()
    }
}

impl<T: PartBytes> PartBytes for Vec<T> {
    fn part_bytes(&self) -> Vec<bytes::Bytes> {
        self.iter().flat_map(PartBytes::part_bytes).collect()
    }
}

impl<T: PartBytes> PartBytes for Box<T> {
    fn part_bytes(&self) -> Vec<bytes::Bytes> {
        (**self).part_bytes()
    }
}

/// A request as an operation method describes it.
#[derive(Debug, Clone)]
pub struct Request {
    pub(super) method: &'static str,
    pub(super) path: String,
    pub(super) query: Vec<(String, String)>,
    pub(super) headers: Vec<(String, String)>,
    pub(super) cookies: Vec<(String, String)>,
    pub(super) body: Option<Body>,
    pub(super) security: &'static [&'static [&'static str]],
    pub(super) server: &'static str,
    pub(super) globals: Vec<(Location, &'static str, bool)>,
    pub(super) problems: Vec<String>,
    pub(super) stream_when: Option<StreamWhen>,
    pub(super) accept: Option<&'static str>,
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
            stream_when: None,
            accept: None,
        }
    }

    /// Leaves the body of the responses `when` picks unread, for the
    /// operation method to hand out as a [`super::ByteStream`].
    pub fn stream_when(&mut self, when: StreamWhen) {
        self.stream_when = Some(when);
    }

    /// Sends `Accept: media_types` (the media types the operation's
    /// responses are documented in), unless the call's headers name another.
    pub fn accept(&mut self, media_types: &'static str) {
        self.accept = Some(media_types);
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

    pub(super) fn has(&self, location: Location, name: &str) -> bool {
        let list = match location {
            Location::Query => &self.query,
            Location::Header => &self.headers,
            Location::Cookie => &self.cookies,
        };
        list.iter().any(|(k, _)| k.eq_ignore_ascii_case(name))
    }

    pub(super) fn push(&mut self, location: Location, name: String, value: String) {
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
        let parts = map.into_iter().filter_map(|(name, v)| field_part(name, v)).collect();
        self.body = Some(Body::Multipart(parts));
    }

    /// Starts a `multipart/form-data` body built part by part (with
    /// [`Request::multipart_field`] and [`Request::multipart_file`]); with
    /// no parts, an empty form is sent.
    pub fn multipart_begin(&mut self) {
        self.body = Some(Body::Multipart(Vec::new()));
    }

    /// Adds the part of property `name`: a string as text, a number or a
    /// boolean as its JSON text, an object or an array as JSON; none when
    /// it is absent or `null`.
    pub fn multipart_field(&mut self, name: &str, value: &impl Serialize) {
        let Some(v) = self.json(name, value) else { return };
        if let Some(part) = field_part(name.to_string(), v) {
            self.push_part(part);
        }
    }

    /// Adds a file part for each byte buffer of property `name` (none when
    /// it is absent), as `application/octet-stream` with the property name
    /// as the file name (servers that tell files from fields by the file
    /// name then see a file).
    pub fn multipart_file(&mut self, name: &str, value: &impl PartBytes) {
        for bytes in value.part_bytes() {
            self.push_part(Part {
                name: name.to_string(),
                bytes,
                media_type: Some("application/octet-stream".into()),
                file_name: Some(name.to_string()),
            });
        }
    }

    fn push_part(&mut self, part: Part) {
        match &mut self.body {
            Some(Body::Multipart(parts)) => parts.push(part),
            body => *body = Some(Body::Multipart(vec![part])),
        }
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
