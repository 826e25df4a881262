//! Helpers shared by the xtask tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// True under CI: `CI` set to any non-empty value (`true`, `1`, …), where
/// a missing input must fail, never skip.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// Says `SKIPPED` where the test runner shows it: libtest captures what
/// `println!`/`eprintln!` print, not what is written to stdout itself.
pub fn skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "SKIPPED: {why}");
}

/// The shared reference data (`SHARED_DIR`, default `../shared` beside the
/// checkout) when it has `needs`; else a failure under CI, a visible skip
/// elsewhere.
pub fn shared_dir(needs: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let dir = std::env::var_os("SHARED_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("../shared"));
    if dir.join(needs).is_dir() {
        return Some(dir);
    }
    assert!(!in_ci(), "the shared data is missing at {} (set SHARED_DIR); CI must not skip this test", dir.display());
    skipped(&format!("the shared data is missing at {} (set SHARED_DIR to run this test)", dir.display()));
    None
}

/// A copy of the committed test lock without `package`'s entry, in the
/// tests' scratch folder: a crate built with it must be refused, naming
/// the package, which shows that `--lock` is read and enforced.
pub fn lock_without(package: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let text = std::fs::read_to_string(root.join("generator/tests/crates.lock")).unwrap();
    let kept: Vec<&str> =
        text.split("[[package]]").filter(|b| !b.contains(&format!("\nname = \"{package}\"\n"))).collect();
    assert!(kept.len() + 1 == text.split("[[package]]").count(), "the lock pins {package} once");
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("without-{package}.lock"));
    std::fs::write(&path, kept.join("[[package]]")).unwrap();
    path
}
