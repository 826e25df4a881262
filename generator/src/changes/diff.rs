//! What changed between two surfaces, each change marked breaking or not
//! for a Rust user of the crate.
//!
//! Breaking: a removed or renamed type, field, enum value, union member,
//! operation or parameter; a changed Rust type (a field that became
//! required is one); a new required field in a type users build for
//! requests; a new required parameter; an operation that moved in the
//! client. Not breaking: anything added that users need not give (an
//! optional field, a response field, a type, an operation, an optional
//! parameter) and a new enum value or union member: the enums and unions
//! are open (a value the crate does not know decodes into `Unknown`), and
//! they are `#[non_exhaustive]`, so no user `match` lists them all.

use super::surface::{Item, Member};
use std::collections::BTreeMap;

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Breaking for a user of the crate.
    pub breaking: bool,
    /// `added`, `removed`, `changed` or `renamed`.
    pub action: &'static str,
    /// `type`, `field`, `enum value`, `union member`, `operation`, `parameter`.
    pub what: &'static str,
    /// Which: `Session`, `Session.redirect_uri`, `vault.sessionsCreate`.
    pub name: String,
    /// Details: `Option<String>` → `String`.
    pub detail: String,
}

/// The changes from `old` to `new`, and the API versions before and after.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// API → (version before, version after); `None` where it did not exist.
    pub versions: BTreeMap<String, (Option<String>, Option<String>)>,
    /// The changes, breaking first, then by what and name.
    pub changes: Vec<Change>,
}

impl Report {
    /// Any breaking change.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking)
    }
}

struct Ty<'a> {
    name: &'a str,
    kind: &'a str,
    input: bool,
    members: &'a [Member],
}

fn types(items: &[Item]) -> BTreeMap<String, Ty<'_>> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Type { name, origin, kind, input, members } => {
                Some((origin.clone(), Ty { name, kind, input: *input, members }))
            }
            _ => None,
        })
        .collect()
}

/// Compares two surfaces.
pub fn diff(old: &[Item], new: &[Item]) -> Report {
    let mut report = Report::default();
    for (items, after) in [(old, false), (new, true)] {
        for item in items {
            if let Item::Api { name, version } = item {
                let entry = report.versions.entry(name.clone()).or_default();
                *(if after { &mut entry.1 } else { &mut entry.0 }) = Some(version.clone());
            }
        }
    }
    let (before, after) = (types(old), types(new));
    let out = &mut report.changes;
    let mut change = |breaking, action, what, name: String, detail: String| {
        out.push(Change { breaking, action, what, name, detail })
    };
    for (origin, b) in &before {
        let Some(a) = after.get(origin) else {
            change(true, "removed", "type", b.name.to_string(), String::new());
            continue;
        };
        if a.name != b.name {
            change(true, "renamed", "type", b.name.to_string(), format!("now `{}`", a.name));
        }
        if a.kind != b.kind {
            change(true, "changed", "type", a.name.to_string(), format!("{} → {}", b.kind, a.kind));
            continue;
        }
        let what = match a.kind {
            "enum" => "enum value",
            "union" => "union member",
            _ => "field",
        };
        compare_members(a.name, what, a.input, b.members, a.members, &mut change);
    }
    for (origin, a) in &after {
        if !before.contains_key(origin) {
            change(false, "added", "type", a.name.to_string(), a.kind.to_string());
            // Its members are part of it: not listed one by one.
        }
    }
    let operations = |items: &'_ [Item]| -> BTreeMap<String, (String, String, Vec<Member>)> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Operation { id, route, call, members } => {
                    Some((id.clone(), (route.clone(), call.clone(), members.clone())))
                }
                _ => None,
            })
            .collect()
    };
    let (before, after) = (operations(old), operations(new));
    for (id, (route, call, members)) in &before {
        let Some((new_route, new_call, new_members)) = after.get(id) else {
            change(true, "removed", "operation", id.clone(), format!("`{route}`, `{call}`"));
            continue;
        };
        if new_call != call {
            change(true, "changed", "operation", id.clone(), format!("`{call}` → `{new_call}`"));
        }
        if new_route != route {
            change(false, "changed", "operation", id.clone(), format!("`{route}` → `{new_route}`"));
        }
        compare_members(id, "parameter", true, members, new_members, &mut change);
    }
    for (id, (route, call, _)) in &after {
        if !before.contains_key(id) {
            change(false, "added", "operation", id.clone(), format!("`{route}`, `{call}`"));
        }
    }
    report
        .changes
        .sort_by(|a, b| (!a.breaking, a.what, &a.name, a.action).cmp(&(!b.breaking, b.what, &b.name, b.action)));
    report
}

/// Members by Rust name: removed, changed, added.
fn compare_members(
    owner: &str,
    what: &'static str,
    input: bool,
    before: &[Member],
    after: &[Member],
    change: &mut impl FnMut(bool, &'static str, &'static str, String, String),
) {
    let label = |m: &Member| if m.name.is_empty() { owner.to_string() } else { format!("{owner}.{}", m.name) };
    for b in before {
        match after.iter().find(|a| a.name == b.name) {
            None => change(true, "removed", what, label(b), quoted(&b.ty)),
            Some(a) if a.ty != b.ty => change(true, "changed", what, label(a), format!("`{}` → `{}`", b.ty, a.ty)),
            Some(a) if a.required && !b.required => change(true, "changed", what, label(a), "now required".into()),
            Some(a) if a.wire != b.wire => {
                change(false, "changed", what, label(a), format!("sent as `{}`, was `{}`", a.wire, b.wire))
            }
            Some(_) => {}
        }
    }
    for a in after.iter().filter(|a| !before.iter().any(|b| b.name == a.name)) {
        let breaking = input && a.required;
        let detail = if breaking { format!("{}, required", quoted(&a.ty)) } else { quoted(&a.ty) };
        change(breaking, "added", what, label(a), detail);
    }
}

/// A Rust type in backticks (none for enum values, which have no type).
fn quoted(ty: &str) -> String {
    if ty.is_empty() {
        String::new()
    } else {
        format!("`{ty}`")
    }
}

/// The report for a terminal: a summary line, then a line per change.
pub fn render_text(report: &Report) -> String {
    let breaking = report.changes.iter().filter(|c| c.breaking).count();
    let mut out = format!(
        "changes: {} ({breaking} breaking){}\n",
        report.changes.len(),
        versions_line(report).map(|v| format!("; {v}")).unwrap_or_default()
    );
    for c in &report.changes {
        let mark = if c.breaking { "BREAKING" } else { "        " };
        let detail = if c.detail.is_empty() { String::new() } else { format!(" ({})", c.detail) };
        out.push_str(&format!("  {mark} {} {} `{}`{detail}\n", c.action, c.what, c.name));
    }
    out
}

fn versions_line(report: &Report) -> Option<String> {
    let changed: Vec<String> = report
        .versions
        .iter()
        .filter(|(_, (b, a))| b != a)
        .map(|(api, (b, a))| {
            format!("{api} {} → {}", b.as_deref().unwrap_or("(new)"), a.as_deref().unwrap_or("(removed)"))
        })
        .collect();
    (!changed.is_empty()).then(|| changed.join(", "))
}

/// The report as a Markdown section of `CHANGELOG.md`, headed by the crate
/// version and the spec versions before and after.
pub fn render_markdown(report: &Report, crate_version: &str) -> String {
    let mut out = format!("## {crate_version}\n\n");
    if let Some(v) = versions_line(report) {
        out.push_str(&format!("Spec versions: {v}.\n\n"));
    }
    let sections = [("Breaking changes", true), ("Other changes", false)];
    for (title, breaking) in sections {
        let changes: Vec<&Change> = report.changes.iter().filter(|c| c.breaking == breaking).collect();
        if changes.is_empty() {
            continue;
        }
        out.push_str(&format!("### {title}\n\n"));
        for c in changes {
            let detail = if c.detail.is_empty() { String::new() } else { format!(": {}", c.detail) };
            out.push_str(&format!("- {} {} `{}`{detail}\n", capitalized(c.action), c.what, c.name));
        }
        out.push('\n');
    }
    if report.changes.is_empty() {
        out.push_str("No change to the crate's API.\n\n");
    }
    out
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The next version of a crate at `version` after `report`, as semver says
/// (for 0.x, a breaking change bumps the minor and anything else the patch).
pub fn next_version(version: &str, report: &Report) -> String {
    let mut parts = version.split(['.', '-', '+']).take(3).map(|p| p.parse::<u64>().unwrap_or(0));
    let (major, minor, patch) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    let breaking = report.is_breaking();
    let added = report.changes.iter().any(|c| c.action == "added");
    match (major, breaking, added) {
        (0, true, _) => format!("0.{}.0", minor + 1),
        (0, false, _) => format!("0.{minor}.{}", patch + 1),
        (_, true, _) => format!("{}.0.0", major + 1),
        (_, false, true) => format!("{major}.{}.0", minor + 1),
        (_, false, false) => format!("{major}.{minor}.{}", patch + 1),
    }
}
