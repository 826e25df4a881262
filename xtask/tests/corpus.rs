//! `cargo xtask corpus`: the manifest is well-formed, and the fast tier of
//! public specs (fetched from the npm registry and PyPI, sha256-checked)
//! generates crates that pass clippy with warnings denied, built with the
//! versions of the committed `generator/tests/crates.lock`.

mod common;

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn xtask(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(root())
        // The generated crates share the other tests' target folder.
        .env(
            "CORPUS_TARGET_DIR",
            std::env::var_os("CARGO_TARGET_DIR")
                .map(std::path::PathBuf::from)
                .unwrap_or_else(|| root().join("target"))
                .join("generated-crates"),
        )
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

#[test]
fn manifest_pins_every_spec() {
    let text = std::fs::read_to_string(root().join("xtask/corpus.tsv")).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    // Pinned, with the README: a spec dropped by mistake must show.
    assert_eq!(rows.len(), 48, "the manifest's specs");
    let mut ids = std::collections::BTreeSet::new();
    for row in &rows {
        assert_eq!(row.len(), 12, "{row:?}");
        assert!(ids.insert(row[0]), "duplicate id {}", row[0]);
        assert!(["fast", "full"].contains(&row[1]), "{row:?}");
        assert!(["npm", "pypi"].contains(&row[2]), "{row:?}");
        for sha in [row[6], row[8]] {
            assert!(sha.len() == 64 && sha.chars().all(|c| c.is_ascii_hexdigit()), "sha256 of {}: {sha}", row[0]);
        }
    }
    let versions = |prefix: &str| rows.iter().filter(|r| r[10].starts_with(prefix)).count();
    assert!(versions("2.0") >= 5 && versions("3.0") >= 5 && versions("3.1") >= 5, "a mix of versions");
    let fast: Vec<_> = rows.iter().filter(|r| r[1] == "fast").collect();
    assert_eq!(fast.len(), 6, "the fast tier CI runs");
    for prefix in ["2.0", "3.0", "3.1"] {
        assert!(fast.iter().any(|r| r[10].starts_with(prefix)), "the fast tier has a {prefix} spec");
    }
}

#[test]
fn fast_tier_generates_and_compiles_clean() {
    let (fetched, text) = xtask(&["corpus", "fetch", "--fast"]);
    if !fetched {
        assert!(!common::in_ci(), "the corpus could not be fetched under CI:\n{text}");
        common::skipped(&format!("the corpus could not be fetched (no registry access?):\n{text}"));
        return;
    }
    // With the test crates' committed lock: a new upstream release cannot
    // change what is built (a package it does not pin fails the spec).
    let (ok, text) = xtask(&["corpus", "run", "--fast", "--lock", "generator/tests/crates.lock"]);
    println!("{text}");
    let summary = text.lines().find(|l| l.starts_with("corpus: ")).unwrap_or_else(|| panic!("no summary:\n{text}"));
    let (passed, total) = summary
        .trim_start_matches("corpus: ")
        .split_once(' ')
        .and_then(|(ratio, _)| ratio.split_once('/'))
        .map(|(a, b)| (a.parse::<usize>().unwrap(), b.parse::<usize>().unwrap()))
        .unwrap();
    // Every spec of the fast tier was generated and linted, none skipped.
    assert_eq!(total, 6, "{summary}");
    assert!(ok && passed == total, "{text}");

    // The lock is enforced: without `itoa`'s pin the crate is refused.
    let broken = common::lock_without("itoa");
    let broken = broken.to_str().unwrap();
    let (ok, text) = xtask(&["corpus", "run", "--only", "osv-petstore-separate", "--lock", broken]);
    assert!(!ok, "{text}");
    assert!(text.contains("FAIL osv-petstore-separate") && text.contains("does not pin: itoa "), "{text}");
}
