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

/// Origin key → name, from a crate's lock text.
fn names(files: &generator::Files) -> BTreeMap<String, String> {
    files[LOCK_PATH]
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.rsplit_once(" => "))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
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
    let (mut steps, mut stable, mut unlocked_renames) = (0, 0, 0);
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
            if renamed.is_empty() {
                stable += 1;
            } else {
                eprintln!("{api} {}: {renamed:?}", rev.display());
            }
            previous = next;
        }
    }
    println!("history names: {stable}/{steps} steps rename nothing ({unlocked_renames} renames without the lock)");
    assert_eq!(stable, steps);
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
