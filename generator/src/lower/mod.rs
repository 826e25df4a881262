//! Lowering: parsed OpenAPI documents → the IR.
//!
//! Every component schema of every spec is registered (given a [`TypeId`])
//! before any schema is converted, so forward references and recursion are
//! plain ids. Component schemas of different specs that share a name and a
//! shape become one type; same name, different shape, get distinct names.
//! Inline schemas are cached by their JSON pointer, so a parameter schema
//! shared by thirty operations is one type, not thirty.

mod classify;
mod object;
mod operation;
mod schema;
pub mod sdk_docs;

use crate::diag::{Diagnostics, Location};
use crate::ir::*;
use crate::read::LoadedSpec;
use openapiv3::{ReferenceOr, Schema};
use std::collections::{BTreeMap, HashMap};

/// Lowers `specs` into one IR. All problems are collected; the result is
/// `Err` when any of them is an error.
pub fn lower(
    specs: &[LoadedSpec],
    globals: &[Global],
    sdk_operations: &[crate::read::sdk_docs::OperationDoc],
    diags: &mut Diagnostics,
) -> Ir {
    let mut cx = Lowerer::new(specs);
    cx.configured_globals = globals.to_vec();
    cx.sdk_operations = sdk_operations.iter().map(|d| (d.operation_id.clone(), d.clone())).collect();
    cx.register_components();
    for spec in 0..specs.len() {
        cx.lower_api(spec);
    }
    cx.lower_components();
    for spec in 0..specs.len() {
        cx.lower_operations(spec);
    }
    cx.exclude_schemas();
    diags.extend(std::mem::take(&mut cx.diags));
    cx.ir
}

/// The state of one lowering run.
pub(crate) struct Lowerer<'a> {
    specs: &'a [LoadedSpec],
    ir: Ir,
    diags: Diagnostics,
    /// (spec, component schema name) → its type.
    components: BTreeMap<(usize, String), TypeId>,
    /// Component schemas to lower, with the spec they come from.
    pending_components: Vec<(usize, String, TypeId)>,
    /// (spec, JSON pointer) → what the inline schema there lowered to.
    by_pointer: HashMap<(usize, String), Lowered>,
    /// Component schema names being merged through `allOf`, to catch cycles.
    merging: Vec<(usize, String)>,
    /// Global parameters given by configuration (added to each spec's own).
    configured_globals: Vec<Global>,
    /// The SDK's operation docs by qualified operationId (`vault.sessionsCreate`):
    /// where each operation sits in the SDK's client.
    sdk_operations: BTreeMap<String, crate::read::sdk_docs::OperationDoc>,
}

/// Where a schema is lowered, and what that decides about the named type
/// made for it (if its shape is one). Passed down explicitly: a named
/// type's parts get sites of their own ([`Site::child`]); the parts of a
/// schema that is no named type (items, map values, the one member that
/// stands for it) share its site ([`Site::inner`]).
#[derive(Debug, Clone)]
pub(crate) struct Site {
    /// The spec it is in.
    pub spec: usize,
    /// Its JSON pointer: where errors point, and the key inline schemas are
    /// lowered once by.
    pub pointer: String,
    /// The type's candidate name when no short name is free
    /// (`{Parent}{Property}`, `{Api}{OperationId}RequestBody`...).
    pub hint: String,
    /// The property the schema is the type of: the short name the type
    /// prefers (see [`TypeDef::preferred_names`]).
    pub property: Option<String>,
    /// The component schema it is inside, which prefixes `property` when
    /// the short name is taken.
    pub root: Option<String>,
    /// It is a member of a union (where an empty object is a map).
    pub union_member: bool,
}

impl Site {
    /// A schema outside component schemas (a parameter's, a body's...).
    pub(crate) fn new(spec: usize, pointer: String, hint: String) -> Site {
        Site { spec, pointer, hint, property: None, root: None, union_member: false }
    }

    /// A part of the same schema that stands for it (its items, its map
    /// values, its one member): same names.
    pub(crate) fn inner(&self, pointer: String) -> Site {
        Site { pointer, union_member: false, ..self.clone() }
    }

    /// A schema inside the named type made here (a property, a member).
    pub(crate) fn child(&self, pointer: String, hint: String, property: Option<String>, union_member: bool) -> Site {
        Site { spec: self.spec, pointer, hint, property, root: self.root.clone(), union_member }
    }
}

/// The result of lowering one schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub default: Option<serde_json::Value>,
    pub rustdoc: Rustdoc,
}

impl Lowered {
    fn plain(ty: TypeRef) -> Self {
        Lowered { ty, nullable: false, read_only: false, write_only: false, default: None, rustdoc: Rustdoc::default() }
    }
}

/// Reads the annotations every schema may carry.
pub(crate) fn rustdoc_of(data: &openapiv3::SchemaData) -> Rustdoc {
    Rustdoc {
        title: data.title.clone(),
        description: data.description.clone(),
        example: data.example.clone(),
        deprecated: data.deprecated,
    }
}

impl<'a> Lowerer<'a> {
    fn new(specs: &'a [LoadedSpec]) -> Self {
        Lowerer {
            specs,
            ir: Ir::default(),
            diags: Diagnostics::new(),
            components: BTreeMap::new(),
            pending_components: Vec::new(),
            by_pointer: HashMap::new(),
            merging: Vec::new(),
            configured_globals: Vec::new(),
            sdk_operations: BTreeMap::new(),
        }
    }

    fn loc(&self, spec: usize, pointer: &str) -> Location {
        Location::new(&self.specs[spec].path, pointer)
    }

    pub(crate) fn error(&mut self, spec: usize, pointer: &str, message: impl Into<String>, hint: Option<&str>) {
        let loc = self.loc(spec, pointer);
        self.diags.error(loc, message, hint.map(str::to_string));
    }

    pub(crate) fn warning(&mut self, spec: usize, pointer: &str, message: impl Into<String>, hint: Option<&str>) {
        let loc = self.loc(spec, pointer);
        self.diags.warning(loc, message, hint.map(str::to_string));
    }

    /// Adds a named type whose shape is filled in later.
    pub(crate) fn add_named(
        &mut self,
        spec: usize,
        pointer: &str,
        candidate: String,
        source: NameSource,
        docs: Rustdoc,
        kind: TypeKind,
    ) -> TypeId {
        let origin = self.loc(spec, pointer);
        // Operation types have their module; everything else starts as a
        // component (the modules pass moves error bodies).
        let module = if source == NameSource::Operation { Module::Operations } else { Module::Components };
        self.ir.add_type(TypeDef {
            name: Name::wire(candidate),
            module,
            origin,
            api: Some(ApiId(spec)),
            rustdoc: docs,
            kind,
            source,
            preferred_names: Vec::new(),
            variant_of: None,
            file: String::new(),
            examples: Vec::new(),
        })
    }

    /// Gives every component schema of every spec a type id. Same name and
    /// same shape (after following references) across specs: one type.
    fn register_components(&mut self) {
        let mut fingerprints = Fingerprints::default();
        // name → [(fingerprint, type)] of the specs seen so far.
        let mut seen: BTreeMap<String, Vec<(u64, TypeId)>> = BTreeMap::new();
        for spec in 0..self.specs.len() {
            let Some(components) = &self.specs[spec].doc.components else { continue };
            for name in components.schemas.keys() {
                let print = fingerprints.component(self.specs, spec, name);
                let entries = seen.entry(name.clone()).or_default();
                if let Some((_, id)) = entries.iter().find(|(p, _)| *p == print) {
                    self.components.insert((spec, name.clone()), *id);
                    continue;
                }
                // A same-named schema of another shape from an earlier spec
                // is numbered, as the SDK numbers it (`Company`, `Company1`...).
                let candidate = if entries.is_empty() {
                    crate::naming::type_name(name)
                } else {
                    format!("{}{}", crate::naming::type_name(name), entries.len())
                };
                let pointer = format!("/components/schemas/{}", crate::diag::escape_pointer_token(name));
                let id = self.add_named(
                    spec,
                    &pointer,
                    candidate,
                    NameSource::Component,
                    Rustdoc::default(),
                    TypeKind::Pending,
                );
                entries.push((print, id));
                self.components.insert((spec, name.clone()), id);
                self.pending_components.push((spec, name.clone(), id));
            }
        }
    }

    /// Leaves out the component schemas every defining spec marks
    /// `x-sdk-exclude: true`, with the types only they use. One that a kept
    /// type or an operation uses stays, with a warning.
    fn exclude_schemas(&mut self) {
        let mut excluded: BTreeMap<TypeId, Vec<(usize, String)>> = BTreeMap::new();
        let mut kept: std::collections::BTreeSet<TypeId> = std::collections::BTreeSet::new();
        for ((spec, name), id) in &self.components {
            let pointer = format!("/components/schemas/{}/x-sdk-exclude", crate::diag::escape_pointer_token(name));
            if self.specs[*spec].raw.pointer(&pointer).and_then(|v| v.as_bool()) == Some(true) {
                excluded.entry(*id).or_default().push((*spec, name.clone()));
            } else {
                kept.insert(*id);
            }
        }
        excluded.retain(|id, _| !kept.contains(id));
        if excluded.is_empty() {
            return;
        }
        let mut roots: Vec<TypeId> = kept.into_iter().collect();
        for op in &self.ir.operations {
            roots.extend([op.request_type, op.response_type, op.globals_type].into_iter().flatten());
            // Every site, headers included: a kept type never refers to a removed one.
            crate::ir::walk::operation_refs(op, |_, t| crate::ir::walk::named_in(t, &mut roots));
        }
        let keep = crate::ir::walk::reachable(&self.ir, roots);
        for (id, places) in &excluded {
            for (spec, name) in places {
                if keep[id.0] {
                    let pointer = format!("/components/schemas/{}", crate::diag::escape_pointer_token(name));
                    self.warning(
                        *spec,
                        &pointer,
                        format!("`{name}` is marked `x-sdk-exclude` but is used by kept types, so it is kept"),
                        Some("remove the mark, or mark what uses it too"),
                    );
                } else {
                    self.ir.apis[*spec].excluded_schemas.push(name.clone());
                }
            }
        }
        crate::passes::prune::retain(&mut self.ir, &keep);
    }

    /// Converts every registered component schema.
    fn lower_components(&mut self) {
        for (spec, name, id) in std::mem::take(&mut self.pending_components) {
            let pointer = format!("/components/schemas/{}", crate::diag::escape_pointer_token(&name));
            let schema = self.specs[spec].doc.components.as_ref().and_then(|c| c.schemas.get(&name)).cloned();
            let Some(schema) = schema else { continue };
            let candidate = self.ir.types[id.0].name.wire.clone();
            let site = Site { root: Some(candidate.clone()), ..Site::new(spec, pointer, candidate) };
            self.lower_component(id, &schema, &site);
        }
    }

    fn lower_api(&mut self, spec: usize) {
        let s = &self.specs[spec];
        let doc = &s.doc;
        let mut security_schemes = Vec::new();
        if let Some(components) = &doc.components {
            for (key, scheme) in &components.security_schemes {
                let pointer = format!("/components/securitySchemes/{}", crate::diag::escape_pointer_token(key));
                let scheme = match scheme {
                    ReferenceOr::Item(item) => item,
                    ReferenceOr::Reference { reference } => {
                        let msg = format!("security scheme references are not supported (`{reference}`)");
                        self.error(spec, &pointer, msg, Some("define the scheme inline"));
                        continue;
                    }
                };
                let (kind, description) = match scheme {
                    openapiv3::SecurityScheme::APIKey { location, name, description, .. } => {
                        let location = match location {
                            openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                            openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                            openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                        };
                        (SecuritySchemeKind::ApiKey { location, name: name.clone() }, description.clone())
                    }
                    openapiv3::SecurityScheme::HTTP { scheme, bearer_format, description, .. } => (
                        SecuritySchemeKind::Http {
                            scheme: scheme.to_lowercase(),
                            bearer_format: bearer_format.clone(),
                        },
                        description.clone(),
                    ),
                    openapiv3::SecurityScheme::OAuth2 { flows, description, .. } => (
                        SecuritySchemeKind::OAuth2(serde_json::to_value(flows).unwrap_or_default()),
                        description.clone(),
                    ),
                    openapiv3::SecurityScheme::OpenIDConnect { open_id_connect_url, description, .. } => {
                        (SecuritySchemeKind::OpenIdConnect { url: open_id_connect_url.clone() }, description.clone())
                    }
                };
                security_schemes.push(SecurityScheme { key: key.clone(), kind, description });
            }
        }
        let api = Api {
            module: s.api_module.clone(),
            type_prefix: s.api_prefix.clone(),
            doc_prefix: s.api_doc_prefix.clone(),
            title: doc.info.title.clone(),
            version: doc.info.version.clone(),
            description: doc.info.description.clone(),
            servers: doc.servers.iter().map(server).collect(),
            security_schemes,
            security: doc.security.as_deref().map(security_requirements).unwrap_or_default(),
            globals: self.spec_globals(spec),
            ignored_operations: Vec::new(),
            excluded_schemas: Vec::new(),
            file: s.path.clone(),
        };
        self.ir.apis.push(api);
    }

    /// The spec's `x-speakeasy-globals` parameters, then the configured ones.
    fn spec_globals(&mut self, spec: usize) -> Vec<Global> {
        let mut out: Vec<Global> = Vec::new();
        let raw = &self.specs[spec].raw;
        let listed =
            raw.pointer("/x-speakeasy-globals/parameters").and_then(|v| v.as_array()).cloned().unwrap_or_default();
        for (i, entry) in listed.iter().enumerate() {
            let pointer = format!("/x-speakeasy-globals/parameters/{i}");
            // A `$ref` to a component parameter, or an inline one.
            let target = match entry.get("$ref").and_then(|r| r.as_str()) {
                Some(r) => r.strip_prefix('#').and_then(|p| raw.pointer(p)),
                None => Some(entry),
            };
            let name = target.and_then(|t| t.get("name")).and_then(|n| n.as_str());
            let location = target.and_then(|t| t.get("in")).and_then(|n| n.as_str()).and_then(param_location);
            match (name, location) {
                (Some(name), Some(location)) => out.push(Global { name: name.to_string(), location }),
                _ => self.error(
                    spec,
                    &pointer,
                    "a global parameter needs a `name` and an `in`",
                    Some("list parameters as in `paths`, or `$ref` a component parameter"),
                ),
            }
        }
        for g in &self.configured_globals {
            if !out.contains(g) {
                out.push(g.clone());
            }
        }
        out
    }

    /// Follows a `$ref` to a schema: the spec it is in, the schema, and its pointer.
    pub(crate) fn resolve_schema_ref(
        &mut self,
        spec: usize,
        reference: &str,
        from: &str,
    ) -> Option<(ReferenceOr<Schema>, String)> {
        let Some(pointer) = reference.strip_prefix('#') else {
            let msg = format!("external reference `{reference}` is not supported");
            self.error(spec, from, msg, Some("only local references (`#/...`) are supported; bundle the spec first"));
            return None;
        };
        let raw = self.specs[spec].raw.pointer(pointer).cloned();
        let Some(raw) = raw else {
            let msg = format!("reference `{reference}` does not resolve");
            self.error(spec, from, msg, Some("the pointer must name a schema in this document"));
            return None;
        };
        match serde_json::from_value::<ReferenceOr<Schema>>(raw) {
            Ok(schema) => Some((schema, pointer.to_string())),
            Err(e) => {
                let msg = format!("reference `{reference}` does not point to a valid schema: {e}");
                self.error(spec, from, msg, None);
                None
            }
        }
    }

    /// The component name a `#/components/schemas/NAME` reference names.
    pub(crate) fn component_name(reference: &str) -> Option<String> {
        let rest = reference.strip_prefix("#/components/schemas/")?;
        (!rest.contains('/')).then(|| crate::diag::unescape_pointer_token(rest))
    }
}

/// `x-speakeasy-type-override: any`: the spec's author asks for an untyped
/// value (the Apideck specs use it on their two recursive report schemas).
pub(crate) fn type_override_any(schema: &Schema) -> bool {
    schema.schema_data.extensions.get("x-speakeasy-type-override").and_then(|v| v.as_str()) == Some("any")
}

/// `path`, `query`, `header` or `cookie`.
pub fn param_location(s: &str) -> Option<ParamLocation> {
    match s {
        "path" => Some(ParamLocation::Path),
        "query" => Some(ParamLocation::Query),
        "header" => Some(ParamLocation::Header),
        "cookie" => Some(ParamLocation::Cookie),
        _ => None,
    }
}

/// A server, with the default of each of its variables.
pub(crate) fn server(s: &openapiv3::Server) -> Server {
    let variables = s.variables.iter().flatten().map(|(name, v)| (name.clone(), v.default.clone())).collect();
    Server { url: s.url.clone(), description: s.description.clone(), variables }
}

/// Converts OpenAPI security requirements.
pub(crate) fn security_requirements(reqs: &[openapiv3::SecurityRequirement]) -> Vec<SecurityRequirement> {
    reqs.iter()
        .map(|req| SecurityRequirement { schemes: req.iter().map(|(k, v)| (k.clone(), v.clone())).collect() })
        .collect()
}

/// Structural fingerprints of component schemas, with references followed,
/// so that same-named schemas in different specs can be compared.
///
/// A component's fingerprint hashes its schema with each reference replaced
/// by the fingerprint of what it names (a name met again while it is being
/// computed, a cycle, stands for itself). The walk along references keeps
/// its own stack: a chain of thousands of references (a large spec's
/// `next` links) must not overflow the thread's.
#[derive(Default)]
struct Fingerprints {
    done: HashMap<(usize, String), u64>,
    in_progress: std::collections::HashSet<(usize, String)>,
}

/// One piece of a schema, in hashing order.
enum Piece {
    /// A structural token or a scalar, hashed as it is.
    Plain(String),
    /// A reference to the component of that name.
    Ref(String),
}

/// A component whose fingerprint is being computed: its pieces, how far the
/// hash has got, and the hash so far.
struct Frame {
    key: (usize, String),
    pieces: Vec<Piece>,
    at: usize,
    hasher: std::collections::hash_map::DefaultHasher,
}

impl Fingerprints {
    fn component(&mut self, specs: &[LoadedSpec], spec: usize, name: &str) -> u64 {
        use std::hash::{Hash, Hasher};
        let key = (spec, name.to_string());
        if let Some(print) = self.done.get(&key) {
            return *print;
        }
        let mut stack = vec![self.frame(specs, key.clone())];
        while let Some(top) = stack.last_mut() {
            let Some(piece) = top.pieces.get(top.at) else {
                let frame = stack.pop().expect("a frame");
                self.in_progress.remove(&frame.key);
                self.done.insert(frame.key, frame.hasher.finish());
                continue;
            };
            match piece {
                Piece::Plain(text) => text.hash(&mut top.hasher),
                Piece::Ref(target) => {
                    let target_key = (spec, target.clone());
                    if let Some(print) = self.done.get(&target_key) {
                        ("ref", *print).hash(&mut top.hasher);
                    } else if self.in_progress.contains(&target_key) {
                        // A cycle: the name stands for the shape being computed.
                        let mut h = std::collections::hash_map::DefaultHasher::new();
                        ("cycle", target.as_str()).hash(&mut h);
                        ("ref", h.finish()).hash(&mut top.hasher);
                    } else {
                        // Computed first; this piece is hashed when it is done.
                        let frame = self.frame(specs, target_key);
                        stack.push(frame);
                        continue;
                    }
                }
            }
            top.at += 1;
        }
        self.done[&key]
    }

    /// A frame for the component `key`, marked in progress.
    fn frame(&mut self, specs: &[LoadedSpec], key: (usize, String)) -> Frame {
        let pointer = format!("/components/schemas/{}", crate::diag::escape_pointer_token(&key.1));
        let mut pieces = Vec::new();
        if let Some(raw) = specs[key.0].raw.pointer(&pointer) {
            Self::pieces(raw, &mut pieces);
        } else {
            pieces.push(Piece::Plain(serde_json::Value::Null.to_string()));
        }
        self.in_progress.insert(key.clone());
        Frame { key, pieces, at: 0, hasher: std::collections::hash_map::DefaultHasher::new() }
    }

    /// The pieces of a schema value, in order (JSON nesting is bounded by the
    /// parsers' 128 levels, so this recursion is shallow).
    fn pieces(value: &serde_json::Value, out: &mut Vec<Piece>) {
        use serde_json::Value;
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    if let Some(name) = Lowerer::component_name(reference) {
                        out.push(Piece::Ref(name));
                        return;
                    }
                }
                out.push(Piece::Plain("{".into()));
                for (k, v) in map {
                    // Prose does not change the shape.
                    if matches!(k.as_str(), "description" | "example" | "examples" | "title") {
                        continue;
                    }
                    out.push(Piece::Plain(k.clone()));
                    Self::pieces(v, out);
                }
                out.push(Piece::Plain("}".into()));
            }
            Value::Array(items) => {
                out.push(Piece::Plain("[".into()));
                for v in items {
                    Self::pieces(v, out);
                }
                out.push(Piece::Plain("]".into()));
            }
            other => out.push(Piece::Plain(other.to_string())),
        }
    }
}
