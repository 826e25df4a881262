//! `cargo xtask generate`: specs (and docs) in, a crate out, with every
//! problem shown as a code frame (or a JSON object per line) and the exit
//! code telling a script what happened: 0 generated (or up to date), 1 the
//! input has errors (or warnings, under `--deny-warnings`), a breaking change
//! under `--fail-on-breaking`, a stale `--check` or an output that cannot be
//! written; 2 the command line itself is wrong.

use crate::{default_specs, parse_global};
use clap::{Args, ValueEnum};
use generator::diag::{render, Diagnostic, Severity};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// Code frames on stderr.
    Human,
    /// One JSON object per diagnostic on stdout (`severity`, `message`,
    /// `help`, `file`, `line`, `column`, `pointer`, `rendered`).
    Json,
}

/// Shows the errors that stop generation and what that means: exit 1.
fn refuse(format: MessageFormat, errors: &[Diagnostic], why: &str) -> ExitCode {
    show(format, errors);
    if format == MessageFormat::Human {
        eprintln!("error: {}{why}: nothing was written", render::count(errors));
    }
    ExitCode::FAILURE
}

/// Prints diagnostics in the chosen format.
fn show(format: MessageFormat, items: &[Diagnostic]) {
    if items.is_empty() {
        return;
    }
    match format {
        MessageFormat::Human => eprint!("{}", render::human(items)),
        MessageFormat::Json => print!("{}", render::json(items)),
    }
}

/// The options of `cargo xtask generate`.
#[derive(Args)]
pub struct GenerateArgs {
    /// Spec files (default: every `.yml`, `.yaml` and `.json` in `specs/`).
    #[arg(long = "spec", num_args = 1..)]
    specs: Vec<PathBuf>,
    /// An OpenAPI Overlay 1.0 file, applied to the specs before they are
    /// read (repeatable, in order): how to add `x-speakeasy-group`,
    /// `x-speakeasy-name-override` and other extensions to a spec you do
    /// not own. An overlay with `extends` applies to the spec of that
    /// file name only.
    #[arg(long = "overlay", num_args = 1..)]
    overlays: Vec<PathBuf>,
    /// Output folder (default: `generated/`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Crate name.
    #[arg(long, default_value = "apideck")]
    name: String,
    /// Write nothing; exit non-zero and list stale files when the output is not up to date.
    #[arg(long)]
    check: bool,
    /// A global parameter, set once on the client: `NAME` (a header) or
    /// `LOCATION:NAME` (`query:`, `path:`, `cookie:`). Repeatable; adds to
    /// the specs' own `x-speakeasy-globals`.
    #[arg(long = "global", value_parser = parse_global)]
    globals: Vec<generator::ir::Global>,
    /// Print how long each phase took.
    #[arg(long)]
    timings: bool,
    /// Speakeasy-style model docs: an SDK's `docs/` folder or one model doc
    /// file (repeatable; a file replaces the same-named doc of a folder).
    /// With `--spec`, they are merged in: descriptions the specs lack come
    /// from the docs, examples become tests, disagreements are warnings.
    /// Without `--spec`, the types are generated from the docs alone (all of
    /// them, or when files are given, those and the types they link to).
    #[arg(long = "docs", num_args = 1..)]
    docs: Vec<PathBuf>,
    /// With `--docs`: disagreements between specs and docs are errors.
    #[arg(long, requires = "docs")]
    strict: bool,
    /// Ignore the names pinned in the output's `.generator/names.lock`:
    /// name every type by the rules, as a first generation does.
    #[arg(long)]
    no_lock: bool,
    /// Exit 1, writing nothing, when the change report has a breaking
    /// change (for a CI job that regenerates from the latest spec).
    #[arg(long)]
    fail_on_breaking: bool,
    /// Treat warnings as errors: show them as errors, write nothing, exit 1.
    #[arg(long)]
    deny_warnings: bool,
    /// How diagnostics are printed: `human` (code frames on stderr) or
    /// `json` (one object per line on stdout, for editors and CI).
    #[arg(long, value_enum, default_value = "human")]
    message_format: MessageFormat,
}

/// Runs the command; `root` is the workspace (for the default `specs/` and `generated/`).
pub fn run(root: &Path, args: GenerateArgs) -> ExitCode {
    if !args.docs.is_empty() && args.specs.is_empty() && args.out.is_none() {
        eprintln!("error: generating from docs alone (`--docs` without `--spec`) needs `--out <dir>`: `generated/` holds the crate of `specs/`");
        return ExitCode::from(2);
    }
    let GenerateArgs {
        specs,
        overlays,
        out,
        name,
        check,
        globals,
        timings,
        docs,
        strict,
        no_lock,
        fail_on_breaking,
        deny_warnings,
        message_format,
    } = args;
    let specs = if specs.is_empty() && docs.is_empty() {
        match default_specs(root) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: cannot list {}: {e}", root.join("specs").display());
                return ExitCode::FAILURE;
            }
        }
    } else {
        specs
    };
    let out = out.unwrap_or_else(|| root.join("generated"));
    let config = generator::Config {
        specs,
        overlays,
        krate: generator::CrateOptions { name, ..Default::default() },
        globals,
        docs,
        strict,
        ..Default::default()
    };
    let started = Instant::now();
    let (generated, report) = match generator::generate_into(&config, &out, !no_lock) {
        Ok(r) => (r.generated, r.report),
        Err(errors) => return refuse(message_format, &errors.0, ""),
    };
    if deny_warnings && !generated.warnings.is_empty() {
        let denied: Vec<Diagnostic> =
            generated.warnings.iter().cloned().map(|d| Diagnostic { severity: Severity::Error, ..d }).collect();
        return refuse(message_format, &denied, " (`--deny-warnings`)");
    }
    show(message_format, &generated.warnings);
    let elapsed = started.elapsed();
    for api in &generated.ir.apis {
        if !api.ignored_operations.is_empty() {
            eprintln!(
                "note: {}: left out {} operation(s) marked `x-speakeasy-ignore: true`: {}",
                api.file.display(),
                api.ignored_operations.len(),
                api.ignored_operations.join(", ")
            );
        }
        if !api.excluded_schemas.is_empty() {
            eprintln!(
                "note: {}: left out {} schema(s) marked `x-sdk-exclude: true` that nothing else uses: {}",
                api.file.display(),
                api.excluded_schemas.len(),
                api.excluded_schemas.join(", ")
            );
        }
    }
    if timings {
        for (phase, took) in &generated.timings {
            eprintln!("{phase:>8}: {:7.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
    if let Some(report) = &report {
        eprint!("{}", generator::changes::diff::render_text(report));
        if fail_on_breaking && report.is_breaking() {
            eprintln!("error: breaking changes (`--fail-on-breaking`): nothing written");
            return ExitCode::FAILURE;
        }
    }
    if check {
        return match generator::output::check(&out, &generated.files) {
            Ok(s) if s.is_fresh() => {
                eprintln!("{} is up to date ({} files)", out.display(), generated.files.len());
                ExitCode::SUCCESS
            }
            Ok(s) => {
                for f in &s.missing {
                    eprintln!("missing: {f}");
                }
                for f in &s.changed {
                    eprintln!("changed: {f}");
                }
                for f in &s.extra {
                    eprintln!("extra:   {f}");
                }
                eprintln!("{} is stale: run `cargo xtask generate` and commit the result", out.display());
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", out.display());
                ExitCode::FAILURE
            }
        };
    }
    match generator::output::write(&out, &generated.files) {
        Ok(s) => {
            let ir = &generated.ir;
            eprintln!(
                "generated {} ({} APIs, {} operations, {} types, {} files; {} written, {} removed) in {:.2} s",
                out.display(),
                ir.apis.len(),
                ir.operations.len(),
                ir.types.len(),
                generated.files.len(),
                s.missing.len() + s.changed.len(),
                s.extra.len(),
                elapsed.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
