//! Writing a generated crate to disk, or checking that it is up to date.
//!
//! The output folder belongs to the generator: files it did not produce are
//! removed (except `target/` and `Cargo.lock`, which builds create), and
//! files whose contents did not change are not touched.

use crate::emit::Files;
use std::path::{Path, PathBuf};

/// Paths under `dir` (relative, `/`-separated) that the generator owns.
fn existing_files(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let entries = match std::fs::read_dir(dir.join(&rel)) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = rel.join(&name);
            if rel.as_os_str().is_empty() && (name == "target" || name == "Cargo.lock") {
                continue;
            }
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else {
                out.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// How `dir` differs from `files`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Staleness {
    /// Files that would be created.
    pub missing: Vec<String>,
    /// Files whose contents differ.
    pub changed: Vec<String>,
    /// Files that would be removed.
    pub extra: Vec<String>,
}

impl Staleness {
    /// True when the folder already holds exactly `files`.
    pub fn is_fresh(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.extra.is_empty()
    }
}

/// Compares `dir` with `files` without writing anything.
pub fn check(dir: &Path, files: &Files) -> std::io::Result<Staleness> {
    let mut s = Staleness::default();
    for (rel, contents) in files {
        match std::fs::read(dir.join(rel)) {
            Ok(bytes) if bytes == contents.as_bytes() => {}
            Ok(_) => s.changed.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => s.missing.push(rel.clone()),
            Err(e) => return Err(e),
        }
    }
    s.extra = existing_files(dir)?.into_iter().filter(|f| !files.contains_key(f)).collect();
    Ok(s)
}

/// Writes `files` into `dir`: changed and new files are written, files the
/// generator no longer produces are removed. Returns what changed.
pub fn write(dir: &Path, files: &Files) -> std::io::Result<Staleness> {
    let s = check(dir, files)?;
    for rel in s.missing.iter().chain(&s.changed) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &files[rel])?;
    }
    for rel in &s.extra {
        std::fs::remove_file(dir.join(rel))?;
    }
    // Remove folders left empty.
    let mut dirs: Vec<PathBuf> = s.extra.iter().filter_map(|r| Path::new(r).parent().map(Path::to_path_buf)).collect();
    dirs.sort();
    dirs.dedup();
    for d in dirs.iter().rev() {
        let _ = std::fs::remove_dir(dir.join(d));
    }
    Ok(s)
}
