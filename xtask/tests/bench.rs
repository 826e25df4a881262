//! `cargo xtask bench --quick` runs end to end (so the benchmark cannot rot)
//! and writes its figures: one run of each measurement, the `vault.yml`
//! crate checked, a Vault list response decoded typed and as a `Value`.

mod common;

use std::path::Path;
use std::process::Command;

#[test]
fn quick_bench_writes_its_figures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    if common::shared_dir("apideck/specs").is_none() {
        return;
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("generated-crates");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        // The crates it builds take the committed test lock's versions.
        .args(["bench", "--quick", "--lock", "generator/tests/crates.lock"])
        .current_dir(root)
        .env("BENCH_TARGET_DIR", &target)
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{text}");
    let read = |name: &str| -> serde_json::Value {
        let path = root.join("target/bench").join(name);
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    };
    let generation = read("generation.json");
    let full = &generation["figures"]["apideck / empty folder"];
    assert!(full["wall_s"]["median"].as_f64().unwrap() > 0.0, "{generation:#}");
    assert!(full["peak_bytes"]["median"].as_f64().unwrap() > 1e6, "{generation:#}");
    for phase in ["read", "lower", "passes", "emit"] {
        assert!(full["phases_s"][phase]["median"].as_f64().is_some(), "no {phase} phase: {generation:#}");
    }
    let compile = read("compile.json");
    assert!(compile["figures"]["output"]["apideck"]["files"].as_u64().unwrap() > 2000, "{compile:#}");
    let check = &compile["figures"]["compile"]["vault.yml alone / check"];
    assert!(check["wall_s"]["median"].as_f64().unwrap() > 0.0, "{compile:#}");
    assert!(check["peak_bytes"]["median"].as_f64().unwrap() > 1e6, "{compile:#}");
    // The decode harness decoded a list response of the Vault crate both ways.
    let decode = read("decode.json");
    let consumers = &decode["figures"]["vault consumers"];
    assert!(consumers["bytes"].as_u64().unwrap() >= 200_000, "{decode:#}");
    for what in ["decode_mb_s", "encode_mb_s"] {
        assert!(consumers[what]["typed"].as_f64().unwrap() > 0.0, "{decode:#}");
        assert!(consumers[what]["value"].as_f64().unwrap() > 0.0, "{decode:#}");
    }
    println!("{text}");

    // The lock is enforced: without `itoa`'s pin the crates are refused.
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["bench", "--quick", "--only", "compile", "--lock"])
        .arg(common::lock_without("itoa"))
        .current_dir(root)
        .env("BENCH_TARGET_DIR", &target)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && text.contains("does not pin: itoa "), "{text}");
}
