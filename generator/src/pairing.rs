//! Pairing SDK model docs with the IR's types: from each root (an
//! operation's Request/Response/Globals doc, and each component or error doc
//! with a same-named spec schema), the doc's types and ours are walked side
//! by side, by shape, not by name: same fields (doc names are the camelCase
//! of wire names), same required-ness, same field types, same enum values,
//! same union members, and for a response the error type of each status.
//! The walk pairs every doc it reaches with the type it reached it through,
//! so a renamed type still finds its doc, and lists every mismatch.
//!
//! [`crate::conformance`] turns the mismatches into figures;
//! [`crate::merge`] uses the pairs.

use crate::ir::walk::resolve;
use crate::ir::*;
use crate::read::sdk_docs::{DocSet, DocType, ModelDoc, ModelKind, Namespace};
use heck::{ToLowerCamelCase, ToUpperCamelCase};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The outcome of walking every root.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pairing {
    /// The mismatches of each root's walk, in root order (empty: it matched).
    pub roots: Vec<Vec<String>>,
    /// The doc models and our types the walks paired, sorted.
    pub pairs: Vec<(Namespace, String, TypeId)>,
}

struct Walker<'a> {
    ir: &'a Ir,
    docs: &'a DocSet,
    models: HashMap<(Namespace, &'a str), &'a ModelDoc>,
    /// The docs by [`loose_key`] of their names (`None`: several share it).
    loose: HashMap<(Namespace, String), Option<&'a ModelDoc>>,
    /// Pairs already compared (or being compared): recursion ends there.
    seen: HashMap<(Namespace, String, TypeId), bool>,
    /// Every pairing made while `record` is on.
    paired: BTreeSet<(Namespace, String, TypeId)>,
    record: bool,
}

fn describe(ir: &Ir, t: &TypeRef) -> String {
    match t {
        TypeRef::Named(id) => ir.ty(*id).name.rust.clone(),
        TypeRef::Primitive(p) => format!("{p:?}"),
        TypeRef::List(i) => format!("[{}]", describe(ir, i)),
        TypeRef::Map(i) => format!("map<{}>", describe(ir, i)),
        TypeRef::Nullable(i) => describe(ir, i),
        TypeRef::Any => "any".into(),
    }
}

/// A field as the comparison sees it: doc name, required, type.
struct OurField<'a> {
    name: String,
    required: bool,
    ty: Option<&'a TypeRef>,
}

impl<'a> Walker<'a> {
    /// A walker of `ir` against `docs`; `record`: pair what it walks.
    fn new(ir: &'a Ir, docs: &'a DocSet, record: bool) -> Self {
        let models = docs.models.iter().map(|(_, m)| ((m.namespace, m.name.as_str()), m)).collect();
        let mut loose: HashMap<(Namespace, String), Option<&'a ModelDoc>> = HashMap::new();
        for (_, m) in &docs.models {
            // Two docs with one key: neither is found by it.
            loose.entry((m.namespace, loose_key(&m.name))).and_modify(|d| *d = None).or_insert(Some(m));
        }
        Walker { ir, docs, models, loose, seen: HashMap::new(), paired: BTreeSet::new(), record }
    }

    /// The doc of `namespace.name`; in a flat docs layout (Python's), the one
    /// `models` namespace holds them all.
    /// Else the one doc of that name's letters: the Python and Go SDKs
    /// write some initialisms in capitals (`ConnectorAPIResourceCoverageOneRequest`).
    fn find(&self, namespace: Namespace, name: &str) -> Option<&'a ModelDoc> {
        let exact = self.models.get(&(namespace, name)).or_else(|| self.models.get(&(Namespace::Models, name)));
        exact.copied().or_else(|| {
            let key = loose_key(name);
            let loose = |ns: Namespace| self.loose.get(&(ns, key.clone())).copied().flatten();
            loose(namespace).or_else(|| loose(Namespace::Models))
        })
    }

    /// Compares a doc type with one of ours; mismatches are pushed with `at`.
    fn ty(&mut self, doc: &DocType, ours: &TypeRef, at: &str, out: &mut Vec<String>) {
        let ours = resolve(self.ir, ours);
        let ok = match (doc, ours) {
            (DocType::String, TypeRef::Primitive(Primitive::String | Primitive::Uuid)) => true,
            (
                DocType::Number,
                TypeRef::Primitive(Primitive::I32 | Primitive::I64 | Primitive::F32 | Primitive::F64),
            ) => true,
            (DocType::Integer, TypeRef::Primitive(Primitive::I32 | Primitive::I64)) => true,
            (DocType::Boolean, TypeRef::Primitive(Primitive::Bool)) => true,
            (DocType::Any, TypeRef::Any) => true,
            (DocType::DateTime, TypeRef::Primitive(Primitive::DateTime)) => true,
            (DocType::Date, TypeRef::Primitive(Primitive::Date)) => true,
            (DocType::Bytes, TypeRef::Primitive(Primitive::Binary)) => true,
            // The Go docs write a binary request body as `any`, as any
            // free-form value (NOTES-dialects.md: "Binary bodies").
            (DocType::Any, TypeRef::Primitive(Primitive::Binary)) => true,
            (DocType::Array(d), TypeRef::List(t)) => {
                self.ty(d, t, &format!("{at}[]"), out);
                true
            }
            (DocType::Map(d), TypeRef::Map(t)) => {
                self.ty(d, t, &format!("{at}{{}}"), out);
                true
            }
            (DocType::Literal(v), TypeRef::Named(id)) => match &self.ir.ty(*id).kind {
                TypeKind::Enum(e) => e.variants.len() == 1 && &e.variants[0].value == v,
                _ => false,
            },
            (DocType::Named { namespace, name }, TypeRef::Named(id)) => {
                self.model(*namespace, name, *id, at, out);
                true
            }
            _ => false,
        };
        if !ok {
            out.push(format!("{at}: the doc says {}, ours is {}", doc_describe(doc), describe(self.ir, ours)));
        }
    }

    /// Compares the doc model `namespace.name` with our type `id`.
    fn model(&mut self, namespace: Namespace, name: &str, id: TypeId, at: &str, out: &mut Vec<String>) {
        let key = (namespace, name.to_string(), id);
        if self.seen.contains_key(&key) {
            return;
        }
        self.seen.insert(key, true);
        let Some(doc) = self.find(namespace, name) else {
            out.push(format!("{at}: no doc for {}.{name}", namespace.as_str()));
            return;
        };
        // The SDK documents an array schema with an inline object item as
        // that item (fields use `X[]`): compare the item.
        let id = match (&doc.kind, resolve(self.ir, &TypeRef::Named(id))) {
            (ModelKind::Object(_), TypeRef::List(item)) => match resolve(self.ir, item) {
                TypeRef::Named(item) => *item,
                _ => id,
            },
            _ => id,
        };
        if self.record {
            self.paired.insert((namespace, name.to_string(), id));
        }
        let def = self.ir.ty(id);
        let at = format!("{at} ({}.{name})", namespace.as_str());
        match (&doc.kind, &def.kind) {
            (ModelKind::Object(fields), _) => self.object(fields, id, &at, out),
            (ModelKind::Union(members), TypeKind::Struct(_)) if self.same_object_members(members).is_some() => {
                // `anyOf` members that differ only in what they require
                // describe one object: a field is required when every member
                // requires it.
                let fields = self.same_object_members(members).unwrap_or_default();
                self.object(&fields, id, &at, out);
            }
            (ModelKind::Enum { values, .. }, TypeKind::Enum(e)) => {
                let doc_values: BTreeSet<String> = values.iter().map(|v| v.to_string()).collect();
                let our_values: BTreeSet<String> = e.variants.iter().map(|v| v.value.to_string()).collect();
                if doc_values != our_values {
                    out.push(format!(
                        "{at}: enum values differ: only in the doc {:?}, only in ours {:?}",
                        doc_values.difference(&our_values).collect::<Vec<_>>(),
                        our_values.difference(&doc_values).collect::<Vec<_>>()
                    ));
                }
            }
            (ModelKind::Union(members), TypeKind::Union(u)) => {
                if members.len() != u.variants.len() {
                    out.push(format!("{at}: {} members in the doc, {} in ours", members.len(), u.variants.len()));
                }
                for (i, (m, v)) in members.iter().zip(&u.variants).enumerate() {
                    self.ty(&m.ty, &v.ty, &format!("{at}|{i}"), out);
                }
            }
            (doc_kind, ours) => {
                out.push(format!("{at}: the doc has {}, ours is {}", doc_kind_name(doc_kind), kind_name(ours)));
            }
        }
    }

    fn object(&mut self, fields: &[crate::read::sdk_docs::FieldDoc], id: TypeId, at: &str, out: &mut Vec<String>) {
        let def = self.ir.ty(id);
        let Some(ours) = self.fields_of(id) else {
            out.push(format!("{at}: the doc has an object, ours is {}", kind_name(&def.kind)));
            return;
        };
        let mut by_name: BTreeMap<String, OurField<'a>> = ours.into_iter().map(|f| (f.name.clone(), f)).collect();
        for f in fields {
            // The Python docs spell names in snake_case, and add `_param` to a
            // parameter whose name a body property also has.
            let camel = f.name.to_lower_camel_case();
            let unsuffixed = f.name.strip_suffix("_param").map(|n| n.to_lower_camel_case());
            let found = by_name.remove(&f.name).or_else(|| by_name.remove(&camel));
            let found = found.or_else(|| unsuffixed.and_then(|n| by_name.remove(&n)));
            // Go's field names (`ConsumerID`, `HTTPMeta`) match by their letters.
            let found = found.or_else(|| {
                let name = unique_loose_match(by_name.keys(), &f.name)?.clone();
                by_name.remove(&name)
            });
            let Some(o) = found else {
                // The Python and Go SDKs give a response whose spec declares
                // headers a `headers` map; ours are in its HTTP metadata
                // (`http_meta.response.headers`).
                let headers = DocType::Map(Box::new(DocType::Array(Box::new(DocType::String))));
                if matches!(def.kind, TypeKind::Response(_)) && loose_key(&f.name) == "headers" && f.ty == headers {
                    continue;
                }
                // The SDK's catch-all of undeclared properties is our struct's.
                // (`additionalProperties` in TypeScript, `__pydantic_extra__` in Python).
                let catch_all = if f.name == "__pydantic_extra__" { "additionalProperties" } else { camel.as_str() };
                if let (TypeKind::Struct(s), "additionalProperties", false) = (&def.kind, catch_all, f.required) {
                    let ours = match &s.additional {
                        Additional::Preserve => TypeRef::Map(Box::new(TypeRef::Any)),
                        Additional::Typed(t) => TypeRef::Map(Box::new(t.clone())),
                    };
                    self.ty(&f.ty, &ours, &format!("{at}.{}", f.name), out);
                    continue;
                }
                out.push(format!("{at}.{}: missing in ours", f.name));
                continue;
            };
            if o.required != f.required {
                out.push(format!("{at}.{}: required {} in the doc, {} in ours", f.name, f.required, o.required));
            }
            match (o.ty, &f.ty) {
                (Some(t), _) => self.ty(&f.ty, t, &format!("{at}.{}", f.name), out),
                (None, DocType::Named { name, .. }) if name == crate::read::sdk_docs::HTTP_METADATA_DOC => {}
                (None, d) => {
                    out.push(format!("{at}.{}: the doc says {}, ours is HTTP metadata", f.name, doc_describe(d)))
                }
            }
        }
        for name in by_name.keys() {
            out.push(format!("{at}.{name}: not in the doc"));
        }
    }

    /// The documented error type of each status against the body type of our
    /// response for that status. `errors.APIError` is the SDK's catch-all for
    /// statuses without a type of their own; ours must not type a status the
    /// docs leave to it.
    fn errors(&mut self, op_doc: &crate::read::sdk_docs::OperationDoc, op: &Operation, out: &mut Vec<String>) {
        // The catch-all, as the TypeScript (`errors.`) and Python (`models.`) docs name it.
        const CATCH_ALL: [&str; 2] = ["errors.APIError", "models.APIError"];
        let at = &op_doc.operation_id;
        let ours = |status: Status| {
            op.responses.iter().find(|r| r.status == status).map(|r| r.primary().and_then(|c| c.ty.clone()))
        };
        let parse = |s: &str| match s.strip_suffix("XX").and_then(|d| d.parse().ok()) {
            Some(class) => Some(Status::Range(class)),
            None => s.parse().ok().map(Status::Code),
        };
        let mut documented: Vec<Status> = Vec::new();
        for row in op_doc.errors.iter().filter(|r| !CATCH_ALL.contains(&r.error_type.as_str())) {
            let Some(name) = row.error_type.strip_prefix("errors.").or_else(|| row.error_type.strip_prefix("models."))
            else {
                out.push(format!("{at}: error type `{}` is not in `errors.`", row.error_type));
                continue;
            };
            for status in row.statuses.iter().filter_map(|s| parse(s)) {
                documented.push(status);
                let at = format!("{at} (status {status})");
                match ours(status) {
                    Some(Some(TypeRef::Named(id))) => self.model(Namespace::Errors, name, id, &at, out),
                    Some(Some(t)) => {
                        out.push(format!("{at}: the doc says errors.{name}, ours is {}", describe(self.ir, &t)))
                    }
                    Some(None) => out.push(format!("{at}: the doc says errors.{name}, ours has no body")),
                    None => out.push(format!("{at}: the doc says errors.{name}, ours has no such response")),
                }
            }
        }
        for r in op.responses.iter().filter(|r| r.status.is_error() && !documented.contains(&r.status)) {
            if r.primary().and_then(|c| c.ty.as_ref()).is_some() {
                out.push(format!(
                    "{at} (status {}): ours has an error type, the docs leave it to {}",
                    r.status, CATCH_ALL[0]
                ));
            }
        }
    }

    /// When every member of a doc union is an object doc with the same
    /// fields, those fields, required where all members require them.
    fn same_object_members(
        &self,
        members: &[crate::read::sdk_docs::MemberDoc],
    ) -> Option<Vec<crate::read::sdk_docs::FieldDoc>> {
        let mut objects = members.iter().map(|m| match &m.ty {
            DocType::Named { namespace, name } => match &self.find(*namespace, name)?.kind {
                ModelKind::Object(fields) => Some(fields),
                _ => None,
            },
            _ => None,
        });
        let mut merged: Vec<crate::read::sdk_docs::FieldDoc> = objects.next()??.clone();
        for other in objects {
            let other = other?;
            if other.len() != merged.len() {
                return None;
            }
            for (m, o) in merged.iter_mut().zip(other) {
                // Member types are named per member (`CustomField1Value`,
                // `CustomFieldValue`); the first member's are walked.
                if m.name != o.name {
                    return None;
                }
                m.required &= o.required;
            }
        }
        Some(merged)
    }

    /// Our fields of an object-like type, named as the docs name them.
    fn fields_of(&self, id: TypeId) -> Option<Vec<OurField<'a>>> {
        let ir: &'a Ir = self.ir;
        match &ir.ty(id).kind {
            TypeKind::Struct(s) => Some(
                s.fields
                    .iter()
                    .map(|f| OurField {
                        name: f.name.wire.to_lower_camel_case(),
                        required: f.presence.is_required(),
                        ty: Some(&f.ty),
                    })
                    .collect(),
            ),
            TypeKind::Request(op) => {
                let op = &ir.operations[op.0];
                let mut out: Vec<OurField<'a>> = op
                    .params
                    .iter()
                    .map(|p| OurField {
                        name: p.name.rust.to_lower_camel_case(),
                        required: p.presence().is_required(),
                        ty: Some(&p.ty),
                    })
                    .collect();
                if let Some(b) = &op.body {
                    if let Some(c) = b.primary() {
                        out.push(OurField {
                            name: b.field.to_lower_camel_case(),
                            required: b.presence().is_required(),
                            ty: c.ty.as_ref(),
                        });
                    }
                }
                Some(out)
            }
            TypeKind::Globals(op) => Some(
                ir.operations[op.0]
                    .params
                    .iter()
                    .filter(|p| p.global)
                    .map(|p| OurField { name: p.name.rust.to_lower_camel_case(), required: false, ty: Some(&p.ty) })
                    .collect(),
            ),
            TypeKind::Response(op) => {
                let op = &ir.operations[op.0];
                let http_meta = crate::naming::HTTP_META_FIELD.to_lower_camel_case();
                let mut out = vec![OurField { name: http_meta, required: true, ty: None }];
                let mut seen = BTreeSet::new();
                for c in op.responses.iter().flat_map(|r| &r.contents) {
                    let Some(field) = &c.field else { continue };
                    if seen.insert(field.clone()) {
                        out.push(OurField { name: field.to_lower_camel_case(), required: false, ty: c.ty.as_ref() });
                    }
                }
                Some(out)
            }
            _ => None,
        }
    }
}

/// The letters and digits of a name, lowercased: what the dialects' spellings
/// of one name (`createdAt`, `created_at`, Go's `CreatedAt`; `ConsumerID`
/// for `consumer_id`) have in common.
pub fn loose_key(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// The one name among `names` with the loose key of `name` (none when
/// several have it).
pub fn unique_loose_match<'n, S: AsRef<str> + 'n>(names: impl IntoIterator<Item = &'n S>, name: &str) -> Option<&'n S> {
    let key = loose_key(name);
    let mut hits = names.into_iter().filter(|n| loose_key(n.as_ref()) == key);
    let first = hits.next()?;
    hits.next().is_none().then_some(first)
}

fn kind_name(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Pending => "not lowered",
        TypeKind::Struct(_)
        | TypeKind::Request(_)
        | TypeKind::Response(_)
        | TypeKind::Globals(_)
        | TypeKind::Envelope(_) => "an object",
        TypeKind::Enum(_) => "an enum",
        TypeKind::Union(_) => "a union",
        TypeKind::Alias(_) | TypeKind::Newtype(_) => "an alias",
    }
}

fn doc_kind_name(k: &ModelKind) -> &'static str {
    match k {
        ModelKind::Object(_) => "an object",
        ModelKind::Enum { .. } => "an enum",
        ModelKind::Union(_) => "a union",
    }
}

fn doc_describe(d: &DocType) -> String {
    match d {
        DocType::Named { namespace, name } => format!("{}.{name}", namespace.as_str()),
        DocType::Array(i) => format!("[{}]", doc_describe(i)),
        DocType::Map(i) => format!("map<{}>", doc_describe(i)),
        DocType::Literal(v) => v.to_string(),
        other => format!("{other:?}"),
    }
}

/// `vault` + `sessionsCreate` → `VaultSessionsCreate`.
fn operation_prefix(operation_id: &str) -> String {
    operation_id.split('.').map(|p| p.to_upper_camel_case()).collect()
}

/// For each pair, whether the doc model and our type have the same shape
/// (the walk from that pair finds no mismatch).
pub fn pairs_match(ir: &Ir, docs: &DocSet, pairs: &[(Namespace, String, TypeId)]) -> Vec<bool> {
    let mut walker = Walker::new(ir, docs, false);
    pairs
        .iter()
        .map(|(namespace, name, id)| {
            let mut out = Vec::new();
            walker.seen.clear();
            walker.model(*namespace, name, *id, name, &mut out);
            out.is_empty()
        })
        .collect()
}

/// Walks every root of `docs` against `ir`.
pub fn pair(ir: &Ir, docs: &DocSet) -> Pairing {
    let mut walker = Walker::new(ir, docs, true);
    let mut roots: Vec<Vec<String>> = Vec::new();
    walker.operation_roots(&mut roots);
    walker.schema_roots(&mut roots);
    Pairing { roots, pairs: walker.paired.into_iter().collect() }
}

impl Walker<'_> {
    /// Operation roots: the Request, Response and Globals docs of each
    /// documented operation.
    fn operation_roots(&mut self, roots: &mut Vec<Vec<String>>) {
        let (ir, docs) = (self.ir, self.docs);
        let ops: BTreeMap<String, &Operation> =
            ir.operations.iter().map(|op| (format!("{}.{}", ir.apis[op.api.0].doc_prefix, op.id), op)).collect();
        for op_doc in &docs.operations {
            let prefix = operation_prefix(&op_doc.operation_id);
            let op = ops.get(&op_doc.operation_id);
            for (suffix, ours) in [
                ("Request", op.and_then(|o| o.request_type)),
                ("Response", op.and_then(|o| o.response_type)),
                ("Globals", op.and_then(|o| o.globals_type)),
            ] {
                let name = format!("{prefix}{suffix}");
                let has_doc = self.find(Namespace::Operations, &name).is_some();
                if !has_doc && ours.is_none() {
                    continue;
                }
                let mut out = Vec::new();
                let at = &op_doc.operation_id;
                match (has_doc, ours) {
                    (true, Some(id)) => {
                        self.seen.clear();
                        self.model(Namespace::Operations, &name, id, at, &mut out);
                        // The response's shape includes the error type of each status.
                        if let (Some(op), "Response") = (op, suffix) {
                            self.errors(op_doc, op, &mut out);
                        }
                    }
                    (true, None) => out.push(format!("{at}: the doc has {name}, we generate no {suffix} type")),
                    (false, _) => out.push(format!("{at}: we generate a {suffix} type, the docs have no {name}")),
                }
                roots.push(out);
            }
        }
        // Operations that no `sdks/*/README.md` lists (a docs folder without
        // them, such as the Go sample) are roots through their model docs,
        // without the per-status error check the README's table allows.
        let listed: BTreeSet<&str> = docs.operations.iter().map(|o| o.operation_id.as_str()).collect();
        for (operation_id, op) in &ops {
            if listed.contains(operation_id.as_str()) {
                continue;
            }
            let prefix = operation_prefix(operation_id);
            for (suffix, ours) in
                [("Request", op.request_type), ("Response", op.response_type), ("Globals", op.globals_type)]
            {
                let name = format!("{prefix}{suffix}");
                if self.find(Namespace::Operations, &name).is_none() {
                    continue;
                }
                let mut out = Vec::new();
                match ours {
                    Some(id) => {
                        self.seen.clear();
                        self.model(Namespace::Operations, &name, id, operation_id, &mut out);
                    }
                    None => out.push(format!("{operation_id}: the doc has {name}, we generate no {suffix} type")),
                }
                roots.push(out);
            }
        }
    }

    /// Component and error roots: docs with a same-named spec schema. When
    /// several specs define the name differently, the closest one counts.
    /// The SDK documents no type for a schema that is a bare scalar (fields
    /// use `*string*`), so a doc of that name is another type, not a root.
    fn schema_roots(&mut self, roots: &mut Vec<Vec<String>>) {
        let (ir, docs) = (self.ir, self.docs);
        let scalar = |t: &TypeKind| {
            matches!(t, TypeKind::Alias(TypeRef::Primitive(_)))
                || matches!(t, TypeKind::Alias(TypeRef::Nullable(inner)) if matches!(**inner, TypeRef::Primitive(_)))
        };
        let mut schemas: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
        for (i, def) in ir.types.iter().enumerate() {
            if def.source == NameSource::Component && !scalar(&def.kind) {
                if let Some(name) = def.origin.pointer.strip_prefix("/components/schemas/") {
                    schemas.entry(name).or_default().push(TypeId(i));
                }
            }
        }
        // Go's names differ from the schemas' in case only (`UnifiedAPIID`).
        let mut by_key: BTreeMap<String, Vec<TypeId>> = BTreeMap::new();
        if docs.capital_initialisms {
            for (name, ids) in &schemas {
                by_key.entry(loose_key(name)).or_default().extend(ids);
            }
        }
        for (_, doc) in &docs.models {
            if doc.namespace == Namespace::Operations {
                continue;
            }
            let found = schemas.get(doc.name.as_str()).or_else(|| by_key.get(&loose_key(&doc.name)));
            let Some(candidates) = found else { continue };
            let mut best: Option<(TypeId, Vec<String>)> = None;
            self.record = candidates.len() == 1;
            for &id in candidates {
                let mut out = Vec::new();
                self.seen.clear();
                self.model(doc.namespace, &doc.name, id, &doc.name, &mut out);
                if best.as_ref().is_none_or(|b| out.len() < b.1.len()) {
                    best = Some((id, out));
                }
            }
            let (best_id, out) = best.unwrap_or((candidates[0], Vec::new()));
            if !self.record {
                // Pair only along the closest candidate's walk.
                self.record = true;
                self.seen.clear();
                self.model(doc.namespace, &doc.name, best_id, &doc.name, &mut Vec::new());
            }
            roots.push(out);
        }
    }
}
