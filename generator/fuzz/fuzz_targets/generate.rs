//! Any bytes as a spec, read as YAML and as JSON, through the whole
//! pipeline: read, normalise, lower, name, emit. Generation must end in a
//! crate whose paths stay in its folder, or in diagnostics that render as
//! code frames; never in a panic, a hang or an abort.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// A folder of this process for the input files (external `$ref`s in an
/// input resolve next to it).
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("generator-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for name in ["spec.yaml", "spec.json"] {
        let path = dir().join(name);
        std::fs::write(&path, text).expect("the input is written");
        let config = generator::Config { specs: vec![path], ..Default::default() };
        match generator::generate(&config) {
            Ok(generated) => {
                for rel in generated.files.keys() {
                    assert!(
                        !rel.starts_with('/') && !rel.split('/').any(|c| c.is_empty() || c == "." || c == ".."),
                        "a generated path leaves the folder: {rel}"
                    );
                }
                let _ = generator::diag::render::human(&generated.warnings);
            }
            Err(errors) => {
                assert!(!errors.0.is_empty());
                let _ = generator::diag::render::human(&errors.0);
                let _ = generator::diag::render::json(&errors.0);
            }
        }
    }
});
