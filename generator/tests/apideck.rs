//! The full Apideck set: all 16 specs (with the SDK's model docs merged)
//! into one crate that passes clippy and rustdoc with warnings denied, and
//! that round-trips every payload of the TypeScript SDK's 331 test workflows.

mod common;
mod decode_fuzz;
mod replay;

use generator::ir::{Ir, Operation, Status, TypeRef};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The full crate, generated once per test run.
fn full_crate() -> Option<&'static (PathBuf, Ir)> {
    static CRATE: OnceLock<Option<(PathBuf, Ir)>> = OnceLock::new();
    CRATE
        .get_or_init(|| {
            let shared = common::shared_dir()?;
            let out = common::scratch("apideck-full").join("apideck");
            // With the SDK's model docs merged, so their prose goes through rustdoc too.
            let docs = shared.join("apideck/sdk-typescript/docs");
            let specs = common::apideck_specs(&shared);
            let generated = common::generate(&specs, &out, "apideck", &common::apideck_globals(), &[&docs]);
            Some((out, generated.ir))
        })
        .as_ref()
}

#[test]
fn full_set_passes_clippy_and_rustdoc() {
    let Some((dir, ir)) = full_crate() else { return };
    use std::io::Write;
    writeln!(
        std::io::stdout(),
        "full set: {} APIs, {} operations, {} types",
        ir.apis.len(),
        ir.operations.len(),
        ir.types.len()
    )
    .unwrap();
    assert_eq!((ir.apis.len(), ir.operations.len(), ir.types.len()), (16, 406, 2640));
    common::assert_clean(dir);
    // The model docs' examples, as tests of the generated crate.
    let examples: usize = ir.types.iter().map(|t| t.examples.len()).sum();
    assert_eq!(examples, 969, "the docs' examples, each a round trip");
    let listed = common::cargo(dir, &["test", "--quiet", "--test", "doc_examples", "--", "--list"], &[]);
    assert_eq!(listed.lines().filter(|l| l.ends_with(": test")).count(), examples, "a test per example");
    common::cargo(dir, &["test", "--quiet", "--test", "doc_examples"], &[]);
    writeln!(std::io::stdout(), "doc examples: {examples} round trips passed in the generated crate").unwrap();
}

/// Each API's Cargo feature alone (with the client) compiles with zero
/// warnings, tests and examples included, and so do the client with no API,
/// no feature at all, and two APIs' types without the client.
#[test]
fn every_api_feature_alone_is_clean() {
    let Some((dir, ir)) = full_crate() else { return };
    let cargo_toml = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let mut sets: Vec<String> = vec![String::new(), "client".into(), "vault".into(), "accounting".into()];
    for api in &ir.apis {
        assert!(cargo_toml.contains(&format!("\n{} = []\n", api.module)), "no feature `{}`:\n{cargo_toml}", api.module);
        sets.push(format!("client,{}", api.module));
    }
    use std::io::Write;
    for features in &sets {
        let started = std::time::Instant::now();
        common::cargo(
            dir,
            &[
                "clippy",
                "--quiet",
                "--all-targets",
                "--no-default-features",
                "--features",
                features,
                "--",
                "-D",
                "warnings",
            ],
            &[],
        );
        writeln!(std::io::stdout(), "features [{features}]: clean in {:.1} s", started.elapsed().as_secs_f64())
            .unwrap();
    }
}

/// One body to round-trip: decode into `ty`, encode, compare.
struct Check {
    what: String,
    ty: String,
    media: String,
    body: Value,
}

/// The type of the response body for `status`: the exact code, else its
/// range, else `default`.
fn response_type(op: &Operation, status: Status) -> Option<(&TypeRef, &str)> {
    let find = |s: Status| op.responses.iter().find(|r| r.status == s);
    let range = match status {
        Status::Code(c) => Some(Status::Range(c / 100)),
        _ => None,
    };
    let r = find(status).or_else(|| range.and_then(find)).or_else(|| find(Status::Default))?;
    let c = r.primary()?;
    Some((c.ty.as_ref()?, c.media_type.as_str()))
}

fn parse_status(condition: &str) -> Option<Status> {
    let s = condition.strip_prefix("$statusCode == ")?.trim();
    if s == "default" {
        Some(Status::Default)
    } else {
        s.parse().ok().map(Status::Code)
    }
}

/// Reads the workflows into checks, one list per workflow.
fn workflow_checks(shared: &Path, ir: &Ir) -> Vec<(String, Vec<Check>, Vec<String>)> {
    let text = std::fs::read_to_string(shared.join("apideck/sdk-typescript/tests.arazzo.yaml")).unwrap();
    let doc: Value = serde_yaml::from_str(&text).unwrap();
    let ops: BTreeMap<String, &Operation> =
        ir.operations.iter().map(|op| (format!("{}.{}", ir.apis[op.api.0].doc_prefix, op.id), op)).collect();
    let mut out = Vec::new();
    for wf in doc["workflows"].as_array().unwrap() {
        let id = wf["workflowId"].as_str().unwrap().to_string();
        let step = &wf["steps"][0];
        let mut checks = Vec::new();
        let mut problems = Vec::new();
        let Some(op) = ops.get(step["operationId"].as_str().unwrap_or_default()) else {
            problems.push("operation not generated".to_string());
            out.push((id, checks, problems));
            continue;
        };
        if let Some(payload) = step.get("requestBody").and_then(|b| b.get("payload")) {
            let media = step["requestBody"]["contentType"].as_str().unwrap_or("application/json");
            let body_ty = op
                .body
                .as_ref()
                .and_then(|b| b.contents.iter().find(|c| c.media_type == media).or_else(|| b.primary()));
            match body_ty.and_then(|c| c.ty.as_ref()) {
                Some(t) => checks.push(Check {
                    what: "request body".into(),
                    ty: generator::emit::rust_type(ir, t).replace("crate::", "apideck::"),
                    media: media.into(),
                    body: payload.clone(),
                }),
                None => problems.push("the request body has no type".into()),
            }
        }
        let criteria = step["successCriteria"].as_array().cloned().unwrap_or_default();
        let status = criteria.iter().find_map(|c| c["condition"].as_str().and_then(parse_status));
        let media = criteria
            .iter()
            .find_map(|c| c["condition"].as_str().and_then(|s| s.strip_prefix("$response.header.Content-Type == ")))
            .unwrap_or("application/json")
            .trim()
            .to_string();
        let body = criteria.iter().find(|c| c["context"] == "$response.body").and_then(|c| c["condition"].as_str());
        match (status, body) {
            (Some(status), Some(body)) => match response_type(op, status) {
                Some((t, _)) => {
                    let body = if generator::ir::BodyKind::of(&media) == generator::ir::BodyKind::Json {
                        match serde_json::from_str(body) {
                            Ok(v) => v,
                            Err(e) => {
                                problems.push(format!("expected body is not JSON: {e}"));
                                Value::Null
                            }
                        }
                    } else {
                        // Non-JSON bodies are given as a JSON string of the raw text.
                        serde_json::from_str::<Value>(body).unwrap_or_else(|_| Value::String(body.to_string()))
                    };
                    checks.push(Check {
                        what: format!("response {status}"),
                        ty: generator::emit::rust_type(ir, t).replace("crate::", "apideck::"),
                        media,
                        body,
                    })
                }
                None => problems.push(format!("no response body type for status {status}")),
            },
            _ => problems.push("no expected status and body".into()),
        }
        out.push((id, checks, problems));
    }
    out
}

/// The harness: a binary that depends on the generated crate, with one
/// monomorphized round trip per body type.
fn harness_main(types: &[&String]) -> String {
    let arms: String = types.iter().map(|t| format!("        {t:?} => round_trip::<{t}>(media, body),\n")).collect();
    format!(
        r#"//! Decodes each body into its generated type and encodes it again.
use serde_json::Value;

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(media: &str, body: &Value) -> Result<Value, String> {{
    let json = media.split(';').next().unwrap_or("").trim();
    if json == "application/json" || json.ends_with("+json") {{
        // Through text, as a client reads a response.
        let text = serde_json::to_string(body).map_err(|e| e.to_string())?;
        let value: T = serde_json::from_str(&text).map_err(|e| format!("decode: {{e}}"))?;
        serde_json::to_value(&value).map_err(|e| format!("encode: {{e}}"))
    }} else {{
        // Raw bodies: the text is the value.
        Ok(body.clone())
    }}
}}

fn dispatch(ty: &str, media: &str, body: &Value) -> Result<Value, String> {{
    match ty {{
{arms}        other => Err(format!("no arm for type {{other}}")),
    }}
}}

fn main() {{
    let path = std::env::args().nth(1).expect("cases file");
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    if let Some(seconds) = std::env::args().nth(2) {{
        let seed = std::env::args().nth(3).and_then(|s| s.parse().ok()).unwrap_or(1);
        return fuzz(&cases, seconds.parse().unwrap(), seed);
    }}
    let mut results = Vec::new();
    for case in &cases {{
        let ty = case["ty"].as_str().unwrap();
        let media = case["media"].as_str().unwrap();
        let result = match dispatch(ty, media, &case["body"]) {{
            Ok(v) => serde_json::json!({{"ok": v}}),
            Err(e) => serde_json::json!({{"err": e}}),
        }};
        results.push(result);
    }}
    println!("{{}}", serde_json::to_string(&results).unwrap());
}}
{fuzz}"#,
        fuzz = decode_fuzz::harness_source(types)
    )
}

/// JSON value equality where numbers compare by value (`10` and `10.0` are
/// the same JSON number; an `f64` field writes whole numbers as `10.0`).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// The first place two JSON values differ, as a JSON pointer.
fn first_difference(a: &Value, b: &Value, at: String) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    None => return format!("{at}/{k} is missing after the round trip"),
                    Some(w) if !json_eq(v, w) => return first_difference(v, w, format!("{at}/{k}")),
                    _ => {}
                }
            }
            if let Some(k) = y.keys().find(|k| !x.contains_key(*k)) {
                return format!("{at}/{k} appeared after the round trip");
            }
            format!("{at}: objects differ")
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if !json_eq(v, w) {
                    return first_difference(v, w, format!("{at}/{i}"));
                }
            }
            format!("{at}: arrays differ")
        }
        _ => format!("{at}: {} became {}", short(a), short(b)),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 80 {
        format!("{}…", &s[..s.char_indices().nth(80).map_or(s.len(), |(i, _)| i)])
    } else {
        s
    }
}

#[test]
fn arazzo_round_trip() {
    let Some((dir, ir)) = full_crate() else { return };
    let shared = common::shared_dir().unwrap();
    let workflows = workflow_checks(&shared, ir);

    let mut types: Vec<&String> = workflows.iter().flat_map(|(_, c, _)| c.iter().map(|c| &c.ty)).collect();
    types.sort();
    types.dedup();
    let harness = dir.parent().unwrap().join("harness");
    std::fs::create_dir_all(harness.join("src")).unwrap();
    std::fs::write(
        harness.join("Cargo.toml"),
        "[package]\nname = \"arazzo-harness\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\napideck = { path = \"../apideck\" }\nserde = \"1\"\nserde_json = \"1\"\n",
    )
    .unwrap();
    std::fs::write(harness.join("src/main.rs"), harness_main(&types)).unwrap();
    let cases: Vec<Value> = workflows
        .iter()
        .flat_map(|(_, checks, _)| checks.iter().map(|c| json!({"ty": c.ty, "media": c.media, "body": c.body})))
        .collect();
    let cases_path = harness.join("cases.json");
    std::fs::write(&cases_path, serde_json::to_string(&cases).unwrap()).unwrap();
    let cases_arg = cases_path.to_string_lossy().into_owned();
    let stdout = common::cargo(&harness, &["run", "--quiet", "--", &cases_arg], &[]);
    let results: Vec<Value> = serde_json::from_str(stdout.trim()).unwrap();

    let mut results = results.into_iter();
    let mut passed = 0;
    let mut failures = Vec::new();
    for (id, checks, problems) in &workflows {
        let mut bad: Vec<String> = problems.clone();
        for check in checks {
            let result = results.next().unwrap();
            match result.get("ok") {
                Some(v) if json_eq(&check.body, v) => {}
                Some(v) => bad.push(format!(
                    "{} ({}): {}",
                    check.what,
                    check.ty,
                    first_difference(&check.body, v, String::new())
                )),
                None => bad.push(format!("{} ({}): {}", check.what, check.ty, result["err"].as_str().unwrap_or("?"))),
            }
        }
        if bad.is_empty() && !checks.is_empty() {
            passed += 1;
        } else {
            failures.push(format!("{id}: {}", bad.join("; ")));
        }
    }
    for f in &failures {
        eprintln!("FAIL {f}");
    }
    // Written past the test harness's capture, so `cargo test` shows it.
    use std::io::Write;
    writeln!(std::io::stdout(), "arazzo round trip: {passed}/{} workflows", workflows.len()).unwrap();
    assert_eq!(workflows.len(), 331, "the SDK's test suite has 331 workflows");
    assert_eq!(passed, workflows.len(), "every workflow must round-trip");

    // The same bodies, mutated, and random bytes, through every type: a
    // decode may fail, never panic.
    let seconds = std::env::var("DECODE_FUZZ_SECONDS").unwrap_or_else(|_| "20".into());
    let seed = std::env::var("DECODE_FUZZ_SEED").unwrap_or_else(|_| "1".into());
    let stdout = common::cargo(&harness, &["run", "--quiet", "--", &cases_arg, &seconds, &seed], &[]);
    let summary = decode_fuzz::check(&stdout, &harness.join("crashers"));
    writeln!(std::io::stdout(), "{summary}").unwrap();
}

use replay::client_path;

#[test]
fn client_layout_is_the_sdks() {
    use heck::ToSnakeCase;
    let Some((_, ir)) = full_crate() else { return };
    let shared = common::shared_dir().unwrap();
    let docs = generator::read::sdk_docs::read_dir(
        &shared.join("apideck/sdk-typescript/docs"),
        &generator::read::sdk_docs::TypeScript,
    )
    .unwrap();
    let ops: BTreeMap<String, usize> = ir
        .operations
        .iter()
        .enumerate()
        .map(|(i, op)| (format!("{}.{}", ir.apis[op.api.0].doc_prefix, op.id), i))
        .collect();
    let mut mismatches = Vec::new();
    for doc in &docs.operations {
        let expected: Vec<String> = doc.groups.iter().chain([&doc.sdk_method]).map(|s| s.to_snake_case()).collect();
        let expected = expected.join(".");
        match ops.get(&doc.operation_id) {
            Some(&i) if client_path(ir, i) == expected => {}
            Some(&i) => {
                mismatches.push(format!("{}: the SDK's {expected}, ours {}", doc.operation_id, client_path(ir, i)))
            }
            None => mismatches.push(format!("{}: not generated", doc.operation_id)),
        }
    }
    use std::io::Write;
    writeln!(
        std::io::stdout(),
        "client layout: {}/{} operations where the SDK has them",
        docs.operations.len() - mismatches.len(),
        docs.operations.len()
    )
    .unwrap();
    assert_eq!(docs.operations.len(), 337);
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn arazzo_replay() {
    let Some((dir, ir)) = full_crate() else { return };
    let shared = common::shared_dir().unwrap();
    let text = std::fs::read_to_string(shared.join("apideck/sdk-typescript/tests.arazzo.yaml")).unwrap();
    let doc: Value = serde_yaml::from_str(&text).unwrap();
    let replays = replay::replays(&doc, ir);
    let harness = dir.parent().unwrap().join("replay");
    std::fs::create_dir_all(harness.join("src")).unwrap();
    std::fs::write(harness.join("Cargo.toml"), replay::HARNESS_MANIFEST).unwrap();
    std::fs::write(harness.join("src/main.rs"), replay::harness_main(&replays, ir, |i| client_path(ir, i))).unwrap();
    let cases: Vec<Value> = replays
        .iter()
        .map(|r| {
            let strict = !replay::LENIENT.iter().any(|(id, _)| *id == r.id);
            json!({"answer": [r.answer.0, r.answer.1, r.answer.2], "fields": r.fields, "strict": strict})
        })
        .collect();
    let cases_path = harness.join("cases.json");
    std::fs::write(&cases_path, serde_json::to_string(&cases).unwrap()).unwrap();
    let cases_arg = cases_path.to_string_lossy().into_owned();
    let stdout = common::cargo(&harness, &["run", "--quiet", "--", &cases_arg], &[]);
    let results: Vec<Value> = serde_json::from_str(stdout.trim()).unwrap();
    let mut passed = 0;
    for (r, result) in replays.iter().zip(&results) {
        let problems = replay::judge(r, result, json_eq);
        if problems.is_empty() {
            passed += 1;
        } else {
            eprintln!("FAIL {}: {}", r.id, problems.join("; "));
        }
    }
    use std::io::Write;
    writeln!(std::io::stdout(), "arazzo replay: {passed}/{} workflows", replays.len()).unwrap();
    assert_eq!(replays.len(), 331, "the SDK's test suite has 331 workflows");
    assert_eq!(passed, replays.len(), "every workflow must replay");
    mutations_fail_the_strict_replay(dir, &replays, &cases, ir);
}

/// A renamed wire name or enum value in the generated crate passes a
/// lenient round trip (the value lands in `additional_properties` or
/// `Unknown`) but fails the strict replay.
fn mutations_fail_the_strict_replay(dir: &Path, replays: &[replay::Replay], cases: &[Value], ir: &Ir) {
    let mutated = dir.parent().unwrap().join("apideck-mutated");
    let _ = std::fs::remove_dir_all(&mutated);
    copy_tree(dir, &mutated);
    let components = mutated.join("src/models/components");
    for (file, from, to) in
        [("tax_rate.rs", "\"code\" =>", "\"kode\" =>"), ("tax_rate_status.rs", "\"active\" =>", "\"actif\" =>")]
    {
        let path = components.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    let harness = dir.parent().unwrap().join("replay-mutated");
    std::fs::create_dir_all(harness.join("src")).unwrap();
    let manifest = std::fs::read_to_string(dir.parent().unwrap().join("replay/Cargo.toml")).unwrap();
    std::fs::write(
        harness.join("Cargo.toml"),
        manifest.replace("arazzo-replay", "arazzo-replay-mutated").replace("../apideck", "../apideck-mutated"),
    )
    .unwrap();
    let index = replays.iter().position(|r| r.id == "accounting.taxRatesAll").unwrap();
    let main = replay::harness_main(&replays[index..=index], ir, |i| client_path(ir, i));
    std::fs::write(harness.join("src/main.rs"), main).unwrap();
    // The same workflow, strict and then lenient.
    let mut strict = cases[index].clone();
    strict["arm"] = json!(0);
    let mut lenient = strict.clone();
    lenient["strict"] = json!(false);
    let path = harness.join("cases.json");
    std::fs::write(&path, serde_json::to_string(&[strict, lenient]).unwrap()).unwrap();
    let stdout = common::cargo(&harness, &["run", "--quiet", "--", &path.to_string_lossy()], &[]);
    let results: Vec<Value> = serde_json::from_str(stdout.trim()).unwrap();
    let strict = replay::judge(&replays[index], &results[0], json_eq);
    assert!(
        strict.iter().any(|p| p.contains("declares no property `code`") || p.contains("`active` is not a value")),
        "the strict replay must catch the renamed wire name or enum value: {strict:?}"
    );
    let lenient = &results[1]["outcome"];
    assert!(lenient.get("ok").is_some(), "leniently the mutated crate still decodes: {lenient}");
    use std::io::Write;
    // Past the test harness's capture, so that `cargo test` shows it.
    let mut out = std::io::stdout();
    writeln!(out, "mutations: a renamed wire name and enum value fail the strict replay ({})", strict.join("; "))
        .unwrap();
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
