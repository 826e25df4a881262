//! Finding where a JSON pointer is in a YAML or JSON source: its line, its
//! column and the bytes a code frame underlines.
//!
//! `serde_yaml` keeps no positions, so diagnostics found after parsing (a
//! dangling `$ref`, an unsupported keyword) carry only a pointer. This reads
//! the source again with an event parser that has spans (`saphyr-parser`)
//! and walks it once for all the pointers asked, building pointers only
//! along the paths that lead to one of them, so a large spec costs one scan.
//! A pointer that is not in the source (a part a normalising step added, a
//! 2.0 document read in its 3.0 form) is placed at its nearest ancestor that is.

use super::escape_pointer_token;
use saphyr_parser::{Event, Parser, Span};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Where a pointer's node is in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    /// 1-based line of the node (of its key, in a mapping).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The bytes to underline: the key and, when it is a scalar on the same
    /// line, its value.
    pub bytes: Range<usize>,
    /// The pointer the spot is for: the one asked, or the nearest ancestor
    /// of it that the source has.
    pub pointer: String,
}

/// Byte offsets of line starts, to turn (line, column) into a byte offset.
pub(super) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The byte offset of a 1-based line and 0-based character column.
    pub(super) fn byte(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else { return self.text.len() };
        let rest = &self.text[start..];
        rest.char_indices().nth(col).map_or(self.text.len(), |(i, _)| start + i)
    }

    /// The byte offset where the line holding `at` ends (before its newline).
    pub(super) fn line_end(&self, at: usize) -> usize {
        self.text[at..].find(['\n', '\r']).map_or(self.text.len(), |i| at + i)
    }
}

/// One open collection while walking the events.
enum Frame {
    /// A mapping: its pointer (when on a wanted path) and the key read and
    /// not yet given its value.
    Map { pointer: Option<String>, key: Option<(String, Span)> },
    /// A sequence: its pointer (when on a wanted path) and the next index.
    Seq { pointer: Option<String>, next: usize },
}

/// Finds each of `pointers` in `text`. The result has one entry per pointer,
/// `None` when the text does not parse far enough to reach even the root.
pub fn locate(text: &str, pointers: &[&str]) -> Vec<Option<Spot>> {
    locate_all(text, pointers).into_iter().map(|spots| spots.into_iter().next()).collect()
}

/// Like [`locate`], with every place a pointer's node is in the source, in
/// the source's order: more than one where a key is given twice in its
/// mapping (each use, so that a diagnostic about the second can show it).
pub fn locate_all(text: &str, pointers: &[&str]) -> Vec<Vec<Spot>> {
    let mut wanted: HashSet<&str> = HashSet::new();
    for p in pointers {
        wanted.insert("");
        for (i, _) in p.match_indices('/').skip(1) {
            wanted.insert(&p[..i]);
        }
        wanted.insert(p);
    }
    let lines = Lines::new(text);
    let found = walk(text, &lines, &wanted);
    pointers
        .iter()
        .map(|p| {
            let mut at: &str = p;
            loop {
                if let Some(spots) = found.get(at) {
                    return spots.iter().map(|spot| Spot { pointer: at.to_string(), ..spot.clone() }).collect();
                }
                match at.rfind('/') {
                    Some(i) => at = &at[..i],
                    None => return Vec::new(),
                }
            }
        })
        .collect()
}

/// What a walk over the document's tree reads: a node (a scalar, an
/// alias, the start of a collection) or the end of a collection.
enum Tree<'a> {
    Node(Event<'a>, Span),
    End,
}

/// The tree events of `text`, up to its first syntax error.
fn tree_events(text: &str) -> impl Iterator<Item = Tree<'_>> {
    Parser::new_from_str(text).map_while(Result::ok).filter_map(|(event, span)| match event {
        Event::MappingEnd | Event::SequenceEnd => Some(Tree::End),
        Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) | Event::Alias(..) => {
            Some(Tree::Node(event, span))
        }
        _ => None,
    })
}

/// Walks the events of `text`, recording the spots of every node whose
/// pointer is in `wanted`; stops quietly at a syntax error (what was found
/// before it is kept).
fn walk(text: &str, lines: &Lines<'_>, wanted: &HashSet<&str>) -> HashMap<String, Vec<Spot>> {
    let mut found = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root_done = false;
    for item in tree_events(text) {
        let Tree::Node(event, span) = item else {
            stack.pop();
            continue;
        };
        // A scalar in key position is a key, not a node.
        if let (Some(Frame::Map { key: key @ None, .. }), Event::Scalar(value, ..)) = (stack.last_mut(), &event) {
            *key = Some((value.to_string(), span));
            continue;
        }
        // The node's pointer and where its key (if any) starts.
        let (pointer, key_span) = match stack.last_mut() {
            None if root_done => break,
            None => {
                root_done = true;
                (Some(String::new()), None)
            }
            Some(Frame::Map { pointer, key }) => {
                let (k, key_span) = key.take().unwrap_or_default();
                let child = pointer.as_ref().map(|p| format!("{p}/{}", escape_pointer_token(&k)));
                (child.filter(|c| wanted.contains(c.as_str())), Some(key_span))
            }
            Some(Frame::Seq { pointer, next }) => {
                let child = pointer.as_ref().map(|p| format!("{p}/{next}"));
                *next += 1;
                (child.filter(|c| wanted.contains(c.as_str())), None)
            }
        };
        if let Some(p) = &pointer {
            let start_mark = key_span.map_or(span.start, |k| k.start);
            let start = lines.byte(start_mark.line(), start_mark.col());
            // The key alone when its value starts on a later line; else the
            // key and the value: a scalar to its end, a flow collection to
            // the end of the line.
            let same_line = span.start.line() == start_mark.line();
            let end = if !same_line {
                key_span.map_or(start, |k| lines.byte(k.end.line(), k.end.col()))
            } else if matches!(event, Event::Scalar(..)) && span.end.line() == start_mark.line() {
                lines.byte(span.end.line(), span.end.col())
            } else {
                lines.line_end(start)
            };
            let end = end.max(start).min(lines.line_end(start).max(start));
            let spot =
                Spot { line: start_mark.line(), column: start_mark.col() + 1, bytes: start..end, pointer: p.clone() };
            found.entry(p.clone()).or_insert_with(Vec::new).push(spot);
        }
        match event {
            Event::MappingStart(..) => stack.push(Frame::Map { pointer, key: None }),
            Event::SequenceStart(..) => stack.push(Frame::Seq { pointer, next: 0 }),
            _ => {}
        }
    }
    found
}

/// A key given a second time in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The key.
    pub key: String,
    /// The pointer of the key's entry.
    pub pointer: String,
    /// The 1-based line of the second key.
    pub line: usize,
    /// The 1-based column of the second key, in characters.
    pub column: usize,
    /// The 1-based line of the key's first use.
    pub first_line: usize,
}

/// Every key of `text` given more than once in its mapping, in the order of
/// the source: the parsers report only that a mapping has one, placed at the
/// mapping (serde_yaml) or after the value (serde_json). Stops quietly at a
/// syntax error; keys that are not scalars are not compared.
pub fn duplicate_keys(text: &str) -> Vec<Duplicate> {
    enum Open {
        Map { pointer: String, key: Option<String>, seen: HashMap<String, usize> },
        Seq { pointer: String, next: usize },
    }
    let mut found = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    for item in tree_events(text) {
        let Tree::Node(event, span) = item else {
            stack.pop();
            continue;
        };
        if let (Some(Open::Map { pointer, key: key @ None, seen }), Event::Scalar(value, ..)) =
            (stack.last_mut(), &event)
        {
            let line = span.start.line();
            match seen.get(&**value) {
                Some(&first_line) => found.push(Duplicate {
                    key: value.to_string(),
                    pointer: format!("{pointer}/{}", escape_pointer_token(value)),
                    line,
                    column: span.start.col() + 1,
                    first_line,
                }),
                None => {
                    seen.insert(value.to_string(), line);
                }
            }
            *key = Some(value.to_string());
            continue;
        }
        let pointer = match stack.last_mut() {
            None => String::new(),
            Some(Open::Map { pointer, key, .. }) => {
                format!("{pointer}/{}", escape_pointer_token(&key.take().unwrap_or_default()))
            }
            Some(Open::Seq { pointer, next }) => {
                *next += 1;
                format!("{pointer}/{}", *next - 1)
            }
        };
        match event {
            Event::MappingStart(..) => stack.push(Open::Map { pointer, key: None, seen: HashMap::new() }),
            Event::SequenceStart(..) => stack.push(Open::Seq { pointer, next: 0 }),
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spot(text: &str, pointer: &str) -> (usize, usize, String, String) {
        let s = locate(text, &[pointer]).pop().flatten().expect("found");
        (s.line, s.column, text[s.bytes.clone()].to_string(), s.pointer)
    }

    #[test]
    fn block_flow_and_json() {
        let yaml = "openapi: 3.0.3\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/x'}\n        c:\n          - one\n          - two\n";
        assert_eq!(spot(yaml, "/openapi"), (1, 1, "openapi: 3.0.3".into(), "/openapi".into()));
        assert_eq!(spot(yaml, "/components/schemas/A"), (4, 5, "A".into(), "/components/schemas/A".into()));
        assert_eq!(
            spot(yaml, "/components/schemas/A/properties/b/$ref"),
            (7, 13, "$ref: '#/x'".into(), "/components/schemas/A/properties/b/$ref".into())
        );
        assert_eq!(
            spot(yaml, "/components/schemas/A/properties/b"),
            (7, 9, "b: {$ref: '#/x'}".into(), "/components/schemas/A/properties/b".into())
        );
        assert_eq!(
            spot(yaml, "/components/schemas/A/properties/c"),
            (8, 9, "c".into(), "/components/schemas/A/properties/c".into())
        );
        assert_eq!(
            spot(yaml, "/components/schemas/A/properties/c/1"),
            (10, 13, "two".into(), "/components/schemas/A/properties/c/1".into())
        );
        // Not in the source: the nearest ancestor that is.
        assert_eq!(
            spot(yaml, "/components/schemas/A/properties/zz/type"),
            (6, 7, "properties".into(), "/components/schemas/A/properties".into())
        );
        let json = "{\n  \"paths\": {\n    \"/a~b\": {\"get\": 12}\n  }\n}\n";
        assert_eq!(spot(json, "/paths/~1a~0b/get"), (3, 14, "\"get\": 12".into(), "/paths/~1a~0b/get".into()));
        // Non-ASCII before the node: the column counts characters.
        let wide = "é: {x: 1}\n";
        assert_eq!(spot(wide, "/é/x"), (1, 5, "x: 1".into(), "/é/x".into()));
    }

    #[test]
    fn broken_source_keeps_what_came_before() {
        let text = "a:\n  b: 1\nc: [unclosed\n";
        assert_eq!(spot(text, "/a/b").0, 2);
        assert_eq!(spot(text, "/c").1, 1);
    }

    #[test]
    fn duplicate_keys_are_found_where_they_are_given_again() {
        let yaml = "a:\n  x: 1\n  y: [1, {k: 1, k: 2}]\n  x: 3\nb: 1\n'a/b': 2\na/b: 3\n";
        let found = duplicate_keys(yaml);
        let brief: Vec<(&str, &str, usize, usize, usize)> =
            found.iter().map(|d| (d.key.as_str(), d.pointer.as_str(), d.line, d.column, d.first_line)).collect();
        assert_eq!(brief, [("k", "/a/y/1/k", 3, 17, 3), ("x", "/a/x", 4, 3, 2), ("a/b", "/a~1b", 7, 1, 6)]);
        let json = "{\"a\": 1,\n \"a\": {\"b\": 2}}";
        assert_eq!(duplicate_keys(json).iter().map(|d| (d.line, d.column)).collect::<Vec<_>>(), [(2, 2)]);
        assert!(duplicate_keys("a: 1\nb: {a: 1}\n").is_empty());
        // Both uses are found, in order; `locate` gives the first.
        let spots = locate_all(yaml, &["/a/x"]).pop().unwrap();
        assert_eq!(spots.iter().map(|s| (s.line, s.column)).collect::<Vec<_>>(), [(2, 3), (4, 3)]);
        assert_eq!(spot(yaml, "/a/x").0, 2);
    }
}
