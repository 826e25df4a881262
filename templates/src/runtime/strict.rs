//! Decoding, lenient or strict.
//!
//! By default a generated type keeps what it does not know: undeclared
//! properties go to `additional_properties`, unknown enum values to
//! `Unknown(..)`, a value no union member accepts to the union's `Unknown`.
//! That is what a client shipped to production wants. A contract test wants
//! the opposite: in strict mode each of those is an error naming the JSON
//! path, so a renamed field or a new enum value cannot pass unnoticed.
//!
//! Strictness is set for the duration of one decode on the current thread
//! (decoding is synchronous, so the flag never leaks to another value).

use std::cell::Cell;
use std::fmt;

thread_local! {
    static STRICT: Cell<bool> = const { Cell::new(false) };
}

/// True while a strict decode runs on this thread: the generated
/// `Deserialize` impls reject what they would otherwise keep.
pub fn is_strict() -> bool {
    STRICT.with(Cell::get)
}

/// Restores the previous strictness when dropped, also on unwinding.
struct Guard(bool);

impl Drop for Guard {
    fn drop(&mut self) {
        STRICT.with(|s| s.set(self.0));
    }
}

/// Why a body did not decode: the JSON path of the value at fault (`$` for
/// the whole body) and what was wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeProblem {
    /// Where, as a JSON path: `$.data[0].status`.
    pub path: String,
    /// What.
    pub message: String,
}

impl fmt::Display for DecodeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", self.path, self.message)
    }
}

impl std::error::Error for DecodeProblem {}

/// Decodes `json` as a `T`; `strict` rejects undeclared properties, unknown
/// enum values and values no union member accepts, with their JSON path.
pub fn decode<T: serde::de::DeserializeOwned>(json: &[u8], strict: bool) -> Result<T, DecodeProblem> {
    let _guard = Guard(STRICT.with(|s| s.replace(strict)));
    // Most bodies decode: the first pass does not track the path, which
    // costs a copy of every key. Only a body that fails is decoded again,
    // with the path, to say where (decoding is deterministic: it fails the
    // same way). The first pass checks the body is UTF-8 once, as a whole,
    // rather than string by string as `from_slice` does (a quarter of the
    // time of a typed decode of a large list goes to that otherwise).
    let first = match std::str::from_utf8(json) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(json),
    };
    if let Ok(value) = first {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(json);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| problem(e.path(), e.inner()))?;
    de.end().map_err(|e| DecodeProblem { path: "$".into(), message: e.to_string() })?;
    Ok(value)
}

/// Decodes `json` strictly (see [`decode`]).
pub fn decode_strict<T: serde::de::DeserializeOwned>(json: &[u8]) -> Result<T, DecodeProblem> {
    decode(json, true)
}

/// In strict mode, the error for property `key`, which type `ty` does not
/// declare (the generated `Deserialize` impls call it before keeping one).
pub fn unknown_property<E: serde::de::Error>(ty: &str, key: &str) -> Result<(), E> {
    if is_strict() {
        return Err(E::custom(format_args!("`{ty}` declares no property `{key}`")));
    }
    Ok(())
}

/// In strict mode, the error for `value`, which enum `ty` does not list.
pub fn unknown_value<E: serde::de::Error>(ty: &str, value: &dyn fmt::Display) -> Result<(), E> {
    if is_strict() {
        return Err(E::custom(format_args!("`{value}` is not a value of `{ty}`")));
    }
    Ok(())
}

/// In strict mode, the error for a value no member of union `ty` accepts.
pub fn no_member<E: serde::de::Error>(ty: &str) -> Result<(), E> {
    if is_strict() {
        return Err(E::custom(format_args!("no member of `{ty}` accepts this value")));
    }
    Ok(())
}

fn problem(path: &serde_path_to_error::Path, error: &serde_json::Error) -> DecodeProblem {
    let mut at = String::from("$");
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => at.push_str(&format!("[{index}]")),
            serde_path_to_error::Segment::Map { key } => at.push_str(&format!(".{key}")),
            serde_path_to_error::Segment::Enum { variant } => at.push_str(&format!(".{variant}")),
            // A position inside a value that names no key or index.
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    // serde_json appends its own position; the path says where.
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    DecodeProblem { path: at, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Probe {
        #[allow(dead_code)]
        items: Vec<Inner>,
    }

    #[derive(Debug)]
    struct Inner;

    impl<'de> serde::Deserialize<'de> for Inner {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let value = serde_json::Value::deserialize(d)?;
            if is_strict() && value != serde_json::json!(1) {
                return Err(serde::de::Error::custom(format!("unknown value {value}")));
            }
            Ok(Inner)
        }
    }

    #[test]
    fn strictness_is_scoped_and_the_path_is_named() {
        assert!(decode::<Probe>(br#"{"items": [1, 2]}"#, false).is_ok());
        let e = decode::<Probe>(br#"{"items": [1, 2]}"#, true).unwrap_err();
        assert_eq!(e.path, "$.items[1]");
        assert_eq!(e.message, "unknown value 2");
        assert!(!is_strict(), "the flag is reset after a decode");
        assert!(decode::<Probe>(br#"{"items": [1]} x"#, false).is_err(), "trailing characters");
        assert_eq!(decode::<Probe>(b"{", false).unwrap_err().path, "$");
    }
}
