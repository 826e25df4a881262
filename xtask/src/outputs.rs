//! `cargo xtask outputs`: every output the generator has a reference input
//! for, written into one folder, so that a refactor can prove it changes no
//! byte: save the outputs before, make the change, and compare.
//!
//! ```sh
//! cargo xtask outputs --out /tmp/before
//! # ... change the generator ...
//! cargo xtask outputs --out /tmp/after --compare /tmp/before
//! ```
//!
//! The cases: every fixture under `generator/tests/fixtures`, `generated/`'s
//! specs, the in-house docs, merge and conformance fixtures, and, when the
//! shared data is there (`$SHARED_DIR`, default `../shared`), the 16 Apideck
//! specs without and with the TypeScript SDK's model docs, those docs alone,
//! and the seed doc alone and on the vault spec. Each case is a folder with
//! the generated crate, `warnings.txt` (warnings and notes, as `generate`
//! prints them) and, with docs, `conformance.txt` (the full report).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One generation to record.
struct Case {
    name: String,
    config: generator::Config,
    /// Model docs to compare the specs' types with (`cargo xtask conformance`).
    conformance: Option<PathBuf>,
}

fn case(name: &str, krate: &str, specs: Vec<PathBuf>, docs: Vec<PathBuf>) -> Case {
    Case {
        name: name.to_string(),
        config: generator::Config {
            specs,
            krate: generator::CrateOptions { name: krate.to_string(), ..Default::default() },
            docs,
            ..Default::default()
        },
        conformance: None,
    }
}

fn files_with_extension(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| extensions.iter().any(|x| e == *x)));
    out.sort();
    out
}

fn cases(root: &Path, shared: Option<&Path>) -> Vec<Case> {
    let tests = root.join("generator/tests");
    let mut out = Vec::new();
    for spec in files_with_extension(&tests.join("fixtures"), &["yaml", "yml", "json"]) {
        let stem = spec.file_stem().unwrap_or_default().to_string_lossy().replace('-', "_");
        out.push(case(&format!("fixture-{stem}"), &format!("fixture_{stem}"), vec![spec], Vec::new()));
    }
    out.push(case("generated", "apideck", files_with_extension(&root.join("specs"), &["yml", "yaml", "json"]), vec![]));
    out.push(case("in-house-docs", "docs_fixture", Vec::new(), vec![tests.join("docs")]));
    out.push(case("merge", "apideck", vec![tests.join("merge/shop.yaml")], vec![tests.join("merge/docs")]));
    let mut conformance =
        case("conformance", "apideck", vec![tests.join("conformance/shop.yaml")], vec![tests.join("conformance/docs")]);
    conformance.conformance = Some(tests.join("conformance/docs"));
    out.push(conformance);
    let Some(shared) = shared else { return out };
    let specs = files_with_extension(&shared.join("apideck/specs"), &["yml"]);
    let docs = shared.join("apideck/sdk-typescript/docs");
    let seed = shared.join("seeds/vaultsessionscreateresponse.md");
    let globals: Vec<generator::ir::Global> = ["x-apideck-consumer-id", "x-apideck-app-id"]
        .into_iter()
        .map(|name| generator::ir::Global { name: name.into(), location: generator::ir::ParamLocation::Header })
        .collect();
    let mut apideck = case("apideck", "apideck", specs.clone(), Vec::new());
    apideck.config.globals = globals.clone();
    apideck.conformance = Some(docs.clone());
    out.push(apideck);
    let mut with_docs = case("apideck-docs", "apideck", specs, vec![docs.clone()]);
    with_docs.config.globals = globals;
    out.push(with_docs);
    out.push(case("apideck-docs-only", "apideck", Vec::new(), vec![docs.clone()]));
    out.push(case("seed", "seed", Vec::new(), vec![seed.clone(), docs.clone()]));
    out.push(case("seed-vault", "seed_vault", vec![shared.join("apideck/specs/vault.yml")], vec![seed, docs]));
    out
}

/// What `generate` prints besides the files: warnings and notes.
fn report(generated: &generator::Generated) -> String {
    let mut text = String::new();
    for w in &generated.warnings {
        text.push_str(&format!("{w}\n"));
    }
    for api in &generated.ir.apis {
        text.push_str(&format!(
            "api {}: ignored {:?}, excluded {:?}\n",
            api.module, api.ignored_operations, api.excluded_schemas
        ));
    }
    text.push_str(&format!(
        "{} APIs, {} operations, {} types, {} files\n",
        generated.ir.apis.len(),
        generated.ir.operations.len(),
        generated.ir.types.len(),
        generated.files.len()
    ));
    text
}

fn conformance(config: &generator::Config, docs: &Path) -> Result<String, String> {
    let (ir, _) = generator::build_ir(&config.specs, &config.globals).map_err(|e| e.to_string())?;
    let set = generator::read::sdk_docs::read_dir(docs, &generator::read::sdk_docs::TypeScript)
        .map_err(|errors| errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))?;
    let report = generator::conformance::check(&ir, &set);
    let mut text = String::new();
    for m in &report.mismatches {
        text.push_str(&format!("{m}\n"));
    }
    for (namespace, name, id) in &report.pairs {
        text.push_str(&format!("pair: {}.{name} = {}\n", namespace.as_str(), ir.ty(*id).name.rust));
    }
    text.push_str(&format!("{}\n", report.summary()));
    Ok(text)
}

fn write_case(out: &Path, case: &Case) -> Result<(), String> {
    let dir = out.join(&case.name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    let generated = generator::generate(&case.config).map_err(|e| format!("{}: generation failed:\n{e}", case.name))?;
    generator::output::write(&dir.join("crate"), &generated.files)
        .map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
    std::fs::write(dir.join("warnings.txt"), report(&generated)).map_err(|e| e.to_string())?;
    if let Some(docs) = &case.conformance {
        std::fs::write(dir.join("conformance.txt"), conformance(&case.config, docs)?).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Every file below `dir`, relative and `/`-separated.
fn tree(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                out.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}

/// The files that differ between two output folders.
fn compare(after: &Path, before: &Path) -> Vec<String> {
    let (a, b) = (tree(after), tree(before));
    let mut out = Vec::new();
    for path in a.union(&b) {
        match (a.contains(path), b.contains(path)) {
            (true, false) => out.push(format!("new:     {path}")),
            (false, true) => out.push(format!("gone:    {path}")),
            _ => {
                if std::fs::read(after.join(path)).ok() != std::fs::read(before.join(path)).ok() {
                    out.push(format!("changed: {path}"));
                }
            }
        }
    }
    out
}

/// Runs the command.
pub fn run(root: &Path, out: &Path, against: Option<&Path>) -> ExitCode {
    let shared = std::env::var_os("SHARED_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("../shared"));
    let shared = shared.join("apideck/specs").is_dir().then_some(shared);
    if shared.is_none() {
        eprintln!("warning: no shared data (set SHARED_DIR): the Apideck cases are left out");
    }
    for case in cases(root, shared.as_deref()) {
        let started = std::time::Instant::now();
        if let Err(e) = write_case(out, &case) {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
        eprintln!("{:>20}: {:.2} s", case.name, started.elapsed().as_secs_f64());
    }
    let Some(before) = against else { return ExitCode::SUCCESS };
    let differences = compare(out, before);
    if differences.is_empty() {
        eprintln!("identical: {} files in {} and {}", tree(out).len(), out.display(), before.display());
        return ExitCode::SUCCESS;
    }
    for d in &differences {
        eprintln!("{d}");
    }
    eprintln!("{} files differ between {} and {}", differences.len(), out.display(), before.display());
    ExitCode::FAILURE
}
