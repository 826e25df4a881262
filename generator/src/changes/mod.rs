//! Regeneration: what changed in the crate's public surface since the last
//! generation ([`surface`] stored in the crate, compared by [`diff`]), for
//! the change report, `CHANGELOG.md` and the version bump.

pub mod diff;
pub mod surface;

use crate::diag::{Diagnostic, Location, Severity};
use std::path::Path;

/// Where the changelog goes in the generated crate.
pub const CHANGELOG_PATH: &str = "CHANGELOG.md";

const CHANGELOG_HEAD: &str =
    "<!-- @generated: a section per generation that changed the crate's API, newest first -->\n# Changelog\n\n";

/// What an earlier generation left in the output folder.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    /// Its stored surface.
    pub surface: Option<Vec<surface::Item>>,
    /// Its `Cargo.toml` package version.
    pub version: Option<String>,
    /// Its `CHANGELOG.md`.
    pub changelog: Option<String>,
}

impl Previous {
    /// Reads what a generation left in `dir` (nothing when it is not a crate).
    pub fn load(dir: &Path) -> Result<Previous, Diagnostic> {
        let surface = surface::load(&dir.join(surface::SURFACE_PATH))?;
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).ok();
        let version = read("Cargo.toml").and_then(|text| package_version(&text));
        if surface.is_some() && version.is_none() {
            return Err(Diagnostic {
                location: Location::new(&dir.join("Cargo.toml"), ""),
                severity: Severity::Error,
                message: "the crate's `Cargo.toml` has no `version` in `[package]`".into(),
                hint: Some("the version is bumped from it as semver says; restore the line".into()),
            });
        }
        Ok(Previous { surface, version, changelog: read(CHANGELOG_PATH) })
    }

    /// What a generation left, from its files (as [`crate::generate`]
    /// returns them) instead of a folder.
    pub fn from_files(files: &crate::Files) -> Result<Previous, Diagnostic> {
        let surface = match files.get(surface::SURFACE_PATH) {
            Some(text) => Some(surface::parse(Path::new(surface::SURFACE_PATH), text)?),
            None => None,
        };
        Ok(Previous {
            surface,
            version: files.get("Cargo.toml").and_then(|t| package_version(t)),
            changelog: files.get(CHANGELOG_PATH).cloned(),
        })
    }
}

/// The `version` of the `[package]` table.
fn package_version(cargo_toml: &str) -> Option<String> {
    let mut in_package = false;
    for line in cargo_toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(v) = line.strip_prefix("version").map(str::trim).and_then(|v| v.strip_prefix('=')) {
                return Some(v.trim().trim_matches('"').to_string());
            }
        }
    }
    None
}

/// The changelog after a generation: the new section on top of the earlier
/// ones (a first generation starts it).
pub fn changelog(previous: &Previous, report: Option<&diff::Report>, version: &str) -> String {
    let earlier = previous.changelog.as_deref().and_then(|c| c.strip_prefix(CHANGELOG_HEAD)).unwrap_or("");
    match report {
        None if previous.changelog.is_some() => previous.changelog.clone().unwrap_or_default(),
        None => format!("{CHANGELOG_HEAD}## {version}\n\nFirst generation.\n"),
        Some(r) if r.changes.is_empty() && r.versions.values().all(|(b, a)| b == a) => {
            previous.changelog.clone().unwrap_or_else(|| format!("{CHANGELOG_HEAD}{earlier}"))
        }
        Some(r) => format!("{CHANGELOG_HEAD}{}{earlier}", diff::render_markdown(r, version)),
    }
}
