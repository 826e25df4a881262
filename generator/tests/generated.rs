//! The committed `generated/` crate: up to date with `specs/`, and clean
//! under clippy and rustdoc with warnings denied.

mod common;

#[test]
fn generated_is_fresh() {
    let root = common::workspace_root();
    let mut specs: Vec<_> = std::fs::read_dir(root.join("specs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    assert_eq!(specs.len(), 1, "specs/ holds the in-house spec, vault.yml");
    let config = generator::Config { specs, ..Default::default() };
    // As `cargo xtask generate` does: with the crate's lock and stored surface.
    let dir = root.join("generated");
    let done = generator::generate_into(&config, &dir, true).unwrap_or_else(|e| panic!("{e}"));
    let report = done.report.expect("generated/ has a stored surface");
    assert!(report.changes.is_empty(), "{}", generator::changes::diff::render_text(&report));
    let staleness = generator::output::check(&dir, &done.generated.files).unwrap();
    assert!(
        staleness.is_fresh(),
        "generated/ is stale: run `cargo xtask generate` and commit the result\n{staleness:#?}"
    );
}

#[test]
fn generated_crate_is_clean() {
    common::assert_clean(&common::workspace_root().join("generated"));
}

#[test]
fn seed_type_has_the_documented_shape() {
    // `../shared/seeds/vaultsessionscreateresponse.md`: http metadata plus one
    // optional field per documented response.
    let root = common::workspace_root();
    let text = std::fs::read_to_string(root.join("generated/src/models/operations/vault_sessions_create_response.rs"))
        .unwrap();
    for needle in [
        "pub struct VaultSessionsCreateResponse",
        "pub http_meta: crate::models::components::HttpMetadata,",
        "pub create_session_response: ::std::option::Option<\n        crate::models::components::CreateSessionResponse,\n    >,",
        "pub unexpected_error_response: ::std::option::Option<\n        crate::models::components::UnexpectedErrorResponse,\n    >,",
    ] {
        assert!(text.contains(needle), "missing `{needle}` in:\n{text}");
    }
    assert_eq!(text.matches("    pub ").count(), 3, "exactly three fields:\n{text}");
}

#[test]
fn every_generated_file_is_marked() {
    // `output::write` only ever removes files carrying the marker.
    let root = common::workspace_root();
    let config = generator::Config { specs: vec![root.join("specs/vault.yml")], ..Default::default() };
    let generated = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in &generated.files {
        let first = text.lines().next().unwrap_or_default();
        assert!(first.contains(generator::output::MARKER), "{path} starts with {first:?}");
    }
}
