//! Diagnostics: every problem found in the input, with where it is and what
//! would be accepted instead.
//!
//! Phases collect diagnostics instead of stopping at the first one, so a user
//! fixing a spec sees every problem in one run. A phase ends with
//! [`Diagnostics::checkpoint`], which turns the collected errors (if any) into
//! an `Err` sorted by file and location.

pub mod locate;
pub mod render;

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input a diagnostic points. Diagnostics sort by file, then
/// line and column, then pointer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The input file.
    pub file: PathBuf,
    /// The 1-based line, where it is known: from the parser for a syntax
    /// error, else found from the pointer by [`place`].
    pub line: Option<usize>,
    /// The 1-based column (in characters), where it is known.
    pub column: Option<usize>,
    /// A JSON pointer (RFC 6901) into the file's document, e.g.
    /// `/components/schemas/Pet/properties/name`.
    pub pointer: String,
}

impl Location {
    /// A location in `file` at the JSON pointer `pointer`.
    pub fn new(file: &Path, pointer: impl Into<String>) -> Self {
        Location { file: file.to_path_buf(), line: None, column: None, pointer: pointer.into() }
    }

    /// A location in `file` at a 1-based line (a Markdown doc, a lock file).
    pub fn at_line(file: &Path, line: usize) -> Self {
        Location { file: file.to_path_buf(), line: Some(line), column: None, pointer: String::new() }
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation cannot go on.
    Error,
    /// Generation goes on; the output may not be what the author meant.
    Warning,
}

/// One problem in the input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where it is.
    pub location: Location,
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// What is supported instead, or how to fix it.
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}\n  --> {}", self.message, self.location.file.display())?;
        if let Some(line) = self.location.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.location.column {
                write!(f, ":{column}")?;
            }
        }
        if !self.location.pointer.is_empty() {
            write!(f, " at #{}", self.location.pointer)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

/// A non-empty set of errors (and the warnings found with them), sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Diagnostic>);

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        let errors = self.0.iter().filter(|d| d.severity == Severity::Error).count();
        write!(f, "\n{errors} error(s)")
    }
}

impl std::error::Error for Errors {}

impl From<Diagnostic> for Errors {
    fn from(d: Diagnostic) -> Self {
        Errors(vec![d])
    }
}

/// Collects diagnostics during a phase.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error.
    pub fn error(&mut self, location: Location, message: impl Into<String>, hint: Option<String>) {
        self.items.push(Diagnostic { location, severity: Severity::Error, message: message.into(), hint });
    }

    /// Records a warning.
    pub fn warning(&mut self, location: Location, message: impl Into<String>, hint: Option<String>) {
        self.items.push(Diagnostic { location, severity: Severity::Warning, message: message.into(), hint });
    }

    /// Records a diagnostic built elsewhere.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Moves every diagnostic of `other` into this collector.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// How many diagnostics have been recorded.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// True when an error (not only warnings) has been recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Ends a phase: `Err` with every diagnostic, placed and sorted, when any
    /// is an error.
    pub fn checkpoint(&mut self) -> Result<(), Errors> {
        if self.has_errors() {
            Err(Errors(finish(std::mem::take(&mut self.items))))
        } else {
            Ok(())
        }
    }

    /// The warnings collected so far (after a successful checkpoint, all of
    /// them), placed and sorted.
    pub fn into_warnings(self) -> Vec<Diagnostic> {
        finish(self.items)
    }
}

/// Places, sorts and deduplicates diagnostics.
fn finish(mut items: Vec<Diagnostic>) -> Vec<Diagnostic> {
    place(&mut items);
    items.sort();
    items.dedup();
    items
}

/// Fills in the line and column of every diagnostic that has no line from
/// its pointer (the empty pointer is the document's root), reading each
/// file once. A file that cannot be read again (or a
/// pointer into a document no file holds) keeps its pointer alone.
pub fn place(items: &mut [Diagnostic]) {
    let mut files: Vec<&Path> =
        items.iter().filter(|d| d.location.line.is_none()).map(|d| d.location.file.as_path()).collect();
    files.sort();
    files.dedup();
    let files: Vec<PathBuf> = files.into_iter().map(Path::to_path_buf).collect();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        let at: Vec<usize> = (0..items.len())
            .filter(|&i| {
                let l = &items[i].location;
                l.file == file && l.line.is_none()
            })
            .collect();
        let pointers: Vec<&str> = at.iter().map(|&i| items[i].location.pointer.as_str()).collect();
        let spots = locate::locate(&text, &pointers);
        for (i, spot) in at.into_iter().zip(spots) {
            if let Some(spot) = spot {
                items[i].location.line = Some(spot.line);
                items[i].location.column = Some(spot.column);
            }
        }
    }
}

/// Escapes one reference token for a JSON pointer (RFC 6901).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one reference token of a JSON pointer (RFC 6901).
pub fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Builds a JSON pointer from a base and one more (unescaped) token.
pub fn join_pointer(base: &str, token: &str) -> String {
    format!("{base}/{}", escape_pointer_token(token))
}
