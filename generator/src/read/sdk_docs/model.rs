//! One model doc (`docs/models/{components,operations,errors}/*.md`).

use super::blocks::{plain, Block, Rows};
use super::notation::{Dialect, DocType, Namespace};
use crate::diag::{Diagnostic, Location, Severity};
use std::path::Path;

/// A documented model type.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelDoc {
    /// Where it comes from.
    pub namespace: Namespace,
    /// The type's name (the document title).
    pub name: String,
    /// The text between the title and the first section.
    pub description: Option<String>,
    /// The `## Example Usage` code, with its line.
    pub example: Option<(String, usize)>,
    /// What the type is.
    pub kind: ModelKind,
    /// The line of the title.
    pub line: usize,
}

/// The shape a model doc describes.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    /// `## Fields`: an object.
    Object(Vec<FieldDoc>),
    /// `## Values`: an enum of literals; `open` when `Unrecognized<…>` is listed.
    Enum {
        /// The literal values, in order.
        values: Vec<serde_json::Value>,
        /// Unknown values are accepted.
        open: bool,
    },
    /// `## Supported Types`: a union.
    Union(Vec<MemberDoc>),
}

/// A row of a `## Fields` table.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDoc {
    /// The field's name as the SDK spells it (`createdAt`).
    pub name: String,
    /// Its type.
    pub ty: DocType,
    /// `:heavy_check_mark:`.
    pub required: bool,
    /// The Description column.
    pub description: Option<String>,
    /// The Example column.
    pub example: Option<String>,
    /// Struck through: deprecated.
    pub deprecated: bool,
    /// The row's line.
    pub line: usize,
}

/// A member of a union doc.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberDoc {
    /// Its type.
    pub ty: DocType,
    /// Its example code.
    pub example: Option<String>,
    /// The heading's line.
    pub line: usize,
}

fn err(path: &Path, line: usize, message: impl Into<String>, hint: Option<&str>) -> Diagnostic {
    Diagnostic {
        location: Location { file: path.to_path_buf(), line: Some(line), column: None, pointer: String::new() },
        severity: Severity::Error,
        message: message.into(),
        hint: hint.map(str::to_string),
    }
}

/// Whether a page under `models/` is the SDK's options page rather than a
/// model doc (the Go SDK's `models/operations/option.md`: `# Options` with
/// `## Global Options` and no table).
pub fn is_options_page(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    lines.next() == Some("# Options") && lines.any(|l| l == "## Global Options")
}

/// Reads one model doc.
pub fn parse_model(
    path: &Path,
    namespace: Namespace,
    text: &str,
    dialect: &dyn Dialect,
) -> Result<ModelDoc, Vec<Diagnostic>> {
    let blocks = super::blocks::blocks(text);
    let mut errors = Vec::new();
    let (name, line) = match blocks.first() {
        Some(Block::Heading { level: 1, inlines, line }) => (plain(inlines), *line),
        other => {
            let line = other.map_or(1, Block::line);
            return Err(vec![err(path, line, "a model doc starts with a `# TypeName` title", None)]);
        }
    };
    // Sections: `## Name` → the blocks under it.
    let mut description = Vec::new();
    let mut sections: Vec<(String, usize, Vec<&Block>)> = Vec::new();
    for block in &blocks[1..] {
        match block {
            Block::Heading { level: 2, inlines, line } => sections.push((plain(inlines), *line, Vec::new())),
            _ => match sections.last_mut() {
                Some((_, _, body)) => body.push(block),
                None => {
                    if let Block::Paragraph { text, .. } = block {
                        description.push(text.clone());
                    }
                }
            },
        }
    }
    let mut example = None;
    let mut kind = None;
    for (title, title_line, body) in &sections {
        match title.as_str() {
            "Example Usage" => {
                example = body.iter().find_map(|b| match b {
                    Block::Code { text, line, .. } => Some((text.clone(), *line)),
                    _ => None,
                })
            }
            "Fields" => match body.iter().find(|b| matches!(b, Block::Table { .. })) {
                Some(Block::Table { header, rows, .. }) => match fields(path, header, rows, dialect) {
                    Ok(f) => kind = Some(ModelKind::Object(f)),
                    Err(mut e) => errors.append(&mut e),
                },
                _ => errors.push(err(
                    path,
                    *title_line,
                    "`## Fields` has no table",
                    Some("a Field | Type | Required | Description table"),
                )),
            },
            "Values" => match body.iter().find(|b| matches!(b, Block::Code { .. } | Block::Table { .. })) {
                // The Python and Go docs: a Name | Value table.
                Some(Block::Table { header, rows, .. }) if header.iter().any(|h| h == "Value") => {
                    let col = header.iter().position(|h| h == "Value").unwrap_or(1);
                    let texts: Vec<String> =
                        rows.iter().map(|(_, cells)| cells.get(col).map(|c| plain(c)).unwrap_or_default()).collect();
                    // Numbers when every value is one, else strings (the table does not quote).
                    let numbers: Option<Vec<serde_json::Value>> =
                        texts.iter().map(|t| t.parse::<i64>().ok().map(serde_json::Value::from)).collect();
                    let values = numbers.unwrap_or_else(|| texts.into_iter().map(serde_json::Value::String).collect());
                    kind = Some(ModelKind::Enum { values, open: false });
                }
                Some(Block::Code { text, line, .. }) => match enum_values(text) {
                    Ok((values, open)) => kind = Some(ModelKind::Enum { values, open }),
                    Err(e) => errors.push(err(
                        path,
                        *line,
                        e,
                        Some("a code block like `\"a\" | \"b\" | Unrecognized<string>`"),
                    )),
                },
                _ => errors.push(err(path, *title_line, "`## Values` has no code block or Value table", None)),
            },
            "Supported Types" => match members(path, body, dialect) {
                Ok(m) => kind = Some(ModelKind::Union(m)),
                Err(mut e) => errors.append(&mut e),
            },
            _ => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The Go docs say in the example that an enum is open ("Open enum:
    // custom values can be created with a direct type cast").
    if let (Some(ModelKind::Enum { open, .. }), Some((code, _))) = (&mut kind, &example) {
        *open |= code.contains("Open enum");
    }
    let Some(kind) = kind else {
        return Err(vec![err(
            path,
            line,
            "no `## Fields`, `## Values` or `## Supported Types` section",
            Some("a model doc describes an object, an enum or a union"),
        )]);
    };
    let description = (!description.is_empty()).then(|| description.join("\n\n"));
    Ok(ModelDoc { namespace, name, description, example, kind, line })
}

fn fields(
    path: &Path,
    header: &[String],
    rows: &Rows,
    dialect: &dyn Dialect,
) -> Result<Vec<FieldDoc>, Vec<Diagnostic>> {
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(f), Some(t), Some(r)) = (col("Field"), col("Type"), col("Required")) else {
        let line = rows.first().map_or(1, |r| r.0.saturating_sub(2).max(1));
        return Err(vec![err(
            path,
            line,
            format!("the Fields table has columns {header:?}"),
            Some("expected Field, Type, Required, Description (and optionally Example)"),
        )]);
    };
    let (d, e) = (col("Description"), col("Example"));
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (line, cells) in rows {
        let cell = |i: usize| cells.get(i).map(|c| c.as_slice()).unwrap_or(&[]);
        let name = plain(cell(f));
        let ty = match dialect.parse(cell(t)) {
            Ok(ty) => ty,
            Err(e) => {
                errors.push(err(
                    path,
                    *line,
                    format!("field `{name}`: unknown type notation: {e}"),
                    Some(&format!("the {} dialect knows {}", dialect.name(), dialect.notations())),
                ));
                continue;
            }
        };
        let required = match plain(cell(r)).as_str() {
            ":heavy_check_mark:" => true,
            ":heavy_minus_sign:" => false,
            other => {
                errors.push(err(
                    path,
                    *line,
                    format!("field `{name}`: Required is `{other}`"),
                    Some("expected :heavy_check_mark: or :heavy_minus_sign:"),
                ));
                continue;
            }
        };
        let text = |i: Option<usize>| i.map(|i| plain(cell(i))).filter(|s| !s.is_empty() && s != "N/A");
        let deprecated = cell(f).contains(&super::blocks::Inline::Strike);
        out.push(FieldDoc { name, ty, required, description: text(d), example: text(e), deprecated, line: *line });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// `"a" | "b" | Unrecognized<string>` → the literals and whether the enum is open.
fn enum_values(code: &str) -> Result<(Vec<serde_json::Value>, bool), String> {
    let mut values = Vec::new();
    let mut open = false;
    for part in code.split('|').map(str::trim).filter(|p| !p.is_empty()) {
        if part.starts_with("Unrecognized<") {
            open = true;
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(part).map_err(|_| format!("`{part}` is not a literal"))?;
        values.push(value);
    }
    if values.is_empty() {
        return Err("no values listed".into());
    }
    Ok((values, open))
}

fn members(path: &Path, body: &[&Block], dialect: &dyn Dialect) -> Result<Vec<MemberDoc>, Vec<Diagnostic>> {
    // Each `###` heading with the first code block below it.
    let mut found: Vec<(String, usize, Option<String>)> = Vec::new();
    for block in body {
        match block {
            Block::Heading { level: 3, inlines, line } => found.push((plain(inlines), *line, None)),
            Block::Code { text, .. } => {
                if let Some((_, _, example @ None)) = found.last_mut() {
                    *example = Some(text.clone());
                }
            }
            _ => {}
        }
    }
    let mut out: Vec<MemberDoc> = Vec::new();
    let mut errors = Vec::new();
    for (heading, line, example) in found {
        match dialect.member(&heading, example.as_deref()) {
            Ok(ty) => out.push(MemberDoc { ty, example, line }),
            Err(e) => errors.push(err(path, line, format!("union member: unknown type notation: {e}"), None)),
        }
    }
    if out.is_empty() && errors.is_empty() {
        let line = body.first().map_or(1, |b| b.line());
        errors.push(err(path, line, "`## Supported Types` lists no `### `type`` headings", None));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
