//! `cargo xtask generate` regenerating a crate from a newer spec: the change
//! report, `--fail-on-breaking`, the version bump, the changelog, the lock.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

fn shared_dir() -> Option<PathBuf> {
    common::shared_dir("apideck/history")
}

/// Runs `xtask generate --spec SPEC --out OUT ARGS`: exit success and stderr.
fn generate(spec: &Path, out: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("generate")
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn a_breaking_revision_is_reported_refused_on_request_and_bumps_the_version() {
    let Some(shared) = shared_dir() else { return };
    let history = shared.join("apideck/history/vault");
    let mut revisions: Vec<PathBuf> = std::fs::read_dir(&history).unwrap().map(|e| e.unwrap().path()).collect();
    revisions.sort();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xtask-regenerate");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // The spec keeps its file name as it changes: it names the API.
    let spec = dir.join("vault.yml");
    let out = dir.join("crate");
    // Revision 5, then 6, which removes types and makes fields required.
    std::fs::copy(&revisions[4], &spec).unwrap();
    let (ok, err) = generate(&spec, &out, &[]);
    assert!(ok, "{err}");
    assert!(read(out.join("Cargo.toml")).contains("version = \"0.1.0\""));
    let lock = read(out.join(".generator/names.lock"));

    std::fs::copy(&revisions[5], &spec).unwrap();
    let (ok, err) = generate(&spec, &out, &["--fail-on-breaking"]);
    assert!(!ok, "breaking changes must fail: {err}");
    assert!(err.contains("BREAKING removed type `SecureAuthorizeConnectionResponse`"), "{err}");
    assert!(err.contains("vault 10.24.3 → 10.24.30"), "{err}");
    assert_eq!(read(out.join(".generator/names.lock")), lock, "nothing written");
    assert!(read(out.join("Cargo.toml")).contains("version = \"0.1.0\""));

    let (ok, err) = generate(&spec, &out, &[]);
    assert!(ok, "{err}");
    assert!(read(out.join("Cargo.toml")).contains("version = \"0.2.0\""), "0.x: breaking bumps the minor");
    let changelog = read(out.join("CHANGELOG.md"));
    assert!(changelog.contains("## 0.2.0\n\nSpec versions: vault 10.24.3 → 10.24.30."), "{changelog}");
    assert!(
        changelog.contains("### Breaking changes\n\n- Changed field `ConfirmConnectionResponse.data`"),
        "{changelog}"
    );
    assert!(changelog.find("## 0.2.0") < changelog.find("## 0.1.0"), "newest first: {changelog}");

    // Up to date now, and again with nothing changed.
    let (ok, err) = generate(&spec, &out, &["--check"]);
    assert!(ok, "{err}");
    assert!(err.contains("changes: 0 (0 breaking)"), "{err}");
    // A stale lock is a stale crate.
    std::fs::write(out.join(".generator/names.lock"), lock.replace("=> Session\n", "=> Session2\n")).unwrap();
    let (ok, err) = generate(&spec, &out, &["--check"]);
    assert!(!ok && err.contains("changed: .generator/names.lock"), "{err}");
}
