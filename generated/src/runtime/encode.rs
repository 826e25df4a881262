// @generated: copied verbatim from `templates/src/runtime/encode.rs` by `cargo xtask generate`.
// Do not edit here: edit the template and regenerate.

//! Parameter serialization, as OpenAPI's `style` and `explode` describe it.
//!
//! A parameter's value is first made JSON (`serde_json::to_value`: enums
//! become their wire text, date-times their RFC 3339 text), then laid out
//! here: query pairs (`form`, `spaceDelimited`, `pipeDelimited`,
//! `deepObject`), a path segment (`simple`, `label`, `matrix`) or a header
//! value (`simple`). Percent-encoding of query pairs is the URL's job;
//! path segments are encoded here.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

/// How a parameter is laid out (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `simple`: `a,b` (path and header parameters).
    Simple,
    /// `form`: `name=a&name=b` exploded, `name=a,b` not (query and cookie).
    Form,
    /// `label`: `.a.b` (path).
    Label,
    /// `matrix`: `;name=a;name=b` (path).
    Matrix,
    /// `spaceDelimited`: `name=a b` (query arrays).
    SpaceDelimited,
    /// `pipeDelimited`: `name=a|b` (query arrays).
    PipeDelimited,
    /// `deepObject`: `name[key]=value` (query objects).
    DeepObject,
}

/// The text of a scalar: strings as they are, numbers and booleans as JSON
/// writes them (a whole number without `.0`, as JavaScript writes it: a
/// `number` field holding 75000 is sent as `75000`), `null` as nothing.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// Appends the query pairs of parameter `name` with `value`. `null` adds
/// nothing (an absent optional parameter is `None`, not `null`).
pub fn query(pairs: &mut Vec<(String, String)>, name: &str, style: Style, explode: bool, value: &Value) {
    match (style, value) {
        (_, Value::Null) => {}
        (Style::DeepObject, Value::Object(_)) => deep_object(pairs, name.to_string(), value),
        (Style::SpaceDelimited, Value::Array(items)) if !explode => {
            pairs.push((name.to_string(), items.iter().map(scalar).collect::<Vec<_>>().join(" ")))
        }
        (Style::PipeDelimited, Value::Array(items)) if !explode => {
            pairs.push((name.to_string(), items.iter().map(scalar).collect::<Vec<_>>().join("|")))
        }
        (_, Value::Array(items)) if explode => {
            pairs.extend(items.iter().map(|item| (name.to_string(), scalar(item))));
        }
        (_, Value::Array(items)) => {
            pairs.push((name.to_string(), items.iter().map(scalar).collect::<Vec<_>>().join(",")))
        }
        // An exploded form object is one pair per property.
        (_, Value::Object(map)) if explode => pairs.extend(map.iter().map(|(k, v)| (k.clone(), scalar(v)))),
        (_, Value::Object(map)) => pairs.push((name.to_string(), flat_object(map, ","))),
        (_, scalar_value) => pairs.push((name.to_string(), scalar(scalar_value))),
    }
}

/// `name[key]=value`, nested objects as `name[key][inner]=value` and
/// arrays as `name[key][]=value`, as the SDKs that send `deepObject` do.
fn deep_object(pairs: &mut Vec<(String, String)>, prefix: String, value: &Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                deep_object(pairs, format!("{prefix}[{k}]"), v);
            }
        }
        Value::Array(items) => {
            for item in items {
                deep_object(pairs, format!("{prefix}[]"), item);
            }
        }
        Value::Null => {}
        other => pairs.push((prefix, scalar(other))),
    }
}

/// `k1,v1,k2,v2` (or with `=` between key and value when `sep` says so).
fn flat_object(map: &serde_json::Map<String, Value>, sep: &str) -> String {
    map.iter().map(|(k, v)| format!("{k}{sep}{}", scalar(v))).collect::<Vec<_>>().join(",")
}

/// The characters a path segment keeps as they are (RFC 3986 unreserved).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

fn encode_segment(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

/// The path segment of parameter `name` with `value`, percent-encoded.
pub fn path(name: &str, style: Style, explode: bool, value: &Value) -> String {
    let items: Vec<String> = match value {
        Value::Array(items) => items.iter().map(|v| encode_segment(&scalar(v))).collect(),
        Value::Object(map) if explode => {
            map.iter().map(|(k, v)| format!("{}={}", encode_segment(k), encode_segment(&scalar(v)))).collect()
        }
        Value::Object(map) => map.iter().flat_map(|(k, v)| [encode_segment(k), encode_segment(&scalar(v))]).collect(),
        other => vec![encode_segment(&scalar(other))],
    };
    match style {
        Style::Label if explode => items.iter().map(|i| format!(".{i}")).collect(),
        Style::Label => format!(".{}", items.join(",")),
        Style::Matrix if explode && matches!(value, Value::Array(_)) => {
            items.iter().map(|i| format!(";{name}={i}")).collect()
        }
        Style::Matrix if explode && matches!(value, Value::Object(_)) => {
            items.iter().map(|i| format!(";{i}")).collect()
        }
        Style::Matrix => format!(";{name}={}", items.join(",")),
        _ => items.join(","),
    }
}

/// The value of a header parameter (`simple` style).
pub fn header(explode: bool, value: &Value) -> String {
    match value {
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
        Value::Object(map) if explode => {
            map.iter().map(|(k, v)| format!("{k}={}", scalar(v))).collect::<Vec<_>>().join(",")
        }
        Value::Object(map) => flat_object(map, ","),
        other => scalar(other),
    }
}

/// The pairs of an `application/x-www-form-urlencoded` body: each property
/// of the object, arrays exploded, nested objects as `deepObject`.
pub fn form(value: &Value) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    if let Value::Object(map) = value {
        for (k, v) in map {
            match v {
                Value::Object(_) => deep_object(&mut pairs, k.clone(), v),
                _ => query(&mut pairs, k, Style::Form, true, v),
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn q(style: Style, explode: bool, value: Value) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        query(&mut pairs, "p", style, explode, &value);
        pairs
    }

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn query_styles() {
        assert_eq!(q(Style::Form, true, json!(5)), owned(&[("p", "5")]));
        assert_eq!(q(Style::Form, true, json!(true)), owned(&[("p", "true")]));
        assert_eq!(q(Style::Form, true, json!(75000.0)), owned(&[("p", "75000")]));
        assert_eq!(q(Style::Form, true, json!(0.5)), owned(&[("p", "0.5")]));
        assert_eq!(q(Style::Form, true, json!(null)), owned(&[]));
        assert_eq!(q(Style::Form, true, json!(["a", "b"])), owned(&[("p", "a"), ("p", "b")]));
        assert_eq!(q(Style::Form, false, json!(["a", "b"])), owned(&[("p", "a,b")]));
        assert_eq!(q(Style::Form, true, json!({"x": 1, "y": "z"})), owned(&[("x", "1"), ("y", "z")]));
        assert_eq!(q(Style::Form, false, json!({"x": 1, "y": "z"})), owned(&[("p", "x,1,y,z")]));
        assert_eq!(q(Style::SpaceDelimited, false, json!(["a", "b"])), owned(&[("p", "a b")]));
        assert_eq!(q(Style::PipeDelimited, false, json!(["a", "b"])), owned(&[("p", "a|b")]));
        assert_eq!(
            q(
                Style::DeepObject,
                true,
                json!({"name": "x", "updated_since": "2020", "nested": {"a": 1}, "list": [1, 2]})
            ),
            owned(&[
                ("p[name]", "x"),
                ("p[updated_since]", "2020"),
                ("p[nested][a]", "1"),
                ("p[list][]", "1"),
                ("p[list][]", "2")
            ])
        );
    }

    #[test]
    fn path_styles() {
        assert_eq!(path("id", Style::Simple, false, &json!("a b/c")), "a%20b%2Fc");
        assert_eq!(path("id", Style::Simple, false, &json!(["a", "b"])), "a,b");
        assert_eq!(path("id", Style::Simple, false, &json!({"x": 1})), "x,1");
        assert_eq!(path("id", Style::Simple, true, &json!({"x": 1})), "x=1");
        assert_eq!(path("id", Style::Label, false, &json!(["a", "b"])), ".a,b");
        assert_eq!(path("id", Style::Label, true, &json!(["a", "b"])), ".a.b");
        assert_eq!(path("id", Style::Matrix, false, &json!("v")), ";id=v");
        assert_eq!(path("id", Style::Matrix, true, &json!(["a", "b"])), ";id=a;id=b");
        assert_eq!(path("id", Style::Simple, false, &json!("ünï~-._")), "%C3%BCn%C3%AF~-._");
    }

    #[test]
    fn headers_and_forms() {
        assert_eq!(header(false, &json!(["a", "b"])), "a,b");
        assert_eq!(header(true, &json!({"a": 1})), "a=1");
        assert_eq!(header(false, &json!(12)), "12");
        assert_eq!(
            form(&json!({"a": "x", "b": [1, 2], "c": {"d": true}})),
            owned(&[("a", "x"), ("b", "1"), ("b", "2"), ("c[d]", "true")])
        );
    }
}
