//! `cargo xtask bench`: what users feel, measured on the full Apideck set
//! (`$SHARED_DIR/apideck/specs/*.yml`, default `../shared`), medians with
//! min–max over several runs, written to `target/bench/*.json`:
//!
//! 1. **Generation** with the release generator, as a separate process per
//!    run: wall time, peak memory and the time of each phase, into an empty
//!    folder and over an up-to-date crate, for the full set and `vault.yml`.
//! 2. **Output size** of the full crate: files, lines, bytes.
//! 3. **Compile cost** of the generated crate from scratch (its dependencies
//!    built once beforehand, the crate's own artifacts removed before each
//!    run, `CARGO_INCREMENTAL=0`): `cargo check` and `cargo build --release`,
//!    time and peak memory (of the largest process cargo waits for), and the
//!    size of the release rlib; the full crate against the crate of
//!    `vault.yml` alone, and against the crate another commit's generator
//!    makes (`--baseline <rev>`), side by side in one run.
//! 4. **Decode and encode throughput** of the generated types against
//!    `serde_json::Value` on the same bytes ([`decode`]).
//!
//! `--peers` runs, instead, the side-by-side with OpenAPI Generator's `rust`
//! target, spec by spec ([`peers`]); it needs Java and is not run in CI.
//!
//! `--quick` (what CI runs, so that the command cannot rot) makes one run of
//! each with the running generator (no release build), and only `cargo
//! check`s the `vault.yml` crate: its figures are not the benchmark's.
//! `BENCH_TARGET_DIR` sets where generated crates are compiled (default
//! `target/bench/target`); `--lock FILE` builds them with the dependency
//! versions of that lock file ([`crate::lock`]), so that figures taken on
//! different days compile the same dependencies.

mod decode;
mod peers;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// `cargo xtask bench` options.
#[derive(clap::Args, Debug, Clone)]
pub struct BenchArgs {
    /// One run of each with the running generator, and only `cargo check` of the `vault.yml` crate (what CI runs).
    #[arg(long)]
    pub quick: bool,
    /// Runs per measurement (default 5; 1 with `--quick`).
    #[arg(long)]
    pub runs: Option<usize>,
    /// Only these sections (repeatable; default all).
    #[arg(long = "only", value_enum)]
    pub only: Vec<Section>,
    /// Also compile the crate that the generator of this git revision makes
    /// from the same specs (built in a worktree under `target/bench/`).
    #[arg(long)]
    pub baseline: Option<String>,
    /// Only the side-by-side with OpenAPI Generator's `rust` target, spec by
    /// spec (needs `openapi-generator-cli` and Java; runs default to 1).
    #[arg(long, conflicts_with_all = ["quick", "only", "baseline", "lock"])]
    pub peers: bool,
    /// Build the generated crates and the decode harness with the dependency
    /// versions of this lock file (`--locked`; a package it does not pin is an error).
    #[arg(long)]
    pub lock: Option<PathBuf>,
}

/// A section of the benchmark.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Generation time and memory.
    Generation,
    /// Files, lines and bytes of the output.
    Size,
    /// Compile cost of the generated crates.
    Compile,
    /// Decode and encode throughput.
    Decode,
}

/// One process run: wall seconds, peak resident memory in bytes, its
/// error output (where `--timings` and messages go).
struct Run {
    seconds: f64,
    peak_bytes: u64,
    stderr: String,
    success: bool,
}

/// Runs `cmd` to completion and measures it. The peak memory is the
/// largest resident set of the process and of every descendant it waited
/// for (`wait4`'s `ru_maxrss`), so cargo's covers the compiler's.
fn measure(cmd: &mut Command) -> std::io::Result<Run> {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd.spawn()?;
    let (out, err) = (child.stdout.take(), child.stderr.take());
    // Both pipes are drained at once, so that neither fills up and blocks the child.
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut p) = err {
            let _ = std::io::Read::read_to_string(&mut p, &mut s);
        }
        s
    });
    if let Some(mut p) = out {
        let _ = std::io::copy(&mut p, &mut std::io::sink());
    }
    let stderr = err_thread.join().unwrap_or_default();
    let (status, peak_bytes) = wait_with_rusage(child.id())?;
    let seconds = started.elapsed().as_secs_f64();
    // The child is reaped: dropping `child` does not wait again.
    drop(child);
    Ok(Run { seconds, peak_bytes, stderr, success: status == 0 })
}

/// Waits for process `pid`; its exit status and peak resident set in bytes.
fn wait_with_rusage(pid: u32) -> std::io::Result<(i32, u64)> {
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data, zeroed is a valid value; `wait4` writes
    // into both out-pointers, which live for the whole call.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = libc::pid_t::try_from(pid).map_err(|_| std::io::Error::other("pid out of range"))?;
    // SAFETY: see above; `pid` is our own child, not yet reaped.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if r < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 };
    // Linux reports kilobytes.
    Ok((code, u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024))
}

/// Median, min and max of some samples.
#[derive(Debug, Clone, Copy)]
struct Stats {
    median: f64,
    min: f64,
    max: f64,
}

impl Stats {
    fn of(samples: &[f64]) -> Stats {
        let mut s = samples.to_vec();
        s.sort_by(f64::total_cmp);
        let median = match s.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => s[n / 2],
            n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
        };
        Stats { median, min: s.first().copied().unwrap_or(f64::NAN), max: s.last().copied().unwrap_or(f64::NAN) }
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({ "median": self.median, "min": self.min, "max": self.max })
    }

    /// `1.23 s (1.20–1.30)` with `unit` and `scale`.
    fn show(&self, scale: f64, unit: &str, digits: usize) -> String {
        format!("{:.d$} {unit} ({:.d$}–{:.d$})", self.median * scale, self.min * scale, self.max * scale, d = digits)
    }
}

const GLOBALS: [&str; 4] = ["--global", "x-apideck-consumer-id", "--global", "x-apideck-app-id"];

/// A generation case: its name, specs and crate name.
struct Case {
    name: &'static str,
    specs: Vec<PathBuf>,
    krate: &'static str,
}

fn generate_cmd(generator: &Path, case: &Case, out: &Path) -> Command {
    let mut cmd = Command::new(generator);
    cmd.arg("generate").arg("--spec").args(&case.specs).args(GLOBALS);
    cmd.arg("--name").arg(case.krate).arg("--out").arg(out).arg("--timings");
    cmd
}

/// The phase lines `--timings` prints (`    read:   169.2 ms`).
fn phases(stderr: &str) -> Vec<(String, f64)> {
    stderr
        .lines()
        .filter_map(|l| {
            let (name, rest) = l.trim().split_once(':')?;
            let ms: f64 = rest.trim().strip_suffix("ms")?.trim().parse().ok()?;
            (!name.contains(' ')).then(|| (name.to_string(), ms / 1000.0))
        })
        .collect()
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::FAILURE
}

pub fn run(root: &Path, args: &BenchArgs) -> ExitCode {
    match bench(root, args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Builds the release generator (`target/release/xtask`) of the checkout at `dir`.
fn build_generator(dir: &Path, target: &Path) -> Result<PathBuf, String> {
    let status = Command::new(cargo())
        .args(["build", "--quiet", "--release", "--package", "xtask", "--target-dir"])
        .arg(target)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("building the release generator in {} failed", dir.display()));
    }
    Ok(target.join("release/xtask"))
}

fn bench(root: &Path, args: &BenchArgs) -> Result<(), String> {
    let runs = args.runs.unwrap_or(if args.quick || args.peers { 1 } else { 5 }).max(1);
    let shared = crate::shared_dir(root);
    let specs = crate::apideck_specs(&shared).map_err(|e| format!("the Apideck specs: {e} (set SHARED_DIR)"))?;
    let vault: Vec<PathBuf> = specs.iter().filter(|p| p.ends_with("vault.yml")).cloned().collect();
    let bench_dir = root.join("target/bench");
    std::fs::create_dir_all(&bench_dir).map_err(|e| e.to_string())?;
    let machine = machine();
    println!("bench: {runs} run(s) each, {machine}");

    let generator = if args.quick {
        std::env::current_exe().map_err(|e| e.to_string())?
    } else {
        build_generator(root, &root.join("target"))?
    };
    let target = std::env::var_os("BENCH_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| bench_dir.join("target"));
    if args.peers {
        let setup = peers::Setup { generator: &generator, specs: &specs, bench_dir: &bench_dir, target: &target, runs };
        let figures = peers::run(&setup)?;
        write_json(&bench_dir.join("peers.json"), &machine, runs, figures)?;
        println!("\nwritten: target/bench/peers.json");
        return Ok(());
    }
    let full = Case { name: "apideck", specs: specs.clone(), krate: "apideck" };
    let vault = Case { name: "vault", specs: vault, krate: "apideck_vault" };

    let wants = |section: Section| args.only.is_empty() || args.only.contains(&section);
    if !wants(Section::Generation) {
        // The crates the other sections read, generated once, not measured.
        for case in [&full, &vault] {
            let r = measure(&mut generate_cmd(&generator, case, &bench_dir.join("gen").join(case.name)))
                .map_err(|e| e.to_string())?;
            if !r.success {
                return Err(format!("generation of {} failed:\n{}", case.name, r.stderr));
            }
        }
    }

    // 1. Generation.
    let mut generation = serde_json::Map::new();
    let cases: &[&Case] = if wants(Section::Generation) { &[&full, &vault] } else { &[] };
    let which = if args.quick { "this generator (--quick)" } else { "release generator" };
    if !cases.is_empty() {
        println!("\n## Generation ({which}, one process per run)");
    }
    for &case in cases {
        for (mode, fresh) in [("empty folder", true), ("up-to-date crate", false)] {
            let out = bench_dir.join("gen").join(case.name);
            if !fresh {
                // Bring it up to date once.
                let r = measure(&mut generate_cmd(&generator, case, &out)).map_err(|e| e.to_string())?;
                if !r.success {
                    return Err(format!("generation of {} failed:\n{}", case.name, r.stderr));
                }
            }
            let (mut walls, mut peaks) = (Vec::new(), Vec::new());
            let mut by_phase: Vec<(String, Vec<f64>)> = Vec::new();
            for _ in 0..runs {
                if fresh {
                    let _ = std::fs::remove_dir_all(&out);
                }
                let r = measure(&mut generate_cmd(&generator, case, &out)).map_err(|e| e.to_string())?;
                if !r.success {
                    return Err(format!("generation of {} failed:\n{}", case.name, r.stderr));
                }
                walls.push(r.seconds);
                peaks.push(r.peak_bytes as f64);
                for (phase, s) in phases(&r.stderr) {
                    match by_phase.iter_mut().find(|(p, _)| *p == phase) {
                        Some((_, v)) => v.push(s),
                        None => by_phase.push((phase, vec![s])),
                    }
                }
            }
            let (wall, peak) = (Stats::of(&walls), Stats::of(&peaks));
            let phase_text: Vec<String> =
                by_phase.iter().map(|(p, v)| format!("{p} {:.0} ms", Stats::of(v).median * 1000.0)).collect();
            println!(
                "{:<8} {:<17} wall {}  peak {}  [{}]",
                case.name,
                mode,
                wall.show(1.0, "s", 3),
                peak.show(1.0 / 1e6, "MB", 0),
                phase_text.join(", ")
            );
            let phases_json: serde_json::Map<String, serde_json::Value> =
                by_phase.iter().map(|(p, v)| (p.clone(), Stats::of(v).json())).collect();
            generation.insert(
                format!("{} / {mode}", case.name),
                serde_json::json!({ "wall_s": wall.json(), "peak_bytes": peak.json(), "phases_s": phases_json }),
            );
        }
    }
    if !cases.is_empty() {
        write_json(&bench_dir.join("generation.json"), &machine, runs, generation.into())?;
    }

    // 2. Output size.
    let mut sizes = serde_json::Map::new();
    let cases: &[&Case] = if wants(Section::Size) { &[&full, &vault] } else { &[] };
    if !cases.is_empty() {
        println!("\n## Output size");
    }
    for &case in cases {
        let (files, lines, bytes) = size_of(&bench_dir.join("gen").join(case.name)).map_err(|e| e.to_string())?;
        println!("{:<8} {files} files, {lines} lines, {:.1} MB", case.name, bytes as f64 / 1e6);
        sizes.insert(case.name.into(), serde_json::json!({ "files": files, "lines": lines, "bytes": bytes }));
    }

    // 3. Compile cost.
    // (label, crate folder, package, extra cargo arguments)
    let mut crates: Vec<(String, PathBuf, String, Vec<&str>)> = Vec::new();
    if wants(Section::Compile) {
        println!("\n## Compile cost (crate only, from scratch, CARGO_INCREMENTAL=0)");
    }
    if wants(Section::Compile) && !args.quick {
        crates.push(("apideck".into(), bench_dir.join("gen/apideck"), "apideck".into(), vec![]));
        // One API's feature of the full crate, against the crate of that spec alone.
        let vault_only = vec!["--no-default-features", "--features", "client,vault"];
        crates.push(("apideck, client+vault".into(), bench_dir.join("gen/apideck"), "apideck".into(), vault_only));
    }
    if wants(Section::Compile) {
        crates.push(("vault.yml alone".into(), bench_dir.join("gen/vault"), "apideck_vault".into(), vec![]));
    }
    if let (Some(rev), true) = (&args.baseline, wants(Section::Compile)) {
        let dir = baseline_crate(root, &bench_dir, rev, &full)?;
        crates.insert(0, (format!("apideck@{rev}"), dir, "apideck_base".into(), vec![]));
    }
    let builds: &[(&str, &[&str])] = if args.quick {
        &[("check", &["check"])]
    } else {
        &[("check", &["check"]), ("build --release", &["build", "--release"])]
    };
    let mut compile = serde_json::Map::new();
    let lock = args.lock.as_deref();
    if let Some(lock) = lock {
        // Each folder once (the full crate is built twice, with and without features).
        let dirs: std::collections::BTreeSet<&PathBuf> = crates.iter().map(|(_, dir, _, _)| dir).collect();
        for dir in dirs {
            crate::lock::fit(dir, lock)?;
        }
    }
    for (label, dir, krate, extra) in &crates {
        for &(what, cargo_args) in builds {
            let locked: &[&str] = if lock.is_some() { &["--locked"] } else { &[] };
            let cargo_args: Vec<&str> = cargo_args.iter().chain(extra).chain(locked).copied().collect();
            let cargo_args = cargo_args.as_slice();
            // Dependencies once, not measured.
            let mut warm = cargo_cmd(dir, &target, cargo_args);
            let r = measure(&mut warm).map_err(|e| e.to_string())?;
            if !r.success {
                return Err(format!("`cargo {what}` of {label} failed:\n{}", r.stderr));
            }
            let (mut walls, mut peaks) = (Vec::new(), Vec::new());
            for _ in 0..runs {
                let mut clean = Command::new(cargo());
                clean.args(["clean", "--quiet", "--package", krate, "--target-dir"]).arg(&target).current_dir(dir);
                if cargo_args.contains(&"--release") {
                    clean.arg("--release");
                }
                let _ = clean.status();
                let r = measure(&mut cargo_cmd(dir, &target, cargo_args)).map_err(|e| e.to_string())?;
                if !r.success {
                    return Err(format!("`cargo {what}` of {label} failed:\n{}", r.stderr));
                }
                walls.push(r.seconds);
                peaks.push(r.peak_bytes as f64);
            }
            let (wall, peak) = (Stats::of(&walls), Stats::of(&peaks));
            let rlib = if what == "check" { None } else { rlib_size(&target.join("release/deps"), krate) };
            println!(
                "{label:<24} {what:<16} {}  peak {}{}",
                wall.show(1.0, "s", 1),
                peak.show(1.0 / 1e6, "MB", 0),
                rlib.map(|b| format!("  rlib {:.1} MB", b as f64 / 1e6)).unwrap_or_default()
            );
            compile.insert(
                format!("{label} / {what}"),
                serde_json::json!({ "wall_s": wall.json(), "peak_bytes": peak.json(), "rlib_bytes": rlib }),
            );
        }
    }
    if wants(Section::Size) || wants(Section::Compile) {
        let output = serde_json::json!({ "output": sizes, "compile": compile });
        write_json(&bench_dir.join("compile.json"), &machine, runs, output)?;
    }
    if !wants(Section::Decode) {
        return Ok(());
    }

    // 4. Decode and encode throughput.
    let (crate_dir, krate, bodies, rounds): (PathBuf, &str, &[decode::Body], usize) = if args.quick {
        (bench_dir.join("gen/vault"), "apideck_vault", &decode::QUICK, 3)
    } else {
        (bench_dir.join("gen/apideck"), "apideck", &decode::FULL, 15)
    };
    let profile = if args.quick { "debug build (--quick)" } else { "release build" };
    println!("\n## Decode and encode (MB/s, median of {rounds} rounds, {profile})");
    let setup = decode::Setup {
        shared: &shared,
        bench_dir: &bench_dir,
        target: &target,
        crate_dir: &crate_dir,
        krate,
        release: !args.quick,
        rounds,
        lock,
    };
    let figures = decode::run(&setup, bodies)?;
    let mut decoded = serde_json::Map::new();
    for f in &figures {
        println!(
            "{:<20} {:>5.1} MB  decode typed {:>6.0}  Value {:>6.0}  ({:.2}x)   encode typed {:>6.0}  Value {:>6.0}  ({:.2}x)",
            f.label,
            f.bytes as f64 / 1e6,
            f.decode.0,
            f.decode.1,
            f.decode.0 / f.decode.1,
            f.encode.0,
            f.encode.1,
            f.encode.0 / f.encode.1
        );
        decoded.insert(
            f.label.to_string(),
            serde_json::json!({
                "bytes": f.bytes,
                "decode_mb_s": { "typed": f.decode.0, "value": f.decode.1, "ratio": f.decode.0 / f.decode.1 },
                "encode_mb_s": { "typed": f.encode.0, "value": f.encode.1, "ratio": f.encode.0 / f.encode.1 },
            }),
        );
    }
    write_json(&bench_dir.join("decode.json"), &machine, rounds, decoded.into())?;
    println!("\nwritten: target/bench/*.json");
    Ok(())
}

fn cargo_cmd(dir: &Path, target: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(cargo());
    cmd.args(args).arg("--quiet").arg("--target-dir").arg(target).current_dir(dir);
    cmd.env("CARGO_INCREMENTAL", "0");
    cmd
}

/// The crate the generator of revision `rev` makes from `case`'s specs, in
/// `target/bench/baseline-<rev>` (a git worktree builds that generator).
fn baseline_crate(root: &Path, bench_dir: &Path, rev: &str, case: &Case) -> Result<PathBuf, String> {
    let tree = bench_dir.join(format!("worktree-{rev}"));
    if !tree.exists() {
        let status = Command::new("git")
            .args(["worktree", "add", "--detach", "--force"])
            .arg(&tree)
            .arg(rev)
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if !status.success() {
            return Err(format!("git worktree add {rev} failed"));
        }
    }
    let generator = build_generator(&tree, &bench_dir.join("baseline-target"))?;
    let out = bench_dir.join(format!("baseline-{rev}"));
    let case = Case { name: case.name, specs: case.specs.clone(), krate: "apideck_base" };
    let r = measure(&mut generate_cmd(&generator, &case, &out)).map_err(|e| e.to_string())?;
    if !r.success {
        return Err(format!("the generator of {rev} failed:\n{}", r.stderr));
    }
    Ok(out)
}

/// Files, lines and bytes of the Rust sources and other files under `dir`.
fn size_of(dir: &Path) -> std::io::Result<(usize, usize, u64)> {
    let (mut files, mut lines, mut bytes) = (0, 0, 0);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read(&path)?;
                files += 1;
                lines += text.iter().filter(|&&b| b == b'\n').count();
                bytes += text.len() as u64;
            }
        }
    }
    Ok((files, lines, bytes))
}

/// The size of the newest `lib<krate>-*.rlib` in `deps`.
fn rlib_size(deps: &Path, krate: &str) -> Option<u64> {
    let prefix = format!("lib{krate}-");
    std::fs::read_dir(deps)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter(|e| e.path().extension().is_some_and(|x| x == "rlib"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.metadata().ok()?.len())))
        .max()
        .map(|(_, len)| len)
}

/// The machine, for the record: CPU model, cores, memory.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, m)| m.trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gb = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|r| r.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1e6)
        .unwrap_or(0.0);
    format!("{model}, {cores} cores, {mem_gb:.0} GB")
}

fn write_json(path: &Path, machine: &str, runs: usize, figures: serde_json::Value) -> Result<(), String> {
    let doc = serde_json::json!({ "machine": machine, "runs": runs, "figures": figures });
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))
}
