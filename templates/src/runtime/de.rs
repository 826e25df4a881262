//! Helpers for the generated `Serialize` and `Deserialize` impls: what is the
//! same in every object's impl lives here once, so each type's impl holds only
//! its own fields (the compiler checks far less code per type).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::MapAccess;
use serde::ser::SerializeMap;

/// An object type whose generated `Deserialize` reads a map through
/// [`deserialize_object`], whose map visitor all of them share.
pub trait DeserializeObject<'de>: Sized {
    /// The type's name, for the "expected a `Name` object" error.
    const NAME: &'static str;

    /// Reads the object's properties from `map`.
    fn visit_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The map visitor of every generated object type.
struct ObjectVisitor<T>(PhantomData<T>);

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

    /// An object as the generator writes one: a declared `name`, the rest kept.
    #[derive(Debug, PartialEq)]
    struct Probe {
        name: Option<String>,
        additional: super::super::AdditionalProperties,
    }

    impl<'de> serde::Deserialize<'de> for Probe {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_object(deserializer)
        }
    }

    impl<'de> DeserializeObject<'de> for Probe {
        const NAME: &'static str = "Probe";

        fn visit_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut name = None;
            let mut additional = Default::default();
            while let Some(key) = map.next_key::<FieldKey<'de>>()? {
                match key.as_str() {
                    "name" => name = map.next_value()?,
                    _ => keep_unknown(&mut map, Self::NAME, key, &mut additional)?,
                }
            }
            Ok(Probe { name, additional })
        }
    }

    impl serde::Serialize for Probe {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serde::Serializer::serialize_map(serializer, None)?;
            if let Some(name) = &self.name {
                map.serialize_entry("name", name)?;
            }
            serialize_additional(&mut map, &self.additional)?;
            map.end()
        }
    }

    #[test]
    fn objects_keep_what_they_do_not_declare() {
        let json = br#"{"zeta":[1],"name":"a","alpha":{"b":null}}"#;
        let probe: Probe = serde_json::from_slice(json).unwrap();
        assert_eq!(probe.name.as_deref(), Some("a"));
        assert_eq!(probe.additional.keys().collect::<Vec<_>>(), ["alpha", "zeta"]);
        assert_eq!(probe.additional["zeta"], serde_json::json!([1]));
        // Declared properties first, then the kept ones.
        assert_eq!(serde_json::to_string(&probe).unwrap(), r#"{"name":"a","alpha":{"b":null},"zeta":[1]}"#);

        let e = super::super::decode::<Probe>(json, true).unwrap_err();
        assert!(e.to_string().contains("`Probe` declares no property `zeta`"), "{e}");
        let e = serde_json::from_str::<Probe>("[]").unwrap_err();
        assert!(e.to_string().contains("expected a `Probe` object"), "{e}");
    }

    #[test]
    fn borrows_when_it_can() {
        let key: FieldKey<'_> = serde_json::from_str("\"name\"").unwrap();
        assert!(matches!(key.0, Cow::Borrowed("name")));
        let escaped: FieldKey<'_> = serde_json::from_str("\"a\\nb\"").unwrap();
        assert_eq!(escaped.as_str(), "a\nb");
        assert!(serde_json::from_str::<FieldKey<'_>>("3").is_err());
    }
}
