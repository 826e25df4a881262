// @generated: copied verbatim from `templates/src/runtime/mod.rs` by `cargo xtask generate`.
// Do not edit here: edit the template and regenerate.

//! Support code for the generated models: lossless date-times, HTTP
//! metadata, and helpers for the generated `Deserialize` impls.

mod date_time;
mod de;
mod http_metadata;

pub use date_time::{DateTime, ParseDateTimeError};
pub use de::FieldKey;
pub use http_metadata::{HttpMetadata, RequestMetadata, ResponseMetadata};

/// Properties an object carried that its schema does not declare, kept so that
/// a value read from the server is written back without losing them.
pub type AdditionalProperties = ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>;
