//! Regeneration: the name lock keeps every type's name when the spec lists
//! its maps in another order, or changes; the crate does not depend on the
//! order of the spec files; names of types that are gone leave the lock.

mod common;

use generator::naming::lock::{NameLock, LOCK_PATH};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn generate(specs: Vec<PathBuf>, lock: NameLock) -> generator::Files {
    let config = generator::Config { specs, lock, ..Default::default() };
    match generator::generate(&config) {
        Ok(g) => g.files,
        Err(e) => panic!("{e}"),
    }
}

fn lock_of(files: &generator::Files) -> NameLock {
    NameLock::parse(Path::new(LOCK_PATH), &files[LOCK_PATH]).expect("the lock it wrote parses")
}

/// Origin key → name, from a crate's lock.
fn names(files: &generator::Files) -> BTreeMap<String, String> {
    lock_of(files).entries().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The spec with its maps of named things in reverse order: paths,
/// responses, content types, response headers and every section of
/// `components`; properties and enum values keep their order.
fn reverse(value: &mut serde_yaml::Value, key: &str, parent: &str) {
    let serde_yaml::Value::Mapping(map) = value else { return };
    for (k, child) in map.iter_mut() {
        let k = k.as_str().unwrap_or("");
        if !matches!(k, "properties" | "enum" | "example" | "examples" | "required") {
            reverse(child, k, key);
        }
    }
    if matches!(key, "paths" | "responses" | "content" | "headers") || parent == "components" {
        let entries: Vec<_> = std::mem::take(map).into_iter().collect();
        map.extend(entries.into_iter().rev());
    }
}

fn write_reversed(spec: &Path, to: &Path) {
    let mut value: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(spec).unwrap()).unwrap();
    value.apply_merge().unwrap();
    reverse(&mut value, "", "");
    std::fs::write(to, serde_yaml::to_string(&value).unwrap()).unwrap();
}

#[test]
fn with_the_lock_a_reordered_spec_gives_the_same_crate() {
    let Some(shared) = common::shared_dir() else { return };
    let spec = shared.join("apideck/specs/vault.yml");
    let first = generate(vec![spec.clone()], NameLock::default());
    // Same spec again, with its own lock: nothing changes.
    assert_eq!(generate(vec![spec.clone()], lock_of(&first)), first);

    let dir = common::scratch("regenerate/reordered");
    let other = dir.join("vault.yml");
    write_reversed(&spec, &other);
    let unlocked = generate(vec![other.clone()], NameLock::default());
    let renamed: Vec<_> = names(&first)
        .into_iter()
        .filter(|(k, v)| names(&unlocked).get(k).is_some_and(|n| n != v))
        .map(|(k, v)| format!("{k}: {v} → {}", names(&unlocked)[&k]))
        .collect();
    assert!(!renamed.is_empty(), "the reordering should matter without a lock (first come, first served)");

    let locked = generate(vec![other], lock_of(&first));
    let differ: Vec<_> = first.keys().filter(|f| locked.get(*f) != first.get(*f)).collect();
    assert!(differ.is_empty(), "with the lock the reordered spec changed {differ:?}");
    println!("reordered vault.yml: {} types renamed without the lock, none with it", renamed.len());
}

#[test]
fn the_order_of_the_spec_files_does_not_matter() {
    let Some(shared) = common::shared_dir() else { return };
    let specs = ["crm.yml", "vault.yml", "accounting.yml"].map(|s| shared.join("apideck/specs").join(s));
    let forward = generate(specs.to_vec(), NameLock::default());
    let backward = generate(specs.iter().rev().cloned().collect(), NameLock::default());
    let differ: Vec<_> = forward.keys().filter(|f| backward.get(*f) != forward.get(*f)).collect();
    assert!(differ.is_empty(), "{differ:?}");
}

/// Generates `specs` the way `cargo xtask generate` does into a folder that
/// holds `previous` (the lock and surface it left), with its report.
fn regenerate(spec: PathBuf, previous: &generator::Files) -> (generator::Files, generator::changes::diff::Report) {
    let config = generator::Config { specs: vec![spec], lock: lock_of(previous), ..Default::default() };
    let before = generator::changes::Previous::from_files(previous).unwrap();
    let done = generator::regenerate(&config, &before).unwrap_or_else(|e| panic!("{e}"));
    (done.generated.files, done.report.expect("a previous surface"))
}

/// Each step of the real history, with the lock and the stored surface
/// carried forward: no type whose origin is in both revisions changes its
/// name, removed types leave the lock, new ones are in it; each step's
/// change report is a snapshot, and the crate's version follows it.
#[test]
fn names_stay_through_a_year_of_real_revisions() {
    let Some(shared) = common::shared_dir() else { return };
    let history = shared.join("apideck/history");
    let (mut steps, mut stable, mut reported, mut unlocked_renames) = (0, 0, 0, 0);
    for api in ["accounting", "crm", "vault"] {
        let mut revisions: Vec<PathBuf> =
            std::fs::read_dir(history.join(api)).unwrap().map(|e| e.unwrap().path()).collect();
        revisions.sort();
        let dir = common::scratch(&format!("regenerate/history/{api}"));
        // Each revision as `{api}.yml`: the file name is the API's name.
        let copy = |rev: &Path| {
            let to = dir.join(rev.file_stem().unwrap()).join(format!("{api}.yml"));
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(rev, &to).unwrap();
            to
        };
        let first = generator::regenerate(
            &generator::Config { specs: vec![copy(&revisions[0])], ..Default::default() },
            &Default::default(),
        )
        .unwrap();
        assert!(first.report.is_none());
        // Every revision's crate goes to one folder, as a user regenerates
        // in place: each check after the first recompiles what changed.
        let krate = dir.join("crate");
        generator::output::write(&krate, &first.generated.files).unwrap();
        common::cargo(&krate, &["clippy", "--quiet", "--lib", "--examples", "--", "-D", "warnings"], &[]);
        let mut previous = first.generated.files;
        for (n, rev) in revisions.iter().enumerate().skip(1) {
            steps += 1;
            let spec = copy(rev);
            let (next, report) = regenerate(spec.clone(), &previous);
            let fresh = generate(vec![spec], NameLock::default());
            let (before, after, fresh) = (names(&previous), names(&next), names(&fresh));
            let renamed: Vec<_> = before
                .iter()
                .filter_map(|(k, v)| after.get(k).filter(|n| *n != v).map(|n| format!("{k}: {v} → {n}")))
                .collect();
            unlocked_renames += before.iter().filter(|(k, v)| fresh.get(*k).is_some_and(|n| n != *v)).count();
            // Every type of the new crate is in its lock, and only those.
            assert_eq!(after.len(), next[LOCK_PATH].lines().filter(|l| !l.starts_with('#')).count());
            // The version follows the report; the changelog starts with it.
            let version =
                |files: &generator::Files| generator::changes::Previous::from_files(files).unwrap().version.unwrap();
            let bumped = generator::changes::diff::next_version(&version(&previous), &report);
            assert_eq!(version(&next), bumped);
            assert!(next["CHANGELOG.md"].contains(&format!("\n## {bumped}\n")), "{}", &next["CHANGELOG.md"]);
            insta::assert_snapshot!(
                format!("history_{api}_{:02}", n + 1),
                generator::changes::diff::render_text(&report)
            );
            // The new crate compiles clean, and so does code that uses only
            // what the report does not flag, written against the old one.
            generator::output::write(&krate, &next).unwrap();
            let old_surface = generator::changes::Previous::from_files(&previous).unwrap().surface.unwrap();
            std::fs::write(krate.join("examples/previous_api.rs"), probe_of_unchanged(&old_surface, &report)).unwrap();
            // Checked without warnings at every step; linted at the last (the
            // current spec, whose lints the full Apideck crate's test also
            // covers): clippy on every revision cost CI minutes, and a
            // revision's lints say nothing about the report.
            let subcommand = if n + 1 == revisions.len() { "clippy" } else { "check" };
            let lints: &[&str] = if subcommand == "clippy" { &["--", "-D", "warnings"] } else { &[] };
            let args: Vec<&str> =
                [subcommand, "--quiet", "--lib", "--examples"].into_iter().chain(lints.iter().copied()).collect();
            common::cargo(&krate, &args, &[]);
            let specs = (spec_diff::load(&revisions[n - 1]), spec_diff::load(rev));
            let disagreements = report_disagreements(api, (&specs.0, &specs.1), (&previous, &next), &report);
            if disagreements.is_empty() {
                reported += 1;
            } else {
                eprintln!("{api} {}: the report and the spec diff disagree: {disagreements:#?}", rev.display());
            }
            if renamed.is_empty() {
                stable += 1;
            } else {
                eprintln!("{api} {}: {renamed:?}", rev.display());
            }
            previous = next;
        }
    }
    println!("history names: {stable}/{steps} steps rename nothing ({unlocked_renames} renames without the lock)");
    let checked = CHECKED.load(std::sync::atomic::Ordering::Relaxed);
    println!("history reports: {reported}/{steps} steps agree with the spec diff ({checked} changes predicted)");
    // Pinned: 21 steps over the three histories, the changes their spec
    // diffs predict, and the renames the lock prevents.
    assert_eq!((steps, checked, unlocked_renames), (21, 437, 29), "steps, predicted changes, renames without the lock");
    // Every crate compiled clean with the previous API's unflagged items in
    // use (a failure panics above), names held and reports agreed.
    println!("history: {}/{steps} steps stable and reported", stable.min(reported));
    assert_eq!(stable, steps);
    assert_eq!(reported, steps);
}

#[test]
fn versions_follow_semver() {
    use generator::changes::diff::{next_version, Change, Report};
    let change = |breaking, action| Change { breaking, action, what: "type", name: "X".into(), detail: String::new() };
    let report = |changes| Report { changes, ..Default::default() };
    assert_eq!(next_version("0.3.1", &report(vec![change(true, "removed")])), "0.4.0");
    assert_eq!(next_version("0.3.1", &report(vec![change(false, "added")])), "0.3.2");
    assert_eq!(next_version("1.3.1", &report(vec![change(true, "removed")])), "2.0.0");
    assert_eq!(next_version("1.3.1", &report(vec![change(false, "added")])), "1.4.0");
    assert_eq!(next_version("1.3.1", &report(vec![change(false, "changed")])), "1.3.2");
    assert_eq!(next_version("1.3.1", &report(vec![])), "1.3.2");
}

#[test]
fn a_bad_lock_line_is_an_error_with_its_line() {
    let path = Path::new("crate/.generator/names.lock");
    let err = NameLock::parse(path, "# header\nvault#/components/schemas/A => A\nno arrow here\n").unwrap_err();
    assert_eq!(err.location.line, Some(3), "{err}");
    assert!(err.message.contains("no arrow here"), "{err}");
    let err = NameLock::parse(path, "k => A\nk => B\n").unwrap_err();
    assert!(err.message.contains("locked twice"), "{err}");
}

#[test]
fn a_locked_name_that_is_taken_or_not_an_identifier_is_a_warning() {
    let Some(shared) = common::shared_dir() else { return };
    let spec = shared.join("apideck/specs/vault.yml");
    let lock = NameLock::parse(
        Path::new("names.lock"),
        "vault#/components/schemas/Session => Not-A-Name\nvault#/components/schemas/Consumer => String\n",
    )
    .unwrap();
    let config = generator::Config { specs: vec![spec], lock, ..Default::default() };
    let generated = generator::generate(&config).unwrap();
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    for name in ["Not-A-Name", "String"] {
        assert!(warnings.iter().any(|w| w.contains(name) && w.contains("cannot be kept")), "{warnings:#?}");
    }
    assert!(generated.files[LOCK_PATH].contains("vault#/components/schemas/Session => Session\n"));
}

/// An independent structural diff of two revisions of a spec, read as
/// plain YAML: component schemas' properties (with those of their `allOf`
/// members) and enum values, and the operations an SDK keeps.
mod spec_diff {
    use serde_yaml::Value;
    use std::collections::{BTreeMap, BTreeSet};

    pub fn load(path: &std::path::Path) -> Value {
        let mut v: Value = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        v.apply_merge().unwrap();
        v
    }

    fn schemas(spec: &Value) -> &serde_yaml::Mapping {
        spec["components"]["schemas"].as_mapping().expect("components.schemas")
    }

    fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) {
            Some(name) => schemas(spec).get(name).map(|s| resolve(spec, s)).unwrap_or(schema),
            None => schema,
        }
    }

    fn properties(spec: &Value, schema: &Value, out: &mut BTreeSet<String>, depth: usize) {
        let schema = resolve(spec, schema);
        if depth > 16 {
            return;
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_mapping) {
            out.extend(props.keys().filter_map(|k| k.as_str().map(str::to_string)));
        }
        for member in schema.get("allOf").and_then(Value::as_sequence).into_iter().flatten() {
            properties(spec, member, out, depth + 1);
        }
    }

    /// A schema that is only a `$ref`: an alias, whose changes are its target's.
    fn is_alias(schema: &Value) -> bool {
        schema.as_mapping().is_some_and(|m| m.len() == 1 && m.contains_key("$ref"))
    }

    /// Schema name → its property names (object schemas only; aliases left out).
    pub fn component_properties(spec: &Value) -> BTreeMap<String, BTreeSet<String>> {
        schemas(spec)
            .iter()
            .filter(|(_, s)| !is_alias(s))
            .filter_map(|(k, s)| {
                let mut props = BTreeSet::new();
                properties(spec, s, &mut props, 0);
                let name = k.as_str()?.to_string();
                (!props.is_empty()).then_some((name, props))
            })
            .collect()
    }

    /// Schema name → its enum values, as the crate spells them on the wire.
    pub fn component_enums(spec: &Value) -> BTreeMap<String, BTreeSet<String>> {
        schemas(spec)
            .iter()
            .filter(|(_, s)| !is_alias(s))
            .filter_map(|(k, s)| {
                let values = resolve(spec, s).get("enum")?.as_sequence()?;
                let values = values
                    .iter()
                    .filter_map(|v| match v {
                        Value::String(s) => Some(s.clone()),
                        Value::Null => None,
                        other => Some(serde_yaml::to_string(other).unwrap().trim().to_string()),
                    })
                    .collect();
                Some((k.as_str()?.to_string(), values))
            })
            .collect()
    }

    /// Every component schema's name, and whether it is marked `x-sdk-exclude`.
    pub fn schema_names(spec: &Value) -> BTreeMap<String, bool> {
        schemas(spec)
            .iter()
            .filter_map(|(k, s)| {
                let excluded = s.get("x-sdk-exclude").and_then(Value::as_bool) == Some(true);
                Some((k.as_str()?.to_string(), excluded))
            })
            .collect()
    }

    /// The operationIds an SDK keeps (not `x-speakeasy-ignore`).
    pub fn operations(spec: &Value) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (_, item) in spec["paths"].as_mapping().into_iter().flatten() {
            for (method, op) in item.as_mapping().into_iter().flatten() {
                let method = method.as_str().unwrap_or("");
                if !["get", "put", "post", "delete", "options", "head", "patch", "trace"].contains(&method) {
                    continue;
                }
                if op.get("x-speakeasy-ignore").and_then(Value::as_bool) == Some(true) {
                    continue;
                }
                if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                    out.insert(id.to_string());
                }
            }
        }
        out
    }
}

/// How many report lines the spec diffs predicted.
static CHECKED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// What the report of one step should say about component schemas (added,
/// removed, their fields and enum values) and about operations, from the
/// independent diff, and what it says: the lines that differ (`missed` /
/// `invented`).
fn report_disagreements(
    api: &str,
    (old_spec, new_spec): (&serde_yaml::Value, &serde_yaml::Value),
    (old_files, new_files): (&generator::Files, &generator::Files),
    report: &generator::changes::diff::Report,
) -> Vec<String> {
    use generator::changes::surface::Item;
    use std::collections::BTreeSet;
    let surface = |files: &generator::Files| generator::changes::Previous::from_files(files).unwrap().surface.unwrap();
    let (before, after) = (surface(old_files), surface(new_files));
    // Component schema name → (Rust name, members) in a surface.
    let components = |items: &[Item]| {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Type { name, origin, members, .. } => {
                    let schema = origin.strip_prefix(&format!("{api}#/components/schemas/"))?;
                    (!schema.contains('/') && !schema.contains(' '))
                        .then(|| (schema.to_string(), (name.clone(), members.clone())))
                }
                _ => None,
            })
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let (types_before, types_after) = (components(&before), components(&after));
    let mut expected = BTreeSet::new();
    let pairs = [
        ("field", spec_diff::component_properties(old_spec), spec_diff::component_properties(new_spec)),
        ("enum value", spec_diff::component_enums(old_spec), spec_diff::component_enums(new_spec)),
    ];
    for (what, old, new) in &pairs {
        for (schema, new_values) in new {
            let (Some(old_values), Some((rust_before, _)), Some((rust, members))) =
                (old.get(schema), types_before.get(schema), types_after.get(schema))
            else {
                continue;
            };
            let old_members = &types_before[schema].1;
            for wire in new_values.difference(old_values) {
                match members.iter().find(|m| m.wire == *wire) {
                    Some(m) => expected.insert(format!("added {what} `{rust}.{}`", m.name)),
                    None => expected.insert(format!("added {what} `{rust}` `{wire}` (not in the crate)")),
                };
            }
            for wire in old_values.difference(new_values) {
                match old_members.iter().find(|m| m.wire == *wire) {
                    Some(m) => expected.insert(format!("removed {what} `{rust_before}.{}`", m.name)),
                    None => expected.insert(format!("removed {what} `{rust_before}` `{wire}` (not in the crate)")),
                };
            }
        }
    }
    // Component schemas added and removed (those a spec marks
    // `x-sdk-exclude` may be left out of the crate).
    let (schemas_old, schemas_new) = (spec_diff::schema_names(old_spec), spec_diff::schema_names(new_spec));
    for (schema, excluded) in &schemas_new {
        if schemas_old.contains_key(schema) {
            continue;
        }
        match types_after.get(schema) {
            Some((rust, _)) => expected.insert(format!("added type `{rust}`")),
            None if *excluded => false,
            None => expected.insert(format!("added type `{schema}` (not in the crate)")),
        };
    }
    for (schema, excluded) in &schemas_old {
        if schemas_new.contains_key(schema) {
            continue;
        }
        match types_before.get(schema) {
            Some((rust, _)) => expected.insert(format!("removed type `{rust}`")),
            None if *excluded => false,
            None => expected.insert(format!("removed type `{schema}` (not in the crate)")),
        };
    }
    let (ops_old, ops_new) = (spec_diff::operations(old_spec), spec_diff::operations(new_spec));
    let doc_prefix = |files: &generator::Files| {
        surface(files).iter().find_map(|i| match i {
            Item::Operation { id, .. } => id.split_once('.').map(|(p, _)| p.to_string()),
            _ => None,
        })
    };
    let p = doc_prefix(new_files).or_else(|| doc_prefix(old_files)).unwrap_or_default();
    for id in ops_new.difference(&ops_old) {
        expected.insert(format!("added operation `{p}.{id}`"));
    }
    for id in ops_old.difference(&ops_new) {
        expected.insert(format!("removed operation `{p}.{id}`"));
    }
    // What the report says on the same subjects: fields and enum values of
    // component schemas in both revisions, and operations.
    let subjects: BTreeSet<&str> = types_after
        .iter()
        .filter(|(schema, _)| types_before.contains_key(*schema))
        .map(|(_, (rust, _))| rust.as_str())
        .collect();
    let said: BTreeSet<String> = report
        .changes
        .iter()
        .filter(|c| matches!(c.action, "added" | "removed"))
        .filter(|c| match c.what {
            "operation" => true,
            // A type from a component schema: by its Rust name before or after.
            "type" => {
                let names = if c.action == "added" { &types_after } else { &types_before };
                names.values().any(|(rust, _)| *rust == c.name)
            }
            "field" | "enum value" => c.name.split_once('.').is_some_and(|(t, _)| subjects.contains(t)),
            _ => false,
        })
        .map(|c| format!("{} {} `{}`", c.action, c.what, c.name))
        .collect();
    CHECKED.fetch_add(expected.len(), std::sync::atomic::Ordering::Relaxed);
    let mut out: Vec<String> = expected.difference(&said).map(|l| format!("missed: {l}")).collect();
    out.extend(said.difference(&expected).map(|l| format!("invented: {l}")));
    out
}

/// A program that uses every item of the `old` surface the report does not
/// flag as breaking (reads each field, names each enum value and union
/// member, takes each type, calls each operation's method): compiled as an
/// example of the new crate, it shows that code using only what did not
/// change still compiles against the next revision.
fn probe_of_unchanged(old: &[generator::changes::surface::Item], report: &generator::changes::diff::Report) -> String {
    use generator::changes::surface::Item;
    let raw = |name: &str| if generator::naming::needs_raw(name) { format!("r#{name}") } else { name.to_string() };
    let broken = |what: &str, name: &str| report.changes.iter().any(|c| c.breaking && c.what == what && c.name == name);
    let mut body = String::new();
    for item in old {
        match item {
            Item::Type { name, kind, members, .. } => {
                if broken("type", name) {
                    continue;
                }
                body.push_str(&format!("    let _: Option<&{name}> = None;\n"));
                for m in members.iter().filter(|m| !m.name.is_empty()) {
                    let what = match kind.as_str() {
                        "enum" => "enum value",
                        "union" => "union member",
                        _ => "field",
                    };
                    if broken(what, &format!("{name}.{}", m.name)) {
                        continue;
                    }
                    match kind.as_str() {
                        "struct" | "envelope" => {
                            body.push_str(&format!("    let _ = |v: &{name}| {{ let _ = &v.{}; }};\n", raw(&m.name)))
                        }
                        "enum" | "union" => body.push_str(&format!("    let _ = {name}::{};\n", m.name)),
                        _ => {}
                    }
                }
            }
            Item::Operation { id, call, members, .. } if !call.is_empty() => {
                if broken("operation", id) {
                    continue;
                }
                let path: Vec<String> = call.split('.').map(raw).collect();
                // The request's type is inferred from the method.
                let (param, argument) = if members.is_empty() { ("", "") } else { (", r", "r") };
                body.push_str(&format!(
                    "    let _ = |c: &apideck::Apideck{param}| {{ let _ = c.{}({argument}); }};\n",
                    path.join("().")
                ));
            }
            _ => {}
        }
    }
    format!(
        "//! @generated by tests/regenerate.rs: the previous revision's API, used.\n\
         #![allow(clippy::all, unused)]\n\
         use apideck::models::components::*;\n\
         use apideck::models::errors::*;\n\
         use apideck::models::operations::*;\n\n\
         fn main() {{\n{body}}}\n"
    )
}
