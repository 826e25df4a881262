//! `cargo xtask bench --peers`: OpenAPI Generator's `rust` target side by
//! side with ours, spec by spec, on the same Apideck specs, in one run.
//!
//! For each spec, both generators make a crate of it alone (ours with the
//! release generator, theirs with `openapi-generator-cli generate -g rust`),
//! and each crate is checked from scratch the way the compile section does
//! it (dependencies built once, the crate's own artifacts removed before
//! each run, `CARGO_INCREMENTAL=0`), with its default features. The figures:
//! generation wall time and peak memory, output lines and bytes, whether
//! `cargo check` passes, its errors and warnings, and its time and peak
//! memory. The peer is found on `PATH` as `openapi-generator-cli` (the PyPI
//! package of that name bundles the jar and needs a Java runtime), or at
//! `$OPENAPI_GENERATOR_CLI`.

use super::{cargo, measure, size_of, Stats, GLOBALS};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What the comparison needs from the benchmark.
pub struct Setup<'a> {
    /// Our release generator.
    pub generator: &'a Path,
    pub specs: &'a [PathBuf],
    pub bench_dir: &'a Path,
    /// Where the crates are compiled.
    pub target: &'a Path,
    pub runs: usize,
}

/// One generator's figures for one spec.
struct Side {
    generate_s: Stats,
    generate_peak: Stats,
    generated: bool,
    lines: usize,
    bytes: u64,
    check: Option<Check>,
}

/// The outcome of `cargo check` of one crate.
struct Check {
    passed: bool,
    errors: usize,
    warnings: usize,
    wall_s: Stats,
    peak: Stats,
}

fn peer_cli() -> String {
    std::env::var("OPENAPI_GENERATOR_CLI").unwrap_or_else(|_| "openapi-generator-cli".into())
}

/// The peer's version line, or why it cannot run.
fn peer_version() -> Result<String, String> {
    let out = Command::new(peer_cli()).arg("version").output().map_err(|e| {
        format!(
            "cannot run `{}` ({e}): install it with `pip install openapi-generator-cli` and a Java \
             runtime (Debian: `apt-get install default-jre-headless`), or set OPENAPI_GENERATOR_CLI",
            peer_cli()
        )
    })?;
    if !out.status.success() {
        return Err(format!("`{} version` failed: {}", peer_cli(), String::from_utf8_lossy(&out.stderr)));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text.lines().last().unwrap_or("unknown").trim().to_string())
}

/// A crate name for `spec`: `<prefix>_<stem>` in snake case.
fn crate_name(prefix: &str, spec: &Path) -> String {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    format!("{prefix}_{}", stem.replace(['-', '.'], "_"))
}

/// The count in cargo's summary lines: `generated 3 warnings`,
/// `due to 12 previous errors`; 0 when there is none.
fn count_in(stderr: &str, after: &str, unit: &str) -> usize {
    stderr
        .lines()
        .filter(|l| l.contains("(lib)"))
        .filter_map(|l| {
            let rest = &l[l.find(after)? + after.len()..];
            let n = rest.split_whitespace().next()?;
            rest.contains(unit).then(|| n.parse::<usize>().ok()).flatten()
        })
        .sum()
}

/// Generates the crate of one spec `runs` times into `out` (emptied before
/// each run) with `cmd`, and measures it and the output.
fn generate(runs: usize, out: &Path, mut cmd: impl FnMut() -> Command) -> Result<Side, String> {
    let (mut walls, mut peaks) = (Vec::new(), Vec::new());
    let mut generated = true;
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(out);
        let r = measure(&mut cmd()).map_err(|e| e.to_string())?;
        walls.push(r.seconds);
        peaks.push(r.peak_bytes as f64);
        if !r.success {
            eprintln!("generation into {} failed:\n{}", out.display(), r.stderr);
            generated = false;
            break;
        }
    }
    let (_, lines, bytes) = if generated { size_of(out).map_err(|e| e.to_string())? } else { (0, 0, 0) };
    Ok(Side { generate_s: Stats::of(&walls), generate_peak: Stats::of(&peaks), generated, lines, bytes, check: None })
}

/// `cargo check` of the crate at `dir` from scratch, `runs` times (once
/// when it fails).
fn check(dir: &Path, krate: &str, target: &Path, runs: usize) -> Result<Check, String> {
    let (mut walls, mut peaks) = (Vec::new(), Vec::new());
    let (mut passed, mut errors, mut warnings) = (true, 0, 0);
    for _ in 0..runs {
        let _ = Command::new(cargo())
            .args(["clean", "--quiet", "--package", krate, "--target-dir"])
            .arg(target)
            .current_dir(dir)
            .status();
        let mut cmd = Command::new(cargo());
        cmd.args(["check", "--target-dir"]).arg(target).current_dir(dir).env("CARGO_INCREMENTAL", "0");
        let r = measure(&mut cmd).map_err(|e| e.to_string())?;
        walls.push(r.seconds);
        peaks.push(r.peak_bytes as f64);
        passed = r.success;
        errors = count_in(&r.stderr, "due to ", "error");
        // A failed check's summary reads `due to 12 previous errors; 3 warnings emitted`.
        warnings = count_in(&r.stderr, "generated ", "warning") + count_in(&r.stderr, "errors; ", "warning");
        if !passed {
            break;
        }
    }
    Ok(Check { passed, errors, warnings, wall_s: Stats::of(&walls), peak: Stats::of(&peaks) })
}

/// Builds the dependencies of the crate at `dir` once (not measured); the
/// crate itself may fail.
fn warm(dir: &Path, target: &Path) {
    let _ = Command::new(cargo())
        .args(["check", "--quiet", "--target-dir"])
        .arg(target)
        .current_dir(dir)
        .env("CARGO_INCREMENTAL", "0")
        .stderr(std::process::Stdio::null())
        .status();
}

fn side_json(side: &Side) -> serde_json::Value {
    serde_json::json!({
        "generated": side.generated,
        "generate_s": side.generate_s.json(),
        "generate_peak_bytes": side.generate_peak.json(),
        "lines": side.lines,
        "bytes": side.bytes,
        "check": side.check.as_ref().map(|c| serde_json::json!({
            "passed": c.passed,
            "errors": c.errors,
            "warnings": c.warnings,
            "wall_s": c.wall_s.json(),
            "peak_bytes": c.peak.json(),
        })),
    })
}

/// `2.3 s 324 MB ok` / `5.1 s 400 MB FAILS (12 errors)`, and warnings.
fn show_check(check: Option<&Check>) -> String {
    let Some(c) = check else { return "not generated".into() };
    let verdict = if c.passed { "ok".to_string() } else { format!("FAILS ({} errors)", c.errors) };
    let warnings = if c.warnings > 0 { format!(", {} warnings", c.warnings) } else { String::new() };
    format!("{:.1} s {:.0} MB {verdict}{warnings}", c.wall_s.median, c.peak.median / 1e6)
}

/// Runs the comparison; prints a line per spec and returns the figures.
pub fn run(setup: &Setup) -> Result<serde_json::Value, String> {
    let version = peer_version()?;
    println!("\n## OpenAPI Generator `rust` ({version}) side by side, one crate per spec");
    println!("(generation wall, output lines; `cargo check` from scratch: wall, peak, verdict)");
    let dir = setup.bench_dir.join("peers");
    let mut figures = serde_json::Map::new();
    let (mut ours_passed, mut theirs_passed) = (0, 0);
    let (mut ours_check_s, mut theirs_check_s) = (0.0, 0.0);
    for (i, spec) in setup.specs.iter().enumerate() {
        let (our_crate, their_crate) = (crate_name("ours", spec), crate_name("og", spec));
        let (our_dir, their_dir) = (dir.join(&our_crate), dir.join(&their_crate));
        let mut ours = generate(setup.runs, &our_dir, || {
            let mut cmd = Command::new(setup.generator);
            cmd.arg("generate").arg("--spec").arg(spec).args(GLOBALS);
            cmd.arg("--name").arg(&our_crate).arg("--out").arg(&our_dir);
            cmd
        })?;
        let mut theirs = generate(setup.runs, &their_dir, || {
            let mut cmd = Command::new(peer_cli());
            cmd.args(["generate", "--generator-name", "rust", "--input-spec"]).arg(spec);
            cmd.arg("--output").arg(&their_dir).arg("--package-name").arg(&their_crate);
            cmd
        })?;
        for (side, dir, krate) in [(&mut ours, &our_dir, &our_crate), (&mut theirs, &their_dir, &their_crate)] {
            if side.generated {
                if i == 0 {
                    warm(dir, setup.target);
                }
                side.check = Some(check(dir, krate, setup.target, setup.runs)?);
            }
        }
        let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        println!(
            "{stem:<17} generate {:>6.2} s / {:>5.2} s   lines {:>6} / {:>6}   check ours {}  /  OG {}",
            ours.generate_s.median,
            theirs.generate_s.median,
            ours.lines,
            theirs.lines,
            show_check(ours.check.as_ref()),
            show_check(theirs.check.as_ref())
        );
        for (side, passed, total) in
            [(&ours, &mut ours_passed, &mut ours_check_s), (&theirs, &mut theirs_passed, &mut theirs_check_s)]
        {
            if let Some(c) = side.check.as_ref().filter(|c| c.passed) {
                *passed += 1;
                *total += c.wall_s.median;
            }
        }
        figures.insert(stem, serde_json::json!({ "ours": side_json(&ours), "openapi_generator": side_json(&theirs) }));
    }
    let n = setup.specs.len();
    println!(
        "crates that check: ours {ours_passed}/{n} ({ours_check_s:.1} s in all), OpenAPI Generator \
         {theirs_passed}/{n} ({theirs_check_s:.1} s for those that do)"
    );
    Ok(serde_json::json!({ "openapi_generator_version": version, "specs": figures }))
}

#[cfg(test)]
mod tests {
    use super::count_in;

    #[test]
    fn counts_come_from_cargos_summary_lines() {
        let passed = "warning: unused import\nwarning: `og_vault` (lib) generated 3 warnings (run `cargo fix`)\n";
        assert_eq!(count_in(passed, "generated ", "warning"), 3);
        assert_eq!(count_in(passed, "due to ", "error"), 0);
        let failed = "error[E0412]: cannot find type\nerror: could not compile `og_crm` (lib) due to 12 previous \
                      errors; 2 warnings emitted\n";
        assert_eq!(count_in(failed, "due to ", "error"), 12);
        assert_eq!(count_in(failed, "errors; ", "warning"), 2);
        let one = "error: could not compile `og_sms` (lib) due to 1 previous error\n";
        assert_eq!(count_in(one, "due to ", "error"), 1);
        // A line that is not cargo's summary does not count.
        assert_eq!(count_in("warning: generated 5 warnings", "generated ", "warning"), 0);
    }
}
