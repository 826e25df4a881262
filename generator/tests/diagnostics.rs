//! Bad input gives errors that name the file and the JSON pointer, never a
//! panic; every problem in a spec is reported in one run.

use std::path::PathBuf;

fn spec_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("generator-diagnostics-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn errors_of(name: &str, text: &str) -> String {
    let path = spec_file(name, text);
    let config = generator::Config { specs: vec![path], ..Default::default() };
    match generator::generate(&config) {
        Ok(_) => panic!("{name}: expected errors"),
        Err(e) => e.to_string(),
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

#[test]
fn unresolved_and_external_refs() {
    let text = format!(
        "{HEAD}components:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/Nope'}}\n        c: {{$ref: '#/components/schemas/Nope2'}}\n"
    );
    let errors = errors_of("refs.yml", &text);
    assert!(errors.contains("reference `#/components/schemas/Nope` does not resolve"), "{errors}");
    assert!(errors.contains("at #/components/schemas/A/properties/b"), "{errors}");
    assert!(errors.contains("at #/components/schemas/A/properties/c"), "{errors}");
    assert!(errors.contains("refs.yml"), "{errors}");
    assert!(errors.contains("2 error(s)"), "both problems in one run: {errors}");

    // Other files: a missing file, and a file without the fragment named,
    // both reported in one run with the file the `$ref` is in.
    spec_file("other.yml", "schemas:\n  C: {type: string}\n");
    let text = format!(
        "{HEAD}components:\n  schemas:\n    A:\n      type: object\n      properties:\n        c: {{$ref: 'missing.yml#/schemas/C'}}\n        d: {{$ref: 'other.yml#/schemas/D'}}\n        e: {{$ref: 'other.yml#/schemas/C'}}\n"
    );
    let errors = errors_of("external.yml", &text);
    assert!(errors.contains("cannot read `") && errors.contains("missing.yml`, which a `$ref` names"), "{errors}");
    assert!(errors.contains("at #/components/schemas/A/properties/c"), "{errors}");
    assert!(errors.contains("reference `other.yml#/schemas/D` does not resolve"), "{errors}");
    assert!(errors.contains("at #/components/schemas/A/properties/d"), "{errors}");
    assert!(errors.contains("external.yml"), "{errors}");
    assert!(errors.contains("2 error(s)"), "{errors}");
    let text = format!("{HEAD}components:\n  schemas:\n    A:\n      $ref: 'https://example.com/schemas.yml#/A'\n");
    let errors = errors_of("url.yml", &text);
    assert!(errors.contains("is a URL: references to URLs are not followed"), "{errors}");
    assert!(errors.contains("at #/components/schemas/A"), "{errors}");
}

#[test]
fn unsupported_constructs_are_named() {
    let text = format!("{HEAD}components:\n  schemas:\n    A:\n      not: {{type: string}}\n");
    let errors = errors_of("not.yml", &text);
    assert!(errors.contains("`not` is not supported") && errors.contains("at #/components/schemas/A"), "{errors}");

    let text = format!(
        "{HEAD}components:\n  schemas:\n    A:\n      allOf:\n        - $ref: '#/components/schemas/B'\n        - type: object\n          properties: {{x: {{type: string}}}}\n    B:\n      allOf:\n        - $ref: '#/components/schemas/A'\n        - type: object\n          properties: {{y: {{type: string}}}}\n"
    );
    let errors = errors_of("cycle.yml", &text);
    assert!(errors.contains("`allOf` cycle"), "{errors}");

    // Keywords that would otherwise be dropped without a word: `not` beside
    // a type, `oneOf` and `anyOf` together, an enum of mixed kinds.
    let text = format!(
        "{HEAD}components:\n  schemas:\n    A:\n      type: object\n      properties:\n        n: {{type: string, not: {{enum: ['']}}}}\n        u:\n          oneOf: [{{type: string}}]\n          anyOf: [{{type: integer}}, {{type: boolean}}]\n        e: {{enum: [1, a]}}\n"
    );
    let errors = errors_of("dropped.yml", &text);
    for (message, pointer) in [
        ("`not` is not supported", "#/components/schemas/A/properties/n"),
        ("`oneOf` and `anyOf` in one schema are not supported", "#/components/schemas/A/properties/u"),
        ("an `enum` that mixes strings and integers", "#/components/schemas/A/properties/e"),
    ] {
        let at = errors.find(message).unwrap_or_else(|| panic!("no `{message}` in {errors}"));
        assert!(errors[at..].lines().nth(1).is_some_and(|l| l.ends_with(pointer)), "{pointer}: {errors}");
    }
    assert!(errors.contains("3 error(s)"), "{errors}");
}

#[test]
fn versions_and_syntax() {
    let errors = errors_of("swagger.yml", "swagger: '1.2'\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert!(errors.contains("unsupported spec version: Swagger 1.2") && errors.contains("OpenAPI 3.1.x"), "{errors}");
    assert!(errors.contains("at #/swagger"), "{errors}");
    let errors = errors_of("v4.json", r#"{"openapi": "4.0.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#);
    assert!(errors.contains("unsupported spec version: OpenAPI 4.0.0"), "{errors}");
    // A 2.0 document's problems point into its 3.0 form, and say so.
    let errors = errors_of(
        "v2.yml",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses: 12\n",
    );
    assert!(errors.contains("read as Swagger 2.0"), "{errors}");
    let errors = errors_of("broken.yml", "openapi: 3.0.3\ninfo: [unclosed\n");
    assert!(errors.contains("not valid YAML") && errors.contains("broken.yml:"), "with a line number: {errors}");
    let errors = errors_of(
        "shape.yml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses: 12\n",
    );
    assert!(
        errors.contains("not a valid OpenAPI document: ") && errors.contains("#/paths/~1x/get/responses"),
        "{errors}"
    );
}

#[test]
fn missing_file() {
    let config = generator::Config { specs: vec![PathBuf::from("/nonexistent/spec.yml")], ..Default::default() };
    let errors = generator::generate(&config).unwrap_err().to_string();
    assert!(errors.contains("cannot read the file") && errors.contains("/nonexistent/spec.yml"), "{errors}");
}

#[test]
fn discriminator_mapping_to_a_non_member() {
    // A mapping to a schema that does not exist is an error at the mapping.
    let schemas = "    Cat: {type: object, properties: {kind: {type: string}}}\n    Dog: {type: object, properties: {kind: {type: string}}}\n    Bird: {type: object, properties: {kind: {type: string}}}\n";
    let pet = |target: &str| {
        format!(
            "{HEAD}components:\n  schemas:\n    Pet:\n      oneOf:\n        - $ref: '#/components/schemas/Cat'\n        - $ref: '#/components/schemas/Dog'\n      discriminator:\n        propertyName: kind\n        mapping:\n          bird: '{target}'\n{schemas}"
        )
    };
    let errors = errors_of("disc.yml", &pet("#/components/schemas/Nope"));
    assert!(
        errors.contains("discriminator mapping `bird`")
            && errors.contains("#/components/schemas/Pet/discriminator/mapping/bird"),
        "{errors}"
    );
    // A mapping to a schema the union does not list (a subtype, say) makes
    // it a variant, so that payloads with its tag decode as it; a bare
    // schema name is a name in `components/schemas`.
    for target in ["#/components/schemas/Bird", "Bird"] {
        let path = spec_file("disc-ok.yml", &pet(target));
        let config = generator::Config { specs: vec![path], ..Default::default() };
        let generated = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
        let pet = generated.files.iter().find(|(p, _)| p.ends_with("/pet.rs")).map(|(_, t)| t.clone()).unwrap();
        for variant in ["Cat(", "Dog(", "Bird("] {
            assert!(pet.contains(variant), "{variant} in {pet}");
        }
        assert!(pet.contains("\"bird\""), "{pet}");
    }
}

#[test]
fn reference_cycles_without_a_shape() {
    let text = format!("{HEAD}components:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n");
    let errors = errors_of("alias-cycle.yml", &text);
    assert!(errors.contains("defined only through references that lead back to itself"), "{errors}");
    assert!(errors.contains("#/components/schemas/A"), "{errors}");
}
