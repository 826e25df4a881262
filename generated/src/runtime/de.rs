// @generated: copied verbatim from `templates/src/runtime/de.rs` by `cargo xtask generate`.
// Do not edit here: edit the template and regenerate.

//! Helpers for the generated `Serialize` and `Deserialize` impls: what is the
//! same in every object's impl lives here once, so each type's impl holds only
//! its own fields (the compiler checks far less code per type).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::MapAccess;
use serde::ser::SerializeMap;

/// An object type whose generated `Deserialize` reads a map: the map visitor
/// is [`ObjectVisitor`], shared by all of them.
pub trait DeserializeObject<'de>: Sized {
    /// The type's name, for the "expected a `Name` object" error.
    const NAME: &'static str;

    /// Reads the object's properties from `map`.
    fn visit_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The map visitor of every generated object type.
pub struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeObject<'de>> serde::de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a `{}` object", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit_map(map)
    }
}

/// Deserializes an object type from a map.
pub fn deserialize_object<'de, D: serde::Deserializer<'de>, T: DeserializeObject<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// Reads the value of a property `ty` does not declare into `additional`
/// (in strict mode, the error that names it).
pub fn keep_unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    ty: &str,
    key: FieldKey<'de>,
    additional: &mut super::AdditionalProperties,
) -> Result<(), A::Error> {
    super::unknown_property::<A::Error>(ty, key.as_str())?;
    let value = map.next_value()?;
    additional.insert(key.into_string(), value);
    Ok(())
}

/// Writes the properties beyond the declared ones after them, as serde's
/// `flatten` would.
pub fn serialize_additional<M: SerializeMap, V: serde::Serialize>(
    map: &mut M,
    additional: &std::collections::BTreeMap<String, V>,
) -> Result<(), M::Error> {
    for (key, value) in additional {
        map.serialize_entry(key, value)?;
    }
    Ok(())
}

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
