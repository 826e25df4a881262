//! `cargo xtask fuzz generate|decode`: coverage-guided fuzzing with
//! libFuzzer through `cargo fuzz`, on the stable toolchain (its nightly
//! flags taken by `RUSTC_BOOTSTRAP=1`, no address sanitizer: that needs a
//! nightly standard library).
//!
//! - `generate` runs `generator/fuzz`'s target: any bytes as a spec, through
//!   the reader, the IR and the emitter; seeded with the fixtures, the
//!   hostile inputs and the Apideck specs.
//! - `decode` fuzzes a generated crate's decoding. It generates the crate of
//!   the Apideck specs (or `--spec`s) into `target/fuzz-decode/sdk/` and
//!   writes a cargo-fuzz package beside it whose target takes two bytes to
//!   pick one of the crate's response body types (every JSON body of every
//!   documented response) and decodes the rest as that type with the
//!   crate's own `runtime::decode`, strict and lenient; a value it decoded
//!   must encode, and decode again from what it wrote. Seeds: each type with
//!   `{}`, and the response bodies of the SDK's test workflows
//!   (`tests.arazzo.yaml`) with their types.
//!
//! Crashing inputs land in the fuzz package's `artifacts/`; commit each as a
//! regression case (`generator/tests/fuzz/` for `generate`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// `cargo xtask fuzz` options.
#[derive(clap::Args, Debug, Clone)]
pub struct FuzzArgs {
    /// What to fuzz.
    #[arg(value_enum)]
    pub target: Target,
    /// How long to run, in seconds.
    #[arg(long, default_value_t = 600)]
    pub seconds: u64,
    /// `decode`: the specs of the crate (default: the Apideck specs in `$SHARED_DIR`).
    #[arg(long = "spec", num_args = 1..)]
    pub specs: Vec<PathBuf>,
    /// `decode`: the folder of the crate, the fuzz package and its seeds (default `target/fuzz-decode`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// `decode`: write the crate, the fuzz package and its seeds, and stop.
    #[arg(long)]
    pub setup_only: bool,
    /// `decode`: build with the dependency versions of this lock file (see `corpus run --lock`).
    #[arg(long)]
    pub lock: Option<PathBuf>,
    /// More libFuzzer options, after `--` (`-jobs=2`, `-seed=7`…).
    #[arg(last = true)]
    pub libfuzzer: Vec<String>,
}

/// A fuzz target.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Any bytes as a spec, through reader, IR and emitter.
    Generate,
    /// Any bytes as a response body of a generated crate.
    Decode,
}

/// The crate name of the decoded crate.
const KRATE: &str = "sdk";

pub fn run(root: &Path, args: &FuzzArgs) -> ExitCode {
    let result = match args.target {
        Target::Generate => generate(root, args),
        Target::Decode => decode(root, args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo fuzz run` on the stable toolchain, in `dir`, optimised and with
/// debug assertions (overflow checks) on.
fn cargo_fuzz(dir: &Path) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(["fuzz", "run", "--sanitizer", "none", "--debug-assertions"]).current_dir(dir).env("RUSTC_BOOTSTRAP", "1");
    cmd
}

fn finish(mut cmd: Command) -> Result<(), String> {
    let status = cmd.status().map_err(|e| format!("cannot run cargo fuzz (`cargo install cargo-fuzz`): {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo fuzz ended with {status} (a crash leaves its input in the fuzz package's artifacts/)"))
    }
}

fn generate(root: &Path, args: &FuzzArgs) -> Result<(), String> {
    let specs = crate::shared_dir(root).join("apideck/specs");
    // The corpus libFuzzer adds to (not committed) must exist.
    std::fs::create_dir_all(root.join("generator/fuzz/corpus/generate")).map_err(|e| e.to_string())?;
    let mut cmd = cargo_fuzz(&root.join("generator"));
    cmd.args(["generate", "fuzz/corpus/generate", "tests/fixtures", "tests/hostile"]).arg(&specs);
    cmd.arg("--").args(["-max_len=65536", &format!("-max_total_time={}", args.seconds)]).args(&args.libfuzzer);
    finish(cmd)
}

fn decode(root: &Path, args: &FuzzArgs) -> Result<(), String> {
    let shared = crate::shared_dir(root);
    let specs = if args.specs.is_empty() {
        crate::apideck_specs(&shared).map_err(|e| format!("the Apideck specs: {e} (set SHARED_DIR, or give --spec)"))?
    } else {
        args.specs.clone()
    };
    let out = args.out.clone().unwrap_or_else(|| root.join("target/fuzz-decode"));
    let config = generator::Config {
        specs,
        krate: generator::CrateOptions { name: KRATE.into(), ..Default::default() },
        ..Default::default()
    };
    let generated = generator::generate(&config).map_err(|e| e.to_string())?;
    generator::output::write(&out.join(KRATE), &generated.files).map_err(|e| e.to_string())?;
    let types = body_types(&generated.ir);
    if types.is_empty() {
        return Err("the specs document no JSON response body".into());
    }
    let package = out.join("fuzz");
    write(&package.join("Cargo.toml"), PACKAGE)?;
    write(&package.join("fuzz_targets/decode.rs"), target_source(&types))?;
    let seeds = out.join("seeds");
    let _ = std::fs::remove_dir_all(&seeds);
    for i in 0..types.len() {
        write(&seeds.join(format!("type-{i}")), seed(i, b"{}"))?;
    }
    let mut workflows = 0;
    let arazzo = shared.join("apideck/sdk-typescript/tests.arazzo.yaml");
    if let Ok(text) = std::fs::read_to_string(&arazzo) {
        for (name, (ty, body)) in workflow_bodies(&text, &generated.ir)? {
            if let Some(i) = types.iter().position(|t| *t == ty) {
                write(&seeds.join(name), seed(i, body.as_bytes()))?;
                workflows += 1;
            }
        }
    }
    write(&out.join("json.dict"), DICTIONARY)?;
    let seeded = types.len() + workflows;
    println!("fuzz decode: {} response body types, {seeded} seeds, in {}", types.len(), out.display());
    if let Some(lock) = &args.lock {
        crate::lock::fit(&package, lock)?;
    }
    if args.setup_only {
        return Ok(());
    }
    std::fs::create_dir_all(out.join("corpus")).map_err(|e| e.to_string())?;
    let mut cmd = cargo_fuzz(&package);
    cmd.args(["--fuzz-dir", "."]).arg("decode").arg(out.join("corpus")).arg(&seeds);
    cmd.arg("--").arg(format!("-max_total_time={}", args.seconds));
    cmd.arg(format!("-dict={}", out.join("json.dict").display())).args(&args.libfuzzer);
    finish(cmd)
}

/// Writes a file unless it already holds `contents` (a rewritten manifest or
/// target would make cargo rebuild the instrumented package).
fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), String> {
    if std::fs::read(path).is_ok_and(|old| old == contents.as_ref()) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

/// The Rust type of a JSON body, as the fuzz package names it.
fn body_type(ir: &generator::ir::Ir, content: &generator::ir::Content) -> Option<String> {
    let ty = content.ty.as_ref().filter(|_| content.kind == generator::ir::BodyKind::Json)?;
    Some(generator::emit::rust_type(ir, ty).replace("crate::", &format!("{KRATE}::")))
}

/// Every type a JSON response body of the IR decodes into, sorted.
pub fn body_types(ir: &generator::ir::Ir) -> Vec<String> {
    let mut types: Vec<String> = ir
        .operations
        .iter()
        .flat_map(|op| op.responses.iter().flat_map(|r| r.contents.iter()))
        .filter_map(|c| body_type(ir, c))
        .collect();
    types.sort();
    types.dedup();
    types
}

/// A fuzz input: the type's index in two bytes, then the body.
fn seed(index: usize, body: &[u8]) -> Vec<u8> {
    let mut out = u16::try_from(index).unwrap_or(u16::MAX).to_be_bytes().to_vec();
    out.extend_from_slice(body);
    out
}

/// The response bodies of the SDK's test workflows, by workflow: the type
/// of the operation's response for the expected status, and the body.
fn workflow_bodies(text: &str, ir: &generator::ir::Ir) -> Result<BTreeMap<String, (String, String)>, String> {
    use generator::ir::Status;
    let doc: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| format!("the arazzo file: {e}"))?;
    let ops: BTreeMap<String, &generator::ir::Operation> =
        ir.operations.iter().map(|op| (format!("{}.{}", ir.apis[op.api.0].doc_prefix, op.id), op)).collect();
    let mut out = BTreeMap::new();
    for wf in doc["workflows"].as_sequence().into_iter().flatten() {
        let (Some(id), Some(step)) = (wf["workflowId"].as_str(), wf["steps"].get(0)) else { continue };
        let Some(op) = step["operationId"].as_str().and_then(|o| ops.get(o)) else { continue };
        let criteria = step["successCriteria"].as_sequence().cloned().unwrap_or_default();
        let condition = |prefix: &str| criteria.iter().find_map(|c| c["condition"].as_str()?.strip_prefix(prefix));
        let status = match condition("$statusCode == ").map(str::trim) {
            Some("default") => Status::Default,
            Some(code) => match code.parse::<u16>() {
                Ok(code) => Status::Code(code),
                Err(_) => continue,
            },
            None => continue,
        };
        let Some(body) = criteria.iter().find(|c| c["context"].as_str() == Some("$response.body")) else { continue };
        let Some(body) = body["condition"].as_str() else { continue };
        let class = match status {
            Status::Code(code) => Some(Status::Range(code / 100)),
            _ => None,
        };
        let find = |s: Status| op.responses.iter().find(|r| r.status == s);
        let response = find(status).or_else(|| class.and_then(find)).or_else(|| find(Status::Default));
        if let Some(ty) = response.and_then(|r| r.primary()).and_then(|c| body_type(ir, c)) {
            out.insert(id.replace(['/', '.'], "_"), (ty, body.to_string()));
        }
    }
    Ok(out)
}

/// The fuzz package's manifest: libFuzzer linked by default (what `cargo
/// fuzz` builds); `--no-default-features` checks it without compiling
/// libFuzzer's C++.
const PACKAGE: &str = r#"# Written by `cargo xtask fuzz decode`.
[package]
name = "decode-fuzz"
version = "0.0.0"
edition = "2021"
publish = false

[package.metadata]
cargo-fuzz = true

[features]
default = ["libfuzzer"]
libfuzzer = ["libfuzzer-sys/link_libfuzzer"]

[dependencies]
libfuzzer-sys = { version = "0.4", default-features = false }
sdk = { path = "../sdk" }
serde = "1"
serde_json = "1"

[[bin]]
name = "decode"
path = "fuzz_targets/decode.rs"
test = false
doc = false
bench = false

[workspace]
"#;

/// Tokens libFuzzer splices into bodies.
const DICTIONARY: &str = r#"# JSON, and values the generated types read specially.
"{"
"}"
"["
"]"
":"
","
"\""
"\\u"
"\\ud800"
"null"
"true"
"false"
"-0"
"1e400"
"18446744073709551616"
"-9223372036854775809"
"0.5"
"\"2024-02-29T23:59:60Z\""
"\"2024-01-01T00:00:00+14:00\""
"\"2024-01-01\""
"\"1970-01-01T00:00:00.123456789Z\""
"T00:00:00Z"
"\"data\""
"\"id\""
"\"type\""
"\"links\""
"\"meta\""
"\"cursors\""
"#;

/// The fuzz target: the first two bytes pick a type, the rest is the body.
fn target_source(types: &[String]) -> String {
    let arms: String = types.iter().enumerate().map(|(i, t)| format!("        {i} => check::<{t}>(body),\n")).collect();
    format!(
        r#"//! Written by `cargo xtask fuzz decode`: a response body of any type of
//! the `{KRATE}` crate, decoded strict and lenient by its own
//! `runtime::decode`, must never panic; a value it decoded must encode, and
//! decode again from what it wrote.
#![no_main]

/// How many types the first two bytes choose from.
const TYPES: usize = {count};

fn check<T: serde::de::DeserializeOwned + serde::Serialize>(body: &[u8]) {{
    let _ = {KRATE}::runtime::decode::<T>(body, true);
    if let Ok(value) = {KRATE}::runtime::decode::<T>(body, false) {{
        let written = match serde_json::to_vec(&value) {{
            Ok(w) => w,
            Err(e) => panic!("a decoded {{}} does not encode: {{e}}", std::any::type_name::<T>()),
        }};
        if let Err(e) = {KRATE}::runtime::decode::<T>(&written, false) {{
            panic!(
                "{{}} does not read what it wrote ({{e}}): {{}}",
                std::any::type_name::<T>(),
                String::from_utf8_lossy(&written)
            );
        }}
    }}
}}

fn decode(index: usize, body: &[u8]) {{
    match index {{
{arms}        _ => {{}}
    }}
}}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {{
    if let [high, low, body @ ..] = data {{
        decode(usize::from(u16::from_be_bytes([*high, *low])) % TYPES, body);
    }}
}});
"#,
        count = types.len()
    )
}
