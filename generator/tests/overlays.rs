//! OpenAPI Overlay 1.0 files (`--overlay`): applied to the raw spec before
//! it is read, in order; updates merge into objects and append to arrays,
//! removals take nodes out, actions that select nothing are warnings, and
//! bad overlays are errors that name the file and the action.

mod common;

use std::path::{Path, PathBuf};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn generate(specs: Vec<PathBuf>, overlays: &[&str]) -> Result<generator::Generated, String> {
    let config = generator::Config {
        specs,
        overlays: overlays.iter().map(|o| tests_dir().join("overlays").join(o)).collect(),
        ..Default::default()
    };
    generator::generate(&config).map_err(|e| e.to_string())
}

fn operations_fixture() -> Vec<PathBuf> {
    vec![tests_dir().join("fixtures/operations.yaml")]
}

fn client_path(ir: &generator::ir::Ir, id: &str) -> String {
    let index = ir.operations.iter().position(|o| o.id == id).unwrap_or_else(|| panic!("no operation {id}"));
    ir.client_path(index).join(".")
}

#[test]
fn overlay_lays_out_the_client() {
    let plain = generate(operations_fixture(), &[]).unwrap();
    let laid_out = generate(operations_fixture(), &["library.yaml"]).unwrap();
    let ir = &laid_out.ir;
    assert_eq!(client_path(ir, "listBooks"), "library.books.list");
    assert_eq!(client_path(ir, "createBook"), "library.books.add");
    assert_ne!(client_path(&plain.ir, "listBooks"), "library.books.list");
    // The removed path's operation is gone; the others stay.
    assert!(plain.ir.operations.iter().any(|o| o.id == "uploadCover"));
    assert!(!ir.operations.iter().any(|o| o.id == "uploadCover"));
    assert_eq!(ir.operations.len(), plain.ir.operations.len() - 1);
    // The client method sits where the overlay put it.
    let library = laid_out.files.iter().find(|(p, _)| p.ends_with("client/library.rs"));
    let (_, text) = library.unwrap_or_else(|| panic!("no client/library.rs: {:?}", laid_out.files.keys()));
    assert!(text.contains("pub async fn add("), "{text}");
    assert!(text.contains("pub fn books("), "{text}");
    // The action with a typo is a warning that names the overlay's action.
    let warnings: Vec<String> = laid_out.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("library.yaml:30:5 at #/actions/5/target"), "{}", warnings[0]);
    assert!(warnings[0].contains("selects nothing in any spec"), "{}", warnings[0]);
}

#[test]
fn updates_merge_and_append() {
    let path = tests_dir().join("fixtures/operations.yaml");
    let overlay = generator::read::overlay::load(&tests_dir().join("overlays/library.yaml")).unwrap();
    let (spec, counts) = generator::read::load_with(&path, &[overlay]).unwrap();
    assert_eq!(counts, [vec![1, 1, 1, 1, 1, 0]]);
    let create = &spec.raw["paths"]["/shelves/{shelf_id}/books"]["post"];
    // A new key is added; the array then gets a single value appended (the
    // array is the target) and an array's items (the array is inside the
    // merged object); the rest of the object is untouched.
    assert_eq!(create["tags"], serde_json::json!(["shelving", "catalogue", "lending"]));
    assert_eq!(create["x-speakeasy-group"], "library.books");
    assert_eq!(create["operationId"], "createBook");
    assert!(spec.raw["paths"].get("/books/{book_id}/cover").is_none());
}

#[test]
fn overlay_for_another_spec_changes_nothing() {
    let plain = generate(operations_fixture(), &[]).unwrap();
    let other = generate(operations_fixture(), &["other_spec.yaml"]).unwrap();
    assert_eq!(plain.files, other.files);
    let warnings: Vec<String> = other.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("selects nothing in `other.yaml` (its `extends`)"), "{}", warnings[0]);
}

#[test]
fn bad_overlays_are_errors() {
    let err = generate(operations_fixture(), &["primitive.yaml"]).unwrap_err();
    assert!(err.contains("primitive.yaml:6:5 at #/actions/1/target"), "{err}");
    assert!(err.contains("selects /info/title in"), "{err}");
    assert!(err.contains("which is a string"), "{err}");
    let err = generate(operations_fixture(), &["bad_path.yaml"]).unwrap_err();
    assert!(err.contains("bad_path.yaml:4:5 at #/actions/0/target"), "{err}");
    assert!(err.contains("is not a valid JSONPath"), "{err}");
    // A key given twice: the second would have replaced the first unseen.
    let err = generate(operations_fixture(), &["duplicate_keys.yaml"]).unwrap_err();
    assert!(err.contains("duplicate_keys.yaml:6:5 at #/actions/0/update"), "{err}");
    assert!(err.contains("the key `update` is given twice in one mapping (first at line 5)"), "{err}");
    // A spec given where an overlay belongs, and a file that is not there.
    let config = generator::Config {
        specs: operations_fixture(),
        overlays: vec![tests_dir().join("fixtures/enums.yaml"), PathBuf::from("/nonexistent/overlay.yaml")],
        ..Default::default()
    };
    let err = generator::generate(&config).unwrap_err().to_string();
    assert!(err.contains("this is an OpenAPI document, not an overlay"), "{err}");
    assert!(err.contains("/nonexistent/overlay.yaml"), "{err}");
    assert!(err.contains("cannot read the overlay"), "{err}");
}

#[test]
fn overlay_on_a_published_apideck_spec() {
    let Some(shared) = common::shared_dir() else { return };
    let vault = shared.join("apideck/specs/vault.yml");
    let crm = shared.join("apideck/specs/crm.yml");
    let generated = generate(vec![crm, vault], &["vault_layout.yaml"]).unwrap();
    let ir = &generated.ir;
    assert_eq!(client_path(ir, "sessionsCreate"), "vault.sessions.create");
    assert_eq!(client_path(ir, "consumersAll"), "vault.consumers.list");
    // The other consumer operations keep their tag's group (`Consumers`),
    // which is the overlay's `consumers`: one group, not two.
    assert!(client_path(ir, "consumersOne").starts_with("vault.consumers."), "{}", client_path(ir, "consumersOne"));
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert!(!warnings.iter().any(|w| w.contains("vault_layout.yaml")), "{warnings:#?}");
}

#[test]
fn removals_take_every_selected_item() {
    let text = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  \
        - target: $.paths.*.get.parameters[?@.in == 'query']\n    remove: true\n";
    let overlay = generator::read::overlay::parse(Path::new("inline.yaml"), text).unwrap();
    let spec = tests_dir().join("fixtures/operations.yaml");
    let mut doc = generator::read::load(&spec).unwrap().raw;
    let counts = overlay.apply(&spec, &mut doc).unwrap();
    assert_eq!(counts, [3]);
    let names: Vec<&str> = doc["paths"]["/shelves/{shelf_id}/books"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["shelf_id", "x-request-id"]);
}
