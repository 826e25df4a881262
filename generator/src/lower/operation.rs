//! Paths and operations → [`Operation`]s and their request/response types.

use super::{security_requirements, Lowerer, Site};
use crate::diag::join_pointer;
use crate::ir::*;
use crate::naming::type_name;
use openapiv3::{
    Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody as OaRequestBody, Response as OaResponse, StatusCode,
};

/// How many `$ref` hops to follow through `components/parameters`,
/// `requestBodies` and `responses` before calling it a cycle.
const MAX_REF_HOPS: usize = 16;

/// What a `$ref` to a reusable component resolved to, and its pointer.
struct Resolved<T> {
    item: T,
    pointer: String,
}

impl Lowerer<'_> {
    fn resolve_component<T: Clone + serde::de::DeserializeOwned>(
        &mut self,
        spec: usize,
        value: &ReferenceOr<T>,
        pointer: &str,
        section: &str,
        get: impl Fn(&openapiv3::Components) -> &indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Option<Resolved<T>> {
        let mut current = value.clone();
        let mut current_pointer = pointer.to_string();
        for _ in 0..MAX_REF_HOPS {
            match current {
                ReferenceOr::Item(item) => return Some(Resolved { item, pointer: current_pointer }),
                ReferenceOr::Reference { reference } => {
                    let prefix = format!("#/components/{section}/");
                    let next = match reference.strip_prefix(&prefix) {
                        Some(name) => {
                            let name = crate::diag::unescape_pointer_token(name);
                            let found =
                                self.specs[spec].doc.components.as_ref().and_then(|c| get(c).get(&name)).cloned();
                            found.map(|next| {
                                (next, format!("/components/{section}/{}", crate::diag::escape_pointer_token(&name)))
                            })
                        }
                        // A reference anywhere else in the document (a header
                        // defined under another path's response, say).
                        None => {
                            match reference.strip_prefix('#').and_then(|p| Some((p, self.specs[spec].raw.pointer(p)?)))
                            {
                                Some((target, raw)) => {
                                    match serde_json::from_value::<ReferenceOr<T>>(raw.clone()) {
                                        Ok(next) => Some((next, target.to_string())),
                                        Err(e) => {
                                            let msg = format!("reference `{reference}` does not point to a valid {section} entry: {e}");
                                            self.error(spec, &current_pointer, msg, None);
                                            return None;
                                        }
                                    }
                                }
                                None => None,
                            }
                        }
                    };
                    let Some((next, next_pointer)) = next else {
                        self.error(spec, &current_pointer, format!("reference `{reference}` does not resolve"), None);
                        return None;
                    };
                    current = next;
                    current_pointer = next_pointer;
                }
            }
        }
        self.error(spec, pointer, format!("`$ref` cycle in `components/{section}`"), None);
        None
    }

    /// Lowers every operation of one spec.
    pub(crate) fn lower_operations(&mut self, spec: usize) {
        let specs = self.specs;
        let doc = &specs[spec].doc;
        for (path, item) in doc.paths.paths.iter() {
            let path_pointer = join_pointer("/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    let msg = format!("path item references are not supported (`{reference}`)");
                    self.error(spec, &path_pointer, msg, Some("define the path item inline"));
                    continue;
                }
            };
            for (method, op) in item.iter() {
                let pointer = join_pointer(&path_pointer, method);
                let Some(http_method) = HttpMethod::parse(method) else {
                    self.error(spec, &pointer, format!("unknown HTTP method `{method}`"), None);
                    continue;
                };
                if op.extensions.get("x-speakeasy-ignore").and_then(|v| v.as_bool()) == Some(true) {
                    let id = op.operation_id.as_deref().unwrap_or("-");
                    self.ir.apis[spec].ignored_operations.push(format!("{http_method} {path} ({id})"));
                    continue;
                }
                self.lower_operation(
                    spec,
                    path,
                    (method, http_method),
                    op,
                    (&item.parameters, &item.servers),
                    &pointer,
                );
            }
        }
    }

    /// operationIds must be unique in a document; two that are not still
    /// get methods and types of their own (the later ones numbered), with a
    /// warning at the later one.
    fn check_unique_id(&mut self, spec: usize, id: &str, pointer: &str) {
        let Some(first) = self.ir.operations.iter().find(|o| o.api.0 == spec && o.id == id) else { return };
        let message = format!(
            "operationId `{id}` is also the id of {} {} (#{}): the names made from it get a number here",
            first.method.as_str(),
            first.path,
            first.origin.pointer
        );
        self.warning(
            spec,
            &join_pointer(pointer, "operationId"),
            message,
            Some("operationIds must be unique in a document"),
        );
    }

    fn lower_operation(
        &mut self,
        spec: usize,
        path: &str,
        (method, http_method): (&str, HttpMethod),
        op: &openapiv3::Operation,
        (path_params, path_servers): (&[ReferenceOr<Parameter>], &[openapiv3::Server]),
        pointer: &str,
    ) {
        let id = match &op.operation_id {
            Some(id) => id.clone(),
            None => {
                let derived = heck::ToLowerCamelCase::to_lower_camel_case(format!("{method} {path}").as_str());
                self.warning(
                    spec,
                    pointer,
                    format!("operation has no operationId; using `{derived}`"),
                    Some("give every operation an operationId"),
                );
                derived
            }
        };
        self.check_unique_id(spec, &id, pointer);
        let type_prefix = format!("{}{}", self.specs[spec].api_prefix, type_name(&id));
        // In this order: the inline types of parameters, body and responses
        // get their ids before the operation's own types.
        let params = self.lower_params(spec, (path_params, &op.parameters), pointer, &type_prefix);
        let body = op
            .request_body
            .as_ref()
            .and_then(|b| self.lower_request_body(spec, b, &join_pointer(pointer, "requestBody"), &type_prefix));
        let responses = self.lower_responses(spec, &op.responses, pointer, &type_prefix);

        let index = OperationRef(self.ir.operations.len());
        let qualified = format!("{}.{id}", self.specs[spec].api_doc_prefix);
        let mut operation_type = |suffix: &str, title: String, kind: TypeKind| {
            let docs = Rustdoc { title: Some(title), ..Rustdoc::default() };
            self.add_named(spec, pointer, format!("{type_prefix}{suffix}"), NameSource::Operation, docs, kind)
        };
        let request_type = (!params.is_empty() || body.is_some())
            .then(|| operation_type("Request", format!("The request of `{qualified}`."), TypeKind::Request(index)));
        let response_type =
            Some(operation_type("Response", format!("The response of `{qualified}`."), TypeKind::Response(index)));
        let globals_type = params.iter().any(|p| p.global).then(|| {
            let title = format!("The global parameters of `{qualified}`.");
            operation_type("Globals", title, TypeKind::Globals(index))
        });
        let servers = if op.servers.is_empty() { path_servers } else { &op.servers[..] };
        let servers = servers.iter().map(super::server).collect();
        let origin = self.loc(spec, pointer);
        self.ir.operations.push(Operation {
            api: ApiId(spec),
            layout: layout(op, &id, &self.specs[spec].api_doc_prefix, &self.sdk_operations),
            pagination: pagination(op, &params),
            stream_method: None,
            id,
            method_name: String::new(),
            type_prefix,
            method: http_method,
            path: path.to_string(),
            origin,
            rustdoc: Rustdoc {
                title: op.summary.clone(),
                description: op.description.clone(),
                example: None,
                deprecated: op.deprecated,
            },
            tags: op.tags.clone(),
            params,
            body,
            responses,
            security: op.security.as_deref().map(security_requirements),
            servers,
            request_type,
            response_type,
            globals_type,
        });
    }

    /// The parameters of an operation: the path item's first, each replaced
    /// in place by an operation parameter of the same name and location.
    fn lower_params(
        &mut self,
        spec: usize,
        (path_level, op_level): (&[ReferenceOr<Parameter>], &[ReferenceOr<Parameter>]),
        pointer: &str,
        type_prefix: &str,
    ) -> Vec<Param> {
        let path_pointer = pointer.rsplit_once('/').map_or("", |x| x.0);
        let all = path_level
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{path_pointer}/parameters/{i}")))
            .chain(op_level.iter().enumerate().map(|(i, p)| (p, format!("{pointer}/parameters/{i}"))));
        let mut params: Vec<Param> = Vec::new();
        for (p, p_pointer) in all {
            let Some(param) = self.lower_param(spec, p, &p_pointer, type_prefix) else { continue };
            match params.iter_mut().find(|q| q.name.wire == param.name.wire && q.location == param.location) {
                Some(existing) => *existing = param,
                None => params.push(param),
            }
        }
        let globals = &self.ir.apis[spec].globals;
        for p in &mut params {
            p.global = globals.iter().any(|g| g.name == p.name.wire && g.location == p.location);
        }
        params
    }

    /// The responses of an operation, by status in spec order, `default` last.
    fn lower_responses(
        &mut self,
        spec: usize,
        responses: &openapiv3::Responses,
        pointer: &str,
        type_prefix: &str,
    ) -> Vec<Response> {
        let mut entries: Vec<(Status, &ReferenceOr<OaResponse>, String)> = responses
            .responses
            .iter()
            .map(|(code, r)| {
                let (status, key) = match code {
                    StatusCode::Code(c) => (Status::Code(*c), c.to_string()),
                    StatusCode::Range(r) => (Status::Range(*r), format!("{r}XX")),
                };
                (status, r, join_pointer(&format!("{pointer}/responses"), &key))
            })
            .collect();
        if let Some(d) = &responses.default {
            entries.push((Status::Default, d, format!("{pointer}/responses/default")));
        }
        // In status order, whatever order the spec lists them in.
        entries.sort_by_key(|(status, ..)| match *status {
            Status::Code(c) => (c / 100, 0, c),
            Status::Range(r) => (r, 1, 0),
            Status::Default => (u16::MAX, 0, 0),
        });
        entries
            .into_iter()
            .filter_map(|(status, response, r_pointer)| {
                self.lower_response(spec, status, response, &r_pointer, type_prefix)
            })
            .collect()
    }

    fn lower_param(
        &mut self,
        spec: usize,
        p: &ReferenceOr<Parameter>,
        pointer: &str,
        type_prefix: &str,
    ) -> Option<Param> {
        let resolved = self.resolve_component(spec, p, pointer, "parameters", |c| &c.parameters)?;
        let (data, location, style) = param_kind(&resolved.item);
        // OpenAPI 3.0: header parameters named `Accept`, `Content-Type` or
        // `Authorization` "SHALL be ignored" (the body's media type and the
        // security schemes decide them).
        if location == ParamLocation::Header
            && ["accept", "content-type", "authorization"].iter().any(|h| data.name.eq_ignore_ascii_case(h))
        {
            let message = format!("header parameter `{}` is ignored, as OpenAPI 3.0 requires", data.name);
            let hint = "the request body's media type sets `Content-Type`, the response media types `Accept`, and the security schemes `Authorization`";
            self.warning(spec, pointer, message, Some(hint));
            return None;
        }
        let name_override =
            data.extensions.get("x-speakeasy-name-override").and_then(|v| v.as_str()).map(str::to_string);
        // A shared parameter's schema is one type for every operation using it.
        let shared = resolved.pointer.starts_with("/components/");
        let hint = if shared { type_name(&data.name) } else { format!("{type_prefix}{}", type_name(&data.name)) };
        let (mut lowered, media_type) = self.lower_param_schema(spec, &data.format, &resolved.pointer, hint)?;
        if let (ParamLocation::Query, ParameterSchemaOrContent::Schema(schema)) = (location, &data.format) {
            if let Some(map) = self.open_object_map(spec, schema, &lowered.ty, pointer) {
                lowered.ty = map;
            }
        }
        let explode = data.explode.unwrap_or(style == ParamStyle::Form);
        let mut docs = lowered.rustdoc.clone();
        if data.description.is_some() {
            docs.description = data.description.clone();
        }
        docs.example = data.example.clone().or(docs.example);
        docs.deprecated |= data.deprecated.unwrap_or(false);
        Some(Param {
            name: Name::wire(data.name.clone()),
            rename: name_override,
            location,
            required: data.required || location == ParamLocation::Path,
            ty: lowered.ty,
            style,
            explode,
            default: lowered.default,
            rustdoc: docs,
            media_type,
            global: false,
        })
    }

    /// A query object whose schema allows other properties besides the ones
    /// it declares is a map, as the SDKs type `pass_through` (`Record<string,
    /// any>`): its declared properties are examples of keys, not a shape.
    fn open_object_map(
        &mut self,
        spec: usize,
        schema: &ReferenceOr<openapiv3::Schema>,
        lowered: &TypeRef,
        pointer: &str,
    ) -> Option<TypeRef> {
        let resolved = match schema {
            ReferenceOr::Item(item) => item.clone(),
            ReferenceOr::Reference { reference } => match self.resolve_schema_ref(spec, reference, pointer)?.0 {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => return None,
            },
        };
        let (properties, additional) = match &resolved.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => (o.properties.len(), &o.additional_properties),
            openapiv3::SchemaKind::Any(a) => (a.properties.len(), &a.additional_properties),
            _ => return None,
        };
        if properties == 0 {
            return None;
        }
        let TypeRef::Named(id) = lowered else { return None };
        match (additional, &self.ir.types[id.0].kind) {
            (Some(openapiv3::AdditionalProperties::Any(true)), _) => Some(TypeRef::Map(Box::new(TypeRef::Any))),
            (Some(openapiv3::AdditionalProperties::Schema(_)), TypeKind::Struct(s)) => match &s.additional {
                Additional::Typed(t) => Some(TypeRef::Map(Box::new(t.clone()))),
                Additional::Preserve => None,
            },
            _ => None,
        }
    }

    /// The type of a parameter given by `schema`, or by `content` (one media
    /// type, returned with it).
    fn lower_param_schema(
        &mut self,
        spec: usize,
        format: &ParameterSchemaOrContent,
        pointer: &str,
        hint: String,
    ) -> Option<(super::Lowered, Option<String>)> {
        match format {
            ParameterSchemaOrContent::Schema(schema) => {
                Some((self.lower_schema(schema, &Site::new(spec, join_pointer(pointer, "schema"), hint)), None))
            }
            ParameterSchemaOrContent::Content(content) => {
                let Some((media, mt)) = content.iter().next() else {
                    let hint = Some("give one media type with a schema");
                    self.error(spec, pointer, "parameter `content` is empty", hint);
                    return None;
                };
                let Some(schema) = &mt.schema else {
                    self.error(spec, pointer, "parameter content has no schema", None);
                    return None;
                };
                let content_pointer = join_pointer(&join_pointer(pointer, "content"), media);
                let lowered =
                    self.lower_schema(schema, &Site::new(spec, join_pointer(&content_pointer, "schema"), hint));
                Some((lowered, Some(media.clone())))
            }
        }
    }

    fn lower_request_body(
        &mut self,
        spec: usize,
        body: &ReferenceOr<OaRequestBody>,
        pointer: &str,
        type_prefix: &str,
    ) -> Option<RequestBody> {
        let resolved = self.resolve_component(spec, body, pointer, "requestBodies", |c| &c.request_bodies)?;
        let shared = resolved.pointer.starts_with("/components/");
        let hint = if shared {
            type_name(resolved.pointer.rsplit('/').next().unwrap_or("RequestBody"))
        } else {
            format!("{type_prefix}RequestBody")
        };
        let contents = self.lower_contents(spec, &resolved.item.content, &resolved.pointer, &hint);
        Some(RequestBody {
            required: resolved.item.required,
            field: String::new(),
            media_field: None,
            contents,
            rustdoc: Rustdoc { description: resolved.item.description.clone(), ..Rustdoc::default() },
        })
    }

    fn lower_contents(
        &mut self,
        spec: usize,
        content: &indexmap::IndexMap<String, openapiv3::MediaType>,
        pointer: &str,
        hint: &str,
    ) -> Vec<Content> {
        let content_pointer = join_pointer(pointer, "content");
        let mut out: Vec<Content> = Vec::new();
        let mut seen: Vec<(serde_json::Value, TypeRef)> = Vec::new();
        // JSON first, then by media type, whatever order the spec lists them in.
        let mut content: Vec<_> = content.iter().collect();
        content.sort_by_key(|(media, _)| (BodyKind::of(media) != BodyKind::Json, media.to_ascii_lowercase()));
        for (media, mt) in content {
            // A body of any media type (`*/*`) can only be raw bytes: nothing
            // says how to encode it, whatever its schema describes.
            let kind = BodyKind::of(media);
            if kind == BodyKind::Any {
                out.push(Content {
                    media_type: media.clone(),
                    kind,
                    ty: Some(TypeRef::Primitive(Primitive::Binary)),
                    field: None,
                });
                continue;
            }
            let Some(schema) = mt.schema.as_ref() else {
                // No schema: JSON is any value, anything else is raw bytes.
                let ty = if kind == BodyKind::Json { TypeRef::Any } else { TypeRef::Primitive(Primitive::Binary) };
                out.push(Content { media_type: media.clone(), kind, ty: Some(ty), field: None });
                continue;
            };
            let ty = Some(schema).map(|schema| {
                // The same inline schema under several media types is one type.
                let raw = serde_json::to_value(schema).unwrap_or_default();
                if let Some((_, t)) = seen.iter().find(|(r, _)| *r == raw) {
                    return t.clone();
                }
                let schema_pointer = join_pointer(&join_pointer(&content_pointer, media), "schema");
                let lowered = self.lower_schema(schema, &Site::new(spec, schema_pointer, hint.to_string()));
                let ty = match (kind, lowered.ty) {
                    // Any value in a media type that is neither JSON nor text
                    // (`schema: {}` under `application/octet-stream`) is bytes;
                    // under `text/…`, text.
                    (BodyKind::Binary, TypeRef::Any) => TypeRef::Primitive(Primitive::Binary),
                    (BodyKind::Text, TypeRef::Any) => TypeRef::Primitive(Primitive::String),
                    (_, ty) if lowered.nullable => TypeRef::Nullable(Box::new(ty)),
                    (_, ty) => ty,
                };
                seen.push((raw, ty.clone()));
                ty
            });
            out.push(Content { media_type: media.clone(), kind, ty, field: None });
        }
        out
    }

    fn lower_response(
        &mut self,
        spec: usize,
        status: Status,
        response: &ReferenceOr<OaResponse>,
        pointer: &str,
        type_prefix: &str,
    ) -> Option<Response> {
        let resolved = self.resolve_component(spec, response, pointer, "responses", |c| &c.responses)?;
        let shared = resolved.pointer.starts_with("/components/");
        let hint = if shared {
            type_name(resolved.pointer.rsplit('/').next().unwrap_or("Response"))
        } else if status.is_success() {
            format!("{type_prefix}ResponseBody")
        } else {
            format!("{type_prefix}{}ResponseBody", type_name(&status.to_string()))
        };
        let contents = self.lower_contents(spec, &resolved.item.content, &resolved.pointer, &hint);
        let mut headers = Vec::new();
        for (name, header) in &resolved.item.headers {
            let h_pointer = join_pointer(&join_pointer(&resolved.pointer, "headers"), name);
            let Some(h) = self.resolve_component(spec, header, &h_pointer, "headers", |c| &c.headers) else { continue };
            let ty = match &h.item.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let hint = format!("{hint}{}", type_name(name));
                    self.lower_schema(schema, &Site::new(spec, join_pointer(&h.pointer, "schema"), hint)).ty
                }
                ParameterSchemaOrContent::Content(_) => TypeRef::Primitive(Primitive::String),
            };
            headers.push((name.clone(), ty));
        }
        let component =
            shared.then(|| resolved.pointer.rsplit('/').next().map(crate::diag::unescape_pointer_token)).flatten();
        Some(Response { status, description: resolved.item.description.clone(), contents, component, headers })
    }
}

/// A parameter's data, where it goes and how it is serialized.
fn param_kind(p: &Parameter) -> (&openapiv3::ParameterData, ParamLocation, ParamStyle) {
    match p {
        Parameter::Query { parameter_data, style, .. } => {
            let style = match style {
                openapiv3::QueryStyle::Form => ParamStyle::Form,
                openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
            };
            (parameter_data, ParamLocation::Query, style)
        }
        Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header, ParamStyle::Simple),
        Parameter::Path { parameter_data, style } => {
            let style = match style {
                openapiv3::PathStyle::Simple => ParamStyle::Simple,
                openapiv3::PathStyle::Label => ParamStyle::Label,
                openapiv3::PathStyle::Matrix => ParamStyle::Matrix,
            };
            (parameter_data, ParamLocation::Path, style)
        }
        Parameter::Cookie { parameter_data, .. } => (parameter_data, ParamLocation::Cookie, ParamStyle::Form),
    }
}

/// Where an operation sits in the client: `x-speakeasy-group` (dotted
/// groups) and `x-speakeasy-name-override` when the spec gives them; else
/// where the SDK's operation docs put it (`# Vault.Sessions`, `## create`);
/// else the API, the first tag, and the operationId without the tag's words
/// in front (`sessionsCreate` under `Sessions` → `create`).
fn layout(
    op: &openapiv3::Operation,
    id: &str,
    api: &str,
    sdk_operations: &std::collections::BTreeMap<String, crate::read::sdk_docs::OperationDoc>,
) -> Layout {
    let extension = |key: &str| op.extensions.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let group = extension("x-speakeasy-group");
    let name = extension("x-speakeasy-name-override");
    if group.is_some() || name.is_some() {
        let groups = match &group {
            Some(g) => g.split('.').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            None => vec![api.to_string()],
        };
        return Layout { groups, method: name.unwrap_or_else(|| id.to_string()), source: LayoutSource::Extensions };
    }
    if let Some(doc) = sdk_operations.get(&format!("{api}.{id}")) {
        if !doc.groups.is_empty() && !doc.sdk_method.is_empty() {
            return Layout {
                groups: doc.groups.clone(),
                method: doc.sdk_method.clone(),
                source: LayoutSource::SdkDocs,
            };
        }
    }
    let mut groups = vec![api.to_string()];
    let mut method = id.to_string();
    if let Some(tag) = op.tags.first() {
        let words = |s: &str| heck::ToSnakeCase::to_snake_case(s).split('_').map(str::to_string).collect::<Vec<_>>();
        let (tag_words, id_words) = (words(tag), words(id));
        if id_words.len() > tag_words.len() && id_words.starts_with(&tag_words) {
            method = id_words[tag_words.len()..].join("_");
        }
        groups.push(tag.clone());
    }
    Layout { groups, method, source: LayoutSource::Tags }
}

/// Cursor pagination: `x-speakeasy-pagination` (`type: cursor`, the input
/// named by its `cursor` input, the outputs `nextCursor` and `results` as
/// `$.a.b` paths) when the operation has it; else Apideck's convention, a
/// `cursor` query parameter and `meta.cursors.next` and `data` in the body.
/// [`crate::passes::pagination`] keeps it only where the body has them.
fn pagination(op: &openapiv3::Operation, params: &[Param]) -> Option<Pagination> {
    let path = |v: Option<&serde_json::Value>| -> Option<Vec<String>> {
        let text = v?.as_str()?.strip_prefix("$.")?;
        Some(text.split('.').map(str::to_string).collect())
    };
    if let Some(ext) = op.extensions.get("x-speakeasy-pagination") {
        if ext.get("type").and_then(|t| t.as_str()) != Some("cursor") {
            return None;
        }
        let input =
            ext.get("inputs")?.as_array()?.iter().find(|i| i.get("type").and_then(|t| t.as_str()) == Some("cursor"))?;
        let cursor = input.get("name")?.as_str()?.to_string();
        let outputs = ext.get("outputs")?;
        let (next, items) = (path(outputs.get("nextCursor"))?, path(outputs.get("results"))?);
        return Some(Pagination { cursor, next, items, declared: true });
    }
    params.iter().any(|p| p.location == ParamLocation::Query && p.name.wire == "cursor").then(|| Pagination {
        cursor: "cursor".to_string(),
        next: vec!["meta".into(), "cursors".into(), "next".into()],
        items: vec!["data".into()],
        declared: false,
    })
}
