//! Hostile input: every spec in `tests/hostile/` is rejected with errors
//! (never a panic), and what a user sees, the code frames, is snapshotted;
//! the hostile fixtures that do generate (`tests/fixtures/hostile_*.yaml`,
//! whose code is snapshotted and linted with the other fixtures) have their
//! warnings snapshotted here. Inputs too big to commit (10,000 levels of
//! nesting, a 50 MB spec) are written by the tests.

mod common;

use generator::diag::render;
use std::path::{Path, PathBuf};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `path` relative to the crate (the tests run there), so frames name
/// `tests/hostile/…` on every machine.
fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(manifest()).unwrap_or(path).to_path_buf()
}

/// What a user sees, with the checkout's own path taken out.
fn shown(items: &[generator::diag::Diagnostic]) -> String {
    let root = format!("{}/", manifest().display());
    let scratch = format!("{}/", common::workspace_root().join("target/test-output").display());
    render::human(items).replace(&scratch, "<scratch>/").replace(&root, "")
}

fn config(spec: PathBuf) -> generator::Config {
    generator::Config { specs: vec![spec], ..Default::default() }
}

#[test]
fn rejected_inputs_show_code_frames() {
    insta::glob!("hostile/*", |path| {
        let errors = match generator::generate(&config(relative(path))) {
            Ok(_) => panic!("{}: generated, but it must be rejected", path.display()),
            Err(e) => e,
        };
        assert!(errors.0.iter().any(|d| d.severity == generator::diag::Severity::Error));
        insta::assert_snapshot!(shown(&errors.0));
    });
}

#[test]
fn hostile_fixtures_warn_where_they_are_odd() {
    insta::glob!("fixtures/hostile_*.yaml", |path| {
        let generated = generator::generate(&config(relative(path))).unwrap_or_else(|e| panic!("{e}"));
        insta::assert_snapshot!(shown(&generated.warnings));
    });
}

/// Every diagnostic placed by its pointer has a line and a column, and the
/// JSON form has one object per diagnostic with the same facts.
#[test]
fn diagnostics_have_lines_columns_and_a_json_form() {
    let spec = relative(&manifest().join("tests/hostile/many_problems.yaml"));
    let errors = generator::generate(&config(spec)).unwrap_err().0;
    assert_eq!(errors.len(), 5, "{errors:#?}");
    for d in &errors {
        assert!(d.location.line.is_some() && d.location.column.is_some(), "{d}");
        assert!(!d.location.pointer.is_empty(), "{d}");
    }
    let json = render::json(&errors);
    let objects: Vec<serde_json::Value> = json.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(objects.len(), errors.len());
    for (o, d) in objects.iter().zip(&errors) {
        assert_eq!(o["severity"], "error");
        assert_eq!(o["message"], d.message.as_str());
        assert_eq!(o["line"], d.location.line.unwrap());
        assert_eq!(o["column"], d.location.column.unwrap());
        assert_eq!(o["pointer"], d.location.pointer.as_str());
        assert!(o["rendered"].as_str().unwrap().contains(&format!(":{}:", d.location.line.unwrap())), "{o}");
    }
    assert_eq!(render::count(&errors), "5 errors, 0 warnings");
}

/// 10,000 levels of nesting, in YAML and in JSON: a clear error at the
/// place the parsers stop (128 levels), no stack overflow; the frame shows
/// a window of the one long line, not all of it.
#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let dir = common::scratch("hostile");
    let depth = 10_000;
    let yaml = format!(
        "openapi: 3.0.3\ninfo: {{title: Deep, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {}{{type: string}}{}\n",
        "{type: array, items: ".repeat(depth),
        "}".repeat(depth)
    );
    let json = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "Deep", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{"Deep": {}{{"type": "string"}}{}}}}}}}"#,
        r#"{"type": "array", "items": "#.repeat(depth),
        "}".repeat(depth)
    );
    let mut frames = String::new();
    for (name, text) in [("deep.yaml", yaml), ("deep.json", json)] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let errors = generator::generate(&config(path)).unwrap_err().0;
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert!(errors[0].message.contains("recursion limit exceeded"), "{}", errors[0]);
        let shown = shown(&errors);
        assert!(shown.lines().all(|l| l.chars().count() < 200), "{shown}");
        frames.push_str(&shown);
    }
    insta::assert_snapshot!(frames);
}

/// Every input a fuzzer found crashing (`tests/fuzz/`, committed as found):
/// generation now ends in a crate or in diagnostics that render.
#[test]
fn fuzz_findings_stay_fixed() {
    let dir = manifest().join("tests/fuzz");
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    let mut inputs: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    inputs.sort();
    let scratch = common::scratch("fuzz-findings");
    for input in inputs {
        let bytes = std::fs::read(&input).unwrap();
        for name in ["spec.yaml", "spec.json"] {
            let spec = scratch.join(name);
            std::fs::write(&spec, &bytes).unwrap();
            match generator::generate(&config(spec)) {
                Ok(generated) => drop(render::human(&generated.warnings)),
                Err(errors) => assert!(!render::human(&errors.0).is_empty(), "{}", input.display()),
            }
        }
    }
}

/// A 50 MB spec: 2,000 schemas (a list operation each) and the bulk of
/// vendor extension data (`x-` keys, which large public specs fill with
/// samples) that the reader must get through. It generates, with a type
/// per schema, in one pass (no quadratic step shows as a hang).
#[test]
fn a_50_mb_spec_generates() {
    use std::fmt::Write;
    let n = 2_000;
    let filler = "lorem ipsum dolor sit amet ".repeat(900);
    let mut text = String::with_capacity(52 << 20);
    text.push_str(r#"{"openapi": "3.0.3", "info": {"title": "Big", "version": "1"}, "paths": {"#);
    for i in 0..n {
        let sep = if i + 1 < n { "," } else { "" };
        write!(
            text,
            r##""/things{i}": {{"get": {{"operationId": "listThings{i}", "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"type": "array", "items": {{"$ref": "#/components/schemas/Thing{i}"}}}}}}}}}}}}}}}}{sep}"##
        )
        .unwrap();
    }
    text.push_str(r#"}, "components": {"schemas": {"#);
    for i in 0..n {
        let sep = if i + 1 < n { "," } else { "" };
        write!(
            text,
            r#""Thing{i}": {{"type": "object", "required": ["id"], "properties": {{"id": {{"type": "string"}}, "count": {{"type": "integer"}}, "tags": {{"type": "array", "items": {{"type": "string"}}}}, "next": {{"$ref": "{next}"}}}}, "x-samples": ["{filler}", "{filler}"]}}{sep}"#,
            next = format_args!("#/components/schemas/Thing{}", (i + 1) % n),
        )
        .unwrap();
    }
    text.push_str("}}}\n");
    assert!(text.len() >= 50 << 20, "{} bytes", text.len());
    let path = common::scratch("hostile").join("big.json");
    std::fs::write(&path, &text).unwrap();
    let generated = generator::generate(&config(path)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.ir.operations.len(), n);
    let things = generated.ir.types.iter().filter(|t| t.name.wire.starts_with("Thing")).count();
    assert_eq!(things, n, "a type per schema");
}
