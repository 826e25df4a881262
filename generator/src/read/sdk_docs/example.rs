//! `## Example Usage` code → a JSON value.
//!
//! The TypeScript docs show `let value: Type = <literal>;`. The literal is a
//! small subset of TypeScript: objects (bare or quoted keys, trailing
//! commas), arrays, strings, numbers, `true`/`false`/`null`, and
//! constructors (`new Date("…")` and `new RFCDate("…")` are their string;
//! `new Response(…)`, `new Request(…)` and other platform objects have no
//! JSON form and become [`Literal::Platform`]).

use serde_json::{Map, Number, Value};

/// A parsed literal: JSON, or a platform object with no JSON form.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A JSON value (object keys as the SDK spells them, e.g. camelCase).
    Json(Value),
    /// `new Response(…)` and the like.
    Platform(String),
    /// An object some of whose values are platform objects: the JSON part.
    Object(Vec<(String, Literal)>),
    /// An array.
    Array(Vec<Literal>),
}

impl Literal {
    /// The JSON form, with platform objects left out (`None` if the value
    /// itself is one).
    pub fn to_json(&self) -> Option<Value> {
        match self {
            Literal::Json(v) => Some(v.clone()),
            Literal::Platform(_) => None,
            Literal::Object(entries) => {
                Some(Value::Object(entries.iter().filter_map(|(k, v)| Some((k.clone(), v.to_json()?))).collect()))
            }
            Literal::Array(items) => Some(Value::Array(items.iter().filter_map(Literal::to_json).collect())),
        }
    }
}

/// The literal assigned in an example (`let value: T = …;` or
/// `const value: T = …;`), or `None` when the example shows no value.
pub fn example_value(code: &str) -> Result<Option<Literal>, String> {
    let Some(start) = code.find("let value").or_else(|| code.find("const value")) else { return Ok(None) };
    let rest = &code[start..];
    let Some(eq) = rest.find('=') else { return Err("no `=` after `let value`".into()) };
    let mut p = Parser { s: &rest.as_bytes()[eq + 1..], i: 0 };
    let lit = p.value()?;
    Ok(Some(lit))
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn skip(&mut self) {
        loop {
            while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
                self.i += 1;
            }
            if self.s[self.i..].starts_with(b"//") {
                while self.i < self.s.len() && self.s[self.i] != b'\n' {
                    self.i += 1;
                }
                continue;
            }
            if self.s[self.i..].starts_with(b"/*") {
                match self.s[self.i + 2..].windows(2).position(|w| w == b"*/") {
                    Some(end) => self.i += end + 4,
                    None => self.i = self.s.len(),
                }
                continue;
            }
            return;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip();
        self.s.get(self.i).copied()
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("expected `{}` at byte {}", c as char, self.i))
        }
    }

    fn ident(&mut self) -> String {
        self.skip();
        let start = self.i;
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || matches!(self.s[self.i], b'_' | b'$' | b'.'))
        {
            self.i += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }

    fn string(&mut self) -> Result<String, String> {
        self.skip();
        let quote = self.s[self.i];
        let start = self.i;
        self.i += 1;
        while self.i < self.s.len() && self.s[self.i] != quote {
            if self.s[self.i] == b'\\' {
                self.i += 1;
            }
            self.i += 1;
        }
        if self.i >= self.s.len() {
            return Err("unterminated string".into());
        }
        self.i += 1;
        let raw = std::str::from_utf8(&self.s[start..self.i]).map_err(|e| e.to_string())?;
        if quote == b'"' {
            serde_json::from_str(raw).map_err(|e| format!("bad string {raw}: {e}"))
        } else {
            // '…' and `…`: unescape the quote itself, keep the rest JSON-like.
            let inner = &raw[1..raw.len() - 1];
            let json = format!(
                "\"{}\"",
                inner.replace(&format!("\\{}", quote as char), &(quote as char).to_string()).replace('"', "\\\"")
            );
            serde_json::from_str(&json).map_err(|e| format!("bad string {raw}: {e}"))
        }
    }

    fn value(&mut self) -> Result<Literal, String> {
        match self.peek() {
            Some(b'{') => {
                self.i += 1;
                let mut entries = Vec::new();
                loop {
                    match self.peek() {
                        Some(b'}') => {
                            self.i += 1;
                            break;
                        }
                        Some(b'"' | b'\'') => {
                            let key = self.string()?;
                            self.expect(b':')?;
                            entries.push((key, self.value()?));
                        }
                        Some(_) => {
                            let key = self.ident();
                            if key.is_empty() {
                                return Err(format!("expected a key at byte {}", self.i));
                            }
                            self.expect(b':')?;
                            entries.push((key, self.value()?));
                        }
                        None => return Err("unterminated object".into()),
                    }
                    if self.peek() == Some(b',') {
                        self.i += 1;
                    }
                }
                Ok(simplify_object(entries))
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    if self.peek() == Some(b']') {
                        self.i += 1;
                        break;
                    }
                    items.push(self.value()?);
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {}
                        _ => return Err(format!("expected `,` or `]` at byte {}", self.i)),
                    }
                }
                if items.iter().all(|i| matches!(i, Literal::Json(_))) {
                    Ok(Literal::Json(Value::Array(items.into_iter().filter_map(|i| i.to_json()).collect())))
                } else {
                    Ok(Literal::Array(items))
                }
            }
            Some(b'"' | b'\'' | b'`') => Ok(Literal::Json(Value::String(self.string()?))),
            Some(c) if c == b'-' || c.is_ascii_digit() => {
                let start = self.i;
                self.i += 1;
                while self.i < self.s.len()
                    && matches!(self.s[self.i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-' | b'_')
                {
                    self.i += 1;
                }
                let text = String::from_utf8_lossy(&self.s[start..self.i]).replace('_', "");
                let n: Number = serde_json::from_str(&text).map_err(|e| format!("bad number {text}: {e}"))?;
                Ok(Literal::Json(Value::Number(n)))
            }
            Some(_) => {
                let word = self.ident();
                match word.as_str() {
                    "true" => Ok(Literal::Json(Value::Bool(true))),
                    "false" => Ok(Literal::Json(Value::Bool(false))),
                    "null" => Ok(Literal::Json(Value::Null)),
                    "new" => {
                        let class = self.ident();
                        self.expect(b'(')?;
                        let mut args = Vec::new();
                        while self.peek() != Some(b')') {
                            args.push(self.value()?);
                            if self.peek() == Some(b',') {
                                self.i += 1;
                            } else {
                                break;
                            }
                        }
                        self.expect(b')')?;
                        match (class.as_str(), args.as_slice()) {
                            ("Date" | "RFCDate", [Literal::Json(Value::String(s))]) => {
                                Ok(Literal::Json(Value::String(s.clone())))
                            }
                            (other, _) => Ok(Literal::Platform(other.to_string())),
                        }
                    }
                    "" => Err(format!("unexpected `{}` at byte {}", self.s[self.i] as char, self.i)),
                    other => Err(format!("unsupported expression `{other}`")),
                }
            }
            None => Err("no value".into()),
        }
    }
}

fn simplify_object(entries: Vec<(String, Literal)>) -> Literal {
    if entries.iter().all(|(_, v)| matches!(v, Literal::Json(_))) {
        let map: Map<String, Value> = entries.into_iter().filter_map(|(k, v)| Some((k, v.to_json()?))).collect();
        Literal::Json(Value::Object(map))
    } else {
        Literal::Object(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn typescript_literals() {
        let code = r#"import { X } from "@example/x";

let value: X = {
  name: "Rex",
  'quoted-key': 'it\'s',
  "json key": "a\"b",
  age: 3,
  ratio: -1.5e3,
  ok: true,
  nothing: null,
  born: new Date("2020-01-01T00:00:00Z"),
  day: new RFCDate("2021-05-01"),
  tags: ["a", "b",],
  nested: { deep: [1, { x: 2 }] },
  // a comment
};
"#;
        let lit = example_value(code).unwrap().unwrap();
        assert_eq!(
            lit.to_json().unwrap(),
            json!({"name": "Rex", "quoted-key": "it's", "json key": "a\"b", "age": 3, "ratio": -1500.0, "ok": true,
                   "nothing": null, "born": "2020-01-01T00:00:00Z", "day": "2021-05-01", "tags": ["a", "b"],
                   "nested": {"deep": [1, {"x": 2}]}})
        );
    }

    #[test]
    fn platform_objects_are_left_out_of_json() {
        let code = "let value: R = {\n  httpMeta: {\n    response: new Response(\"{}\", { headers: { \"a\": \"b\" } }),\n    request: new Request(\"https://example.com\"),\n  },\n  data: 1,\n};";
        let lit = example_value(code).unwrap().unwrap();
        assert_eq!(lit.to_json().unwrap(), json!({"httpMeta": {}, "data": 1}));
        assert_eq!(example_value("// No examples available for this model").unwrap(), None);
        assert!(example_value("let value: X = {a: foo()};").is_err());
    }
}
