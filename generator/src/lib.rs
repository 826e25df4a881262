//! An OpenAPI → Rust SDK generator.
//!
//! The pipeline, one module per stage (`ARCHITECTURE.md` at the workspace
//! root has the map): [`read`] (parse specs and SDK docs) → [`lower`] (build
//! the [`ir`]) → [`naming`] (names inside types and operations) → [`passes`]
//! (input/output shapes, error modules) → [`naming`] (type and file names)
//! → [`passes`] (cycles) → [`merge`] (SDK docs, optional) → [`emit`]
//! (tokens, formatted with `prettyplease`) → [`output`] (write or check
//! files). [`pairing`] walks SDK docs and types side by side, for
//! [`merge`] and [`conformance`]. Diagnostics ([`diag`]) are collected per
//! phase and reported together.

// A `Diagnostic` (file, line, column, pointer, message, hint) is over clippy's 128-byte
// `Err` threshold; it only travels on the error path, where boxing it would buy nothing.
#![allow(clippy::result_large_err)]
#![warn(missing_docs)]

pub mod changes;
pub mod conformance;
pub mod diag;
pub mod emit;
pub mod examples;
pub mod ir;
pub mod lower;
pub mod merge;
pub mod naming;
pub mod output;
pub mod pairing;
mod par;
pub mod passes;
pub mod read;

use diag::{Diagnostic, Diagnostics, Errors};
use std::path::PathBuf;

pub use emit::{CrateOptions, Files};

/// What to generate from.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The spec files, one API each, in the order given.
    pub specs: Vec<PathBuf>,
    /// OpenAPI Overlay 1.0 files, applied in order to the specs they are for
    /// before they are read.
    pub overlays: Vec<PathBuf>,
    /// The generated crate's name and version.
    pub krate: CrateOptions,
    /// Parameters the client sets once for every operation that takes them,
    /// in addition to each spec's own `x-speakeasy-globals`.
    pub globals: Vec<ir::Global>,
    /// Speakeasy-style model docs: SDK `docs/` folders or single model doc
    /// files. With specs, they are merged in; without, the types are
    /// generated from them alone.
    pub docs: Vec<PathBuf>,
    /// Disagreements between specs and docs are errors, not warnings.
    pub strict: bool,
    /// Type names pinned by an earlier generation (empty: name every type
    /// by the rules).
    pub lock: naming::lock::NameLock,
}

/// A generated crate, not yet written.
#[derive(Debug)]
pub struct Generated {
    /// Path relative to the crate root → contents.
    pub files: Files,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
    /// The model the files were emitted from.
    pub ir: ir::Ir,
    /// How long each phase took, in order.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Reads the specs and builds the IR, with every pass applied.
pub fn build_ir(specs: &[PathBuf], globals: &[ir::Global]) -> Result<(ir::Ir, Diagnostics), Errors> {
    build_ir_timed(specs, &[], globals, &[], &naming::lock::NameLock::default(), &mut Vec::new())
}

/// [`build_ir`], with the SDK's operation docs laying out the client.
fn build_ir_timed(
    specs: &[PathBuf],
    overlays: &[PathBuf],
    globals: &[ir::Global],
    sdk_operations: &[read::sdk_docs::OperationDoc],
    lock: &naming::lock::NameLock,
    timings: &mut Vec<(&'static str, std::time::Duration)>,
) -> Result<(ir::Ir, Diagnostics), Errors> {
    let mut clock = std::time::Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<_>| {
        timings.push((name, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let mut diags = Diagnostics::new();
    let overlays = overlays
        .iter()
        .filter_map(|p| read::overlay::load(p).map_err(|e| e.0.into_iter().for_each(|d| diags.push(d))).ok())
        .collect::<Vec<_>>();
    diags.checkpoint()?;
    let mut loaded = Vec::new();
    let mut modules = std::collections::BTreeSet::new();
    let mut matched = Vec::new();
    for (path, result) in specs.iter().zip(par::map(specs, |p| read::load_with(p, &overlays))) {
        match result {
            Ok((spec, counts)) => {
                if modules.contains(&spec.api_module) {
                    diags.error(
                        diag::Location::new(path, ""),
                        format!("two specs are both named API `{}`", spec.api_module),
                        Some("each spec file is one API named after the file; rename one".into()),
                    );
                }
                modules.insert(spec.api_module.clone());
                for note in &spec.notes {
                    diags.push(note.clone());
                }
                loaded.push(spec);
                matched.push(counts);
            }
            Err(errors) => {
                for d in errors.0 {
                    diags.error(d.location, d.message, d.hint);
                }
            }
        }
    }
    diags.checkpoint()?;
    for warning in read::overlay::unmatched(&overlays, &matched) {
        diags.push(warning);
    }
    diags.checkpoint()?;
    lap("read", timings);
    // APIs in the order of their names, whatever order the files are given in.
    loaded.sort_by(|a, b| a.api_module.cmp(&b.api_module));
    let mut ir = lower::lower(&loaded, globals, sdk_operations, &mut diags);
    diags.checkpoint()?;
    lap("lower", timings);
    naming::members(&mut ir);
    passes::io::split(&mut ir);
    passes::modules::assign(&mut ir);
    naming::types(&mut ir, lock, &mut diags);
    passes::cycles::break_cycles(&mut ir, &mut diags);
    passes::pagination::check(&mut ir, &mut diags);
    passes::order::canonical(&mut ir);
    diags.checkpoint()?;
    lap("passes", timings);
    Ok((ir, diags))
}

/// Reads the docs of `paths` (folders or single files), in the dialect they
/// are written in ([`read::sdk_docs::detect_dialect_of`]).
fn read_docs(paths: &[PathBuf]) -> Result<read::sdk_docs::DocInputs, Errors> {
    let dialect = read::sdk_docs::detect_dialect_of(paths);
    read::sdk_docs::read_paths(paths, dialect).map_err(Errors)
}

/// Builds the IR from model docs alone (no spec), with the passes that apply.
pub fn build_ir_from_docs(inputs: &read::sdk_docs::DocInputs) -> Result<(ir::Ir, Diagnostics), Errors> {
    ir_from_docs(inputs, &naming::lock::NameLock::default())
}

fn ir_from_docs(
    inputs: &read::sdk_docs::DocInputs,
    lock: &naming::lock::NameLock,
) -> Result<(ir::Ir, Diagnostics), Errors> {
    let mut diags = Diagnostics::new();
    let mut ir = lower::sdk_docs::lower_docs(inputs, &mut diags);
    diags.checkpoint()?;
    naming::members(&mut ir);
    naming::types(&mut ir, lock, &mut diags);
    passes::cycles::break_cycles(&mut ir, &mut diags);
    diags.checkpoint()?;
    Ok((ir, diags))
}

/// A generation into a folder an earlier one may have written: the crate,
/// and what changed since (`None` on a first generation).
#[derive(Debug)]
pub struct Regenerated {
    /// The crate, its version bumped as the changes say, with its changelog.
    pub generated: Generated,
    /// The changes since the earlier generation.
    pub report: Option<changes::diff::Report>,
}

/// Runs the whole pipeline for a folder an earlier generation left
/// `previous` in: compares the surfaces, bumps the crate's version as
/// semver says and prepends the changes to its changelog.
pub fn regenerate(config: &Config, previous: &changes::Previous) -> Result<Regenerated, Errors> {
    let mut config = config.clone();
    if let Some(version) = &previous.version {
        config.krate.version = version.clone();
    }
    let mut generated = generate(&config)?;
    let report =
        previous.surface.as_ref().map(|old| changes::diff::diff(old, &changes::surface::surface(&generated.ir)));
    let spec_changed = |r: &changes::diff::Report| r.versions.values().any(|(before, after)| before != after);
    if let Some(r) = report.as_ref().filter(|r| !r.changes.is_empty() || spec_changed(r)) {
        config.krate.version = changes::diff::next_version(&config.krate.version, r);
        generated = generate(&config)?;
    }
    let changelog = changes::changelog(previous, report.as_ref(), &config.krate.version);
    generated.files.insert(changes::CHANGELOG_PATH.to_string(), changelog);
    Ok(Regenerated { generated, report })
}

/// What `cargo xtask generate` runs: reads the name lock (unless
/// `use_lock` is false) and what an earlier generation left in `dir`, then
/// [`regenerate`]s.
pub fn generate_into(config: &Config, dir: &std::path::Path, use_lock: bool) -> Result<Regenerated, Errors> {
    let mut config = config.clone();
    if use_lock {
        config.lock = naming::lock::NameLock::load(&dir.join(naming::lock::LOCK_PATH)).map_err(|d| Errors(vec![d]))?;
    }
    let previous = changes::Previous::load(dir).map_err(|d| Errors(vec![d]))?;
    regenerate(&config, &previous)
}

/// Runs the whole pipeline.
pub fn generate(config: &Config) -> Result<Generated, Errors> {
    let mut timings = Vec::new();
    let (ir, diags) = if config.specs.is_empty() && !config.docs.is_empty() {
        let started = std::time::Instant::now();
        let inputs = read_docs(&config.docs)?;
        timings.push(("read docs", started.elapsed()));
        let started = std::time::Instant::now();
        let built = ir_from_docs(&inputs, &config.lock)?;
        timings.push(("lower docs", started.elapsed()));
        built
    } else {
        // SDK docs are read first: their operation docs lay out the client.
        let started = std::time::Instant::now();
        let inputs = if config.docs.is_empty() { None } else { Some(read_docs(&config.docs)?) };
        let read = started.elapsed();
        let operations = inputs.as_ref().map_or(&[][..], |i| &i.set.operations[..]);
        let (mut ir, mut diags) =
            build_ir_timed(&config.specs, &config.overlays, &config.globals, operations, &config.lock, &mut timings)?;
        if let Some(inputs) = &inputs {
            let started = std::time::Instant::now();
            merge::merge(&mut ir, &inputs.set, config.strict, &mut diags);
            diags.checkpoint()?;
            timings.push(("docs", read + started.elapsed()));
        }
        (ir, diags)
    };
    let mut ir = ir;
    naming::client(&mut ir, &config.krate.name);
    let started = std::time::Instant::now();
    let mut files = emit::emit(&ir, &config.krate).map_err(|message| {
        Errors(vec![Diagnostic {
            location: diag::Location::new(std::path::Path::new("<generator>"), ""),
            severity: diag::Severity::Error,
            message,
            hint: Some("this is a bug in the generator; please report it with the spec".into()),
        }])
    })?;
    files.insert(naming::lock::LOCK_PATH.to_string(), naming::lock::render(&ir));
    files.insert(changes::surface::SURFACE_PATH.to_string(), changes::surface::render(&changes::surface::surface(&ir)));
    timings.push(("emit", started.elapsed()));
    Ok(Generated { files, warnings: diags.into_warnings(), ir, timings })
}
