//! The generated client of `generated/` (the in-house Vault spec) under
//! faults and load: `tests/client/faults.rs` is copied into a test crate
//! that depends on `generated/` and run there.

mod common;

#[test]
fn faults_and_load() {
    let root = common::workspace_root();
    let dir = common::scratch("client-faults");
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let generated = root.join("generated");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"client-faults\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\napideck = {{ path = {:?} }}\n\n[dev-dependencies]\nfutures-util = \"0.3\"\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"time\"] }}\nhyper = {{ version = \"1\", features = [\"server\", \"http1\"] }}\nhyper-util = {{ version = \"0.1\", features = [\"tokio\"] }}\nhttp-body-util = \"0.1\"\n",
            generated.to_string_lossy()
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), "//! Tests of the generated client.\n").unwrap();
    let source = std::fs::read_to_string(root.join("generator/tests/client/faults.rs")).unwrap();
    std::fs::write(dir.join("tests/faults.rs"), source).unwrap();
    let stdout = common::cargo(&dir, &["test", "--quiet", "--", "--nocapture"], &[]);
    use std::io::Write;
    for line in stdout.lines().filter_map(|l| l.find("load").map(|i| &l[i..])) {
        writeln!(std::io::stdout(), "{line}").unwrap();
    }
    assert!(stdout.contains("load: 5056/5056 requests"), "the load test ran every request:\n{stdout}");
}
