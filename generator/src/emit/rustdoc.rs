//! Spec prose → rustdoc. Descriptions are untrusted input: they must never
//! become failing doctests, broken intra-doc links or invalid HTML.

use crate::ir::Rustdoc;
use proc_macro2::TokenStream;
use quote::quote;

/// One `#[doc = "..."]` attribute per line of `lines`.
pub(crate) fn attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #( #[doc = #lines] )* }
}

/// The rustdoc lines for `docs`, with `fallback` when the spec says nothing.
pub(crate) fn lines(docs: &Rustdoc, fallback: &str) -> Vec<String> {
    let mut out = Vec::new();
    let title = docs.title.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let description = docs.description.as_deref().map(str::trim).filter(|d| !d.is_empty());
    match (title, description) {
        (Some(t), Some(d)) if t != d => {
            out.extend(sanitize(t));
            out.push(String::new());
            out.extend(sanitize(d));
        }
        (Some(t), _) => out.extend(sanitize(t)),
        (None, Some(d)) => out.extend(sanitize(d)),
        (None, None) if !fallback.is_empty() => out.push(fallback.to_string()),
        (None, None) => {}
    }
    if docs.deprecated {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.push("**Deprecated** in the API.".to_string());
    }
    if let Some(example) = &docs.example {
        let text = serde_json::to_string(example).unwrap_or_default();
        if !out.is_empty() {
            out.push(String::new());
        }
        if text.len() <= 80 && !text.contains('`') {
            out.push(format!("Example: `{text}`"));
        } else {
            out.push("Example:".to_string());
            out.push("```json".to_string());
            let pretty = serde_json::to_string_pretty(example).unwrap_or_default();
            out.extend(pretty.lines().map(str::to_string));
            out.push("```".to_string());
        }
    }
    out
}

/// Makes CommonMark prose safe for rustdoc: every code fence is marked as
/// non-Rust, indentation that would make an (untested-language-less) code
/// block is removed, stray brackets and angle brackets are escaped, and bare
/// URLs become autolinks.
pub(crate) fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let marker = if trimmed.starts_with("```") {
            Some("```")
        } else if trimmed.starts_with("~~~") {
            Some("~~~")
        } else {
            None
        };
        match (fence, marker) {
            (None, Some(m)) => {
                let lang = trimmed[3..].trim().trim_start_matches(['`', '~']);
                let rusty = lang.is_empty()
                    || lang.split(',').any(|w| {
                        matches!(
                            w.trim(),
                            "rust" | "rs" | "ignore" | "no_run" | "should_panic" | "compile_fail" | "edition2021"
                        )
                    });
                let lang = if rusty { "text" } else { lang };
                out.push(format!("{m}{lang}"));
                fence = Some(m);
            }
            (Some(f), Some(m)) if f == m && trimmed.trim_end() == m => {
                out.push(m.to_string());
                fence = None;
            }
            (Some(_), _) => out.push(line.trim_end().to_string()),
            (None, None) => out.push(escape_inline(trimmed.trim_end())),
        }
    }
    if let Some(f) = fence {
        out.push(f.to_string());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// Escapes one line of prose outside code spans.
fn escape_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                // A Markdown link `[text](url)` stays a link.
                if let Some(end) = link_end(&chars, i) {
                    out.extend(&chars[i..end]);
                    i = end;
                    continue;
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' => out.push_str("\\\\"),
            'h' if starts_with_url(&chars[i..]) => {
                let end = (i..chars.len())
                    .find(|&j| chars[j].is_whitespace() || matches!(chars[j], '<' | '>' | '"' | '`'))
                    .unwrap_or(chars.len());
                // Trailing punctuation belongs to the sentence.
                let mut end = end;
                while end > i && matches!(chars[end - 1], '.' | ',' | ')' | ';' | ':' | '!' | '?' | '\'') {
                    end -= 1;
                }
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if in_code {
        // An unbalanced backtick would swallow the next line's text.
        out.push('`');
    }
    out
}

fn starts_with_url(chars: &[char]) -> bool {
    let s: String = chars.iter().take(8).collect();
    s.starts_with("https://") || s.starts_with("http://")
}

/// If a Markdown inline link starts at `start`, the index just past it.
fn link_end(chars: &[char], start: usize) -> Option<usize> {
    let close = (start + 1..chars.len()).find(|&j| chars[j] == ']' || chars[j] == '[')?;
    if chars[close] != ']' || chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let paren = (close + 2..chars.len()).find(|&j| chars[j] == ')' || chars[j].is_whitespace())?;
    if chars[paren] != ')' || close == start + 1 {
        return None;
    }
    let url: String = chars[close + 2..paren].iter().collect();
    (url.starts_with("http://") || url.starts_with("https://") || url.starts_with('#')).then_some(paren + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_made_safe() {
        let cases: &[(&str, &[&str])] = &[
            ("plain text", &["plain text"]),
            ("see items[i] and <id>", &["see items\\[i\\] and &lt;id&gt;"]),
            ("go to https://example.com/x.", &["go to <https://example.com/x>."]),
            ("a [link](https://example.com) here", &["a [link](https://example.com) here"]),
            ("code `a[0] <b>` stays", &["code `a[0] <b>` stays"]),
            ("```\nfn main() {}\n```", &["```text", "fn main() {}", "```"]),
            ("```json\n{\"a\": [1]}\n```", &["```json", "{\"a\": [1]}", "```"]),
            ("```rust\nlet x = 1;", &["```text", "let x = 1;", "```"]),
            ("    indented code", &["indented code"]),
            ("back\\slash", &["back\\\\slash"]),
            ("odd `tick", &["odd `tick`"]),
        ];
        for (input, expected) in cases {
            assert_eq!(sanitize(input), expected.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "{input:?}");
        }
    }
}
