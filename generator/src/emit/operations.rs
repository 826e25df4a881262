//! Operation types: `{Api}{OperationId}Request` and `…Response`.

use super::rustdoc;
use super::Emitter;
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

impl Emitter<'_> {
    /// The type of an operation's request body field (`None`: no typed body).
    pub(crate) fn body_type(&self, body: &RequestBody) -> Option<TypeRef> {
        body.primary().and_then(|c| c.ty.clone())
    }

    pub(crate) fn expand_request(&self, id: TypeId, op: OperationRef) -> TokenStream {
        let def = self.ir.ty(id);
        let op = &self.ir.operations[op.0];
        let name = format_ident!("{}", def.name.rust);
        let mut lines = rustdoc::lines(&def.rustdoc, "");
        lines.push(String::new());
        lines.push(format!("`{} {}`", op.method, op.path));
        let doc = rustdoc::attrs(&lines);
        let params = op.params.iter().map(|p| self.param_field(p, false));
        let body = op.body.as_ref().and_then(|b| {
            let t = self.body_type(b)?;
            let ident = super::ident(&b.field);
            let base = self.ty(&t);
            let ty = super::types::with_presence(base, b.presence());
            let mut lines = rustdoc::lines(&b.rustdoc, "The request body.");
            let media: Vec<String> = b.contents.iter().map(|c| format!("`{}`", c.media_type)).collect();
            lines.push(String::new());
            lines.push(format!("Sent as {}.", media.join(" or ")));
            let doc = rustdoc::attrs(&lines);
            let media = b.media_field.as_deref().map(|m| {
                let ident = super::ident(m);
                let doc = rustdoc::attrs(&[format!(
                    "The media type to send `{}` as (`None`: `application/octet-stream`): the API takes any.",
                    b.field
                )]);
                quote!(#doc pub #ident: ::std::option::Option<::std::string::String>,)
            });
            Some(quote!(#doc pub #ident: #ty, #media))
        });
        let default = self.has_default(id).then(|| quote!(::std::default::Default,));
        quote! {
            #doc
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #default)]
            pub struct #name {
                #(#params)*
                #body
            }
        }
    }

    /// A parameter as a field of the request (or, `in_globals`, of the globals) type.
    fn param_field(&self, p: &Param, in_globals: bool) -> TokenStream {
        let ident = super::ident(&p.name.rust);
        let base = self.ty(&p.ty);
        // A global may come from the client, so the request need not carry it.
        let ty = super::types::with_presence(base, p.presence());
        let location = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        let wire = p.name.wire.replace('`', "'");
        let how = match (&p.media_type, p.style, p.explode) {
            (Some(media), _, _) => format!(" (encoded as `{media}`)"),
            (None, ParamStyle::DeepObject, _) => format!(" (`deepObject` style: `{wire}[key]=value`)"),
            (None, ParamStyle::SpaceDelimited, _) => " (items separated by spaces)".to_string(),
            (None, ParamStyle::PipeDelimited, _) => " (items separated by `|`)".to_string(),
            (None, ParamStyle::Form, false) if matches!(p.ty, TypeRef::List(_)) => {
                " (items separated by commas)".to_string()
            }
            (None, ParamStyle::Form, true) if matches!(p.ty, TypeRef::List(_)) => {
                format!(" (repeated: `{wire}=a&{wire}=b`)")
            }
            _ => String::new(),
        };
        let mut notes = vec![format!("Sent as the `{wire}` {location} parameter{how}.")];
        if p.global && !in_globals {
            notes.push("A global parameter: when `None`, the value set on the client is sent.".to_string());
        }
        if p.required && (p.global || in_globals) {
            notes.push("Required by the API: set it here or on the client.".to_string());
        }
        if let Some(default) = &p.default {
            notes.push(format!(
                "The server's default: `{}`.",
                serde_json::to_string(default).unwrap_or_default().replace('`', "'")
            ));
        }
        let mut lines = rustdoc::lines(&p.rustdoc, "");
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(notes);
        let doc = rustdoc::attrs(&lines);
        quote!(#doc pub #ident: #ty,)
    }

    pub(crate) fn expand_globals(&self, id: TypeId, op: OperationRef) -> TokenStream {
        let def = self.ir.ty(id);
        let op = &self.ir.operations[op.0];
        let name = format_ident!("{}", def.name.rust);
        let doc = rustdoc::attrs(&rustdoc::lines(&def.rustdoc, ""));
        let params = op.params.iter().filter(|p| p.global).map(|p| self.param_field(p, true));
        quote! {
            #doc
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default)]
            pub struct #name {
                #(#params)*
            }
        }
    }

    pub(crate) fn expand_response(&self, id: TypeId, op: OperationRef) -> TokenStream {
        let def = self.ir.ty(id);
        let op = &self.ir.operations[op.0];
        let mut lines = rustdoc::lines(&def.rustdoc, "");
        lines.push(String::new());
        lines.push("The HTTP metadata, plus the body of the success or `default` response that came back.".into());
        let errors: Vec<String> = op
            .responses
            .iter()
            .filter(|r| r.status.is_error())
            .map(|r| match r.primary().and_then(|c| c.ty.as_ref()) {
                Some(TypeRef::Named(t)) => {
                    format!("`{}` ([`{}`]({}))", r.status, self.ir.ty(*t).name.rust, self.doc_path(*t))
                }
                _ => format!("`{}`", r.status),
            })
            .collect();
        if !errors.is_empty() {
            lines.push(format!("Error statuses ({}) are errors, not responses.", errors.join(", ")));
        }
        let doc = rustdoc::attrs(&lines);
        let mut seen: Vec<&str> = Vec::new();
        let mut fields = Vec::new();
        let mut streams = false;
        for r in &op.responses {
            for c in &r.contents {
                let (Some(field), Some(t)) = (c.field.as_deref(), &c.ty) else { continue };
                if seen.contains(&field) {
                    continue;
                }
                seen.push(field);
                let ident = super::ident(field);
                // Raw bytes are read as they arrive (never for error statuses:
                // those are errors, not fields).
                let ty = if c.streams() { quote!(crate::runtime::ByteStream) } else { self.ty(t) };
                streams |= c.streams();
                let mut lines = rustdoc::sanitize(&r.description);
                if lines.is_empty() {
                    lines.push("The response body.".into());
                }
                lines.push(String::new());
                if r.contents.len() > 1 {
                    lines.push(format!("Set when the status is `{}` and the body is `{}`.", r.status, c.media_type));
                } else {
                    lines.push(format!("Set when the status is `{}`.", r.status));
                }
                if c.streams() {
                    lines.push(
                        "The body as it arrives: read it with `collect().await` or as a `futures::Stream`.".into(),
                    );
                }
                let doc = rustdoc::attrs(&lines);
                fields.push(quote!(#doc pub #ident: ::std::option::Option<#ty>,));
            }
        }
        self.response_struct(id, doc, fields, streams)
    }

    /// A response type: `http_meta` and then `fields` (the bodies). Not a
    /// JSON type, so no serde impls; with a body stream (`streams`), not
    /// `Clone` or `PartialEq` either.
    fn response_struct(&self, id: TypeId, doc: TokenStream, fields: Vec<TokenStream>, streams: bool) -> TokenStream {
        let name = format_ident!("{}", self.ir.ty(id).name.rust);
        let default = self.has_default(id).then(|| quote!(, ::std::default::Default));
        let compare = (!streams).then(|| quote!(, ::std::clone::Clone, ::std::cmp::PartialEq));
        let http_meta = format_ident!("{}", crate::naming::HTTP_META_FIELD);
        let http_metadata = format_ident!("{}", crate::naming::HTTP_METADATA_TYPE);
        quote! {
            #doc
            #[derive(::std::fmt::Debug #compare #default)]
            pub struct #name {
                /// The raw HTTP request and response.
                pub #http_meta: crate::models::components::#http_metadata,
                #(#fields)*
            }
        }
    }
}

impl Emitter<'_> {
    /// A response envelope known from docs alone: the HTTP metadata plus the
    /// documented fields (each body the response may carry).
    pub(crate) fn expand_envelope(&self, id: TypeId, fields: &[Field]) -> TokenStream {
        let def = self.ir.ty(id);
        let mut lines = rustdoc::lines(&def.rustdoc, "");
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push("The HTTP metadata, plus the body of the response that came back.".into());
        let fields = fields
            .iter()
            .map(|f| {
                let ident = super::ident(&f.name.rust);
                let ty = self.field_ty(f);
                let doc = rustdoc::attrs(&rustdoc::lines(&f.rustdoc, "A response body."));
                quote!(#doc pub #ident: #ty,)
            })
            .collect();
        self.response_struct(id, rustdoc::attrs(&lines), fields, false)
    }
}
