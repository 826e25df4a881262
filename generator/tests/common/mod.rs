//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

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
/// checkout). `None` (with a visible SKIPPED) when it is missing outside CI;
/// a failure under CI, where a missing input must not pass silently.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SHARED_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("../shared"));
    if dir.join("apideck/specs").is_dir() {
        return Some(dir);
    }
    assert!(!in_ci(), "the shared data is missing at {} (set SHARED_DIR); CI must not skip these tests", dir.display());
    skipped(&format!("the shared data is missing at {} (set SHARED_DIR to run this test)", dir.display()));
    None
}

/// The Apideck spec files, sorted.
pub fn apideck_specs(shared: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(shared.join("apideck/specs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    specs.sort();
    specs
}

/// One target folder for every crate the tests build, so dependencies
/// compile once (`CARGO_TARGET_DIR` wins when set).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
        .join("generated-crates")
}

/// A scratch folder for a test's output crates.
pub fn scratch(name: &str) -> PathBuf {
    let dir = workspace_root().join("target/test-output").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `cargo <args>` in `dir` against the shared target folder; panics
/// with the output on failure, returns stdout otherwise. A crate without a
/// lock file first gets the committed one (see [`pin`]).
pub fn cargo(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> String {
    if !dir.join("Cargo.lock").exists() {
        pin(dir);
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(args).current_dir(dir).env("CARGO_TARGET_DIR", target_dir());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("cargo runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "`cargo {}` failed in {}:\n{stdout}\n{stderr}", args.join(" "), dir.display());
    // Warnings fail the check too (clippy's -D warnings covers rustc's; doc
    // warnings are denied through RUSTDOCFLAGS).
    assert!(!stderr.contains("warning:"), "`cargo {}` warned in {}:\n{stderr}", args.join(" "), dir.display());
    stdout
}

/// Generates `specs` into `out` as crate `name`, with extra global parameters
/// and, if given, model docs merged in.
pub fn generate(
    specs: &[PathBuf],
    out: &Path,
    name: &str,
    globals: &[generator::ir::Global],
    docs: &[&Path],
) -> generator::Generated {
    let config = generator::Config {
        specs: specs.to_vec(),
        krate: generator::CrateOptions { name: name.into(), ..Default::default() },
        globals: globals.to_vec(),
        docs: docs.iter().map(|p| p.to_path_buf()).collect(),
        ..Default::default()
    };
    let generated = generator::generate(&config).unwrap_or_else(|e| panic!("generation failed:\n{e}"));
    generator::output::write(out, &generated.files).unwrap();
    generated
}

/// `cargo clippy -D warnings`, `cargo doc` (warnings denied) and the doctests of a crate.
pub fn assert_clean(dir: &Path) {
    cargo(dir, &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"], &[]);
    cargo(dir, &["doc", "--quiet", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")]);
    // Spec prose must never turn into a doctest that fails.
    cargo(dir, &["test", "--quiet", "--doc"], &[]);
}

/// The committed lock file of the test crates' workspace: every dependency
/// of a generated crate pinned, so that a new upstream release cannot break
/// the suite and a warm machine runs it offline.
pub fn committed_lock() -> PathBuf {
    workspace_root().join("generator/tests/crates.lock")
}

/// A crate of the dependencies the test harnesses add to a generated crate
/// (a loopback HTTP server, futures, tokio's network; libFuzzer's bindings,
/// for the package `cargo xtask fuzz decode` writes), a member of the
/// fixture workspace so that `crates.lock` pins them as well.
pub const TEST_PINS_MANIFEST: &str = "[package]\nname = \"test-pins\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nfutures-util = \"0.3\"\nserde = \"1\"\nserde_json = \"1\"\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"time\"] }\nhyper = { version = \"1\", features = [\"server\", \"http1\"] }\nhyper-util = { version = \"0.1\", features = [\"tokio\"] }\nhttp-body-util = \"0.1\"\nlibfuzzer-sys = { version = \"0.4\", default-features = false }\n";

/// The registry packages of a lock file: `name version` lines.
fn locked_packages(lock: &Path) -> std::collections::BTreeSet<String> {
    let text = std::fs::read_to_string(lock).unwrap_or_default();
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

/// Gives the crate in `dir` the committed lock's versions: the lock copied
/// in, then `cargo update --workspace`, which fits the crate's own entries
/// and keeps every dependency pinned; a dependency the committed lock does
/// not have fails the test (a new upstream release cannot come in unseen).
pub fn pin(dir: &Path) {
    let lock = dir.join("Cargo.lock");
    std::fs::copy(committed_lock(), &lock).unwrap_or_else(|e| panic!("{}: {e}", committed_lock().display()));
    let cargo_bin = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo_bin)
        .args(["update", "--workspace", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo update --workspace in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let pinned = locked_packages(&committed_lock());
    let unpinned: Vec<String> = locked_packages(&lock).into_iter().filter(|p| !pinned.contains(p)).collect();
    assert!(
        unpinned.is_empty(),
        "{} needs packages {} does not pin: {unpinned:?}; run \
         `UPDATE_TEST_LOCK=1 cargo test -p generator --test snapshots every_fixture_crate_is_clean` and commit it",
        dir.display(),
        committed_lock().display()
    );
}

/// Makes `root` a workspace of `members` (folders of generated crates) with
/// the committed lock, and runs clippy (warnings denied), rustdoc (warnings
/// denied) and the doctests of all of them, `--locked`. With
/// `UPDATE_TEST_LOCK=1` the lock is brought up to date first (pins kept
/// where they fit, `cargo update --workspace`) and written back.
pub fn assert_clean_workspace(root: &Path, members: &[String]) {
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    std::fs::write(
        root.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", list.join(", ")),
    )
    .unwrap();
    let (committed, lock) = (committed_lock(), root.join("Cargo.lock"));
    if std::env::var_os("UPDATE_TEST_LOCK").is_some() {
        if committed.exists() {
            std::fs::copy(&committed, &lock).unwrap();
        }
        cargo(root, &["update", "--workspace", "--quiet"], &[]);
        std::fs::copy(&lock, &committed).unwrap();
    } else {
        std::fs::copy(&committed, &lock)
            .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_TEST_LOCK=1 writes it)", committed.display()));
        let cargo_bin = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let out = Command::new(cargo_bin)
            .args(["metadata", "--locked", "--format-version", "1", "--quiet"])
            .current_dir(root)
            .output()
            .expect("cargo runs");
        assert!(
            out.status.success(),
            "{} does not fit the test crates (a fixture or a dependency was added?): run \
             `UPDATE_TEST_LOCK=1 cargo test -p generator --test snapshots every_fixture_crate_is_clean` \
             and commit it\n{}",
            committed.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    cargo(root, &["clippy", "--locked", "--quiet", "--workspace", "--all-targets", "--", "-D", "warnings"], &[]);
    cargo(root, &["doc", "--locked", "--quiet", "--workspace", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")]);
    cargo(root, &["test", "--locked", "--quiet", "--workspace", "--doc"], &[]);
}

/// The Apideck SDK's global parameters: the consumer and application headers.
pub fn apideck_globals() -> Vec<generator::ir::Global> {
    ["x-apideck-consumer-id", "x-apideck-app-id"]
        .into_iter()
        .map(|name| generator::ir::Global { name: name.into(), location: generator::ir::ParamLocation::Header })
        .collect()
}
