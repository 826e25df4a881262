//! Replacing a crate folder whole: the new tree is built beside it, then
//! the two are exchanged in one step.
//!
//! 1. `.<name>.new-<pid>` beside the output gets every generated file (an
//!    unchanged one as a hard link to the old file, so it keeps its inode and
//!    modification time; a new or changed one written) and a hard link to
//!    every file of the old folder that the generator did not write.
//! 2. The two folders are exchanged atomically (`renameat2(RENAME_EXCHANGE)`
//!    on Linux); the old tree is now at the temporary name.
//! 3. The old `target/` (a build cache, too big to link file by file) is
//!    moved into the new folder, and the old tree is removed.
//!
//! A kill before step 2 leaves the old folder untouched and a stray
//! `.new-` folder; a kill after it leaves the new crate, with `target/`
//! perhaps still in the old tree. [`recover`], run first by every write,
//! moves such a `target/` back and removes what a killed run left.
//! Where the exchange is not available, the old folder is renamed aside
//! and the new one renamed in: a kill between the two leaves no folder at
//! the output, and `recover` renames the old one back.

use super::{walk, Staleness};
use crate::emit::Files;
use std::io;
use std::path::{Path, PathBuf};

/// The temporary folders of a write to `dir`: `(new, old)`, beside it.
fn temporaries(dir: &Path) -> io::Result<(PathBuf, PathBuf)> {
    let (parent, name) = split(dir)?;
    let id = std::process::id();
    Ok((parent.join(format!(".{name}.new-{id}")), parent.join(format!(".{name}.old-{id}"))))
}

/// The folder a crate folder is in, and its name.
fn split(dir: &Path) -> io::Result<(PathBuf, String)> {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, format!("`{}` does not name a folder", dir.display()))
    })?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// Undoes what a killed write left beside `dir`: an old tree with the
/// crate's `target/` (or the crate itself, when the fallback swap was cut
/// between its two renames) is put back, and the temporary folders removed.
pub(super) fn recover(dir: &Path) -> io::Result<()> {
    let (parent, name) = split(dir)?;
    let Ok(entries) = std::fs::read_dir(&parent) else { return Ok(()) };
    let mut stray: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&format!(".{name}.")) else { continue };
        if let Some(pid) = rest.strip_prefix("new-").or_else(|| rest.strip_prefix("old-")) {
            // A write in progress in another process is not ours to undo.
            if pid.parse::<u32>().is_ok_and(|p| p != std::process::id() && alive(p)) {
                continue;
            }
            stray.push((entry.path(), rest.starts_with("old-")));
        }
    }
    stray.sort();
    for (path, old) in stray {
        if old && !dir.exists() {
            std::fs::rename(&path, dir)?;
            continue;
        }
        // After an exchange the old tree is under the `new-` name: whichever
        // holds a `target/` is the old tree (a new tree never gets one).
        if path.join("target").is_dir() && !dir.join("target").exists() {
            std::fs::rename(path.join("target"), dir.join("target"))?;
        }
        std::fs::remove_dir_all(&path)?;
    }
    Ok(())
}

/// True when a process with this id runs (Linux: it has a `/proc` entry;
/// elsewhere, assumed so, which leaves its folders alone).
fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Puts exactly `files` (plus the old folder's own files) at `dir`, as
/// described in the module docs; `s` is how `dir` differs from `files`.
pub(super) fn replace(dir: &Path, files: &Files, s: &Staleness) -> io::Result<()> {
    let (new, old) = temporaries(dir)?;
    let result = build(dir, &new, files, s).and_then(|()| swap_in(dir, &new, &old));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&new);
    }
    result
}

/// Step 1: the complete new tree at `new`.
fn build(dir: &Path, new: &Path, files: &Files, s: &Staleness) -> io::Result<()> {
    let _ = std::fs::remove_dir_all(new);
    std::fs::create_dir_all(new)?;
    let rewritten: std::collections::BTreeSet<&str> = s.missing.iter().chain(&s.changed).map(String::as_str).collect();
    for (rel, contents) in files {
        let to = new.join(rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if rewritten.contains(rel.as_str()) {
            std::fs::write(&to, contents)?;
        } else {
            keep(&dir.join(rel), &to)?;
        }
    }
    if dir.is_dir() {
        for (rel, generated) in walk(dir)? {
            if generated || files.contains_key(&rel) {
                continue;
            }
            let to = new.join(&rel);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            keep(&dir.join(&rel), &to)?;
        }
    }
    Ok(())
}

/// The file at `from` also at `to`: a hard link, or where the file system
/// has none, a copy with the same modification time.
fn keep(from: &Path, to: &Path) -> io::Result<()> {
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    let meta = std::fs::symlink_metadata(from)?;
    if meta.file_type().is_symlink() {
        #[cfg(unix)]
        return std::os::unix::fs::symlink(std::fs::read_link(from)?, to);
    }
    std::fs::copy(from, to)?;
    let file = std::fs::File::options().write(true).open(to)?;
    file.set_modified(meta.modified()?)
}

/// Steps 2 and 3: `new` becomes `dir`; the old tree goes, but its `target/`.
fn swap_in(dir: &Path, new: &Path, old: &Path) -> io::Result<()> {
    if !dir.exists() {
        return std::fs::rename(new, dir);
    }
    match exchange(new, dir) {
        // The old tree is now at `new`.
        Ok(()) => finish(dir, new),
        Err(_) => {
            std::fs::rename(dir, old)?;
            std::fs::rename(new, dir)?;
            finish(dir, old)
        }
    }
}

/// Moves the old tree's `target/` into `dir` and removes the old tree.
fn finish(dir: &Path, old_tree: &Path) -> io::Result<()> {
    let target = old_tree.join("target");
    if target.is_dir() && !dir.join("target").exists() {
        std::fs::rename(&target, dir.join("target"))?;
    }
    std::fs::remove_dir_all(old_tree)
}

/// Exchanges two paths in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// No atomic exchange here: the caller falls back to two renames.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no atomic exchange of folders"))
}
