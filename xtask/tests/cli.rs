//! `cargo xtask generate` as a script sees it: exit codes (0 generated, 1 the
//! input is wrong, 2 the command line is), code frames on stderr, one JSON
//! object per diagnostic on stdout with `--message-format json`, and
//! `--deny-warnings`, which writes nothing when there is a warning.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target/test-output/cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).current_dir(root()).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const BROKEN: &str = "generator/tests/hostile/many_problems.yaml";
/// A fixture that generates, with warnings (an operation without an id, a
/// duplicate id).
const WARNS: &str = "generator/tests/fixtures/hostile_ops.yaml";

#[test]
fn exit_codes_and_code_frames() {
    let dir = scratch("codes");
    let out_dir = dir.join("crate");
    let out = xtask(&["generate", "--spec", BROKEN, "--out", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    // A frame: the file, line and column, the source line, the pointer.
    assert!(text.contains("┌─ generator/tests/hostile/many_problems.yaml:18:9"), "{text}");
    assert!(text.contains("18 │         owner: {$ref: '#/components/schemas/Owner'}"), "{text}");
    assert!(text.contains("#/components/schemas/Pet/properties/owner"), "{text}");
    assert!(text.contains("error: 5 errors, 0 warnings: nothing was written"), "{text}");
    assert!(!out_dir.exists(), "nothing written");

    // Usage errors: 2.
    for args in
        [&["generate", "--no-such-flag"][..], &["generate", "--message-format", "xml"], &["generate", "--docs", "x"]]
    {
        let out = xtask(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }

    // Success: 0, warnings shown as frames.
    let out = xtask(&["generate", "--spec", WARNS, "--out", out_dir.to_str().unwrap(), "--name", "cli_warns"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning: operationId `listThings` is also the id of GET /things"),
        "{}",
        stderr(&out)
    );
    assert!(out_dir.join("src/lib.rs").is_file());
}

#[test]
fn deny_warnings_writes_nothing() {
    let dir = scratch("deny");
    let out_dir = dir.join("crate");
    let out = xtask(&["generate", "--spec", WARNS, "--out", out_dir.to_str().unwrap(), "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("error: operation has no operationId"), "warnings shown as errors: {text}");
    assert!(text.contains("error: 2 errors, 0 warnings (`--deny-warnings`): nothing was written"), "{text}");
    assert!(!out_dir.exists(), "nothing written");
}

#[test]
fn json_messages_one_per_line() {
    let dir = scratch("json");
    let out = xtask(&[
        "generate",
        "--spec",
        BROKEN,
        "--out",
        dir.join("crate").to_str().unwrap(),
        "--message-format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let messages: Vec<serde_json::Value> =
        stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    assert_eq!(messages.len(), 5, "{stdout}");
    let owner = messages.iter().find(|m| m["pointer"] == "/components/schemas/Pet/properties/owner").expect("owner");
    assert_eq!(owner["severity"], "error");
    assert_eq!(owner["file"], BROKEN);
    assert_eq!(owner["line"], 18);
    assert_eq!(owner["column"], 9);
    assert_eq!(owner["message"], "reference `#/components/schemas/Owner` does not resolve");
    assert!(owner["help"].as_str().is_some_and(|h| !h.is_empty()));
    assert!(owner["rendered"].as_str().unwrap().contains("18 │"), "{owner}");
    // Nothing but the messages on stdout.
    assert!(!stderr(&out).contains("error:"), "{}", stderr(&out));
}
