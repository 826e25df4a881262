//! Showing diagnostics to people and to tools: code frames of the offending
//! source lines (`codespan-reporting`), or one JSON object per diagnostic.
//!
//! The frame underlines the node a diagnostic's pointer names (its key and,
//! for a scalar, its value), the parser's position for a syntax error, or
//! the whole line for a line-only diagnostic (a Markdown doc). A file that
//! cannot be read again gets the plain form: file, line, pointer. A frame
//! shows only the lines it needs, each cut to a window around the mark
//! (a minified JSON spec is one line of megabytes), while the line and column
//! it prints stay those of the file.

use super::locate::{locate_all, Lines, Spot};
use super::{Diagnostic, Severity};
use codespan_reporting::diagnostic::{Diagnostic as Frame, Label};
use codespan_reporting::files::{line_starts, Error as FilesError, Files, Location};
use codespan_reporting::term::{self, Config};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::PathBuf;

/// The widest a source line is shown, in characters.
const WIDTH: usize = 120;

/// The source files diagnostics point into, each read once and scanned
/// once for the pointers of all its diagnostics.
struct Sources {
    files: BTreeMap<PathBuf, (String, HashMap<String, Vec<Spot>>)>,
}

impl Sources {
    fn new(items: &[Diagnostic]) -> Self {
        let mut pointers: BTreeMap<&PathBuf, Vec<&str>> = BTreeMap::new();
        for d in items {
            pointers.entry(&d.location.file).or_default().push(&d.location.pointer);
        }
        let mut files = BTreeMap::new();
        for (path, mut wanted) in pointers {
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            wanted.sort_unstable();
            wanted.dedup();
            let spots = locate_all(&text, &wanted);
            let marks = wanted.iter().zip(spots).map(|(p, s)| (p.to_string(), s)).collect();
            files.insert(path.clone(), (text, marks));
        }
        Sources { files }
    }
}

/// The lines of a file a frame shows, windowed, standing in for the file:
/// it reports the file's own line and column numbers.
struct Excerpt {
    name: String,
    text: String,
    starts: Vec<usize>,
    /// The file's 1-based number of the excerpt's first line.
    first_line: usize,
    /// Per excerpt line: the file's characters before the window (when
    /// any, the window starts with an ellipsis).
    cut: Vec<usize>,
}

impl Excerpt {
    /// The lines `lines` of `text` (0-based, inclusive), and where the bytes
    /// `mark` of the file are in the excerpt.
    fn new(name: String, text: &str, lines: Range<usize>, mark: Range<usize>) -> (Self, Range<usize>) {
        let file_starts: Vec<usize> = line_starts(text).collect();
        let mark_line = file_starts.partition_point(|&s| s <= mark.start) - 1;
        let mut out = String::new();
        let mut cut = Vec::new();
        let mut new_mark = 0..0;
        for i in lines.clone() {
            let start = file_starts[i];
            let end = text[start..].find(['\n', '\r']).map_or(text.len(), |e| start + e);
            let line = &text[start..end];
            // The window: around the mark on its line, else from the start.
            let anchor = if i == mark_line { text[start..mark.start].chars().count() } else { 0 };
            let chars = line.chars().count();
            let from = if chars <= WIDTH { 0 } else { anchor.saturating_sub(WIDTH / 3).min(chars - WIDTH) };
            let to = (from + WIDTH).min(chars);
            let byte_at = |c: usize| line.char_indices().nth(c).map_or(line.len(), |(b, _)| b);
            let (from_b, to_b) = (byte_at(from), byte_at(to));
            if from > 0 {
                out.push('…');
            }
            let window_start = out.len();
            out.push_str(&line[from_b..to_b]);
            if to < chars {
                out.push('…');
            }
            if i == mark_line {
                let clamp = |b: usize| (b.saturating_sub(start).clamp(from_b, to_b) - from_b) + window_start;
                new_mark = clamp(mark.start)..clamp(mark.end.min(end).max(mark.start));
            }
            out.push('\n');
            cut.push(from);
        }
        let starts = line_starts(&out).collect();
        (Excerpt { name, text: out, starts, first_line: lines.start + 1, cut }, new_mark)
    }
}

impl<'a> Files<'a> for Excerpt {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.starts.partition_point(|&s| s <= byte_index).saturating_sub(1))
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, FilesError> {
        Ok(self.first_line + line_index)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let start = *self
            .starts
            .get(line_index)
            .ok_or(FilesError::LineTooLarge { given: line_index, max: self.starts.len() })?;
        let end = self.starts.get(line_index + 1).copied().unwrap_or(self.text.len());
        Ok(start..end)
    }

    fn location(&'a self, (): (), byte_index: usize) -> Result<Location, FilesError> {
        let line_index = self.line_index((), byte_index)?;
        let start = self.starts[line_index];
        let cut = self.cut.get(line_index).copied().unwrap_or(0);
        let shown = self.text[start..byte_index.min(self.text.len()).max(start)].chars().count();
        let column = cut + shown - usize::from(cut > 0 && shown > 0) + 1;
        Ok(Location { line_number: self.first_line + line_index, column_number: column })
    }
}

/// The bytes of `text` a diagnostic underlines; `marks` are the spots of
/// its file's pointers (of a key given twice, the one at the diagnostic's
/// line and column).
fn span(text: &str, marks: &HashMap<String, Vec<Spot>>, d: &Diagnostic) -> Option<Range<usize>> {
    let l = &d.location;
    if !l.pointer.is_empty() || l.line.is_none() {
        let spots = marks.get(&l.pointer).map(Vec::as_slice).unwrap_or_default();
        let at = spots.iter().find(|s| Some(s.line) == l.line && Some(s.column) == l.column);
        if let Some(spot) = at.or(spots.first()) {
            return Some(spot.bytes.clone());
        }
    }
    let lines = Lines::new(text);
    let start = lines.byte(l.line.filter(|&n| n > 0 && n <= text.matches('\n').count() + 1)?, 0);
    let end = lines.line_end(start);
    match l.column {
        // A syntax error: the character the parser stopped at.
        Some(col) => {
            let at = text[start..end].char_indices().nth(col.saturating_sub(1)).map_or(end, |(i, _)| start + i);
            let next = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            Some(at..next.min(end).max(at))
        }
        None => {
            let indent = text[start..end].len() - text[start..end].trim_start().len();
            Some(start + indent..end)
        }
    }
}

/// The plain location line: `file:line:column at #pointer`.
fn where_(d: &Diagnostic) -> String {
    let l = &d.location;
    let mut s = l.file.display().to_string();
    if let Some(line) = l.line {
        s.push_str(&format!(":{line}"));
        if let Some(column) = l.column {
            s.push_str(&format!(":{column}"));
        }
    }
    if !l.pointer.is_empty() {
        s.push_str(&format!(" at #{}", l.pointer));
    }
    s
}

fn frame(sources: &Sources, d: &Diagnostic) -> String {
    let mut f = match d.severity {
        Severity::Error => Frame::error(),
        Severity::Warning => Frame::warning(),
    }
    .with_message(&d.message);
    // A syntax error's position is often just past the mistake: show the
    // lines before it too.
    let syntax = d.location.pointer.is_empty() && d.location.column.is_some();
    let name = d.location.file.display().to_string();
    let excerpt = sources.files.get(&d.location.file).and_then(|(text, marks)| {
        let mark = span(text, marks, d)?;
        let line = text[..mark.start].matches('\n').count();
        let first = if syntax { line.saturating_sub(2) } else { line };
        Some(Excerpt::new(name, text, first..line + 1, mark))
    });
    match &excerpt {
        Some((_, mark)) => {
            let label = Label::primary((), mark.clone());
            f = f.with_label(if d.location.pointer.is_empty() {
                label
            } else {
                label.with_message(format!("#{}", d.location.pointer))
            });
        }
        None => f = f.with_note(format!("at {}", where_(d))),
    }
    if let Some(hint) = &d.hint {
        f = f.with_note(format!("help: {hint}"));
    }
    let config = Config { before_label_lines: 2, ..Config::default() };
    let rendered = match &excerpt {
        Some((files, _)) => term::emit_into_string(&config, files, &f),
        None => term::emit_into_string(&config, &NoFiles, &f),
    };
    rendered.unwrap_or_else(|_| format!("{d}\n"))
}

/// For a diagnostic without a readable source: no file at all.
struct NoFiles;

impl<'a> Files<'a> for NoFiles {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Err(FilesError::FileMissing)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Err(FilesError::FileMissing)
    }

    fn line_index(&'a self, (): (), _: usize) -> Result<usize, FilesError> {
        Err(FilesError::FileMissing)
    }

    fn line_range(&'a self, (): (), _: usize) -> Result<Range<usize>, FilesError> {
        Err(FilesError::FileMissing)
    }
}

/// Every diagnostic as a code frame, then a line that counts them.
pub fn human(items: &[Diagnostic]) -> String {
    let mut items = items.to_vec();
    super::place(&mut items);
    let sources = Sources::new(&items);
    let mut out = String::new();
    for d in &items {
        out.push_str(&frame(&sources, d));
    }
    out
}

/// How many errors and warnings there are, in words: `2 errors, 1 warning`.
pub fn count(items: &[Diagnostic]) -> String {
    let errors = items.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = items.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
}

/// One JSON object per line for each diagnostic: `severity`, `message`,
/// `help`, `file`, `line`, `column`, `pointer` (absent when unknown) and
/// `rendered` (the code frame).
pub fn json(items: &[Diagnostic]) -> String {
    let mut items = items.to_vec();
    super::place(&mut items);
    let sources = Sources::new(&items);
    let mut out = String::new();
    for d in &items {
        let mut o = serde_json::Map::new();
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        o.insert("severity".into(), severity.into());
        o.insert("message".into(), d.message.clone().into());
        if let Some(hint) = &d.hint {
            o.insert("help".into(), hint.clone().into());
        }
        o.insert("file".into(), d.location.file.display().to_string().into());
        if let Some(line) = d.location.line {
            o.insert("line".into(), line.into());
        }
        if let Some(column) = d.location.column {
            o.insert("column".into(), column.into());
        }
        if !d.location.pointer.is_empty() {
            o.insert("pointer".into(), d.location.pointer.clone().into());
        }
        o.insert("rendered".into(), frame(&sources, d).into());
        out.push_str(&serde_json::Value::Object(o).to_string());
        out.push('\n');
    }
    out
}
