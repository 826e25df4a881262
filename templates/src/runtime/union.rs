//! The `Deserialize` of the generated unions without a discriminator: the
//! JSON kind of the value (null, boolean, number, string, array, object)
//! picks the variants worth trying, so a variant that cannot take that kind
//! costs nothing, and an array or object that one variant alone takes, and
//! always can, is read straight into it instead of through a
//! `serde_json::Value`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{MapAccess, SeqAccess};
use serde::Deserialize;

/// `null`.
pub const NULL: u8 = 1;
/// `true` or `false`.
pub const BOOLEAN: u8 = 2;
/// A number.
pub const NUMBER: u8 = 4;
/// A string.
pub const STRING: u8 = 8;
/// An array.
pub const ARRAY: u8 = 16;
/// An object.
pub const OBJECT: u8 = 32;

/// The kind of `value`: one of the constants above.
pub fn kind(value: &serde_json::Value) -> u8 {
    match value {
        serde_json::Value::Null => NULL,
        serde_json::Value::Bool(_) => BOOLEAN,
        serde_json::Value::Number(_) => NUMBER,
        serde_json::Value::String(_) => STRING,
        serde_json::Value::Array(_) => ARRAY,
        serde_json::Value::Object(_) => OBJECT,
    }
}

/// A union type whose generated `Deserialize` goes through
/// [`deserialize_union`].
pub trait DeserializeUnion<'de>: Sized {
    /// The type's name, for strict mode's error.
    const NAME: &'static str;

    /// The first variant, in order, that takes `value`.
    fn from_value(value: &serde_json::Value) -> Option<Self>;

    /// `value` kept as sent: no variant takes it.
    fn unknown(value: serde_json::Value) -> Self;

    /// Reads an array. Unless a variant reads it directly, it is read into
    /// a `Value` and given to [`Self::from_value`].
    fn from_seq<A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        let value = serde_json::Value::deserialize(SeqAccessDeserializer::new(seq))?;
        finish(value)
    }

    /// Reads an object, as [`Self::from_seq`] reads an array.
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        let value = serde_json::Value::deserialize(MapAccessDeserializer::new(map))?;
        finish(value)
    }
}

/// The first variant that takes `value`, else (strict mode's error or) `Unknown`.
fn finish<'de, T: DeserializeUnion<'de>, E: serde::de::Error>(value: serde_json::Value) -> Result<T, E> {
    match T::from_value(&value) {
        Some(v) => Ok(v),
        None => {
            super::no_member::<E>(T::NAME)?;
            Ok(T::unknown(value))
        }
    }
}

/// Deserializes a union type by the kind of the value.
pub fn deserialize_union<'de, D: serde::Deserializer<'de>, T: DeserializeUnion<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_any(UnionVisitor(PhantomData))
}

/// The visitor of every union without a discriminator.
struct UnionVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeUnion<'de>> serde::de::Visitor<'de> for UnionVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a `{}` value", T::NAME)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<T, E> {
        finish(serde_json::Value::Null)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<T, E> {
        finish(serde_json::Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<T, E> {
        finish(serde_json::Value::Bool(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<T, E> {
        finish(serde_json::Value::from(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<T, E> {
        finish(serde_json::Value::from(v))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<T, E> {
        // A non-finite number (not JSON) is kept as `null`, as serde_json's `Value` does.
        finish(serde_json::Value::from(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        finish(serde_json::Value::String(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<T, E> {
        finish(serde_json::Value::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::from_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A union as the generator writes one: a string, a number, a list of
    /// numbers read directly, and objects through a `Value`.
    #[derive(Debug, PartialEq)]
    enum Probe {
        Text(Option<String>),
        Count(i64),
        Counts(Vec<f64>),
        Pair { a: i64 },
        Unknown(serde_json::Value),
    }

    impl<'de> Deserialize<'de> for Probe {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_union(deserializer)
        }
    }

    impl<'de> DeserializeUnion<'de> for Probe {
        const NAME: &'static str = "Probe";

        fn from_value(value: &serde_json::Value) -> Option<Self> {
            let kind = kind(value);
            if kind & (STRING | NULL) != 0 {
                if let Ok(v) = Option::<String>::deserialize(value) {
                    return Some(Probe::Text(v));
                }
            }
            if kind & NUMBER != 0 {
                if let Ok(v) = i64::deserialize(value) {
                    return Some(Probe::Count(v));
                }
            }
            if kind & OBJECT != 0 {
                if let Some(a) = value.get("a").and_then(serde_json::Value::as_i64) {
                    return Some(Probe::Pair { a });
                }
            }
            None
        }

        fn unknown(value: serde_json::Value) -> Self {
            Probe::Unknown(value)
        }

        fn from_seq<A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
            Vec::<f64>::deserialize(SeqAccessDeserializer::new(seq)).map(Probe::Counts)
        }
    }

    fn read(json: &str) -> Probe {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn the_kind_picks_the_variant() {
        assert_eq!(read("\"a\""), Probe::Text(Some("a".into())));
        assert_eq!(read("null"), Probe::Text(None));
        assert_eq!(read("3"), Probe::Count(3));
        assert_eq!(read("[1, 2.5]"), Probe::Counts(vec![1.0, 2.5]));
        assert_eq!(read(r#"{"a": 1}"#), Probe::Pair { a: 1 });
        // Through a `Value` too, as an enclosing union reads it.
        let value: serde_json::Value = serde_json::from_str(r#"{"a": 2}"#).unwrap();
        assert_eq!(Probe::deserialize(&value).unwrap(), Probe::Pair { a: 2 });
        assert_eq!(Probe::deserialize(&serde_json::json!([3])).unwrap(), Probe::Counts(vec![3.0]));
    }

    #[test]
    fn what_no_variant_takes_is_kept() {
        assert_eq!(read("2.5"), Probe::Unknown(serde_json::json!(2.5)));
        assert_eq!(read("true"), Probe::Unknown(serde_json::json!(true)));
        assert_eq!(read(r#"{"b": [1]}"#), Probe::Unknown(serde_json::json!({"b": [1]})));
        // A direct reader's error is the error of the whole value.
        assert!(serde_json::from_str::<Probe>(r#"["x"]"#).is_err());
    }
}
