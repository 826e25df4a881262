//! The Go SDK's Type-column notation (`../shared/apideck/NOTES-dialects.md`
//! tabulates its 29 forms): primitives in code spans (`` `*string` ``,
//! `` `int64` ``), models as links (`[*components.X](…)`), containers in
//! plain text before them (`[][components.X](…)`, ``map[string]`any` ``).
//!
//! A leading `*` is a Go pointer: it says the field is optional or nullable,
//! which the Required column (and the spec) already tell, so it is dropped.
//! `components.`, `operations.` and `apierrors.` are the three namespaces
//! (`apierrors` is the errors one). `time.Time` is a date-time,
//! `types.Date` a date, `io.ReadCloser` a binary response; a binary request
//! body is `any`, as any free-form value is (the Go docs do not tell them
//! apart). Union docs leave their `###` member headings empty: the member's
//! type is the argument of its constructor in the snippet below the heading
//! (`components.CreateValue5Str(string{/* values here */})`).

use super::blocks::Inline;
use super::notation::{piece_at, surface, Dialect, DocType, Namespace, Piece};

/// The Go SDK's notation.
pub struct Go;

impl Go {
    /// A type written as text, with pieces (code spans, links) standing as
    /// private-use characters.
    fn parse_text(&self, text: &str, pieces: &[Piece<'_>]) -> Result<DocType, String> {
        let t = text.trim();
        if let Some(inner) = t.strip_prefix("[]") {
            return Ok(DocType::Array(Box::new(self.parse_text(inner, pieces)?)));
        }
        if let Some(inner) = t.strip_prefix("map[string]") {
            return Ok(DocType::Map(Box::new(self.parse_text(inner, pieces)?)));
        }
        if let Some(inner) = t.strip_prefix('*') {
            return self.parse_text(inner, pieces);
        }
        if let Some(piece) = piece_at(t, pieces) {
            // A piece's text is a type of its own (`` `*string` ``, `[*components.X](…)`).
            return self.parse_text(piece.text, &[]);
        }
        self.atom(t)
    }

    fn atom(&self, t: &str) -> Result<DocType, String> {
        Ok(match t {
            "string" => DocType::String,
            "int" | "int32" | "int64" => DocType::Integer,
            "float32" | "float64" => DocType::Number,
            "bool" => DocType::Boolean,
            "any" | "interface{}" => DocType::Any,
            "time.Time" => DocType::DateTime,
            "types.Date" => DocType::Date,
            "io.ReadCloser" | "[]byte" => DocType::Bytes,
            "http.Response" | "http.Request" => DocType::Platform(t.trim_start_matches("http.").to_string()),
            _ => {
                let (prefix, name) = t.split_once('.').ok_or_else(|| format!("unknown type `{t}`"))?;
                let namespace = match prefix {
                    "components" => Namespace::Components,
                    "operations" => Namespace::Operations,
                    "apierrors" => Namespace::Errors,
                    _ => return Err(format!("unknown type `{t}`")),
                };
                let named = !name.is_empty()
                    && name.starts_with(|c: char| c.is_ascii_uppercase())
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !named {
                    return Err(format!("bad type name `{t}`"));
                }
                DocType::Named { namespace, name: name.to_string() }
            }
        })
    }
}

/// The initialisms Go names write in capitals (the `golint` list, which
/// Speakeasy's Go names follow).
const INITIALISMS: [&str; 38] = [
    "ACL", "API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP", "JSON", "LHS",
    "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SQL", "SSH", "TCP", "TLS", "TTL", "UDP", "UI", "UID", "UUID", "URI",
    "URL", "UTF8", "VM", "XML", "XMPP", "XSRF", "XSS",
];

/// `run` cut into initialisms, longest first where that leads to a full cut.
fn cut_initialisms(run: &str) -> Option<Vec<&str>> {
    if run.is_empty() {
        return Some(Vec::new());
    }
    let mut candidates: Vec<&str> = INITIALISMS.iter().copied().filter(|i| run.starts_with(i)).collect();
    candidates.sort_by_key(|i| std::cmp::Reverse(i.len()));
    candidates.into_iter().find_map(|first| {
        let mut rest = cut_initialisms(&run[first.len()..])?;
        rest.insert(0, first);
        Some(rest)
    })
}

/// A Go name with its initialisms written as words (`UnifiedAPIID` →
/// `UnifiedApiId`, `ConnectorIDs` → `ConnectorIds`, `HTTPMeta` →
/// `HttpMeta`), so that case conversion finds the words the name is made
/// of. A run of capitals that is not made of initialisms is kept.
pub fn initialisms_as_words(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_uppercase() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let mut end = i;
        while end < chars.len() && (chars[end].is_ascii_uppercase() || chars[end].is_ascii_digit()) {
            end += 1;
        }
        // The last capital before a lowercase letter starts the next word,
        // except the plural `s` of an initialism (`IDs`).
        let plural = chars.get(end) == Some(&'s') && !chars.get(end + 1).is_some_and(char::is_ascii_lowercase);
        if end < chars.len() && chars[end].is_ascii_lowercase() && !plural && end - i > 1 {
            end -= 1;
        }
        let run: String = chars[i..end].iter().collect();
        match cut_initialisms(&run) {
            Some(words) if !words.is_empty() => {
                for w in words {
                    out.push_str(&w[..1]);
                    out.push_str(&w[1..].to_ascii_lowercase());
                }
            }
            _ => out.push_str(&run),
        }
        i = end;
    }
    out
}

/// The argument type of a union member's constructor:
/// `value5 := components.CreateValue5Str(string{/* values here */})` → `string`.
fn constructor_argument(code: &str) -> Option<&str> {
    let line = code.lines().find(|l| l.contains(".Create") && l.contains('('))?;
    let open = line.find('(')?;
    let rest = &line[open + 1..];
    let close = rest.rfind('{')?;
    Some(rest[..close].trim())
}

impl Dialect for Go {
    fn name(&self) -> &'static str {
        "go"
    }

    fn member(&self, heading: &str, example: Option<&str>) -> Result<DocType, String> {
        if !heading.trim().is_empty() {
            return self.parse_text(heading, &[]);
        }
        let code = example.ok_or("an empty member heading with no constructor snippet below it")?;
        let argument = constructor_argument(code).ok_or_else(|| {
            format!("no `Create…(<type>{{…}})` constructor in the member's snippet `{}`", code.trim())
        })?;
        self.parse_text(argument, &[])
    }

    fn notations(&self) -> &'static str {
        "`string`, `int64`, `float64`, `bool`, `any`, `io.ReadCloser`, [time.Time](…), [types.Date](…), [components.X](…), []…, map[string]… and * pointers before them"
    }

    fn capital_initialisms(&self) -> bool {
        true
    }

    fn parse(&self, cell: &[Inline]) -> Result<DocType, String> {
        let (text, pieces) = surface(cell).ok_or("empty type")?;
        self.parse_text(&text, &pieces)
    }
}

#[cfg(test)]
mod tests {
    use super::super::notation::cells::{code, link, text};
    use super::*;
    fn named(namespace: Namespace) -> DocType {
        DocType::Named { namespace, name: "X".into() }
    }

    /// Every notation of the NOTES-dialects.md table, with what it means.
    #[test]
    fn go_notation() {
        use DocType::*;
        let arr = |t: DocType| Array(Box::new(t));
        let map = |t: DocType| Map(Box::new(t));
        let x = named(Namespace::Components);
        let cx = "../../models/components/x.md";
        let cases: Vec<(Vec<Inline>, DocType)> = vec![
            (vec![code("*string")], String),
            (vec![link("*components.X", cx)], x.clone()),
            (vec![code("string")], String),
            (vec![link("components.X", cx)], x.clone()),
            (vec![code("*bool")], Boolean),
            (vec![text("[]"), link("components.X", cx)], arr(x.clone())),
            (vec![text("map[string]"), code("any")], map(Any)),
            (vec![code("int64")], Integer),
            (vec![code("*float64")], Number),
            (vec![link("*time.Time", "https://pkg.go.dev/time#Time")], DateTime),
            (vec![code("*int64")], Integer),
            (vec![link("*types.Date", "../../types/date.md")], Date),
            (vec![text("[]"), code("string")], arr(String)),
            (vec![text("[]"), link("*components.X", cx)], arr(x.clone())),
            (vec![code("io.ReadCloser")], Bytes),
            (vec![code("any")], Any),
            (vec![link("*apierrors.X", "../../models/apierrors/x.md")], named(Namespace::Errors)),
            (vec![code("float64")], Number),
            (vec![code("bool")], Boolean),
            (vec![text("[]"), code("*string")], arr(String)),
            (vec![text("map[string][]"), code("string")], map(arr(String))),
            (vec![code("*any")], Any),
            (vec![link("*operations.X", "../../models/operations/x.md")], named(Namespace::Operations)),
            (vec![text("[]"), code("float64")], arr(Number)),
            (vec![link("time.Time", "https://pkg.go.dev/time#Time")], DateTime),
            (vec![link("*http.Response", "https://pkg.go.dev/net/http#Response")], Platform("Response".into())),
            (vec![link("*http.Request", "https://pkg.go.dev/net/http#Request")], Platform("Request".into())),
            (vec![text("map[string]"), link("components.X", cx)], map(x.clone())),
            (vec![text("[]"), link("apierrors.X", "../../models/apierrors/x.md")], arr(named(Namespace::Errors))),
        ];
        assert_eq!(cases.len(), 29, "the 29 notations of the table");
        for (cell, expected) in cases {
            assert_eq!(Go.parse(&cell), Ok(expected), "{cell:?}");
        }
    }

    #[test]
    fn unknown_notation_is_reported() {
        for cell in [
            vec![code("str")],
            vec![link("*models.X", "x.md")],
            vec![text("[]")],
            vec![text("map[int]"), code("string")],
            vec![link("components.x", "x.md")],
            vec![code("string"), code("bool")],
            vec![],
        ] {
            assert!(Go.parse(&cell).is_err(), "{cell:?}");
        }
    }

    #[test]
    fn initialisms_become_words() {
        for (go, words) in [
            ("UnifiedAPIID", "UnifiedApiId"),
            ("ConsumerID", "ConsumerId"),
            ("HTTPMeta", "HttpMeta"),
            ("ConnectorIDs", "ConnectorIds"),
            ("ConnectorSettingTypeURL", "ConnectorSettingTypeUrl"),
            ("ID", "Id"),
            ("SessionURI", "SessionUri"),
            ("Status", "Status"),
            ("ABCThing", "ABCThing"),
            ("Value5", "Value5"),
            ("UTF8Name", "Utf8Name"),
        ] {
            assert_eq!(initialisms_as_words(go), words, "{go}");
        }
    }

    #[test]
    fn union_members_are_read_from_their_constructor() {
        let member = |code: &str| Go.member("", Some(code));
        assert_eq!(member("value5 := components.CreateValue5Str(string{/* values here */})"), Ok(DocType::String));
        assert_eq!(
            member("v := components.CreateConnectionValueArrayOfValue5([]components.Value5{/* values here */})"),
            Ok(DocType::Array(Box::new(DocType::Named { namespace: Namespace::Components, name: "Value5".into() })))
        );
        assert_eq!(
            member("detail := apierrors.CreateDetailMapOfAny(map[string]any{/* values here */})"),
            Ok(DocType::Map(Box::new(DocType::Any)))
        );
        assert!(member("fmt.Println(x)").is_err());
        assert!(Go.member("", None).is_err());
    }
}
