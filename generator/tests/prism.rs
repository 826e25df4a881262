//! A real mock server: Stoplight Prism, in validation mode, serves
//! `../shared/apideck/specs/vault.yml` on 127.0.0.1; every Vault operation is
//! called through the generated client with the SDK's workflow values.
//! Prism rejects a request that violates the spec (422, or 401 without the
//! credentials), and the client must decode every response Prism returns.
//!
//! Prism comes from the npm registry; `.ci/run` installs it into
//! `target/prism` (`PRISM` names another binary).

mod common;
mod replay;

use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The `prism` binary: `$PRISM`, else `target/prism/node_modules/.bin/prism`.
/// Missing: a failure under CI, a visible skip elsewhere.
fn prism_binary() -> Option<PathBuf> {
    let path = std::env::var_os("PRISM")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::workspace_root().join("target/prism/node_modules/.bin/prism"));
    if path.exists() {
        return Some(path);
    }
    assert!(!common::in_ci(), "Prism is missing at {} (`.ci/run` installs it; set PRISM)", path.display());
    common::skipped(&format!(
        "Prism is missing at {} (npm install --prefix target/prism @stoplight/prism-cli@5)",
        path.display()
    ));
    None
}

/// Operations whose responses Prism makes from the spec's own example of
/// `Connection.form_fields`, which has `value` and `mask`: `FormField`
/// declares neither, so these are decoded leniently (the rest strictly).
const LENIENT: &[&str] = &[
    "vault.connectionsAll",
    "vault.connectionsOne",
    "vault.connectionsUpdate",
    "vault.connectionsImport",
    "vault.connectionsToken",
    "vault.connectionSettingsAll",
    "vault.connectionSettingsUpdate",
];

/// The SDK's fixtures give a `SimpleFormFieldOption` the value `123`, which
/// the spec's `oneOf` of `integer` and `number` cannot accept (an integer
/// matches both, and `oneOf` wants exactly one): Prism rightly rejects it.
/// Such values are sent as strings here, which the spec accepts.
fn valid_options(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let simple = map.get("option_type").and_then(Value::as_str) == Some("simple");
            if let (true, Some(v)) = (simple, map.get_mut("value")) {
                if v.is_i64() || v.is_u64() {
                    *v = Value::String(v.to_string());
                }
            }
            map.values_mut().for_each(valid_options);
        }
        Value::Array(items) => items.iter_mut().for_each(valid_options),
        _ => {}
    }
}

/// Prism, killed when dropped.
struct Mock(Child);

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn prism_vault() {
    let Some(shared) = common::shared_dir() else { return };
    let Some(prism) = prism_binary() else { return };
    let spec = shared.join("apideck/specs/vault.yml");
    let port = free_port();
    let log = common::scratch("prism").join("prism.log");
    let mock = Mock(
        Command::new(&prism)
            .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string(), "--errors"])
            .arg(&spec)
            .stdout(Stdio::from(std::fs::File::create(&log).unwrap()))
            .stderr(Stdio::null())
            .spawn()
            .expect("prism starts"),
    );
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "Prism did not start: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // A crate of the Vault API alone, laid out as the SDK lays it out.
    let dir = common::scratch("prism");
    let out = dir.join("apideck");
    let docs = shared.join("apideck/sdk-typescript/docs");
    let generated = common::generate(&[spec], &out, "apideck", &common::apideck_globals(), &[&docs]);
    let ir = &generated.ir;
    let text = std::fs::read_to_string(shared.join("apideck/sdk-typescript/tests.arazzo.yaml")).unwrap();
    let doc: Value = serde_yaml::from_str(&text).unwrap();
    let replays: Vec<replay::Replay> = replay::replays(&doc, ir).into_iter().filter(|r| r.op != usize::MAX).collect();
    assert_eq!(replays.len(), ir.operations.len(), "a workflow for every Vault operation");
    assert_eq!(replays.len(), 23, "the Vault spec's operations");

    let harness = dir.join("replay");
    std::fs::create_dir_all(harness.join("src")).unwrap();
    std::fs::write(harness.join("Cargo.toml"), replay::HARNESS_MANIFEST.replace("arazzo-replay", "prism-replay"))
        .unwrap();
    std::fs::write(harness.join("src/main.rs"), replay::harness_main(&replays, ir, |i| replay::client_path(ir, i)))
        .unwrap();
    let cases: Vec<Value> = replays
        .iter()
        .map(|r| {
            let mut fields = Value::Object(r.fields.clone());
            valid_options(&mut fields);
            let strict = !LENIENT.contains(&r.id.as_str());
            json!({"answer": [0, "", ""], "fields": fields, "strict": strict})
        })
        .collect();
    let cases_path = harness.join("cases.json");
    std::fs::write(&cases_path, serde_json::to_string(&cases).unwrap()).unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let stdout =
        common::cargo(&harness, &["run", "--quiet", "--", &cases_path.to_string_lossy()], &[("REPLAY_SERVER", &url)]);
    drop(mock);
    let results: Vec<Value> = serde_json::from_str(stdout.trim()).unwrap();
    let mut ok = 0;
    for (r, result) in replays.iter().zip(&results) {
        match result["outcome"].get("ok") {
            Some(_) => ok += 1,
            None => eprintln!("FAIL {}: {}", r.id, result["outcome"]),
        }
    }
    use std::io::Write;
    let mut out = std::io::stdout();
    writeln!(out, "prism: {ok}/{} vault operations", replays.len()).unwrap();
    assert_eq!(ok, replays.len(), "Prism accepts every request and the client decodes every response");
}
