//! The Type column of model docs: a small language per SDK language
//! ("dialect"). Each dialect turns a cell's inline pieces into a [`DocType`];
//! the rest of the reader does not know which dialect it reads.

use super::blocks::Inline;

/// The namespace of a documented type (`components.X`, `operations.X`, `errors.X`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Namespace {
    /// `models/components`.
    Components,
    /// `models/operations`.
    Operations,
    /// `models/errors`.
    Errors,
    /// `models/` of a flat layout (the Python SDK's), where one namespace
    /// holds components, operation types and errors alike.
    Models,
}

impl Namespace {
    /// `components`, `operations` or `errors`.
    pub fn as_str(self) -> &'static str {
        match self {
            Namespace::Components => "components",
            Namespace::Operations => "operations",
            Namespace::Errors => "errors",
            Namespace::Models => "models",
        }
    }

    /// The namespace named `s`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "components" | "shared" => Some(Namespace::Components),
            "operations" => Some(Namespace::Operations),
            "errors" | "apierrors" => Some(Namespace::Errors),
            "models" => Some(Namespace::Models),
            _ => None,
        }
    }
}

/// A type as a model doc states it.
#[derive(Debug, Clone, PartialEq)]
pub enum DocType {
    /// Text.
    String,
    /// Any number (the TypeScript docs do not tell integers apart).
    Number,
    /// An integer (the Python and Go docs say `int`/`int64`).
    Integer,
    /// `true`/`false`.
    Boolean,
    /// Any JSON value.
    Any,
    /// A date-time.
    DateTime,
    /// A date without time.
    Date,
    /// Raw bytes (a stream or a blob).
    Bytes,
    /// Another documented type.
    Named {
        /// Its namespace.
        namespace: Namespace,
        /// Its name (`CreateSessionResponse`).
        name: String,
    },
    /// A list.
    Array(Box<DocType>),
    /// A map from strings.
    Map(Box<DocType>),
    /// A single literal value (`"simple"`).
    Literal(serde_json::Value),
    /// A platform type with no JSON form (the `Request`/`Response` objects of HTTP metadata).
    Platform(String),
}

/// How one SDK language writes types in its docs.
pub trait Dialect: Sync {
    /// The dialect's name, for messages.
    fn name(&self) -> &'static str;
    /// Parses a Type cell.
    fn parse(&self, cell: &[Inline]) -> Result<DocType, String>;
    /// Parses a union member: the text of its `### …` heading, and the
    /// code of the snippet below it.
    fn member(&self, heading: &str, _example: Option<&str>) -> Result<DocType, String> {
        parse_member_heading(heading)
    }
    /// Whether names write initialisms in capitals (Go's `UnifiedAPIID`,
    /// `ConsumerID`): their case says nothing, so they are compared without
    /// it, and read as words by [`super::go::initialisms_as_words`].
    fn capital_initialisms(&self) -> bool {
        false
    }
    /// The notations it knows, for messages.
    fn notations(&self) -> &'static str {
        "*string*, *number*, *boolean*, *any*, [Date](…), [components.X](…), X[] and Record<string, X>"
    }
}

/// The TypeScript SDK's notation: `*string*`, `[components.X](…)[]`,
/// `Record<string, *any*>`, `[Date](…)`, `*"literal"*`...
pub struct TypeScript;

/// A cell split into the tokens the TypeScript notation is made of.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// An emphasized or linked name, with the link destination if any.
    Name(String, Option<String>),
    /// `[]`.
    ArraySuffix,
    /// `Record<string,`.
    RecordOpen,
    /// `>`.
    Close,
}

fn tokenize(cell: &[Inline]) -> Result<Vec<Tok>, String> {
    let mut toks = Vec::new();
    for piece in cell {
        match piece {
            Inline::Emph(t) | Inline::Code(t) => toks.push(Tok::Name(t.trim().to_string(), None)),
            Inline::Link { text, dest } => toks.push(Tok::Name(text.trim().to_string(), Some(dest.clone()))),
            Inline::Strike => {}
            Inline::Text(t) => {
                let mut rest = t.trim();
                while !rest.is_empty() {
                    if let Some(r) = rest.strip_prefix("[]") {
                        toks.push(Tok::ArraySuffix);
                        rest = r.trim_start();
                    } else if let Some(r) = rest.strip_prefix("Record<string,") {
                        toks.push(Tok::RecordOpen);
                        rest = r.trim_start();
                    } else if let Some(r) = rest.strip_prefix('>') {
                        toks.push(Tok::Close);
                        rest = r.trim_start();
                    } else {
                        // A bare word (`RequestOptions`): a name without markup.
                        let end = rest.find(|c: char| c == '[' || c == '>' || c.is_whitespace()).unwrap_or(rest.len());
                        if end == 0 {
                            return Err(format!("unexpected `{rest}`"));
                        }
                        toks.push(Tok::Name(rest[..end].to_string(), None));
                        rest = rest[end..].trim_start();
                    }
                }
            }
        }
    }
    Ok(toks)
}

impl TypeScript {
    fn name(&self, name: &str, dest: Option<&str>) -> Result<DocType, String> {
        Ok(match name {
            "string" => DocType::String,
            "number" => DocType::Number,
            "boolean" => DocType::Boolean,
            "any" => DocType::Any,
            "ReadableStream<Uint8Array>" | "Uint8Array" | "Blob" => DocType::Bytes,
            "Date" if dest.is_some_and(|d| d.contains("rfcdate")) => DocType::Date,
            "Date" => DocType::DateTime,
            "Request" | "Response" => DocType::Platform(name.to_string()),
            _ if name.starts_with('"') && name.ends_with('"') && name.len() >= 2 => {
                DocType::Literal(serde_json::from_str(name).map_err(|e| format!("bad literal {name}: {e}"))?)
            }
            _ => {
                let (ns, rest) = name.split_once('.').ok_or_else(|| format!("unknown type `{name}`"))?;
                let namespace = Namespace::parse(ns).ok_or_else(|| format!("unknown namespace `{ns}` in `{name}`"))?;
                if rest.is_empty() || !rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return Err(format!("bad type name `{name}`"));
                }
                DocType::Named { namespace, name: rest.to_string() }
            }
        })
    }

    fn parse_tokens(&self, toks: &[Tok], pos: &mut usize) -> Result<DocType, String> {
        let mut ty = match toks.get(*pos) {
            Some(Tok::Name(n, dest)) => {
                *pos += 1;
                self.name(n, dest.as_deref())?
            }
            Some(Tok::RecordOpen) => {
                *pos += 1;
                let inner = self.parse_tokens(toks, pos)?;
                match toks.get(*pos) {
                    Some(Tok::Close) => *pos += 1,
                    _ => return Err("`Record<string, …` is not closed with `>`".into()),
                }
                DocType::Map(Box::new(inner))
            }
            Some(other) => return Err(format!("unexpected {other:?}")),
            None => return Err("empty type".into()),
        };
        while let Some(Tok::ArraySuffix) = toks.get(*pos) {
            *pos += 1;
            ty = DocType::Array(Box::new(ty));
        }
        Ok(ty)
    }
}

impl Dialect for TypeScript {
    fn name(&self) -> &'static str {
        "typescript"
    }

    fn parse(&self, cell: &[Inline]) -> Result<DocType, String> {
        let toks = tokenize(cell)?;
        let mut pos = 0;
        let ty = self.parse_tokens(&toks, &mut pos)?;
        if pos != toks.len() {
            return Err(format!("unexpected {:?} after the type", toks[pos]));
        }
        Ok(ty)
    }
}

/// A linked, emphasized or code piece of a Type cell, for the dialects that
/// read a cell as text around such pieces (Python's `List[[models.X](…)]`,
/// Go's `[][components.X](…)`).
pub(super) struct Piece<'c> {
    /// Its text.
    pub text: &'c str,
    /// A link's destination.
    pub dest: Option<&'c str>,
}

/// A Type cell as surface text, with each piece (emphasis, code, link)
/// standing as one private-use character, and the pieces; `None` when the
/// cell is empty.
pub(super) fn surface(cell: &[Inline]) -> Option<(String, Vec<Piece<'_>>)> {
    let marker = |i: usize| char::from_u32(0xE000 + i as u32).unwrap_or('\u{E000}');
    let mut text = String::new();
    let mut pieces = Vec::new();
    for inline in cell {
        match inline {
            Inline::Text(t) => text.push_str(t),
            Inline::Emph(t) | Inline::Code(t) => {
                text.push(marker(pieces.len()));
                pieces.push(Piece { text: t, dest: None });
            }
            Inline::Link { text: t, dest } => {
                text.push(marker(pieces.len()));
                pieces.push(Piece { text: t, dest: Some(dest) });
            }
            Inline::Strike => {}
        }
    }
    (!text.trim().is_empty()).then_some((text, pieces))
}

/// The piece that `text` (trimmed) is, when it is exactly one marker.
pub(super) fn piece_at<'p, 'c>(text: &str, pieces: &'p [Piece<'c>]) -> Option<&'p Piece<'c>> {
    let mut chars = text.trim().chars();
    let (Some(c), None) = (chars.next(), chars.next()) else { return None };
    (c as u32).checked_sub(0xE000).and_then(|i| pieces.get(i as usize))
}

/// Parses a union member heading (`` `components.X[]` ``, `` `{ [k: string]: any }` ``).
pub fn parse_member_heading(text: &str) -> Result<DocType, String> {
    let t = text.trim();
    if let Some(inner) = t.strip_suffix("[]") {
        return Ok(DocType::Array(Box::new(parse_member_heading(inner)?)));
    }
    if let Some(value) = t.strip_prefix("{ [k: string]: ").and_then(|r| r.strip_suffix(" }")) {
        return Ok(DocType::Map(Box::new(parse_member_heading(value)?)));
    }
    TypeScript.name(t, None)
}

/// Type cells for the dialects' tests.
#[cfg(test)]
pub(super) mod cells {
    use super::Inline;

    pub fn emph(s: &str) -> Inline {
        Inline::Emph(s.into())
    }
    pub fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }
    pub fn code(s: &str) -> Inline {
        Inline::Code(s.into())
    }
    pub fn link(t: &str, d: &str) -> Inline {
        Inline::Link { text: t.into(), dest: d.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::cells::{emph, link, text};
    use super::*;
    fn named(ns: Namespace, n: &str) -> DocType {
        DocType::Named { namespace: ns, name: n.into() }
    }

    #[test]
    fn typescript_notation() {
        use DocType::*;
        let cases: Vec<(Vec<Inline>, DocType)> = vec![
            (vec![emph("string")], String),
            (vec![emph("number")], Number),
            (vec![emph("boolean")], Boolean),
            (vec![emph("any")], Any),
            (vec![link("Date", "https://developer.mozilla.org/Date")], DateTime),
            (vec![link("Date", "../../types/rfcdate.md")], Date),
            (vec![link("components.X", "../../models/components/x.md")], named(Namespace::Components, "X")),
            (vec![link("operations.Y", "../y.md")], named(Namespace::Operations, "Y")),
            (vec![link("errors.Z", "../z.md")], named(Namespace::Errors, "Z")),
            (vec![emph("components.U")], named(Namespace::Components, "U")),
            (vec![link("components.X", "x.md"), text("[]")], Array(Box::new(named(Namespace::Components, "X")))),
            (vec![emph("string"), text("[]")], Array(Box::new(String))),
            (vec![emph("components.U"), text("[]")], Array(Box::new(named(Namespace::Components, "U")))),
            (vec![text("Record<string, "), emph("any"), text(">")], Map(Box::new(Any))),
            (
                vec![text("Record<string, "), link("components.X", "x.md"), text(">")],
                Map(Box::new(named(Namespace::Components, "X"))),
            ),
            (vec![emph("\"simple\"")], Literal(serde_json::json!("simple"))),
            (vec![emph("ReadableStream<Uint8Array>")], Bytes),
            (vec![link("Response", "https://developer.mozilla.org/Response")], Platform("Response".into())),
            (vec![emph("Request")], Platform("Request".into())),
        ];
        for (cell, expected) in cases {
            assert_eq!(TypeScript.parse(&cell), Ok(expected), "{cell:?}");
        }
    }

    #[test]
    fn unknown_notation_is_reported() {
        for cell in [
            vec![emph("Optional[str]")],
            vec![emph("things.X")],
            vec![text("Record<string, "), emph("any")],
            vec![emph("string"), emph("number")],
            vec![],
        ] {
            assert!(TypeScript.parse(&cell).is_err(), "{cell:?}");
        }
    }

    #[test]
    fn member_headings() {
        assert_eq!(parse_member_heading("string"), Ok(DocType::String));
        assert_eq!(
            parse_member_heading("components.Value5[]"),
            Ok(DocType::Array(Box::new(named(Namespace::Components, "Value5"))))
        );
        assert_eq!(parse_member_heading("{ [k: string]: any }"), Ok(DocType::Map(Box::new(DocType::Any))));
    }
}
