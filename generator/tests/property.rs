//! A structure-aware property test: random valid OpenAPI documents (objects,
//! enums, lists, maps, unions, `allOf`, references, nullable and required
//! fields, operations with path, query and header parameters, bodies and
//! responses), named from a pool of hostile names (keywords, digits, empty,
//! symbols, non-ASCII, names equal but for case or punctuation). Generation
//! must never panic and must succeed (every construct drawn is supported);
//! its output is deterministic; a sample of the crates compiles clippy-clean.
//!
//! The run lasts `PROPERTY_SECONDS` (60 by default: CI's smoke run), with
//! seeds counted from `PROPERTY_SEED` (0), so a failure names the seed that
//! reproduces it; proptest shrinks the document first.

mod common;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Map, Value};
use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

/// Names a generator must escape, number, transliterate or spell out.
const HOSTILE: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "mod",
    "async",
    "match",
    "r#",
    "_",
    "",
    "123",
    "1st",
    "foo_bar",
    "fooBar",
    "foo-bar",
    "FooBar",
    "FOO_BAR",
    "größe",
    "名前",
    "+",
    "-",
    "$ref",
    "../x",
    "a/b",
    "~",
    "Unknown",
    "Value",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "std",
    "core",
    "serde",
    "Error",
    "Client",
    "lib",
    "runtime",
    "models",
    "HttpMetadata",
    "additional_properties",
    "Default",
    "None",
    "Some",
    "Ok",
    "Err",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(HOSTILE).prop_map(str::to_string),
        2 => "[a-z][a-zA-Z0-9]{0,8}",
        1 => "[A-Za-z0-9_$@ .-]{0,10}",
    ]
}

/// A schema at most `depth` levels deep; `refs` is how many components
/// there are to point to (`$ref` to `#/components/schemas/<k>`, taken
/// from the keys by index when the document is assembled).
fn schema(depth: u32) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "string", "format": "uuid"})),
        Just(json!({"type": "string", "format": "binary"})),
        Just(json!({"type": "integer"})),
        Just(json!({"type": "integer", "format": "int32"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean"})),
        Just(json!({})),
        proptest::collection::btree_set(name(), 1..5).prop_map(|values| json!({"type": "string", "enum": values})),
        proptest::collection::btree_set(-3i64..1000, 1..4)
            .prop_map(|values| json!({"type": "integer", "enum": values})),
        (0usize..8).prop_map(|k| json!({"$ref": format!("#ref{k}")})),
    ];
    if depth == 0 {
        return leaf.boxed();
    }
    let inner = schema(depth - 1);
    prop_oneof![
        3 => leaf,
        2 => object(inner.clone()),
        1 => inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
        1 => inner.clone().prop_map(|v| json!({"type": "object", "additionalProperties": v})),
        1 => proptest::collection::vec(inner.clone(), 1..4).prop_map(|m| json!({"oneOf": m})),
        1 => proptest::collection::vec(inner.clone(), 1..3).prop_map(|m| json!({"anyOf": m})),
        1 => (object(inner.clone()), object(inner.clone())).prop_map(|(a, b)| json!({"allOf": [a, b]})),
        1 => (inner, any::<bool>(), proptest::option::of("[ -~]{0,40}")).prop_map(|(mut s, nullable, description)| {
            if let Some(o) = s.as_object_mut() {
                if nullable && !o.contains_key("$ref") {
                    o.insert("nullable".into(), true.into());
                }
                if let Some(d) = description {
                    o.insert("description".into(), d.into());
                }
            }
            s
        }),
    ]
    .boxed()
}

fn object(inner: BoxedStrategy<Value>) -> impl Strategy<Value = Value> {
    proptest::collection::btree_map(name(), (inner, any::<bool>()), 0..6).prop_map(|props| {
        let required: Vec<&String> = props.iter().filter(|(_, (_, r))| *r).map(|(k, _)| k).collect();
        let properties: Map<String, Value> = props.iter().map(|(k, (s, _))| (k.clone(), s.clone())).collect();
        let mut o = json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            o["required"] = json!(required);
        }
        o
    })
}

/// An operation: method, operationId (or none), parameters, body, responses.
fn operation() -> impl Strategy<Value = (String, Value)> {
    let method = proptest::sample::select(&["get", "post", "put", "patch", "delete"][..]);
    let param = (name(), proptest::sample::select(&["query", "header"][..]), schema(1), any::<bool>())
        .prop_map(|(n, at, s, required)| json!({"name": n, "in": at, "schema": s, "required": required}));
    let responses = proptest::collection::btree_map(
        proptest::sample::select(&["200", "201", "204", "400", "404", "422", "500", "default"][..]),
        proptest::option::of(schema(2)),
        1..4,
    );
    (
        method,
        proptest::option::of(name()),
        proptest::collection::vec(param, 0..4),
        proptest::option::of(schema(2)),
        responses,
    )
        .prop_map(|(method, id, params, body, responses)| {
            let mut op = Map::new();
            if let Some(id) = id {
                op.insert("operationId".into(), id.into());
            }
            op.insert("parameters".into(), params.into());
            if let Some(body) = body.filter(|_| method != "get" && method != "delete") {
                op.insert("requestBody".into(), json!({"content": {"application/json": {"schema": body}}}));
            }
            let responses: Map<String, Value> = responses
                .into_iter()
                .map(|(status, schema)| {
                    let mut r = json!({"description": "a response"});
                    if let Some(s) = schema.filter(|_| status != "204") {
                        r["content"] = json!({"application/json": {"schema": s}});
                    }
                    (status.to_string(), r)
                })
                .collect();
            op.insert("responses".into(), responses.into());
            (method.to_string(), Value::Object(op))
        })
}

/// A whole document: components first, then paths, with `#ref<k>`
/// placeholders pointing at the components by index.
fn document() -> impl Strategy<Value = Value> {
    let components = proptest::collection::btree_map(name(), schema(2), 1..8);
    let paths = proptest::collection::vec((name(), proptest::collection::vec(operation(), 1..3)), 0..4);
    (components, paths).prop_map(|(components, paths)| {
        let keys: Vec<String> = components.keys().cloned().collect();
        let mut paths_out = Map::new();
        for (i, (segment, ops)) in paths.into_iter().enumerate() {
            let path = format!("/p{i}/{}/{{id}}", segment.replace(['/', '{', '}', '?', '#'], "_"));
            let mut item = Map::new();
            item.insert(
                "parameters".into(),
                json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]),
            );
            for (method, op) in ops {
                item.entry(method).or_insert(op);
            }
            paths_out.insert(path, item.into());
        }
        let mut doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "Property", "version": "1.0.0"},
            "paths": paths_out,
            "components": {"schemas": components},
        });
        resolve_placeholders(&mut doc, &keys);
        doc
    })
}

/// `#ref<k>` → the pointer to the `k mod n`th component (escaped, RFC 6901).
fn resolve_placeholders(v: &mut Value, keys: &[String]) {
    match v {
        Value::Object(o) => {
            if let Some(Value::String(r)) = o.get_mut("$ref") {
                if let Some(k) = r.strip_prefix("#ref").and_then(|k| k.parse::<usize>().ok()) {
                    let key = &keys[k % keys.len()];
                    *r = format!("#/components/schemas/{}", key.replace('~', "~0").replace('/', "~1"));
                }
            }
            o.values_mut().for_each(|v| resolve_placeholders(v, keys));
        }
        Value::Array(a) => a.iter_mut().for_each(|v| resolve_placeholders(v, keys)),
        _ => {}
    }
}

/// What a drawn document may be rejected for: constructs it can draw that
/// the generator reports instead of generating (each a clear diagnostic).
const REJECTIONS: &[&str] = &["defined only through references that lead back to itself", "`allOf` cycle"];

#[test]
fn random_documents_generate_without_panics() {
    let seconds: u64 = std::env::var("PROPERTY_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let first_seed: u64 = std::env::var("PROPERTY_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let dir = common::scratch("property");
    let spec = dir.join("spec.json");
    // Counted from inside proptest's `Fn` closure.
    let (cases, generated, rejected) = (Cell::new(0usize), Cell::new(0usize), Cell::new(0usize));
    let samples: RefCell<Vec<generator::Generated>> = RefCell::new(Vec::new());
    let reasons: RefCell<std::collections::BTreeMap<&str, usize>> = RefCell::default();
    let mut seed = first_seed;
    while Instant::now() < deadline || cases.get() == 0 {
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &{
            let mut s = [0u8; 32];
            s[..8].copy_from_slice(&seed.to_le_bytes());
            s
        });
        let config = Config { cases: 16, failure_persistence: None, ..Config::default() };
        let mut runner = TestRunner::new_with_rng(config, rng);
        let result = runner.run(&document(), |doc| {
            std::fs::write(&spec, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
            let config = generator::Config { specs: vec![spec.clone()], ..Default::default() };
            cases.set(cases.get() + 1);
            match generator::generate(&config) {
                Ok(first) => {
                    generated.set(generated.get() + 1);
                    let again = generator::generate(&config).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert_eq!(&first.files, &again.files, "the same document generates the same files");
                    let mut samples = samples.borrow_mut();
                    if samples.len() < 2 && !first.ir.operations.is_empty() && first.ir.types.len() > 3 {
                        samples.push(first);
                    }
                }
                Err(e) => {
                    let text = e.to_string();
                    let reason = REJECTIONS.iter().find(|r| text.contains(*r));
                    prop_assert!(reason.is_some(), "a valid document was rejected:\n{}", text);
                    *reasons.borrow_mut().entry(reason.unwrap()).or_default() += 1;
                    rejected.set(rejected.get() + 1);
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            let doc = std::fs::read_to_string(&spec).unwrap_or_default();
            panic!("seed {seed} (PROPERTY_SEED={seed} PROPERTY_SECONDS=1 reproduces it): {e}\n{doc}");
        }
        seed += 1;
    }
    let (cases, generated, rejected, samples) = (cases.get(), generated.get(), rejected.get(), samples.into_inner());
    // A sample of the crates compiles clippy- and rustdoc-clean.
    assert_eq!(samples.len(), 2, "too few documents with operations in {cases} cases");
    for (i, sample) in samples.iter().enumerate() {
        let krate = dir.join(format!("sample{i}"));
        generator::output::write(&krate, &sample.files).unwrap();
        common::assert_clean(&krate);
    }
    use std::io::Write;
    writeln!(
        std::io::stdout(),
        "property: {cases} random documents ({generated} generated, {rejected} rejected with a diagnostic: {:?}), seeds {first_seed}..{seed}, {} crates compiled",
        reasons.borrow(),
        samples.len()
    )
    .unwrap();
    assert!(generated * 2 > cases, "most drawn documents generate: {generated} of {cases}");
}
