//! Support code for the generated crate: lossless date-times, HTTP metadata,
//! helpers for the generated `Deserialize` impls (objects and unions), strict decoding, and
//! (with the `client` feature) the HTTP client the operation methods use.

mod date_time;
mod de;
mod http_metadata;
mod stream;
mod strict;
pub mod union;

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod encode;
#[cfg(feature = "client")]
mod error;
#[cfg(feature = "client")]
mod request;
#[cfg(feature = "client")]
mod response;
#[cfg(feature = "client")]
mod retry;

pub use date_time::{DateTime, ParseDateTimeError};
pub use de::{deserialize_object, keep_unknown, serialize_additional, DeserializeObject, FieldKey};
pub use http_metadata::{HttpMetadata, RequestMetadata, ResponseMetadata};
pub use stream::ByteStream;
pub use strict::{decode, decode_strict, is_strict, no_member, unknown_property, unknown_value, DecodeProblem};
pub use union::{deserialize_union, DeserializeUnion};

#[cfg(feature = "client")]
pub use client::{CallOptions, Core, Credential, Location, Secret, Settings};
#[cfg(feature = "client")]
pub use encode::Style;
#[cfg(feature = "client")]
pub use error::{ApiError, DecodeError, Error, RequestError, StatusError, TransportError};
#[cfg(feature = "client")]
pub use request::{Body, Part, PartBytes, Request, StreamWhen};
#[cfg(feature = "client")]
pub use response::{media_essence, media_is, Response};
#[cfg(feature = "client")]
pub use retry::{retry_after, retryable_status, RetryMethods, RetryPolicy};

/// Properties an object carried that its schema does not declare, kept so that
/// a value read from the server is written back without losing them.
pub type AdditionalProperties = ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>;
