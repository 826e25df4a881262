//! `generate --docs`: descriptions the spec lacks come from the model docs,
//! examples become tests of the generated crate, and spec/doc disagreements
//! are warnings naming both places (errors with `strict`).

mod common;

use std::path::Path;

fn config(strict: bool) -> generator::Config {
    let tests = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests"));
    generator::Config {
        specs: vec![tests.join("merge/shop.yaml")],
        docs: vec![tests.join("merge/docs")],
        strict,
        ..Default::default()
    }
}

#[test]
fn descriptions_are_filled_and_conflicts_reported() {
    let generated = generator::generate(&config(false)).unwrap_or_else(|e| panic!("{e}"));
    let pet = &generated.files["src/models/components/pet.rs"];
    assert!(pet.contains("/// A pet in the shop."), "{pet}");
    assert!(pet.contains("/// The pet's name."), "{pet}");
    assert!(pet.contains("/// The spec's own words win."), "{pet}");
    assert!(!pet.contains("N/A"), "{pet}");
    let kind = &generated.files["src/models/components/pet_kind.rs"];
    assert!(kind.contains("/// What kind of animal it is."), "{kind}");

    // Examples of types that agree with their docs become tests of the
    // generated crate, with wire names; Pet (a conflict) gets none.
    let tests = &generated.files["tests/doc_examples.rs"];
    assert!(tests.contains("fn owner() {\n    round_trip::<::apideck::models::components::Owner>("), "{tests}");
    assert!(tests.contains("\"first_name\": \"Ann\"") && tests.contains("\"pet_kinds\": ["), "wire names: {tests}");
    assert!(
        tests.contains("fn pet_kind() {\n    round_trip::<::apideck::models::components::PetKind>(r#\"\"cat\"\"#);"),
        "{tests}"
    );
    assert!(!tests.contains("fn pet()"), "{tests}");

    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let w = &warnings[0];
    assert!(w.contains("`Pet.age` is required in the spec") && w.contains("but optional in the docs"), "{w}");
    assert!(w.contains("shop.yaml#/components/schemas/Pet/properties/age"), "names the spec place: {w}");
    assert!(w.contains("pet.md:21"), "names the doc place: {w}");
}

#[test]
fn example_tests_pass_in_the_generated_crate() {
    let generated = generator::generate(&config(false)).unwrap_or_else(|e| panic!("{e}"));
    let dir = common::scratch("merge-docs").join("shop");
    generator::output::write(&dir, &generated.files).unwrap();
    let out = common::cargo(&dir, &["test", "--quiet", "--test", "doc_examples"], &[]);
    assert!(out.contains("2 passed"), "{out}");
}

#[test]
fn strict_makes_conflicts_errors() {
    let errors = generator::generate(&config(true)).unwrap_err().to_string();
    assert!(errors.contains("`Pet.age` is required in the spec"), "{errors}");
}

/// The Go dialect's docs merge the same way: PascalCase names with Go's
/// initialisms (`RegistryAPIID`) find their fields, and an enum's Go example
/// is not mistaken for a JSON one.
#[test]
fn go_docs_merge_by_field_letters() {
    let tests = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests"));
    let config = generator::Config {
        specs: vec![tests.join("merge/shop.yaml")],
        docs: vec![tests.join("merge/docs-go")],
        ..Default::default()
    };
    let generated = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    let pet = &generated.files["src/models/components/pet.rs"];
    assert!(pet.contains("/// The pet's name."), "{pet}");
    assert!(pet.contains("/// The pet's id in the breed registry."), "{pet}");
    let kind = &generated.files["src/models/components/pet_kind.rs"];
    assert!(kind.contains("/// What kind of animal it is."), "{kind}");
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("`Pet.age` is required in the spec"), "{warnings:#?}");
}
