//! `cargo xtask fuzz decode` sets up a fuzz package that compiles against
//! the generated crate (so the command cannot rot without `cargo fuzz` in
//! CI), with a seed per type and (from `../shared`) the SDK's workflow
//! bodies under their operations' response types.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("generated-crates")
}

#[test]
fn decode_fuzz_package_compiles_with_typed_seeds() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-decode");
    let run = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["fuzz", "decode", "--spec", "specs/vault.yml", "--setup-only"])
        .args(["--lock", "generator/tests/crates.lock", "--out"])
        .arg(&out)
        .current_dir(root())
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "{text}");

    // The dispatch: one arm per JSON response body type, in sorted order.
    let source = std::fs::read_to_string(out.join("fuzz/fuzz_targets/decode.rs")).unwrap();
    let types: Vec<&str> =
        source.lines().filter_map(|l| l.trim().split_once(" => check::<")?.1.strip_suffix(">(body),")).collect();
    assert!(text.contains(&format!("fuzz decode: {} response body types", types.len())), "{text}");
    // Vault's 21 response types and 5 error bodies.
    assert_eq!(types.len(), 26, "{types:?}");
    assert!(source.contains(&format!("const TYPES: usize = {};", types.len())), "{source}");
    let mut sorted = types.clone();
    sorted.sort();
    assert_eq!(sorted, types);

    // Every type has a `{}` seed, and a workflow's body is seeded under its
    // response's type: the consumers list under `GetConsumersResponse`.
    let seed = |name: &str| std::fs::read(out.join("seeds").join(name)).unwrap();
    for i in 0..types.len() {
        assert_eq!(seed(&format!("type-{i}")), [&(i as u16).to_be_bytes()[..], b"{}"].concat());
    }
    if common::shared_dir("apideck/sdk-typescript").is_some() {
        let consumers = seed("vault_consumersAll");
        let index = u16::from_be_bytes([consumers[0], consumers[1]]) as usize;
        assert_eq!(types[index], "sdk::models::components::GetConsumersResponse");
        let body: serde_json::Value = serde_json::from_slice(&consumers[2..]).unwrap();
        assert!(body["data"].is_array(), "{body}");
        // 21 of Vault's 23 workflows: the in-house spec has no `logsAll` or `customMappingsAll`.
        assert!(text.contains(&format!("{} seeds", types.len() + 21)), "{text}");
        assert!(out.join("seeds/vault_connectionsDelete").exists(), "a `default` status is seeded too");
    }

    // It compiles (without libFuzzer's C++, which only `cargo fuzz` links).
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let check = Command::new(cargo)
        .args(["check", "--quiet", "--locked", "--no-default-features"])
        .current_dir(out.join("fuzz"))
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}
