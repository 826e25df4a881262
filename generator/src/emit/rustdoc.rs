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

/// Makes spec prose (CommonMark, as OpenAPI says descriptions are) safe
/// for rustdoc and clippy's doc lints, through a CommonMark parser and
/// writer rather than line patches: the text is parsed with `pulldown-cmark`,
/// the events are adjusted, and `pulldown-cmark-to-cmark` writes it back, so
/// list items, their continuation lines and nested blocks come out indented
/// as CommonMark (and clippy's `doc_lazy_continuation`) expect. Adjusted:
/// every code block is fenced, and one with no language or a Rust one is
/// marked `text` (never a doctest); raw HTML is shown as text; links other
/// than web, mail and in-page ones keep only their text (no broken
/// intra-doc links); `[`, `]`, `<`, `>` and `*` in text are escaped; bare
/// URLs become autolinks.
pub(crate) fn sanitize(text: &str) -> Vec<String> {
    use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
    // clippy's `tabs_in_doc_comments`.
    let text = text.replace('\t', "    ");
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut in_code = false;
    // For each open link: whether it is kept.
    let mut links: Vec<bool> = Vec::new();
    // The parser splits text at brackets and entities: consecutive pieces
    // are joined before they are escaped.
    let mut pending = String::new();
    for event in Parser::new_ext(&text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) if !in_code => {
                pending.push_str(&t);
                continue;
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                pending.push_str(&h);
                continue;
            }
            _ => {}
        }
        if !pending.is_empty() {
            let trailing_newline = pending.ends_with('\n');
            push_text(&mut events, pending.trim_end_matches('\n'));
            if trailing_newline {
                events.push(Event::SoftBreak);
            }
            pending.clear();
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(lang) => lang.trim().to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let lang = if rusty(&lang) { "text".to_string() } else { lang };
                in_code = true;
                events.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang.into()))));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Start(Tag::Link { dest_url, .. }) if !kept_link(&dest_url) => links.push(false),
            Event::Start(link @ Tag::Link { .. }) => {
                links.push(true);
                events.push(Event::Start(link));
            }
            Event::End(TagEnd::Link) => {
                if links.pop() == Some(true) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            other => events.push(other),
        }
    }
    if !pending.is_empty() {
        push_text(&mut events, pending.trim_end_matches('\n'));
    }
    let out = write_cmark(&events).unwrap_or_else(|_| {
        // The writer refuses only malformed event streams; the parser's never are.
        escape_text(&text)
    });
    let mut lines: Vec<String> = out.lines().map(|l| l.trim_end().to_string()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    lines
}

/// Writes `events` back as CommonMark. The writer puts a single newline
/// between a list nested in an item and a block that follows it in the same
/// item, which makes that block a lazy continuation of the list's last item
/// (Jira's `* fields:` / `  * a` / `  For example…`): the stream is written
/// in segments, with a blank line forced at each such place.
fn write_cmark(events: &[pulldown_cmark::Event<'_>]) -> Result<String, pulldown_cmark_to_cmark::Error> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let options =
        || pulldown_cmark_to_cmark::Options { code_block_token_count: 3, list_token: '-', ..Default::default() };
    let mut out = String::new();
    let mut state = None;
    let (mut depth, mut start) = (0usize, 0);
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => {
                depth = depth.saturating_sub(1);
                let block_follows = matches!(events.get(i + 1), Some(Event::Start(t)) if !matches!(t, Tag::Item));
                if depth > 0 && block_follows {
                    let mut written = pulldown_cmark_to_cmark::cmark_resume_with_options(
                        events[start..=i].iter(),
                        &mut out,
                        state,
                        options(),
                    )?;
                    written.newlines_before_start = written.newlines_before_start.max(2);
                    state = Some(written);
                    start = i + 1;
                }
            }
            _ => {}
        }
    }
    let state = pulldown_cmark_to_cmark::cmark_resume_with_options(events[start..].iter(), &mut out, state, options())?;
    state.finalize(&mut out)?;
    Ok(out)
}

/// A code block language that rustdoc would run or compile as Rust.
fn rusty(lang: &str) -> bool {
    lang.is_empty()
        || lang.split(',').any(|w| {
            matches!(w.trim(), "rust" | "rs" | "ignore" | "no_run" | "should_panic" | "compile_fail" | "edition2021")
        })
}

/// Links rustdoc leaves alone: web, mail and in-page ones.
fn kept_link(dest: &str) -> bool {
    ["http://", "https://", "mailto:", "#"].iter().any(|p| dest.starts_with(p)) && !dest.contains(char::is_whitespace)
}

/// The characters `pulldown-cmark-to-cmark` escapes itself when a text
/// starts with one.
/// (`<` and `>` are not left to it: they are always written as entities.)
const WRITER_ESCAPES: [char; 8] = ['\\', '[', ']', '*', '`', '_', '|', '#'];

/// Text with markup characters escaped (written as-is by the writer, but
/// for a first character the writer escapes itself).
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    if let Some(&first) = chars.peek() {
        if WRITER_ESCAPES.contains(&first) {
            out.push(first);
            chars.next();
        }
    }
    while let Some(c) = chars.next() {
        match c {
            '[' | ']' | '*' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => out.push_str("\\\\"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Pushes a text, its bare URLs as autolinks, the rest escaped.
fn push_text<'a>(events: &mut Vec<pulldown_cmark::Event<'a>>, text: &str) {
    use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
    let mut rest = text;
    while let Some(start) = ["https://", "http://"].iter().filter_map(|p| rest.find(p)).min() {
        let tail = &rest[start..];
        let mut end =
            tail.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`')).unwrap_or(tail.len());
        // Trailing punctuation belongs to the sentence.
        while end > 0 && tail[..end].ends_with(['.', ',', ')', ';', ':', '!', '?', '\'']) {
            end -= 1;
        }
        if end <= "https://".len() {
            events.push(Event::Text(escape_text(&rest[..start + end.max(1)]).into()));
            rest = &rest[start + end.max(1)..];
            continue;
        }
        if start > 0 {
            events.push(Event::Text(escape_text(&rest[..start]).into()));
        }
        let url = tail[..end].to_string();
        events.push(Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: url.clone().into(),
            title: "".into(),
            id: "".into(),
        }));
        events.push(Event::Text(url.into()));
        events.push(Event::End(TagEnd::Link));
        rest = &tail[end..];
    }
    if !rest.is_empty() {
        events.push(Event::Text(escape_text(rest).into()));
    }
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
            ("a [relative](../x.md) link", &["a relative link"]),
            ("code `a[0] <b>` stays", &["code `a[0] <b>` stays"]),
            ("```\nfn main() {}\n```", &["```text", "fn main() {}", "```"]),
            ("```json\n{\"a\": [1]}\n```", &["```json", "{\"a\": [1]}", "```"]),
            ("```rust\nlet x = 1;", &["```text", "let x = 1;", "```"]),
            ("    indented code", &["```text", "indented code", "```"]),
            ("back\\slash", &["back\\slash"]),
            ("odd `tick", &["odd \\`tick"]),
            ("html <b>bold</b>", &["html &lt;b&gt;bold&lt;/b&gt;"]),
            ("tab\there", &["tab    here"]),
            // A list item's continuation line is indented (clippy's `doc_lazy_continuation`).
            (
                "Values:\n- `A`: first,\nstill first.\n- `B`",
                &["Values:", "", "- `A`: first,", "  still first.", "- `B`"],
            ),
            // A paragraph after a nested list, in the same item, stays a
            // paragraph of that item (not a lazy continuation of the list).
            (
                " *  fields:\n    \n     *  `a`\n     *  `b`\n    \n    For example.\n *  next",
                &["- fields:", "", "  - `a`", "  - `b`", "", "  For example.", "", "- next"],
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(sanitize(input), expected.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "{input:?}");
        }
    }
}
