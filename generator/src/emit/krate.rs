//! The crate around the models: `Cargo.toml`, `lib.rs`, README, and the
//! runtime files copied verbatim from `templates/`.

use super::{format_file, Emitter, Files};
use crate::ir::walk::{operation_refs, type_refs, Site};
use crate::ir::{Ir, Primitive, TypeId, TypeRef};
use quote::quote;

/// What the generated crate is called and how it describes itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateOptions {
    /// The package name (`apideck`).
    pub name: String,
    /// The package version.
    pub version: String,
}

impl Default for CrateOptions {
    fn default() -> Self {
        CrateOptions { name: "apideck".into(), version: "0.1.0".into() }
    }
}

/// The runtime files, copied into `src/runtime/` of every generated crate.
const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../../templates/src/runtime/mod.rs")),
    ("client.rs", include_str!("../../../templates/src/runtime/client.rs")),
    ("date_time.rs", include_str!("../../../templates/src/runtime/date_time.rs")),
    ("de.rs", include_str!("../../../templates/src/runtime/de.rs")),
    ("encode.rs", include_str!("../../../templates/src/runtime/encode.rs")),
    ("error.rs", include_str!("../../../templates/src/runtime/error.rs")),
    ("http_metadata.rs", include_str!("../../../templates/src/runtime/http_metadata.rs")),
    ("request.rs", include_str!("../../../templates/src/runtime/request.rs")),
    ("response.rs", include_str!("../../../templates/src/runtime/response.rs")),
    ("retry.rs", include_str!("../../../templates/src/runtime/retry.rs")),
    ("stream.rs", include_str!("../../../templates/src/runtime/stream.rs")),
    ("strict.rs", include_str!("../../../templates/src/runtime/strict.rs")),
    ("union.rs", include_str!("../../../templates/src/runtime/union.rs")),
];

const CARGO_TEMPLATE: &str = include_str!("../../../templates/Cargo.toml.tmpl");

/// The one table of dependency versions generated crates use. The client's
/// (optional, behind the default `client` feature) are the same as
/// `templates/Cargo.toml`'s, where the runtime is compiled and tested.
const DEPENDENCIES: &[(&str, &str)] = &[
    ("backon", r#"{ version = "1.6", default-features = false, features = ["std"], optional = true }"#),
    ("bytes", r#""1""#),
    ("chrono", r#"{ version = "0.4.38", default-features = false, features = ["std", "serde"] }"#),
    ("futures-core", r#"{ version = "0.3", default-features = false, features = ["std"] }"#),
    ("futures-util", r#"{ version = "0.3", default-features = false, features = ["std"], optional = true }"#),
    ("httpdate", r#"{ version = "1", optional = true }"#),
    ("percent-encoding", r#"{ version = "2", optional = true }"#),
    (
        "reqwest",
        r#"{ version = "0.13", default-features = false, features = ["rustls-no-provider", "multipart", "http2"], optional = true }"#,
    ),
    (
        "rustls",
        r#"{ version = "0.23", default-features = false, features = ["ring", "std", "tls12"], optional = true }"#,
    ),
    ("serde", r#"{ version = "1.0.200", features = ["derive"] }"#),
    ("serde_json", r#""1.0.100""#),
    ("serde_path_to_error", r#""0.1""#),
    ("tokio", r#"{ version = "1", features = ["time"], optional = true }"#),
    ("uuid", r#"{ version = "1.8", features = ["serde"] }"#),
    ("webpki-roots", r#"{ version = "1", optional = true }"#),
];

fn uses_uuid(t: &TypeRef) -> bool {
    match t {
        TypeRef::Primitive(Primitive::Uuid) => true,
        TypeRef::List(i) | TypeRef::Map(i) | TypeRef::Nullable(i) => uses_uuid(i),
        _ => false,
    }
}

/// What the crate says it is: the APIs' titles, or how many docs it came from.
fn description(ir: &Ir) -> String {
    if ir.apis.is_empty() {
        format!("the models of {} Speakeasy model docs", ir.types.len())
    } else {
        ir.apis.iter().map(|a| a.title.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// `Cargo.toml`: the template with the crate's name, version, description
/// and the dependencies its code uses; with several APIs, a feature per API
/// (on by default) and the examples that need them.
fn cargo_toml(emitter: &Emitter<'_>, options: &CrateOptions, files: &Files) -> String {
    let ir = emitter.ir;
    // Every emitted place a type can be: response headers are not emitted.
    let mut needs_uuid = false;
    for op in &ir.operations {
        operation_refs(op, |site, t| needs_uuid |= !matches!(site, Site::Header(_)) && uses_uuid(t));
    }
    for i in 0..ir.types.len() {
        type_refs(ir, TypeId(i), |t| needs_uuid |= uses_uuid(t));
    }
    let deps: String = DEPENDENCIES
        .iter()
        .filter(|(name, _)| *name != "uuid" || needs_uuid)
        .map(|(name, spec)| format!("{name} = {spec}\n"))
        .collect();
    let text = CARGO_TEMPLATE
        .replace("{{name}}", &options.name)
        .replace("{{version}}", &options.version)
        .replace("{{description}}", &format!("Rust SDK for {}", description(ir).replace('"', "'")))
        .replace("{{dependencies}}", deps.trim_end());
    match &emitter.features {
        None => text,
        Some(features) => with_api_features(ir, features, text, files),
    }
}

/// Adds a feature per API to `Cargo.toml`, and a `[[example]]` per usage
/// example with the features it needs.
fn with_api_features(ir: &Ir, features: &crate::passes::features::Features, text: String, files: &Files) -> String {
    use crate::passes::features::feature_name;
    let names: Vec<String> = ir.apis.iter().map(feature_name).collect();
    let default: Vec<String> =
        ["client".to_string()].into_iter().chain(names.iter().cloned()).map(|n| format!("{n:?}")).collect();
    let mut apis = String::from(
        "# One feature per API: the API's types (and, with `client`, its operations). Each alone compiles\n# only what that API needs: `--no-default-features --features client,vault`.\n",
    );
    for name in &names {
        apis.push_str(&format!("{name} = []\n"));
    }
    let mut text = text.replacen("default = [\"client\"]", &format!("default = [{}]", default.join(", ")), 1).replacen(
        "\n\n[dependencies]",
        &format!("\n{apis}\n[dependencies]"),
        1,
    );
    for &g in &ir.client.groups[0].children {
        let group = &ir.client.groups[g];
        if !files.contains_key(&format!("examples/{}.rs", group.accessor)) {
            continue;
        }
        let mut required = vec!["\"client\"".to_string()];
        required.extend(features.groups[g].iter().map(|a| format!("{:?}", names[a.0])));
        text.push_str(&format!(
            "\n[[example]]\nname = {:?}\nrequired-features = [{}]\n",
            group.accessor,
            required.join(", ")
        ));
    }
    text
}

/// The crate docs' paragraph on per-API features (none for one API).
fn features_doc(ir: &Ir, features: bool) -> Vec<String> {
    if !features {
        return Vec::new();
    }
    let names: Vec<String> = ir.apis.iter().map(crate::passes::features::feature_name).collect();
    let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    vec![
        String::new(),
        format!("Each API has a Cargo feature, all on by default: {}.", listed.join(", ")),
        format!(
            "One alone compiles only that API's types and, with `client`, its operations: `--no-default-features --features client,{}`.",
            names[0]
        ),
    ]
}

pub(crate) fn emit_crate_files(emitter: &Emitter<'_>, options: &CrateOptions, files: &mut Files) -> Result<(), String> {
    let ir = emitter.ir;
    let cargo = cargo_toml(emitter, options, files);
    files.insert("Cargo.toml".into(), cargo);
    let description = description(ir);

    for (name, text) in RUNTIME {
        let header = format!("// @generated: copied verbatim from `templates/src/runtime/{name}` by `cargo xtask generate`.\n// Do not edit here: edit the template and regenerate.\n\n");
        files.insert(format!("src/runtime/{name}"), format!("{header}{text}"));
    }

    let mut api_docs = String::new();
    for api in &ir.apis {
        api_docs.push_str(&format!("- {} (`{}`), version {}\n", api.title, api.module, api.version));
    }
    if ir.apis.is_empty() {
        api_docs
            .push_str("No operations: generated from model docs alone, which describe types, not how to call them.\n");
    }
    let mut intro = vec![format!("Rust SDK for {}.", description), String::new()];
    if !ir.apis.is_empty() {
        intro.extend(["Generated from these OpenAPI specs:".to_string(), String::new()]);
    }
    let doc_lines: Vec<String> = intro
        .into_iter()
        .chain(api_docs.lines().map(|l| super::rustdoc::sanitize(l).join(" ")))
        .chain([
            String::new(),
            "The types are in [`models`]: [`models::components`] (schemas shared by all APIs),".to_string(),
            "[`models::operations`] (`{Api}{OperationId}Request`/`Response` per operation) and".to_string(),
            "[`models::errors`] (bodies of error responses).".to_string(),
        ])
        .chain(features_doc(ir, emitter.features.is_some()))
        .collect();
    let doc_lines = doc_lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    let http_metadata = super::ident(crate::naming::HTTP_METADATA_TYPE);
    let client = (!ir.operations.is_empty()).then(|| {
        let name = super::ident(&ir.client.name);
        let builder = super::ident(&ir.client.builder);
        quote! {
            #[cfg(feature = "client")]
            pub mod client;
            #[cfg(feature = "client")]
            pub use client::{#name, #builder, CallOptions, Error, ErrorBody, RetryMethods, RetryPolicy, Secret};
        }
    });
    let lib = quote! {
        #( #![doc = #doc_lines] )*
        #![warn(missing_docs)]
        #![deny(unsafe_code)]

        pub mod models;
        pub mod runtime;
        #client

        pub use runtime::{DateTime, #http_metadata};
    };
    files.insert("src/lib.rs".into(), format_file(super::header(ir), "lib.rs", lib)?);

    let readme = format!(
        "<!-- @generated by `cargo xtask generate`. Do not edit by hand: regenerate. -->\n# {name}\n\nRust SDK for {description}.\n\n## APIs\n\n{api_docs}\n## Layout\n\n- `src/models/components/`: schemas shared by the APIs.\n- `src/models/operations/`: `{{Api}}{{OperationId}}Request` and `...Response` for every operation.\n- `src/models/errors/`: the bodies of error responses.\n- `src/runtime/`: support code copied from the generator's templates.\n",
        name = options.name,
    );
    let readme = match features_doc(ir, emitter.features.is_some()).as_slice() {
        [_, list, usage] => format!("{readme}\n## Features\n\n{list}\n{usage}\n"),
        _ => readme,
    };
    files.insert("README.md".into(), readme);
    Ok(())
}
