//! The rules that turn any text into a valid Rust identifier: case
//! conversion, invalid characters, leading digits and keywords. Pure
//! functions: readers and lowering use them to make candidates, the naming
//! stage to claim them.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that are keywords in some Rust edition and need `r#` to be used as
/// identifiers.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they get a `_` suffix instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// True when `ident` must be written `r#ident`.
pub fn needs_raw(ident: &str) -> bool {
    RAW_KEYWORDS.contains(&ident)
}

/// Makes a converted word a valid identifier: non-empty, not starting with a
/// digit, not a keyword that cannot be raw.
fn fix_up(converted: String, digit_prefix: &str, empty: &str) -> String {
    let mut s = if converted.is_empty() { empty.to_string() } else { converted };
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("{digit_prefix}{s}");
    }
    if NON_RAW_KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// The words of a name: non-ASCII text transliterated (`größe` →
/// `grosse`, `名前` → `Ming Qian`), then only ASCII letters and digits
/// kept, the rest turned into word breaks, so `foo-bar`, `Foo Bar` and
/// `$foo.bar` convert predictably and every result is a valid identifier
/// (`proc_macro2` rejects some Unicode alphanumerics, such as `²`). A name
/// of symbols alone is spelled out (`+` → `plus`, `>=` → `gt eq`), so
/// values such as sort orders and operators keep names that say what they are.
fn words(input: &str) -> String {
    let ascii = if input.is_ascii() { std::borrow::Cow::Borrowed(input) } else { deunicode::deunicode(input).into() };
    let kept: String = ascii.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    if !kept.trim().is_empty() {
        return kept;
    }
    ascii.chars().filter_map(symbol).collect::<Vec<_>>().join(" ")
}

/// The word for an ASCII symbol.
fn symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '+' => "plus",
        '-' => "minus",
        '*' => "star",
        '/' => "slash",
        '\\' => "backslash",
        '%' => "percent",
        '=' => "eq",
        '<' => "lt",
        '>' => "gt",
        '!' => "not",
        '&' => "and",
        '|' => "or",
        '^' => "caret",
        '~' => "tilde",
        '.' => "dot",
        ',' => "comma",
        ':' => "colon",
        ';' => "semicolon",
        '?' => "question",
        '@' => "at",
        '#' => "hash",
        '$' => "dollar",
        '_' => "underscore",
        '\'' => "quote",
        '"' => "double quote",
        '`' => "backtick",
        '(' | ')' => "paren",
        '[' | ']' => "bracket",
        '{' | '}' => "brace",
        ' ' => "space",
        _ => return None,
    })
}

/// A type, variant or other UpperCamelCase name (`HTTPMetadata` → `HttpMetadata`).
pub fn type_name(input: &str) -> String {
    fix_up(words(input).to_upper_camel_case(), "Type", "Empty")
}

/// An enum variant name for a value (`in-progress` → `InProgress`, `2fa` → `Value2fa`, `` → `Empty`).
pub fn variant_name(input: &str) -> String {
    if input == "*" {
        return "Wildcard".into();
    }
    fix_up(words(input).to_upper_camel_case(), "Value", "Empty")
}

/// A field, parameter, method or module name (`createdAt` → `created_at`).
pub fn field_name(input: &str) -> String {
    let converted = words(input).to_snake_case();
    fix_up(converted, "_", "field")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        let table: &[(&str, &str, &str, &str)] = &[
            // input, type_name, variant_name, field_name
            ("HTTPMetadata", "HttpMetadata", "HttpMetadata", "http_metadata"),
            ("createdAt", "CreatedAt", "CreatedAt", "created_at"),
            ("foo-bar", "FooBar", "FooBar", "foo_bar"),
            ("Foo Bar", "FooBar", "FooBar", "foo_bar"),
            ("$special", "Special", "Special", "special"),
            ("123abc", "Type123abc", "Value123abc", "_123abc"),
            ("2fa", "Type2fa", "Value2fa", "_2fa"),
            ("", "Empty", "Empty", "field"),
            ("type", "Type", "Type", "type"),
            ("self", "Self_", "Self_", "self_"),
            ("Self", "Self_", "Self_", "self_"),
            ("super", "Super", "Super", "super_"),
            ("crate", "Crate", "Crate", "crate_"),
            ("_", "Underscore", "Underscore", "underscore"),
            ("*", "Star", "Wildcard", "star"),
            ("+", "Plus", "Plus", "plus"),
            (">=", "GtEq", "GtEq", "gt_eq"),
            ("-name", "Name", "Name", "name"),
            ("$$$", "DollarDollarDollar", "DollarDollarDollar", "dollar_dollar_dollar"),
            (" ", "Space", "Space", "space"),
            ("\u{1}", "Empty", "Empty", "field"),
            ("in-progress", "InProgress", "InProgress", "in_progress"),
            ("UPPER", "Upper", "Upper", "upper"),
            ("x-apideck-id", "XApideckId", "XApideckId", "x_apideck_id"),
            ("m²", "M2", "M2", "m2"),
            ("café", "Cafe", "Cafe", "cafe"),
            ("größe", "Grosse", "Grosse", "grosse"),
            ("名前", "MingQian", "MingQian", "ming_qian"),
            ("ñandú", "Nandu", "Nandu", "nandu"),
        ];
        for (input, ty, variant, field) in table {
            assert_eq!(type_name(input), *ty, "type_name({input:?})");
            assert_eq!(variant_name(input), *variant, "variant_name({input:?})");
            assert_eq!(field_name(input), *field, "field_name({input:?})");
        }
    }

    #[test]
    fn keywords_need_raw() {
        for kw in ["type", "ref", "gen", "async", "match", "try"] {
            assert!(needs_raw(kw), "{kw}");
        }
        for plain in ["types", "self_", "id", "union"] {
            assert!(!needs_raw(plain), "{plain}");
        }
    }
}
