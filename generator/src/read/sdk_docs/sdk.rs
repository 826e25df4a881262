//! Per-resource operation docs (`docs/sdks/*/README.md`): which operation
//! each method is, and which error type each status maps to.

use super::blocks::{plain, Block};
use crate::diag::{Diagnostic, Location, Severity};
use std::path::{Path, PathBuf};

/// One documented operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationDoc {
    /// The file it is in.
    pub file: PathBuf,
    /// The line of its usage snippet tag.
    pub line: usize,
    /// `vault.sessionsCreate`.
    pub operation_id: String,
    /// `post`.
    pub method: String,
    /// `/vault/sessions`.
    pub path: String,
    /// The groups it is in, from the README's title (`Vault.Sessions` →
    /// `Vault`, `Sessions`).
    pub groups: Vec<String>,
    /// The SDK's method, from the heading above the snippet (`create`).
    pub sdk_method: String,
    /// The `### Errors` table.
    pub errors: Vec<ErrorDoc>,
}

/// A row of an `### Errors` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDoc {
    /// `errors.BadRequestResponse`.
    pub error_type: String,
    /// `400`, `4XX`, ...
    pub statuses: Vec<String>,
    /// `application/json`, `*/*`.
    pub content_type: String,
}

/// The `key="value"` attributes of a `<!-- UsageSnippet ... -->` comment.
fn snippet_attrs(html: &str) -> Option<Vec<(String, String)>> {
    let inner = html.trim().strip_prefix("<!--")?.trim_end().strip_suffix("-->")?.trim();
    let rest = inner.strip_prefix("UsageSnippet")?;
    let mut attrs = Vec::new();
    let mut s = rest.trim();
    while let Some(eq) = s.find("=\"") {
        let key = s[..eq].trim().to_string();
        let after = &s[eq + 2..];
        let end = after.find('"')?;
        attrs.push((key, after[..end].to_string()));
        s = after[end + 1..].trim();
    }
    Some(attrs)
}

/// Reads one SDK README.
pub fn parse_sdk(path: &Path, text: &str) -> Result<Vec<OperationDoc>, Vec<Diagnostic>> {
    let blocks = super::blocks::blocks(text);
    let mut out: Vec<OperationDoc> = Vec::new();
    let mut errors = Vec::new();
    let mut in_errors = false;
    let mut groups: Vec<String> = Vec::new();
    let mut sdk_method = String::new();
    for block in &blocks {
        match block {
            Block::Heading { level: 1, inlines, .. } => {
                groups = plain(inlines).split('.').map(|g| g.trim().to_string()).filter(|g| !g.is_empty()).collect();
            }
            Block::Heading { level: 2, inlines, .. } => {
                in_errors = false;
                sdk_method = plain(inlines).trim().to_string();
            }
            Block::Heading { level: 3, inlines, .. } => in_errors = plain(inlines) == "Errors",
            Block::Html { text, line } => {
                let Some(attrs) = snippet_attrs(text) else { continue };
                let get = |k: &str| attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
                let (Some(operation_id), Some(method), Some(op_path)) =
                    (get("operationID"), get("method"), get("path"))
                else {
                    errors.push(Diagnostic {
                        location: Location {
                            file: path.to_path_buf(),
                            line: Some(*line),
                            column: None,
                            pointer: String::new(),
                        },
                        severity: Severity::Error,
                        message: "a UsageSnippet tag without operationID, method and path".into(),
                        hint: Some(
                            "<!-- UsageSnippet language=\"…\" operationID=\"api.op\" method=\"get\" path=\"/…\" -->"
                                .into(),
                        ),
                    });
                    continue;
                };
                // A method has one usage snippet per language; keep the first.
                if out.last().is_some_and(|o| o.operation_id == operation_id) {
                    continue;
                }
                out.push(OperationDoc {
                    file: path.to_path_buf(),
                    line: *line,
                    operation_id,
                    method,
                    path: op_path,
                    groups: groups.clone(),
                    sdk_method: sdk_method.clone(),
                    errors: Vec::new(),
                });
            }
            Block::Table { header, rows, line } if in_errors => {
                let Some(op) = out.last_mut() else { continue };
                let col = |n: &str| header.iter().position(|h| h == n);
                let (Some(t), Some(s), Some(c)) = (col("Error Type"), col("Status Code"), col("Content Type")) else {
                    errors.push(Diagnostic {
                        location: Location {
                            file: path.to_path_buf(),
                            line: Some(*line),
                            column: None,
                            pointer: String::new(),
                        },
                        severity: Severity::Error,
                        message: format!("the Errors table has columns {header:?}"),
                        hint: Some("expected Error Type, Status Code, Content Type".into()),
                    });
                    continue;
                };
                for (_, cells) in rows {
                    let cell = |i: usize| cells.get(i).map(|c| plain(c)).unwrap_or_default();
                    op.errors.push(ErrorDoc {
                        error_type: cell(t),
                        statuses: cell(s).split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect(),
                        content_type: cell(c),
                    });
                }
            }
            _ => {}
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_tag_and_errors_table() {
        let text = "# Vault.Sessions\n\n## create\n\n### Example Usage\n\n<!-- UsageSnippet language=\"typescript\" operationID=\"vault.sessionsCreate\" method=\"post\" path=\"/vault/sessions\" -->\n```typescript\nx\n```\n\n### Errors\n\n| Error Type | Status Code | Content Type |\n| --- | --- | --- |\n| errors.BadRequestResponse | 400 | application/json |\n| errors.APIError | 4XX, 5XX | \\*/\\* |\n";
        let ops = parse_sdk(Path::new("README.md"), text).unwrap();
        assert_eq!(ops.len(), 1);
        assert_eq!(
            (ops[0].operation_id.as_str(), ops[0].method.as_str(), ops[0].path.as_str(), ops[0].line),
            ("vault.sessionsCreate", "post", "/vault/sessions", 7)
        );
        assert_eq!(
            (ops[0].groups.clone(), ops[0].sdk_method.as_str()),
            (vec!["Vault".into(), "Sessions".into()], "create")
        );
        assert_eq!(
            ops[0].errors[0],
            ErrorDoc {
                error_type: "errors.BadRequestResponse".into(),
                statuses: vec!["400".into()],
                content_type: "application/json".into()
            }
        );
        assert_eq!(ops[0].errors[1].statuses, vec!["4XX".to_string(), "5XX".to_string()]);
        assert_eq!(ops[0].errors[1].content_type, "*/*");
    }
}
