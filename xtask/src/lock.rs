//! `--lock FILE` of `corpus run` and `bench`: the crates they build take
//! their dependencies' versions from a lock file instead of the newest the
//! registry has, so that a new upstream release cannot change what is
//! built or measured (the tests pass the committed
//! `generator/tests/crates.lock`).
//!
//! The lock is copied into the crate's folder and fitted by `cargo update
//! --workspace`, which adds the crate's own entry and keeps every
//! dependency's pin; a package the lock does not pin is an error, and the
//! builds that follow run `--locked`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// The registry packages of a lock file's text, as `name version` lines.
pub fn registry_packages(text: &str) -> BTreeSet<String> {
    text.split("[[package]]")
        .filter(|block| block.contains("\nsource = \"registry+"))
        .filter_map(|block| {
            let field = |key: &str| {
                block.lines().find_map(|l| l.strip_prefix(key)).map(|v| v.trim().trim_matches('"').to_string())
            };
            Some(format!("{} {}", field("name = ")?, field("version = ")?))
        })
        .collect()
}

/// Gives the crate (or workspace) in `dir` the versions of `lock`; an error
/// names the packages it would need that `lock` does not pin.
pub fn fit(dir: &Path, lock: &Path) -> Result<(), String> {
    let pinned_text = std::fs::read_to_string(lock).map_err(|e| format!("the lock {}: {e}", lock.display()))?;
    let own = dir.join("Cargo.lock");
    std::fs::write(&own, &pinned_text).map_err(|e| format!("{}: {e}", own.display()))?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["update", "--workspace", "--quiet"])
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`cargo update --workspace` in {} failed: {}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let fitted = std::fs::read_to_string(&own).map_err(|e| format!("{}: {e}", own.display()))?;
    let pinned = registry_packages(&pinned_text);
    let missing: Vec<String> = registry_packages(&fitted).into_iter().filter(|p| !pinned.contains(p)).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("{} needs packages that {} does not pin: {}", dir.display(), lock.display(), missing.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_packages_leave_out_path_and_git_ones() {
        let text = "version = 4\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.228\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"x\"\n\n[[package]]\nname = \"my_sdk\"\nversion = \"0.1.0\"\ndependencies = [\n \"serde\",\n]\n\n[[package]]\nname = \"forked\"\nversion = \"0.2.0\"\nsource = \"git+https://example.com/forked#abc\"\n";
        assert_eq!(registry_packages(text).into_iter().collect::<Vec<_>>(), ["serde 1.0.228"]);
    }
}
