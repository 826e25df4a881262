//! Swagger 2.0 → the OpenAPI 3.0 layout, as the 3.0 specification's own
//! migration notes describe it:
//! - `host`, `basePath` and `schemes` → `servers` (`https` when no scheme is
//!   given: 2.0 says "the scheme the spec was fetched with", which a file
//!   does not have);
//! - `definitions`, `parameters`, `responses`, `securityDefinitions` →
//!   `components/{schemas,parameters,responses,securitySchemes}`, with every
//!   `$ref` rewritten;
//! - a parameter's `type`/`format`/`items`/`enum`/bounds → its `schema`, and
//!   `collectionFormat` → `style`/`explode`;
//! - `in: body` → `requestBody` in each media type the operation `consumes`;
//!   `in: formData` → a `requestBody` object schema, `multipart/form-data`
//!   when a part is a file or the operation consumes it,
//!   `application/x-www-form-urlencoded` otherwise;
//! - a response's `schema`, `headers` and `examples` → `content` in each
//!   media type the operation `produces`, and header schemas;
//! - in schemas: `x-nullable` → `nullable`, `type: file` → binary string, a
//!   `discriminator` property name → `{propertyName}`.

use super::walk;
use super::Notes;
use crate::diag::join_pointer;
use serde_json::{json, Map, Value};
use std::path::Path;

/// The keywords of a 2.0 parameter or header that belong in its 3.0 `schema`.
const SCHEMA_KEYS: [&str; 17] = [
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// The media type when neither the operation nor the document says.
const JSON: &str = "application/json";

/// Rewrites a Swagger 2.0 document in place.
pub(crate) fn convert(path: &Path, doc: &mut Value, notes: &mut Notes) {
    let Some(root) = doc.as_object_mut() else { return };
    let old = std::mem::take(root);
    let mut cx = Context { path, notes, old: &old };
    let mut new = Map::new();
    new.insert("openapi".into(), Value::String("3.0.3".into()));
    for (key, value) in &old {
        if matches!(key.as_str(), "info" | "tags" | "externalDocs" | "security") || key.starts_with("x-") {
            new.insert(key.clone(), value.clone());
        }
    }
    new.insert("servers".into(), servers(&old));
    let mut components = Map::new();
    if let Some(defs) = old.get("definitions") {
        components.insert("schemas".into(), defs.clone());
    }
    if let Some(Value::Object(params)) = old.get("parameters") {
        let kept: Map<String, Value> = params
            .iter()
            .filter(|(_, p)| !is_body_or_form(p))
            .map(|(name, p)| (name.clone(), cx.parameter(p, &join_pointer("/parameters", name))))
            .collect();
        components.insert("parameters".into(), Value::Object(kept));
    }
    let produces = media_list(old.get("produces"));
    if let Some(Value::Object(responses)) = old.get("responses") {
        let converted = responses
            .iter()
            .map(|(name, r)| (name.clone(), cx.response(r, &produces, &join_pointer("/responses", name))))
            .collect();
        components.insert("responses".into(), Value::Object(converted));
    }
    if let Some(Value::Object(schemes)) = old.get("securityDefinitions") {
        let converted = schemes
            .iter()
            .map(|(name, s)| (name.clone(), cx.security_scheme(s, &join_pointer("/securityDefinitions", name))))
            .collect();
        components.insert("securitySchemes".into(), Value::Object(converted));
    }
    new.insert("components".into(), Value::Object(components));
    let mut paths = Map::new();
    if let Some(Value::Object(old_paths)) = old.get("paths") {
        for (key, item) in old_paths {
            if key.starts_with("x-") {
                paths.insert(key.clone(), item.clone());
                continue;
            }
            paths.insert(key.clone(), cx.path_item(item, &join_pointer("/paths", key)));
        }
    }
    new.insert("paths".into(), Value::Object(paths));
    let mut converted = Value::Object(new);
    walk::refs(&mut converted, &mut rewrite_ref);
    walk::schemas(&mut converted, &mut |s, _| schema(s));
    *doc = converted;
}

struct Context<'a> {
    path: &'a Path,
    notes: &'a mut Notes,
    old: &'a Map<String, Value>,
}

fn servers(old: &Map<String, Value>) -> Value {
    let base = old.get("basePath").and_then(Value::as_str).unwrap_or("");
    let Some(host) = old.get("host").and_then(Value::as_str) else {
        let url = if base.is_empty() { "/" } else { base };
        return json!([{ "url": url }]);
    };
    let mut schemes: Vec<&str> = old
        .get("schemes")
        .and_then(Value::as_array)
        .map(|s| s.iter().filter_map(Value::as_str).filter(|s| matches!(*s, "http" | "https")).collect())
        .unwrap_or_default();
    if schemes.is_empty() {
        schemes.push("https");
    }
    Value::Array(schemes.into_iter().map(|s| json!({ "url": format!("{s}://{host}{base}") })).collect())
}

fn media_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|l| l.iter().filter_map(|m| m.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn is_body_or_form(p: &Value) -> bool {
    matches!(p.get("in").and_then(Value::as_str), Some("body" | "formData"))
}

fn rewrite_ref(r: &mut String) {
    for (old, new) in [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ] {
        if let Some(rest) = r.strip_prefix(old) {
            *r = format!("{new}{rest}");
            return;
        }
    }
}

/// The schema-level differences.
fn schema(s: &mut Value) {
    let Some(map) = s.as_object_mut() else { return };
    if let Some(Value::Bool(b)) = map.remove("x-nullable") {
        map.insert("nullable".into(), Value::Bool(b));
    }
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".into(), Value::String("string".into()));
        map.insert("format".into(), Value::String("binary".into()));
    }
    if let Some(Value::String(property)) = map.get("discriminator").cloned() {
        map.insert("discriminator".into(), json!({ "propertyName": property }));
    }
}

impl Context<'_> {
    /// A non-body parameter, or a header (no `name`/`in`).
    fn parameter(&mut self, p: &Value, at: &str) -> Value {
        let Some(p) = p.as_object() else { return p.clone() };
        if p.contains_key("$ref") {
            return Value::Object(p.clone());
        }
        let mut out = Map::new();
        let mut schema = Map::new();
        for (key, value) in p {
            if SCHEMA_KEYS.contains(&key.as_str()) {
                schema.insert(key.clone(), value.clone());
            } else if key != "collectionFormat" {
                out.insert(key.clone(), value.clone());
            }
        }
        let location = p.get("in").and_then(Value::as_str).unwrap_or("header");
        if schema.get("type").and_then(Value::as_str) == Some("array") {
            let format = p.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
            let (style, explode) = match (format, location) {
                ("csv", "query" | "formData") => ("form", false),
                ("csv", _) => ("simple", false),
                ("multi", _) => ("form", true),
                ("ssv", _) => ("spaceDelimited", false),
                ("pipes", _) => ("pipeDelimited", false),
                (other, _) => {
                    let msg = format!("`collectionFormat: {other}` has no OpenAPI 3 equivalent");
                    let at = format!("{at}/collectionFormat");
                    self.notes.error(self.path, &at, msg, "use `csv`, `multi`, `ssv` or `pipes`");
                    ("form", false)
                }
            };
            if location != "header" || format != "csv" {
                out.insert("style".into(), Value::String(style.into()));
                out.insert("explode".into(), Value::Bool(explode));
            }
        }
        if let Some(Value::Object(items)) = schema.get_mut("items") {
            items.remove("collectionFormat");
        }
        out.insert("schema".into(), Value::Object(schema));
        Value::Object(out)
    }

    /// A 2.0 response → 3.0, its body in each of `produces`.
    fn response(&mut self, r: &Value, produces: &[String], at: &str) -> Value {
        let Some(r) = r.as_object() else { return r.clone() };
        if r.contains_key("$ref") {
            return Value::Object(r.clone());
        }
        let mut out = Map::new();
        for (key, value) in r {
            match key.as_str() {
                "schema" | "examples" => {}
                "headers" => {
                    let Some(headers) = value.as_object() else { continue };
                    let converted = headers
                        .iter()
                        .map(|(name, h)| {
                            (name.clone(), self.parameter(h, &join_pointer(&format!("{at}/headers"), name)))
                        })
                        .collect();
                    out.insert("headers".into(), Value::Object(converted));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        out.entry("description").or_insert_with(|| Value::String(String::new()));
        if let Some(schema) = r.get("schema") {
            let examples = r.get("examples").and_then(Value::as_object);
            let mut content = Map::new();
            let binary = schema.get("type").and_then(Value::as_str) == Some("file");
            let defaults = [if binary { "application/octet-stream" } else { JSON }.to_string()];
            for media in if produces.is_empty() { &defaults[..] } else { produces } {
                let mut m = Map::new();
                m.insert("schema".into(), schema.clone());
                if let Some(example) = examples.and_then(|e| e.get(media)) {
                    m.insert("example".into(), example.clone());
                }
                content.insert(media.clone(), Value::Object(m));
            }
            out.insert("content".into(), Value::Object(content));
        }
        Value::Object(out)
    }

    fn security_scheme(&mut self, s: &Value, at: &str) -> Value {
        let Some(s) = s.as_object() else { return s.clone() };
        let mut out = Map::new();
        if let Some(d) = s.get("description") {
            out.insert("description".into(), d.clone());
        }
        match s.get("type").and_then(Value::as_str) {
            Some("basic") => {
                out.insert("type".into(), json!("http"));
                out.insert("scheme".into(), json!("basic"));
            }
            Some("apiKey") => {
                for key in ["type", "name", "in"] {
                    if let Some(v) = s.get(key) {
                        out.insert(key.into(), v.clone());
                    }
                }
            }
            Some("oauth2") => {
                let flow = s.get("flow").and_then(Value::as_str).unwrap_or_default();
                let name = match flow {
                    "implicit" => "implicit",
                    "password" => "password",
                    "application" => "clientCredentials",
                    "accessCode" => "authorizationCode",
                    other => {
                        let msg = format!("unknown OAuth2 flow `{other}`");
                        let hint = "Swagger 2.0 flows are implicit, password, application and accessCode";
                        self.notes.error(self.path, &format!("{at}/flow"), msg, hint);
                        "implicit"
                    }
                };
                let mut f = Map::new();
                for key in ["authorizationUrl", "tokenUrl"] {
                    if let Some(v) = s.get(key) {
                        f.insert(key.into(), v.clone());
                    }
                }
                f.insert("scopes".into(), s.get("scopes").cloned().unwrap_or_else(|| json!({})));
                out.insert("type".into(), json!("oauth2"));
                out.insert("flows".into(), json!({ name: f }));
            }
            other => {
                let msg =
                    format!("unknown security scheme type {}", other.map(|o| format!("`{o}`")).unwrap_or_default());
                self.notes.error(
                    self.path,
                    &format!("{at}/type"),
                    msg,
                    "Swagger 2.0 types are basic, apiKey and oauth2",
                );
            }
        }
        Value::Object(out)
    }

    /// A parameter as written, with a `$ref` to `#/parameters/` followed.
    fn param_target(&self, p: &Value) -> Value {
        let mut current = p.clone();
        for _ in 0..16 {
            let Some(r) = current.get("$ref").and_then(Value::as_str) else { break };
            let Some(name) = r.strip_prefix("#/parameters/") else { break };
            let name = crate::diag::unescape_pointer_token(name);
            match self.old.get("parameters").and_then(|ps| ps.get(&name)) {
                Some(target) => current = target.clone(),
                None => break,
            }
        }
        current
    }

    fn path_item(&mut self, item: &Value, at: &str) -> Value {
        let Some(item) = item.as_object() else { return item.clone() };
        let shared: Vec<Value> = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        let mut out = Map::new();
        let mut kept = Vec::new();
        for (i, p) in shared.iter().enumerate() {
            if !is_body_or_form(&self.param_target(p)) {
                kept.push(self.parameter(p, &format!("{at}/parameters/{i}")));
            }
        }
        if !kept.is_empty() {
            out.insert("parameters".into(), Value::Array(kept));
        }
        for (key, value) in item {
            if walk::METHODS.contains(&key.as_str()) {
                let body_shared: Vec<Value> =
                    shared.iter().map(|p| self.param_target(p)).filter(is_body_or_form).collect();
                out.insert(key.clone(), self.operation(value, &body_shared, &join_pointer(at, key)));
            } else if key != "parameters" {
                out.insert(key.clone(), value.clone());
            }
        }
        Value::Object(out)
    }

    fn operation(&mut self, op: &Value, shared_body: &[Value], at: &str) -> Value {
        let Some(op) = op.as_object() else { return op.clone() };
        let consumes =
            op.get("consumes").map(|c| media_list(Some(c))).unwrap_or_else(|| media_list(self.old.get("consumes")));
        let produces =
            op.get("produces").map(|c| media_list(Some(c))).unwrap_or_else(|| media_list(self.old.get("produces")));
        let mut out = Map::new();
        let mut params = Vec::new();
        let mut body = None;
        let mut form = Vec::new();
        let own: Vec<Value> = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        for p in shared_body {
            let overridden = own.iter().any(|o| {
                let o = self.param_target(o);
                o.get("name") == p.get("name") && o.get("in") == p.get("in")
            });
            if !overridden {
                match p.get("in").and_then(Value::as_str) {
                    Some("body") => body = Some(p.clone()),
                    _ => form.push(p.clone()),
                }
            }
        }
        for (i, p) in own.iter().enumerate() {
            let target = self.param_target(p);
            match target.get("in").and_then(Value::as_str) {
                Some("body") => body = Some(target),
                Some("formData") => form.push(target),
                _ => params.push(self.parameter(p, &format!("{at}/parameters/{i}"))),
            }
        }
        for (key, value) in op {
            match key.as_str() {
                "consumes" | "produces" | "parameters" | "schemes" => {}
                "responses" => {
                    // Not a mapping: left as it is, for the reader to report.
                    let Some(responses) = value.as_object() else {
                        out.insert(key.clone(), value.clone());
                        continue;
                    };
                    let converted = responses
                        .iter()
                        .map(|(code, r)| {
                            (code.clone(), self.response(r, &produces, &join_pointer(&format!("{at}/responses"), code)))
                        })
                        .collect();
                    out.insert("responses".into(), Value::Object(converted));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if !params.is_empty() {
            out.insert("parameters".into(), Value::Array(params));
        }
        if let Some(body) = body {
            out.insert("requestBody".into(), body_param(&body, &consumes));
            if !form.is_empty() {
                let msg = "an operation has both a body parameter and form parameters";
                self.notes.error(self.path, &format!("{at}/parameters"), msg, "Swagger 2.0 allows one or the other");
            }
        } else if !form.is_empty() {
            out.insert("requestBody".into(), self.form_body(&form, &consumes, at));
        }
        Value::Object(out)
    }

    fn form_body(&mut self, form: &[Value], consumes: &[String], at: &str) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut file = false;
        for (i, p) in form.iter().enumerate() {
            let Some(name) = p.get("name").and_then(Value::as_str) else { continue };
            let converted = self.parameter(p, &format!("{at}/parameters/{i}"));
            let mut schema = converted.get("schema").cloned().unwrap_or_else(|| json!({}));
            file |= schema.get("type").and_then(Value::as_str) == Some("file");
            if let (Some(d), Some(s)) = (p.get("description"), schema.as_object_mut()) {
                s.insert("description".into(), d.clone());
            }
            properties.insert(name.to_string(), schema);
            if p.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::String(name.to_string()));
            }
        }
        let mut schema = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            schema["required"] = Value::Array(required.clone());
        }
        let multipart = file || consumes.iter().any(|c| c.starts_with("multipart/form-data"));
        let media = if multipart { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
        json!({ "required": !required.is_empty(), "content": { media: { "schema": schema } } })
    }
}

/// An `in: body` parameter → a request body in each media type consumed.
fn body_param(p: &Value, consumes: &[String]) -> Value {
    let schema = p.get("schema").cloned().unwrap_or_else(|| json!({}));
    let mut content = Map::new();
    let defaults = [JSON.to_string()];
    for media in if consumes.is_empty() { &defaults[..] } else { consumes } {
        content.insert(media.clone(), json!({ "schema": schema }));
    }
    let mut out = Map::new();
    if let Some(d) = p.get("description") {
        out.insert("description".into(), d.clone());
    }
    out.insert("required".into(), Value::Bool(p.get("required").and_then(Value::as_bool) == Some(true)));
    out.insert("content".into(), Value::Object(content));
    if let Some(Value::String(name)) = p.get("name") {
        out.insert("x-codegen-request-body-name".into(), Value::String(name.clone()));
    }
    Value::Object(out)
}
