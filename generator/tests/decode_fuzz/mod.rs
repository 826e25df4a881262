//! Fuzzing the generated crate's decoding: the arazzo harness (see
//! `apideck.rs`) gets a second mode that feeds every response body of the
//! SDK's test workflows, mutated (bytes flipped, cut, repeated; values
//! replaced by other kinds, extreme numbers, bad dates, lone surrogates;
//! keys dropped; nodes wrapped), and random bytes, through each body's type
//! (every type of the workflows, lenient and strict), through the crate's
//! own `runtime::decode`, as a client decodes a response. A decode may fail;
//! it must never panic. Inputs that panic are written out to be committed.
//!
//! `DECODE_FUZZ_SECONDS` (default 20) bounds the run; a seeded generator
//! (`DECODE_FUZZ_SEED`, default 1) makes it repeatable.

/// Rust source appended to the harness: `fuzz(cases, seconds, seed)` and
/// the per-type decode dispatch.
pub fn harness_source(types: &[&String]) -> String {
    let arms: String = types
        .iter()
        .map(|t| {
            format!(
                "        {t:?} => {{ let _ = apideck::runtime::decode::<{t}>(bytes, false); let _ = apideck::runtime::decode::<{t}>(bytes, true); }}\n"
            )
        })
        .collect();
    let names: String = types.iter().map(|t| format!("    {t:?},\n")).collect();
    format!(
        r#"
/// Every type the harness knows.
const TYPES: &[&str] = &[
{names}];

fn decode_as(ty: &str, bytes: &[u8]) {{
    match ty {{
{arms}        _ => {{}}
    }}
}}

/// xorshift64*: repeatable, no dependency.
struct Rng(u64);

impl Rng {{
    fn next(&mut self) -> u64 {{
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }}
    fn below(&mut self, n: usize) -> usize {{
        if n == 0 {{ 0 }} else {{ (self.next() % n as u64) as usize }}
    }}
}}

/// Values that break naive decoders.
const INTERESTING: &[&str] = &[
    "null", "true", "false", "0", "-1", "1.5", "1e400", "-1e400", "18446744073709551616", "-9223372036854775809",
    "\"\"", "\"\\u0000\"", "\"\\ud800\"", "\"2024-13-45T99:99:99Z\"", "\"1970-01-01T00:00:00+25:00\"", "\"x\"",
    "[]", "{{}}", "[null]", "{{\"\":null}}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
];

fn interesting(rng: &mut Rng) -> serde_json::Value {{
    serde_json::from_str(INTERESTING[rng.below(INTERESTING.len())]).unwrap_or(serde_json::Value::Null)
}}

/// How many nodes a value has.
fn count(v: &serde_json::Value) -> usize {{
    1 + match v {{
        serde_json::Value::Array(a) => a.iter().map(count).sum(),
        serde_json::Value::Object(o) => o.values().map(count).sum(),
        _ => 0,
    }}
}}

/// Mutates the `k`th node (depth first) of `v`; true once done.
fn mutate_nth(v: &mut serde_json::Value, k: &mut usize, rng: &mut Rng) -> bool {{
    if *k == 0 {{
        mutate_node(v, rng);
        return true;
    }}
    *k -= 1;
    match v {{
        serde_json::Value::Array(a) => a.iter_mut().any(|c| mutate_nth(c, k, rng)),
        serde_json::Value::Object(o) => o.values_mut().any(|c| mutate_nth(c, k, rng)),
        _ => false,
    }}
}}

/// One structural mutation of a value, at a random node.
fn mutate_value(v: &mut serde_json::Value, rng: &mut Rng) {{
    let mut k = rng.below(count(v));
    mutate_nth(v, &mut k, rng);
}}

fn mutate_node(node: &mut serde_json::Value, rng: &mut Rng) {{
    match rng.below(4) {{
        0 => *node = interesting(rng),
        1 => match node {{
            serde_json::Value::Object(o) if !o.is_empty() => {{
                let k = o.keys().nth(rng.below(o.len())).cloned().unwrap();
                o.remove(&k);
            }}
            serde_json::Value::Array(a) if !a.is_empty() => {{
                let i = rng.below(a.len());
                a.remove(i);
            }}
            _ => *node = serde_json::Value::Null,
        }},
        2 => *node = serde_json::json!([node.take()]),
        _ => {{
            if let serde_json::Value::Object(o) = node {{
                o.insert(format!("unknown{{}}", rng.below(9)), interesting(rng));
            }} else {{
                *node = serde_json::json!({{"value": node.take()}});
            }}
        }}
    }}
}}

/// One mutation of the text's bytes.
fn mutate_bytes(b: &mut Vec<u8>, rng: &mut Rng) {{
    if b.is_empty() {{
        b.push(b'{{');
        return;
    }}
    let i = rng.below(b.len());
    match rng.below(5) {{
        0 => b[i] = (rng.next() & 0xff) as u8,
        1 => {{
            let end = (i + 1 + rng.below(16)).min(b.len());
            b.drain(i..end);
        }}
        2 => {{
            let end = (i + 1 + rng.below(16)).min(b.len());
            let span: Vec<u8> = b[i..end].to_vec();
            b.splice(i..i, span);
        }}
        3 => {{
            let token = INTERESTING[rng.below(INTERESTING.len())].as_bytes().to_vec();
            b.splice(i..i, token);
        }}
        _ => b.truncate(i),
    }}
}}

/// Decodes `bytes` as `ty`; `false` when it panicked.
fn survives(ty: &str, bytes: &[u8]) -> bool {{
    std::panic::catch_unwind(|| decode_as(ty, bytes)).is_ok()
}}

fn fuzz(cases: &[serde_json::Value], seconds: u64, seed: u64) {{
    std::panic::set_hook(Box::new(|_| {{}}));
    let mut rng = Rng(seed.max(1));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let bodies: Vec<(&str, &serde_json::Value)> = cases
        .iter()
        .filter(|c| {{
            let media = c["media"].as_str().unwrap_or("");
            let media = media.split(';').next().unwrap_or("").trim();
            media == "application/json" || media.ends_with("+json")
        }})
        .map(|c| (c["ty"].as_str().unwrap(), &c["body"]))
        .collect();
    let (mut execs, mut rounds) = (0u64, 0u64);
    let mut crashes: Vec<serde_json::Value> = Vec::new();
    let mut check = |ty: &str, bytes: &[u8], execs: &mut u64| {{
        *execs += 1;
        if !survives(ty, bytes) && crashes.len() < 20 {{
            crashes.push(serde_json::json!({{"ty": ty, "input": String::from_utf8_lossy(bytes)}}));
        }}
    }};
    loop {{
        rounds += 1;
        for (ty, body) in &bodies {{
            let mut value = (*body).clone();
            for _ in 0..1 + rng.below(3) {{
                mutate_value(&mut value, &mut rng);
            }}
            check(ty, serde_json::to_string(&value).unwrap().as_bytes(), &mut execs);
            let mut bytes = serde_json::to_vec(body).unwrap();
            for _ in 0..1 + rng.below(3) {{
                mutate_bytes(&mut bytes, &mut rng);
            }}
            check(ty, &bytes, &mut execs);
        }}
        for ty in TYPES {{
            let len = rng.below(64);
            let noise: Vec<u8> = (0..len).map(|_| (rng.next() & 0xff) as u8).collect();
            check(ty, &noise, &mut execs);
            let token = INTERESTING[rng.below(INTERESTING.len())];
            check(ty, token.as_bytes(), &mut execs);
        }}
        if std::time::Instant::now() >= deadline {{
            break;
        }}
    }}
    println!("{{}}", serde_json::json!({{"execs": execs, "rounds": rounds, "bodies": bodies.len(), "types": TYPES.len(), "crashes": crashes}}));
}}
"#
    )
}

/// Checks the harness's fuzz report: runs happened, nothing panicked.
/// Crashing inputs are written to `crashers/` for committing as regression
/// cases; returns the summary line.
pub fn check(stdout: &str, crashers: &std::path::Path) -> String {
    let report: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    let crashes = report["crashes"].as_array().unwrap();
    if !crashes.is_empty() {
        std::fs::create_dir_all(crashers).unwrap();
        for (i, c) in crashes.iter().enumerate() {
            std::fs::write(crashers.join(format!("crash-{i}.json")), c.to_string()).unwrap();
        }
    }
    assert!(crashes.is_empty(), "decoding panicked ({} inputs in {}): {crashes:#?}", crashes.len(), crashers.display());
    let execs = report["execs"].as_u64().unwrap();
    let bodies = report["bodies"].as_u64().unwrap();
    let types = report["types"].as_u64().unwrap();
    assert!(bodies > 300 && types > 100 && execs >= 2 * bodies + 2 * types, "{report}");
    format!(
        "decode fuzz: {execs} decodes ({} rounds over {bodies} mutated bodies and {types} types' random bytes), no panic",
        report["rounds"]
    )
}
