//! Markdown → a flat list of blocks with line numbers (via `pulldown-cmark`),
//! the common ground of the model-doc and SDK-doc readers.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// An inline piece of a table cell or heading, as the notation parsers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// `*emphasized*` text.
    Emph(String),
    /// `` `code` ``.
    Code(String),
    /// The start of `~~struck-through~~` text (the SDK docs strike out
    /// deprecated fields).
    Strike,
    /// `[text](dest)`.
    Link {
        /// The link text.
        text: String,
        /// The destination.
        dest: String,
    },
}

/// The plain text of inline pieces (link and emphasis markup dropped).
pub fn plain(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) | Inline::Emph(t) | Inline::Code(t) => t.as_str(),
            Inline::Link { text, .. } => text.as_str(),
            Inline::Strike => "",
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// A table's rows: 1-based line and cells.
pub type Rows = Vec<(usize, Vec<Vec<Inline>>)>;

/// A block of a Markdown document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `#`...`######`.
    Heading {
        /// 1 to 6.
        level: u8,
        /// The heading's inline content.
        inlines: Vec<Inline>,
        /// 1-based line.
        line: usize,
    },
    /// A paragraph, as text.
    Paragraph {
        /// The text (soft breaks as spaces).
        text: String,
        /// 1-based line.
        line: usize,
    },
    /// A fenced or indented code block.
    Code {
        /// The info string's first word (`typescript`), empty if none.
        lang: String,
        /// The code.
        text: String,
        /// 1-based line of the opening fence.
        line: usize,
    },
    /// A table.
    Table {
        /// The header cells' text.
        header: Vec<String>,
        /// The rows: 1-based line and cells.
        rows: Rows,
        /// 1-based line of the header.
        line: usize,
    },
    /// Raw HTML (e.g. `<!-- UsageSnippet ... -->` comments).
    Html {
        /// The HTML.
        text: String,
        /// 1-based line.
        line: usize,
    },
}

impl Block {
    /// The block's first line.
    pub fn line(&self) -> usize {
        match self {
            Block::Heading { line, .. }
            | Block::Paragraph { line, .. }
            | Block::Code { line, .. }
            | Block::Table { line, .. }
            | Block::Html { line, .. } => *line,
        }
    }
}

/// Splits `text` into blocks. Lists and block quotes contribute their
/// paragraphs; nothing the readers need is lost.
pub fn blocks(text: &str) -> Vec<Block> {
    let line_starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);

    let mut out = Vec::new();
    let mut inlines: Vec<Inline> = Vec::new();
    let mut emph = 0usize;
    let mut link: Option<(String, String)> = None;
    let mut code: Option<(String, String, usize)> = None;
    let mut heading: Option<(u8, usize)> = None;
    let mut paragraph: Option<usize> = None;
    let mut table: Option<(Vec<String>, Rows, usize)> = None;
    let mut row: Option<(usize, Vec<Vec<Inline>>)> = None;

    let push_text = |inlines: &mut Vec<Inline>, link: &mut Option<(String, String)>, emph: usize, t: &str| {
        if let Some((text, _)) = link {
            text.push_str(t);
        } else if emph > 0 {
            match inlines.last_mut() {
                Some(Inline::Emph(e)) => e.push_str(t),
                _ => inlines.push(Inline::Emph(t.to_string())),
            }
        } else {
            match inlines.last_mut() {
                Some(Inline::Text(e)) => e.push_str(t),
                _ => inlines.push(Inline::Text(t.to_string())),
            }
        }
    };

    for (event, range) in
        Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).into_offset_iter()
    {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                heading = Some((level, line_of(range.start)));
                inlines.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, line)) = heading.take() {
                    out.push(Block::Heading { level, inlines: std::mem::take(&mut inlines), line });
                }
            }
            Event::Start(Tag::Paragraph) if table.is_none() => {
                paragraph = Some(line_of(range.start));
                inlines.clear();
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(line) = paragraph.take() {
                    out.push(Block::Paragraph { text: plain(&std::mem::take(&mut inlines)), line });
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new(), line_of(range.start)));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, text, line)) = code.take() {
                    out.push(Block::Code { lang, text, line });
                }
            }
            Event::Start(Tag::Table(_)) => table = Some((Vec::new(), Vec::new(), line_of(range.start))),
            Event::End(TagEnd::Table) => {
                if let Some((header, rows, line)) = table.take() {
                    out.push(Block::Table { header, rows, line });
                }
            }
            Event::Start(Tag::TableHead) => row = Some((line_of(range.start), Vec::new())),
            Event::End(TagEnd::TableHead) => {
                if let (Some((_, cells)), Some(t)) = (row.take(), table.as_mut()) {
                    t.0 = cells.iter().map(|c| plain(c)).collect();
                }
            }
            Event::Start(Tag::TableRow) => row = Some((line_of(range.start), Vec::new())),
            Event::End(TagEnd::TableRow) => {
                if let (Some(r), Some(t)) = (row.take(), table.as_mut()) {
                    t.1.push(r);
                }
            }
            Event::Start(Tag::TableCell) => inlines.clear(),
            Event::End(TagEnd::TableCell) => {
                if let Some((_, cells)) = row.as_mut() {
                    cells.push(std::mem::take(&mut inlines));
                }
            }
            Event::Start(Tag::Strikethrough) => inlines.push(Inline::Strike),
            Event::Start(Tag::Emphasis) | Event::Start(Tag::Strong) => emph += 1,
            Event::End(TagEnd::Emphasis) | Event::End(TagEnd::Strong) => emph = emph.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => link = Some((String::new(), dest_url.to_string())),
            Event::End(TagEnd::Link) => {
                if let Some((text, dest)) = link.take() {
                    inlines.push(Inline::Link { text, dest });
                }
            }
            Event::Text(t) => {
                if let Some((_, code_text, _)) = code.as_mut() {
                    code_text.push_str(&t);
                } else {
                    push_text(&mut inlines, &mut link, emph, &t);
                }
            }
            Event::Code(t) => {
                if let Some((text, _)) = link.as_mut() {
                    text.push_str(&t);
                } else {
                    inlines.push(Inline::Code(t.to_string()));
                }
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut inlines, &mut link, emph, " "),
            Event::Html(h) if table.is_none() && paragraph.is_none() => {
                out.push(Block::Html { text: h.to_string(), line: line_of(range.start) });
            }
            Event::InlineHtml(h) => {
                // `<br/>` inside descriptions and examples reads as a line break.
                let t = if h.trim().eq_ignore_ascii_case("<br/>") || h.trim().eq_ignore_ascii_case("<br>") {
                    "\n"
                } else {
                    &h
                };
                push_text(&mut inlines, &mut link, emph, t);
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_keep_links_emphasis_and_lines() {
        let text = "# Title\n\nSome text.\n\n| Field | Type |\n| --- | --- |\n| `a` | [components.X](../x.md)[] |\n| `b` | Record<string, *any*> |\n";
        let b = blocks(text);
        assert_eq!(b[0], Block::Heading { level: 1, inlines: vec![Inline::Text("Title".into())], line: 1 });
        assert_eq!(b[1], Block::Paragraph { text: "Some text.".into(), line: 3 });
        let Block::Table { header, rows, line } = &b[2] else { panic!("{b:?}") };
        assert_eq!((header.as_slice(), *line), (&["Field".to_string(), "Type".to_string()][..], 5));
        assert_eq!(rows[0].0, 7);
        assert_eq!(rows[0].1[0], vec![Inline::Code("a".into())]);
        assert_eq!(
            rows[0].1[1],
            vec![Inline::Link { text: "components.X".into(), dest: "../x.md".into() }, Inline::Text("[]".into())]
        );
        assert_eq!(
            rows[1].1[1],
            vec![Inline::Text("Record<string, ".into()), Inline::Emph("any".into()), Inline::Text(">".into())]
        );
    }
}
