//! Snapshots of the emitted code for the in-house fixture specs (one
//! construct each), and proof that every snapshot is a crate that passes
//! clippy and rustdoc with warnings denied.

mod common;

use std::path::Path;

fn generate(spec: &Path) -> generator::Generated {
    let name = format!("fixture_{}", spec.file_stem().unwrap().to_string_lossy().replace('-', "_"));
    let config = generator::Config {
        specs: vec![spec.to_path_buf()],
        krate: generator::CrateOptions { name, ..Default::default() },
        ..Default::default()
    };
    generator::generate(&config).unwrap_or_else(|e| panic!("{}: {e}", spec.display()))
}

/// The model and client files of a generated crate, concatenated (the
/// runtime and `Cargo.toml` are the same for every fixture and snapshotted
/// once).
fn models_text(generated: &generator::Generated) -> String {
    let mut text = String::new();
    for (path, contents) in &generated.files {
        if path.starts_with("src/models/") || path.starts_with("src/client/") {
            let body = contents.strip_prefix(generator::emit::HEADER).unwrap_or(contents);
            text.push_str(&format!("// ===== {path}\n{}\n", body.trim()));
        }
    }
    text
}

#[test]
fn fixture_snapshots() {
    insta::glob!("fixtures/*.yaml", |path| {
        let generated = generate(path);
        for w in &generated.warnings {
            eprintln!("{w}");
        }
        insta::assert_snapshot!(models_text(&generated));
    });
}

#[test]
fn crate_files_snapshot() {
    let generated = generate(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/objects.yaml"));
    let mut text = String::new();
    for path in ["Cargo.toml", "README.md", "src/lib.rs", "src/models/mod.rs"] {
        text.push_str(&format!("// ===== {path}\n{}\n", generated.files[path].trim()));
    }
    insta::assert_snapshot!(text);
}

/// The fixture specs (`tests/fixtures/parts/` holds files they reference).
fn fixture_specs() -> Vec<std::path::PathBuf> {
    let mut specs: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    specs.sort();
    specs
}

#[test]
fn output_is_deterministic() {
    for path in fixture_specs() {
        assert_eq!(generate(&path).files, generate(&path).files, "{}", path.display());
    }
}

/// Every fixture's crate, as one workspace of crates built against the
/// committed `tests/crates.lock` (`--locked`): one clippy, one rustdoc and
/// one doctest run for all of them, in parallel.
#[test]
fn every_fixture_crate_is_clean() {
    let root = common::scratch("fixtures");
    // The harness crates' own dependencies (a loopback server, the client's
    // fault tests), so that the one lock pins those too.
    let pins = root.join("test-pins");
    std::fs::create_dir_all(pins.join("src")).unwrap();
    std::fs::write(pins.join("Cargo.toml"), common::TEST_PINS_MANIFEST).unwrap();
    std::fs::write(pins.join("src/lib.rs"), "//! Pins the harness crates' dependencies in the test lock.\n").unwrap();
    let mut members = vec!["test-pins".to_string()];
    for spec in fixture_specs() {
        let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
        let generated = generate(&spec);
        generator::output::write(&root.join(&stem), &generated.files).unwrap();
        members.push(stem);
    }
    common::assert_clean_workspace(&root, &members);
}

#[test]
fn no_orphan_snapshots() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures: Vec<String> = std::fs::read_dir(manifest.join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for entry in std::fs::read_dir(manifest.join("tests/snapshots")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let known = [
            "snapshots__crate_files_snapshot.snap",
            "docs_reader__reader_snapshot.snap",
            "docs_only__in_house_docs_snapshot_and_clean_crate.snap",
        ]
        .contains(&name.as_str())
            || name
                .strip_prefix("snapshots__fixture_snapshots@")
                .and_then(|rest| rest.strip_suffix(".snap"))
                .is_some_and(|fixture| fixtures.iter().any(|f| f == fixture))
            // tests/hostile.rs: a frame snapshot per rejected input, a warnings
            // snapshot per hostile fixture, and the deep nesting frames.
            || name == "hostile__deep_nesting_is_an_error_not_a_crash.snap"
            || name
                .strip_prefix("hostile__rejected_inputs_show_code_frames@")
                .and_then(|rest| rest.strip_suffix(".snap"))
                .is_some_and(|input| manifest.join("tests/hostile").join(input).is_file())
            || name
                .strip_prefix("hostile__hostile_fixtures_warn_where_they_are_odd@")
                .and_then(|rest| rest.strip_suffix(".snap"))
                .is_some_and(|fixture| fixture.starts_with("hostile_") && fixtures.iter().any(|f| f == fixture))
            // The change reports of tests/regenerate.rs: revisions 2 to 8 of three specs.
            || name.strip_prefix("regenerate__history_").and_then(|r| r.strip_suffix(".snap")).is_some_and(|r| {
                r.rsplit_once('_').is_some_and(|(api, n)| {
                    ["accounting", "crm", "vault"].contains(&api) && n.parse::<u8>().is_ok_and(|n| (2..=8).contains(&n))
                })
            });
        assert!(known, "snapshot {name} belongs to no test or fixture: review and delete it");
    }
}

#[test]
fn sdk_extensions_are_honoured() {
    let generated = generate(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sdk_extensions.yaml"));
    let api = &generated.ir.apis[0];
    assert_eq!(api.ignored_operations, ["POST /notes (notesAdd)"]);
    assert_eq!(api.excluded_schemas, ["NoteEvent"]);
    let names: Vec<&str> = generated.ir.types.iter().map(|t| t.name.rust.as_str()).collect();
    assert!(!names.iter().any(|n| n.starts_with("NoteEvent") || *n == "Kind"), "{names:?}");
    assert!(names.contains(&"Export"), "{names:?}");
    let ops: Vec<&str> = generated.ir.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ops, ["notesAll", "notesExport"]);
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("`Export` is marked `x-sdk-exclude` but is used by kept types"), "{}", warnings[0]);
}
