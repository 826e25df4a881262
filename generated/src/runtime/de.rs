// @generated: copied verbatim from `templates/src/runtime/de.rs` by `cargo xtask generate`.
// Do not edit here: edit the template and regenerate.

//! Helpers for the generated `Deserialize` impls.

use std::borrow::Cow;
use std::fmt;

/// An object key or a string value: borrowed from the input where the
/// deserializer allows it, so decoding a known field name does not allocate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldKey<'de>(pub Cow<'de, str>);

impl FieldKey<'_> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> serde::Deserialize<'de> for FieldKey<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = FieldKey<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(FieldKey(Cow::Borrowed(v)))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(FieldKey(Cow::Owned(v.to_string())))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(FieldKey(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_when_it_can() {
        let key: FieldKey<'_> = serde_json::from_str("\"name\"").unwrap();
        assert!(matches!(key.0, Cow::Borrowed("name")));
        let escaped: FieldKey<'_> = serde_json::from_str("\"a\\nb\"").unwrap();
        assert_eq!(escaped.as_str(), "a\nb");
        assert!(serde_json::from_str::<FieldKey<'_>>("3").is_err());
    }
}
