//! Diagnostics: every problem found in the input, with where it is and what
//! would be accepted instead.
//!
//! Phases collect diagnostics instead of stopping at the first one, so a user
//! fixing a spec sees every problem in one run. A phase ends with
//! [`Diagnostics::checkpoint`], which turns the collected errors (if any) into
//! an `Err` sorted by file and location.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The input file.
    pub file: PathBuf,
    /// A JSON pointer (RFC 6901) into the file's document, e.g.
    /// `/components/schemas/Pet/properties/name`.
    pub pointer: String,
    /// The 1-based line, where the reader knows it.
    pub line: Option<usize>,
}

impl Location {
    /// A location in `file` at the JSON pointer `pointer`.
    pub fn new(file: &Path, pointer: impl Into<String>) -> Self {
        Location { file: file.to_path_buf(), pointer: pointer.into(), line: None }
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

    /// Ends a phase: `Err` with every diagnostic, sorted, when any is an error.
    pub fn checkpoint(&mut self) -> Result<(), Errors> {
        if self.has_errors() {
            let mut items = std::mem::take(&mut self.items);
            items.sort();
            items.dedup();
            Err(Errors(items))
        } else {
            Ok(())
        }
    }

    /// The warnings collected so far (after a successful checkpoint, all of them).
    pub fn into_warnings(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
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
