//! The Python SDK's Type-column notation (`../shared/apideck/NOTES-dialects.md`
//! tabulates every form): primitives in italics (`*Optional[str]*`), models
//! as links (`[OptionalNullable[models.X]](../models/x.md)`), containers in
//! plain text around them (`List[[models.X](…)]`, `Dict[str, *Any*]`).
//!
//! `Optional[…]`, `OptionalNullable[…]` and `Nullable[…]` only restate the
//! Required column and nullability, so they are unwrapped. Quirks kept as
//! the SDK has them: the date labels are swapped (`[date](…#date-objects)`
//! is a date-time field, `[datetime](…)` a date-only one), `httpx.Response`
//! is a binary body when emphasized and the HTTP metadata's response when
//! linked, and the binary request body is `Union[bytes, IO[bytes],
//! io.BufferedReader]`.

use super::blocks::Inline;
use super::notation::{piece_at, surface, Dialect, DocType, Namespace, Piece};

/// The Python SDK's notation.
pub struct Python;

impl Python {
    /// A type written as text, with pieces (emphasis, code, links) standing
    /// as private-use characters.
    fn parse_text(&self, text: &str, pieces: &[Piece<'_>]) -> Result<DocType, String> {
        let t = text.trim();
        for wrapper in ["OptionalNullable[", "Optional[", "Nullable["] {
            if let Some(inner) = t.strip_prefix(wrapper).and_then(|r| r.strip_suffix(']')) {
                return self.parse_text(inner, pieces);
            }
        }
        if let Some(inner) = t.strip_prefix("List[").and_then(|r| r.strip_suffix(']')) {
            return Ok(DocType::Array(Box::new(self.parse_text(inner, pieces)?)));
        }
        if let Some(inner) = t.strip_prefix("Dict[str,").and_then(|r| r.strip_suffix(']')) {
            return Ok(DocType::Map(Box::new(self.parse_text(inner, pieces)?)));
        }
        if let Some(piece) = piece_at(t, pieces) {
            return self.piece(piece, pieces);
        }
        self.atom(t, None)
    }

    /// An emphasized or linked piece: its text is a type of its own.
    fn piece(&self, piece: &Piece<'_>, pieces: &[Piece<'_>]) -> Result<DocType, String> {
        let t = piece.text.trim();
        for wrapper in ["OptionalNullable[", "Optional[", "Nullable["] {
            if let Some(inner) = t.strip_prefix(wrapper).and_then(|r| r.strip_suffix(']')) {
                return self.piece(&Piece { text: inner, dest: piece.dest }, pieces);
            }
        }
        if t.starts_with("List[") || t.starts_with("Dict[") {
            return self.parse_text(t, pieces);
        }
        self.atom(t, piece.dest)
    }

    fn atom(&self, t: &str, dest: Option<&str>) -> Result<DocType, String> {
        Ok(match t {
            "str" => DocType::String,
            "int" => DocType::Integer,
            "float" => DocType::Number,
            "bool" => DocType::Boolean,
            "Any" => DocType::Any,
            // The SDK's labels are swapped: see the module docs.
            "date" => DocType::DateTime,
            "datetime" => DocType::Date,
            "Union[bytes, IO[bytes], io.BufferedReader]" => DocType::Bytes,
            "httpx.Response" | "httpx.Request" if dest.is_some() => {
                DocType::Platform(t.trim_start_matches("httpx.").to_string())
            }
            "httpx.Response" => DocType::Bytes,
            _ => {
                let name = t.strip_prefix("models.").ok_or_else(|| format!("unknown type `{t}`"))?;
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return Err(format!("bad type name `{t}`"));
                }
                DocType::Named { namespace: Namespace::Models, name: name.to_string() }
            }
        })
    }
}

impl Dialect for Python {
    fn name(&self) -> &'static str {
        "python"
    }

    fn member(&self, heading: &str, _example: Option<&str>) -> Result<DocType, String> {
        self.parse_text(heading, &[])
    }

    /// Some Python names write initialisms in capitals (`UnifiedAPIID`,
    /// `ConnectorAPIResourceCoverageOneRequest`), as Go's do.
    fn capital_initialisms(&self) -> bool {
        true
    }

    fn notations(&self) -> &'static str {
        "*str*, *int*, *float*, *bool*, *Any*, [date](…), [datetime](…), [models.X](…), List[…], Dict[str, …] and Optional/OptionalNullable/Nullable around them"
    }

    fn parse(&self, cell: &[Inline]) -> Result<DocType, String> {
        let (text, pieces) = surface(cell).ok_or("empty type")?;
        self.parse_text(&text, &pieces)
    }
}

#[cfg(test)]
mod tests {
    use super::super::notation::cells::{emph, link, text};
    use super::*;
    fn x() -> DocType {
        DocType::Named { namespace: Namespace::Models, name: "X".into() }
    }

    /// Every notation of the NOTES-dialects.md table, with what it means.
    #[test]
    fn python_notation() {
        use DocType::*;
        let arr = |t: DocType| Array(Box::new(t));
        let map = |t: DocType| Map(Box::new(t));
        let cases: Vec<(Vec<Inline>, DocType)> = vec![
            (vec![emph("Optional[str]")], String),
            (vec![emph("OptionalNullable[str]")], String),
            (vec![emph("str")], String),
            (vec![link("Optional[models.X]", "../models/x.md")], x()),
            (vec![link("models.X", "../models/x.md")], x()),
            (vec![text("List["), link("models.X", "../models/x.md"), text("]")], arr(x())),
            (vec![text("Dict[str, "), emph("Any"), text("]")], map(Any)),
            (vec![emph("Optional[bool]")], Boolean),
            (vec![link("OptionalNullable[models.X]", "../models/x.md")], x()),
            (vec![emph("int")], Integer),
            (vec![emph("OptionalNullable[float]")], Number),
            (vec![link("date", "https://docs.python.org/3/library/datetime.html#date-objects")], DateTime),
            (vec![emph("OptionalNullable[bool]")], Boolean),
            (vec![emph("Optional[int]")], Integer),
            (vec![link("datetime", "https://docs.python.org/3/library/datetime.html#datetime-objects")], Date),
            (vec![text("List["), emph("str"), text("]")], arr(String)),
            (vec![text("List["), link("Nullable[models.X]", "../models/x.md"), text("]")], arr(x())),
            (vec![emph("Optional[float]")], Number),
            (vec![emph("OptionalNullable[int]")], Integer),
            (vec![emph("Nullable[str]")], String),
            (vec![emph("Optional[httpx.Response]")], Bytes),
            (vec![emph("Nullable[float]")], Number),
            (vec![link("Nullable[models.X]", "../models/x.md")], x()),
            (vec![emph("float")], Number),
            (vec![emph("bool")], Boolean),
            (vec![emph("Any")], Any),
            (vec![text("List["), emph("Nullable[str]"), text("]")], arr(String)),
            (vec![text("Dict[str, List["), emph("str"), text("]]")], map(arr(String))),
            (vec![emph("Optional[Any]")], Any),
            (vec![emph("Optional[Union[bytes, IO[bytes], io.BufferedReader]]")], Bytes),
            (vec![emph("Nullable[bool]")], Boolean),
            (vec![emph("Union[bytes, IO[bytes], io.BufferedReader]")], Bytes),
            (vec![text("List["), emph("float"), text("]")], arr(Number)),
            (vec![emph("Nullable[int]")], Integer),
            (vec![link("httpx.Response", "https://www.python-httpx.org/api/#response")], Platform("Response".into())),
            (vec![link("httpx.Request", "https://www.python-httpx.org/api/#request")], Platform("Request".into())),
            (vec![text("Dict[str, "), link("models.X", "../models/x.md"), text("]")], map(x())),
        ];
        assert_eq!(cases.len(), 37, "the 37 notations of the table");
        for (cell, expected) in cases {
            assert_eq!(Python.parse(&cell), Ok(expected), "{cell:?}");
        }
    }

    #[test]
    fn unknown_notation_is_reported() {
        for cell in [
            vec![emph("string")],
            vec![emph("Optional[things.X]")],
            vec![text("List["), emph("str")],
            vec![link("components.X", "x.md")],
            vec![],
        ] {
            assert!(Python.parse(&cell).is_err(), "{cell:?}");
        }
    }
}
