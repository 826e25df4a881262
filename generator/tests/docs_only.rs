//! Generation from model docs alone (`generate --docs` without `--spec`): the
//! in-house docs as a snapshot, the seed doc with the docs it links to, the
//! seed's example decoded by the spec-generated types, and the whole Apideck
//! docs set as a crate that passes clippy, rustdoc and its own examples.

mod common;

use generator::ir::{Field, Ir, Module, Primitive, TypeKind, TypeRef};
use generator::read::sdk_docs::{DocSet, Namespace};
use heck::ToLowerCamelCase;
use std::path::{Path, PathBuf};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn from_docs(docs: &[PathBuf], name: &str) -> generator::Generated {
    let config = generator::Config {
        krate: generator::CrateOptions { name: name.into(), ..Default::default() },
        docs: docs.to_vec(),
        ..Default::default()
    };
    generator::generate(&config).unwrap_or_else(|e| panic!("generation from docs failed:\n{e}"))
}

/// Writes a generated crate to the scratch folder `name` and checks it:
/// clippy, rustdoc and doctests clean, and its doc examples pass.
fn write_and_check(name: &str, files: &generator::Files) {
    let out = common::scratch("docs-only").join(name);
    generator::output::write(&out, files).unwrap();
    common::assert_clean(&out);
    common::cargo(&out, &["test", "--quiet", "--test", "doc_examples"], &[]);
}

fn type_named<'a>(ir: &'a Ir, module: Module, name: &str) -> &'a generator::ir::TypeDef {
    ir.types
        .iter()
        .find(|t| t.module == module && t.name.rust == name)
        .unwrap_or_else(|| panic!("no type {name} in {module:?}"))
}

fn type_name(ir: &Ir, t: &TypeRef) -> String {
    match t {
        TypeRef::Named(id) => ir.ty(*id).name.rust.clone(),
        other => format!("{other:?}"),
    }
}

#[test]
fn in_house_docs_snapshot_and_clean_crate() {
    let generated = from_docs(&[tests_dir().join("docs")], "docs_fixture");
    // The fixture's Pet example leaves out a required field: reported, and not made a test.
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("the example of `Pet` does not fit its type: `shape` is required but missing"));
    assert!(warnings[0].contains("pet.md:7"), "{}", warnings[0]);
    let mut text = String::new();
    for (path, contents) in &generated.files {
        if path.starts_with("src/models/") || path == "src/lib.rs" || path.starts_with("tests/") {
            text.push_str(&format!("// ===== {path}\n{}\n", contents.trim()));
        }
    }
    insta::assert_snapshot!(text);
    write_and_check("docs_fixture", &generated.files);
}

#[test]
fn seed_gives_the_documented_response_type() {
    let Some(shared) = common::shared_dir() else { return };
    let seed = shared.join("seeds/vaultsessionscreateresponse.md");
    let docs = shared.join("apideck/sdk-typescript/docs");
    let generated = from_docs(&[seed.clone(), docs], "seed");
    let ir = &generated.ir;
    let def = type_named(ir, Module::Operations, "VaultSessionsCreateResponse");
    assert_eq!(def.origin.file, seed, "the seed itself is the root, not the SDK's copy");
    let TypeKind::Envelope(fields) = &def.kind else { panic!("not a response envelope: {:?}", def.kind) };
    let shape: Vec<(&str, String, bool)> =
        fields.iter().map(|f: &Field| (f.name.rust.as_str(), type_name(ir, &f.ty), f.presence.is_required())).collect();
    assert_eq!(
        shape,
        [
            ("create_session_response", "CreateSessionResponse".to_string(), false),
            ("unexpected_error_response", "UnexpectedErrorResponse".to_string(), false),
        ]
    );
    let text = &generated.files["src/models/operations/vault_sessions_create_response.rs"];
    assert!(text.contains("pub http_meta: crate::models::components::HttpMetadata,"), "{text}");
    // Only the seed and what it links to are generated.
    let mut names: Vec<&str> = ir.types.iter().map(|t| t.name.rust.as_str()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "CreateSessionResponse",
            "CreateSessionResponseData",
            "Detail",
            "UnexpectedErrorResponse",
            "VaultSessionsCreateResponse"
        ]
    );
    write_and_check("seed", &generated.files);
}

#[test]
fn seed_example_decodes_into_spec_types() {
    let Some(shared) = common::shared_dir() else { return };
    let seed = shared.join("seeds/vaultsessionscreateresponse.md");
    let docs = shared.join("apideck/sdk-typescript/docs");
    let out = common::scratch("docs-only").join("seed_vault");
    let spec = shared.join("apideck/specs/vault.yml");
    let generated = common::generate(&[spec], &out, "seed_vault", &common::apideck_globals(), &[&seed, &docs]);
    // The example's bodies (its HTTP metadata is not JSON) go to the types
    // the spec generates for them.
    for name in ["CreateSessionResponse", "UnexpectedErrorResponse"] {
        let def = type_named(&generated.ir, Module::Components, name);
        assert!(def.examples.iter().any(|(at, _)| at.file == seed), "{name} has no example from the seed");
    }
    let listed = common::cargo(&out, &["test", "--quiet", "--test", "doc_examples", "--", "--list"], &[]);
    let tests = listed.lines().filter(|l| l.ends_with(": test")).count();
    assert_eq!(tests, 93, "the seed's crate has a round trip per doc example");
    common::cargo(&out, &["test", "--quiet", "--test", "doc_examples"], &[]);
    use std::io::Write;
    writeln!(std::io::stdout(), "seed on the vault spec: {tests} doc examples pass, the seed's two bodies among them")
        .unwrap();
}

/// Of the fields a doc and a spec both describe, how many got the spec's
/// wire name back from the doc's camelCase name: the differing pairs.
fn wire_name_differences(shared: &Path, docs_ir: &Ir, set: &DocSet) -> (usize, Vec<String>) {
    let specs = common::apideck_specs(shared);
    let (spec_ir, _) = generator::build_ir(&specs, &common::apideck_globals()).unwrap();
    let report = generator::conformance::check(&spec_ir, set);
    let (mut total, mut differ) = (0, Vec::new());
    for (namespace, name, id) in &report.pairs {
        let TypeKind::Struct(ours) = &spec_ir.ty(*id).kind else { continue };
        let module = match namespace {
            Namespace::Components | Namespace::Models => Module::Components,
            Namespace::Operations => Module::Operations,
            Namespace::Errors => Module::Errors,
        };
        let Some(theirs) = docs_ir.types.iter().find(|t| t.module == module && &t.name.wire == name) else { continue };
        let TypeKind::Struct(theirs) = &theirs.kind else { continue };
        for f in &theirs.fields {
            let camel = f.name.wire.to_lower_camel_case();
            if let Some(spec_field) = ours.fields.iter().find(|s| s.name.wire.to_lower_camel_case() == camel) {
                total += 1;
                if spec_field.name.wire != f.name.wire {
                    differ.push(format!(
                        "{name}.{camel}: `{}` in the spec, `{}` from the docs",
                        spec_field.name.wire, f.name.wire
                    ));
                }
            }
        }
    }
    (total, differ)
}

fn full_docs() -> Option<(PathBuf, generator::Generated, DocSet)> {
    let shared = common::shared_dir()?;
    let docs = shared.join("apideck/sdk-typescript/docs");
    let generated = from_docs(std::slice::from_ref(&docs), "apideck_docs");
    let set = generator::read::sdk_docs::read_dir(&docs, &generator::read::sdk_docs::TypeScript).unwrap();
    Some((shared, generated, set))
}

#[test]
fn wire_names_recovered_from_docs() {
    let Some((shared, generated, set)) = full_docs() else { return };
    let (total, differ) = wire_name_differences(&shared, &generated.ir, &set);
    let same = total - differ.len();
    use std::io::Write;
    let mut out = std::io::stdout();
    for d in &differ {
        writeln!(out, "wire name: {d}").unwrap();
    }
    writeln!(out, "wire names recovered {same}/{total} ({:.1}%)", 100.0 * same as f64 / total as f64).unwrap();
    // The rest are `_raw` fields, which the docs spell `raw`: nothing in them says otherwise.
    assert_eq!((same, total), (6428, 6730), "wire names recovered");
    assert!(differ.iter().all(|d| d.contains("`_raw` in the spec")), "{differ:#?}");
}

#[test]
fn full_docs_set_is_a_clean_crate() {
    let Some((_, generated, set)) = full_docs() else { return };
    let ir = &generated.ir;
    // Every doc but the runtime's HTTP metadata is a type.
    assert_eq!(ir.types.len(), set.models.len() - 1);
    assert_eq!(ir.types.len(), 2013);
    write_and_check("apideck_docs", &generated.files);
    let examples: usize = ir.types.iter().map(|t| t.examples.len()).sum();
    assert_eq!(examples, 1647, "doc examples, each a round trip in the crate's tests");
    use std::io::Write;
    writeln!(std::io::stdout(), "docs only: {} types, {examples} doc examples pass", ir.types.len()).unwrap();
}

#[test]
fn docs_only_errors_name_file_and_line() {
    let dir = common::scratch("docs-only-bad");
    let ops = dir.join("docs/models/operations");
    std::fs::create_dir_all(&ops).unwrap();
    std::fs::write(
        ops.join("thinggetresponse.md"),
        "# ThingGetResponse\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `thing` | [components.Thing](../../models/components/thing.md) | :heavy_minus_sign: | The thing. |\n",
    )
    .unwrap();
    let loose = dir.join("loose.md");
    std::fs::write(&loose, "# Loose\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `a` | *string* | :heavy_check_mark: | A. |\n").unwrap();
    let config = generator::Config { docs: vec![dir.join("docs"), loose.clone()], ..Default::default() };
    let errors = generator::generate(&config).unwrap_err().to_string();
    assert!(errors.contains("cannot tell whether this doc is a component, operation or error model"), "{errors}");
    assert!(errors.contains("loose.md:1"), "{errors}");
    let config = generator::Config { docs: vec![dir.join("docs")], ..Default::default() };
    let errors = generator::generate(&config).unwrap_err().to_string();
    assert!(errors.contains("`components.Thing` is linked here but has no doc"), "{errors}");
    assert!(errors.contains("thinggetresponse.md:7"), "{errors}");
    // Merged with a spec, the same docs give a warning: the doc is compared with nothing.
    let spec = dir.join("thing.yaml");
    std::fs::write(&spec, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap();
    let config = generator::Config { specs: vec![spec], docs: vec![dir.join("docs")], ..Default::default() };
    let generated = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`components.Thing` is linked here but has no doc")
                && w.contains("thinggetresponse.md:7")),
        "{warnings:#?}"
    );
}

/// The Python SDK's docs alone (flat `models/`, Python notation): a crate
/// that compiles without a warning, with integers where the docs say `int`
/// and the swapped date labels read as what they are. (Its lints and docs
/// are those of the TypeScript docs' crate, which is linted and documented
/// in full: what differs is what the reader read.)
#[test]
fn python_docs_set_is_a_clean_crate() {
    let Some(shared) = common::shared_dir() else { return };
    let docs = shared.join("apideck/sdk-python/docs");
    let generated = from_docs(std::slice::from_ref(&docs), "apideck_python_docs");
    let ir = &generated.ir;
    // Every doc but the runtime's HTTP metadata is a type.
    assert_eq!(ir.types.len(), 2015);
    let line = type_named(ir, Module::Components, "BillLineItem");
    let TypeKind::Struct(s) = &line.kind else { panic!("BillLineItem is a struct") };
    let ty = |name: &str| s.fields.iter().find(|f| f.name.wire == name).map(|f| f.ty.clone());
    // `*OptionalNullable[int]*`, `*OptionalNullable[float]*`, `[date](…)` (a date-time).
    assert_eq!(ty("line_number"), Some(TypeRef::Primitive(Primitive::I64)));
    assert_eq!(ty("quantity"), Some(TypeRef::Primitive(Primitive::F64)));
    assert_eq!(ty("created_at"), Some(TypeRef::Primitive(Primitive::DateTime)));
    let out = common::scratch("docs-only").join("apideck_python_docs");
    generator::output::write(&out, &generated.files).unwrap();
    common::cargo(&out, &["check", "--quiet", "--all-targets"], &[]);
    use std::io::Write;
    writeln!(std::io::stdout(), "python docs only: {} types", ir.types.len()).unwrap();
}

/// The Go sample's docs of `vault.sessionsCreate` (its Request, Response and
/// Globals docs and the 10 docs they link to): Go's notation and PascalCase
/// names give a clean crate with the spec's wire names (`ConsumerID` →
/// `consumer_id`) and type names (`UnifiedAPIID` → `UnifiedApiId`).
#[test]
fn go_sample_operation_is_a_clean_crate() {
    let Some(shared) = common::shared_dir() else { return };
    let docs = shared.join("apideck/sdk-go-sample/docs");
    let ops = docs.join("models/operations");
    let roots = ["vaultsessionscreaterequest.md", "vaultsessionscreateresponse.md", "vaultsessionscreateglobals.md"];
    let mut paths = vec![docs.clone()];
    paths.extend(roots.iter().map(|r| ops.join(r)));
    let generated = from_docs(&paths, "apideck_go_sample");
    let ir = &generated.ir;
    assert_eq!(ir.types.len(), 13);
    type_named(ir, Module::Components, "UnifiedApiId");
    let request = type_named(ir, Module::Operations, "VaultSessionsCreateRequest");
    let TypeKind::Struct(s) = &request.kind else { panic!("the request is a struct") };
    let wires: Vec<&str> = s.fields.iter().map(|f| f.name.wire.as_str()).collect();
    assert_eq!(wires, ["consumer_id", "app_id", "session"]);
    // Every field of these docs that the spec has gets the spec's wire name,
    // but `_raw`, which the docs spell `Raw` (as the TypeScript docs `raw`).
    let set = generator::read::sdk_docs::read_dir(&docs, &generator::read::sdk_docs::Go).unwrap();
    let (total, differ) = wire_name_differences(&shared, ir, &set);
    let unexplained: Vec<&String> = differ.iter().filter(|d| !d.contains("`_raw` in the spec")).collect();
    assert!(unexplained.is_empty() && total == 40, "{total} fields compared: {differ:#?}");
    // The Go docs have no JSON examples (enum examples are Go code): no doc-example tests.
    let out = common::scratch("docs-only").join("apideck_go_sample");
    generator::output::write(&out, &generated.files).unwrap();
    common::assert_clean(&out);
    use std::io::Write;
    writeln!(std::io::stdout(), "go sample docs only: {} types, {total} wire names as in the spec", ir.types.len())
        .unwrap();
}
