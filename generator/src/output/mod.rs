//! Writing a generated crate to disk, or checking that it is up to date.
//!
//! A crate is never half written: the new one is built in a folder beside
//! the output and swapped in whole when complete (`swap.rs`), so an error or
//! a kill at any moment leaves the previous crate as it was. Files whose
//! contents did not change keep their inode and modification time (cargo
//! does not rebuild for them). A file the generator wrote before but no
//! longer produces is left out; it is recognised by the `@generated` marker
//! in its first line, so every other file of the folder (a user's `tests/`,
//! `Cargo.lock`, `target/`) is kept. No path of `files` may leave the folder.

mod swap;

use crate::emit::Files;
use std::path::{Component, Path, PathBuf};

/// The marker every generated file carries in its first line.
pub const MARKER: &str = "@generated";

/// True when the file at `path` was written by the generator.
fn is_generated(path: &Path) -> bool {
    use std::io::{BufRead, Read};
    let Ok(file) = std::fs::File::open(path) else { return false };
    let mut first = String::new();
    std::io::BufReader::new(file).take(4096).read_line(&mut first).is_ok() && first.contains(MARKER)
}

/// Paths under `dir` (relative, `/`-separated) that the generator wrote.
fn existing_files(dir: &Path) -> std::io::Result<Vec<String>> {
    Ok(walk(dir)?.into_iter().filter(|(_, generated)| *generated).map(|(rel, _)| rel).collect())
}

/// Every file under `dir` (relative, `/`-separated, sorted) but those under
/// a top-level `target/`, each with whether the generator wrote it.
fn walk(dir: &Path) -> std::io::Result<Vec<(String, bool)>> {
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
            if rel.as_os_str().is_empty() && name == "target" {
                continue;
            }
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(path);
            } else {
                // Cargo's lock file says `@generated` too, but it is the user's.
                let lock = rel.as_os_str().is_empty() && name == "Cargo.lock";
                let generated = kind.is_file() && !lock && is_generated(&dir.join(&path));
                out.push((path.to_string_lossy().replace('\\', "/"), generated));
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
    /// Generated files that would be removed.
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

/// Writes `files` into `dir`: the folder ends up with exactly `files` as
/// its generated files, and every file it had that the generator did not
/// write. Returns what changed; when nothing did, nothing is touched.
pub fn write(dir: &Path, files: &Files) -> std::io::Result<Staleness> {
    for rel in files.keys() {
        if !is_inside(rel) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("refusing to write `{rel}`: a generated path must stay inside the output folder"),
            ));
        }
    }
    swap::recover(dir)?;
    let s = check(dir, files)?;
    if s.is_fresh() {
        return Ok(s);
    }
    swap::replace(dir, files, &s)?;
    Ok(s)
}

/// True when `rel` is a relative path of plain names (no root, no `..`, no
/// `.`), so that joining it to a folder stays in that folder.
fn is_inside(rel: &str) -> bool {
    let path = Path::new(rel);
    !rel.is_empty() && !rel.contains('\\') && path.components().all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_generated_files_are_removed() {
        let dir = std::env::temp_dir().join(format!("generator-output-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("notes.txt"), "mine\n").unwrap();
        std::fs::write(dir.join("src/old.rs"), "// @generated by a previous run\n").unwrap();
        let mut files = Files::new();
        files.insert("src/lib.rs".into(), "// @generated\npub mod x;\n".into());
        let s = write(&dir, &files).unwrap();
        assert_eq!(s.missing, vec!["src/lib.rs".to_string()]);
        assert_eq!(s.extra, vec!["src/old.rs".to_string()]);
        assert!(dir.join("notes.txt").exists(), "a file the generator did not write stays");
        assert!(!dir.join("src/old.rs").exists());
        assert!(check(&dir, &files).unwrap().is_fresh());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn no_path_leaves_the_folder() {
        for bad in ["../x.rs", "src/../../x.rs", "/etc/x", "./x", "", "a\\..\\b"] {
            assert!(!is_inside(bad), "{bad:?}");
        }
        for good in ["src/lib.rs", ".generator/names.lock", "src/models/..x.rs"] {
            assert!(is_inside(good), "{good:?}");
        }
        let dir = std::env::temp_dir().join(format!("generator-escape-{}", std::process::id()));
        let mut files = Files::new();
        files.insert("../escaped.rs".into(), "// @generated\n".into());
        let e = write(&dir, &files).unwrap_err();
        assert!(e.to_string().contains("must stay inside the output folder"), "{e}");
        assert!(!dir.exists() && !dir.parent().unwrap().join("escaped.rs").exists());
    }
}
