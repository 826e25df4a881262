//! Bodies in operation methods: the request body put in by its media type
//! (JSON, form, multipart part by part, text, bytes), and response bodies
//! read into their fields (decoded, or handed out as a byte stream).

use super::{ident, Emitter};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

impl Emitter<'_> {
    /// The statement that puts the request body in, by its media type.
    pub(crate) fn body_statement(&self, op: &Operation) -> TokenStream {
        let Some(body) = &op.body else { return quote!() };
        let Some(content) = body.primary() else { return quote!() };
        if content.ty.is_none() {
            return quote!();
        }
        let field = ident(&body.field);
        let media = &content.media_type;
        let text = matches!(content.ty, Some(TypeRef::Primitive(Primitive::String)));
        let binary = matches!(content.ty, Some(TypeRef::Primitive(Primitive::Binary)));
        let set = match content.kind {
            BodyKind::Json => quote!(r.json_body(#media, value);),
            BodyKind::Form => quote!(r.form_body(#media, value);),
            BodyKind::Multipart => self.multipart(content),
            BodyKind::Text if text => quote!(r.text_body(#media, value);),
            BodyKind::Text if binary => quote!(r.bytes_body(#media, ::std::clone::Clone::clone(value));),
            BodyKind::Text => quote!(r.json_body(#media, value);),
            BodyKind::Binary => quote!(r.bytes_body(#media, ::std::clone::Clone::clone(value));),
            // A body of any media type: sent as bytes, labelled as the
            // caller says (else as bytes).
            BodyKind::Any => {
                let media = match body.media_field.as_deref() {
                    Some(m) => {
                        let m = ident(m);
                        quote!(request.#m.as_deref().unwrap_or("application/octet-stream"))
                    }
                    None => quote!("application/octet-stream"),
                };
                quote!(r.bytes_body(#media, ::std::clone::Clone::clone(value));)
            }
        };
        if body.presence().is_required() {
            quote!({ let value = &request.#field; #set })
        } else {
            quote! {
                if let ::std::option::Option::Some(value) = &request.#field { #set }
            }
        }
    }

    /// A `multipart/form-data` body: for an object with declared
    /// properties, one part per property (raw bytes as file parts, the rest
    /// as text or JSON), then its undeclared properties; anything else as
    /// the parts of its JSON object.
    fn multipart(&self, content: &Content) -> TokenStream {
        let Some(TypeRef::Named(id)) = &content.ty else { return quote!(r.multipart_body(value);) };
        let TypeKind::Struct(s) = &self.ir.ty(*id).kind else { return quote!(r.multipart_body(value);) };
        let is_bytes = |t: &TypeRef| match t {
            TypeRef::Primitive(Primitive::Binary) => true,
            TypeRef::List(inner) => matches!(**inner, TypeRef::Primitive(Primitive::Binary)),
            _ => false,
        };
        let parts = s.fields.iter().map(|f| {
            let field = ident(&f.name.rust);
            let wire = &f.name.wire;
            if is_bytes(&f.ty) {
                quote!(r.multipart_file(#wire, &value.#field);)
            } else {
                quote!(r.multipart_field(#wire, &value.#field);)
            }
        });
        let additional = ident(&s.additional_field);
        quote! {
            r.multipart_begin();
            #(#parts)*
            for (name, extra) in &value.#additional {
                r.multipart_field(name, extra);
            }
        }
    }

    /// How a success or `default` body of `content` is read into its field
    /// of the response type: raw bytes as a stream, the rest as the body.
    pub(crate) fn read_field(&self, content: &Content) -> TokenStream {
        if content.streams() {
            quote!(response.byte_stream())
        } else {
            self.read_body(content)
        }
    }

    /// How the body of `content` is read into its field's type.
    pub(crate) fn read_body(&self, content: &Content) -> TokenStream {
        let ty = content.ty.as_ref();
        let expected =
            format!("`{}` {}", content.media_type.replace('`', "'"), ty.map(|t| self.describe(t)).unwrap_or_default());
        match (content.kind, ty) {
            (BodyKind::Json, _) => self.json(&expected),
            (_, Some(TypeRef::Primitive(Primitive::String))) => quote!(crate::client::text(&response)?),
            (_, Some(TypeRef::Primitive(Primitive::Binary))) => quote!(response.bytes()),
            _ => self.json(&expected),
        }
    }

    /// A call of the client's `json` helper (and a note that it is needed).
    pub(crate) fn json(&self, expected: &str) -> TokenStream {
        self.reads_json.store(true, std::sync::atomic::Ordering::Relaxed);
        quote!(crate::client::json(&response, #expected)?)
    }

    /// A short description of a type for decode errors.
    pub(crate) fn describe(&self, t: &TypeRef) -> String {
        match t {
            TypeRef::Named(id) => self.ir.ty(*id).name.rust.clone(),
            TypeRef::List(inner) => format!("array of {}", self.describe(inner)),
            TypeRef::Map(inner) => format!("map of {}", self.describe(inner)),
            TypeRef::Nullable(inner) => self.describe(inner),
            TypeRef::Primitive(p) => format!("{p:?}").to_lowercase(),
            TypeRef::Any => "JSON".to_string(),
        }
    }
}
