//! Decode and encode throughput of the generated types, against
//! `serde_json::Value` on the same bytes, measured in one run.
//!
//! Each body is a list response of the SDK's test workflows
//! (`tests.arazzo.yaml`), its `data` items repeated until the body is large
//! (4 MB; 200 kB with `--quick`). A harness crate that depends on the
//! generated crate decodes it into the response's type and into a `Value`,
//! both through the crate's `runtime::decode` (what its client runs on a
//! response body), and encodes both back with `serde_json::to_writer` into a
//! buffer kept across rounds; the sides alternate round by round, each first
//! every other round. The figures are medians, in MB/s of the body's size.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A body to measure: its label, the workflow whose response it is made
/// from, and the generated type it decodes into (below the crate root).
pub struct Body {
    pub label: &'static str,
    pub workflow: &'static str,
    pub ty: &'static str,
}

/// The bodies of the full run: three large list responses.
pub const FULL: [Body; 3] = [
    Body {
        label: "accounting invoices",
        workflow: "accounting.invoicesAll",
        ty: "models::components::GetInvoicesResponse",
    },
    Body { label: "CRM contacts", workflow: "crm.contactsAll", ty: "models::components::GetContactsResponse" },
    Body { label: "HRIS employees", workflow: "hris.employeesAll", ty: "models::components::GetEmployeesResponse" },
];

/// The body of `--quick`, which the `vault.yml` crate has.
pub const QUICK: [Body; 1] =
    [Body { label: "vault consumers", workflow: "vault.consumersAll", ty: "models::components::GetConsumersResponse" }];

/// The figures of one body.
pub struct Figures {
    pub label: &'static str,
    pub bytes: usize,
    /// Decode and encode, MB/s: (typed, `Value`).
    pub decode: (f64, f64),
    pub encode: (f64, f64),
}

/// The JSON of the successful response of `workflow` in the arazzo file.
fn response_body(arazzo: &serde_yaml::Value, workflow: &str) -> Result<serde_json::Value, String> {
    let workflows = arazzo["workflows"].as_sequence().ok_or("the arazzo file has no workflows")?;
    let found = workflows
        .iter()
        .find(|w| w["workflowId"].as_str() == Some(workflow))
        .ok_or_else(|| format!("no workflow {workflow}"))?;
    let steps = found["steps"].as_sequence().ok_or("a workflow without steps")?;
    for criterion in steps.iter().flat_map(|s| s["successCriteria"].as_sequence().into_iter().flatten()) {
        if criterion["context"].as_str() == Some("$response.body") {
            let text = criterion["condition"].as_str().ok_or("a body condition that is not text")?;
            return serde_json::from_str(text).map_err(|e| format!("{workflow}: the body is not JSON: {e}"));
        }
    }
    Err(format!("{workflow}: no $response.body criterion"))
}

/// `body` with its `data` items repeated until it is at least `size` bytes.
fn enlarge(mut body: serde_json::Value, size: usize) -> Result<Vec<u8>, String> {
    let items = body["data"].as_array().cloned().filter(|d| !d.is_empty()).ok_or("the body has no `data` items")?;
    let one = serde_json::to_vec(&items).map_err(|e| e.to_string())?.len().max(1);
    let copies = size.div_ceil(one).max(1);
    let data: Vec<serde_json::Value> = (0..copies).flat_map(|_| items.iter().cloned()).collect();
    body["data"] = serde_json::Value::Array(data);
    serde_json::to_vec(&body).map_err(|e| e.to_string())
}

const HARNESS: &str = r#"//! Decodes and encodes each body, typed and as a `Value`, round by round.
use std::hint::black_box;
use std::time::Instant;

fn seconds(f: impl FnOnce()) -> f64 {
    let started = Instant::now();
    f();
    started.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

{{decode}}

fn measure<T: serde::de::DeserializeOwned + serde::Serialize>(path: &str, rounds: usize) -> String {
    let bytes = std::fs::read(path).unwrap();
    let typed: T = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{path} does not decode: {e}"));
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let (mut td, mut vd, mut te, mut ve) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // Encoding writes into a buffer kept from round to round, so that it is
    // the encoding that is timed and not the growth of a 4 MB vector.
    let (mut typed_out, mut value_out) = (Vec::with_capacity(2 * bytes.len()), Vec::with_capacity(2 * bytes.len()));
    for round in 0..rounds {
        // Each side goes first every other round: neither always meets the
        // allocator as the other left it.
        for side in [round % 2, 1 - round % 2] {
            if side == 0 {
                td.push(seconds(|| drop(black_box(decode::<T>(black_box(&bytes)).unwrap()))));
                typed_out.clear();
                te.push(seconds(|| serde_json::to_writer(black_box(&mut typed_out), black_box(&typed)).unwrap()));
            } else {
                vd.push(seconds(|| drop(black_box(decode::<serde_json::Value>(black_box(&bytes)).unwrap()))));
                value_out.clear();
                ve.push(seconds(|| serde_json::to_writer(black_box(&mut value_out), black_box(&value)).unwrap()));
            }
        }
    }
    let mbs = |s: f64| bytes.len() as f64 / 1e6 / s;
    format!(
        "{} {} {} {} {}",
        bytes.len(),
        mbs(median(td)),
        mbs(median(vd)),
        mbs(median(te)),
        mbs(median(ve))
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rounds: usize = args[1].parse().unwrap();
    for (i, path) in args[2..].iter().enumerate() {
        let line = match i {
{{arms}}            _ => unreachable!(),
        };
        println!("{line}");
    }
}
"#;

/// Where and how to measure.
pub struct Setup<'a> {
    /// `$SHARED_DIR` (the arazzo file is under it).
    pub shared: &'a Path,
    /// `target/bench`.
    pub bench_dir: &'a Path,
    /// The cargo target folder.
    pub target: &'a Path,
    /// The generated crate and its package name.
    pub crate_dir: &'a Path,
    pub krate: &'a str,
    /// Build the harness optimised (and use large bodies).
    pub release: bool,
    pub rounds: usize,
    /// The lock file whose versions the harness is built with, if any.
    pub lock: Option<&'a Path>,
}

/// Measures `bodies` against the generated crate of `setup`.
pub fn run(setup: &Setup<'_>, bodies: &[Body]) -> Result<Vec<Figures>, String> {
    let Setup { shared, bench_dir, target, crate_dir, krate, release, rounds, lock } = *setup;
    let arazzo_path = shared.join("apideck/sdk-typescript/tests.arazzo.yaml");
    let text = std::fs::read_to_string(&arazzo_path).map_err(|e| format!("{}: {e}", arazzo_path.display()))?;
    let arazzo: serde_yaml::Value =
        serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", arazzo_path.display()))?;
    let dir = bench_dir.join("decode").join(krate);
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let size = if release { 4_000_000 } else { 200_000 };
    let mut paths: Vec<PathBuf> = Vec::new();
    for body in bodies {
        let bytes = enlarge(response_body(&arazzo, body.workflow)?, size)?;
        let path = dir.join(format!("{}.json", body.workflow));
        std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
        paths.push(path);
    }
    let rust_crate = krate.replace('-', "_");
    let arms: String = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| format!("            {i} => measure::<{rust_crate}::{}>(path, rounds),\n", b.ty))
        .collect();
    let cargo_toml = format!(
        "[package]\nname = \"decode_bench\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{krate} = {{ path = {:?} }}\nserde = \"1\"\nserde_json = \"1\"\n\n[workspace]\n",
        crate_dir.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), cargo_toml).map_err(|e| e.to_string())?;
    // Both sides decode through the generated crate's own decoding (what
    // its client runs on a response body), so they differ only in the type.
    let decode = format!(
        "fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, {rust_crate}::runtime::DecodeProblem> {{\n    {rust_crate}::runtime::decode(bytes, false)\n}}"
    );
    let harness = HARNESS.replace("{{arms}}", &arms).replace("{{decode}}", &decode);
    std::fs::write(dir.join("src/main.rs"), harness).map_err(|e| e.to_string())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(&cargo);
    build.args(["build", "--quiet", "--target-dir"]).arg(target).current_dir(&dir);
    if release {
        build.arg("--release");
    }
    if let Some(lock) = lock {
        crate::lock::fit(&dir, lock)?;
        build.arg("--locked");
    }
    let status = build.status().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("building the decode harness in {} failed", dir.display()));
    }
    let binary = target.join(if release { "release" } else { "debug" }).join("decode_bench");
    let out = Command::new(binary)
        .arg(rounds.to_string())
        .args(&paths)
        .output()
        .map_err(|e| format!("running the decode harness: {e}"))?;
    if !out.status.success() {
        return Err(format!("the decode harness failed:\n{}", String::from_utf8_lossy(&out.stderr)));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut figures = Vec::new();
    for (body, line) in bodies.iter().zip(stdout.lines()) {
        let n: Vec<f64> = line.split(' ').filter_map(|x| x.parse().ok()).collect();
        let [bytes, td, vd, te, ve] = n.as_slice() else {
            return Err(format!("unexpected harness output: {line}"));
        };
        figures.push(Figures { label: body.label, bytes: *bytes as usize, decode: (*td, *vd), encode: (*te, *ve) });
    }
    if figures.len() != bodies.len() {
        return Err(format!("the decode harness printed {} lines for {} bodies", figures.len(), bodies.len()));
    }
    Ok(figures)
}
