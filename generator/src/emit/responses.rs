//! Response decoding in operation methods: a `match` on the status that
//! fills the response type's field from a success or `default` body, and
//! hands every 4XX and 5XX status to an error function.
//!
//! The statuses are tried in this order: exact codes, then classes, in the
//! order the spec gives them; then the error classes no response names;
//! then `default`. Success and error statuses never overlap, so the success
//! arms come first and one arm (`400..=599`, plus any exact error code
//! outside it) sends the rest to the error function. An error function
//! decodes the documented error bodies of one set of error responses. The
//! operations of an API mostly document the same errors, so each set gets
//! one function per client file, not one copy of its arms per method. This
//! is most of what a method asks the compiler to check.

use super::{ident, Emitter};
use crate::ir::*;
use crate::naming::HTTP_META_FIELD;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// The error functions of one client file, in order of first use.
#[derive(Default)]
pub(crate) struct ErrorFns {
    /// (the function's body, as text; its name; the function).
    fns: Vec<(String, Ident, TokenStream)>,
}

impl ErrorFns {
    /// The functions, to put in the file after its group structs.
    pub(crate) fn into_items(self) -> Vec<TokenStream> {
        self.fns.into_iter().map(|(_, _, f)| f).collect()
    }

    /// The name of the function with `body`, adding it if it is new. Named
    /// by its documented statuses (`error_400_404_5xx`, `_default` when it
    /// reads the `default` body); a second set of the same statuses with
    /// other bodies gets `_2`, and so on.
    fn name(&mut self, statuses: &[Status], with_default: bool, body: TokenStream, doc: String) -> Ident {
        let key = body.to_string();
        if let Some((_, name, _)) = self.fns.iter().find(|(k, _, _)| *k == key) {
            return name.clone();
        }
        let mut base = String::from("error");
        for s in statuses {
            match s {
                Status::Code(c) => base.push_str(&format!("_{c}")),
                Status::Range(r) => base.push_str(&format!("_{r}xx")),
                Status::Default => {}
            }
        }
        if with_default {
            base.push_str("_default");
        }
        let mut name = base.clone();
        let mut n = 1;
        while self.fns.iter().any(|(_, existing, _)| *existing == name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        let name = format_ident!("{}", name);
        let item = quote! {
            #[doc = #doc]
            fn #name(response: crate::runtime::Response) -> crate::client::Error {
                #body
            }
        };
        self.fns.push((key, name.clone(), item));
        name
    }
}

impl Emitter<'_> {
    /// The response handling of `op`: a `match` on the status, its error
    /// statuses sent to a function of `errors`.
    pub(crate) fn decode(&self, op: &Operation, errors: &mut ErrorFns) -> TokenStream {
        let Some(response_id) = op.response_type else { return quote!(::std::result::Result::Ok(())) };
        let response_ty = self.path(response_id);
        let http_meta = format_ident!("{}", HTTP_META_FIELD);
        let mut fields: Vec<&str> = Vec::new();
        for c in op.responses.iter().flat_map(|r| &r.contents) {
            if let Some(f) = c.field.as_deref() {
                if !fields.contains(&f) {
                    fields.push(f);
                }
            }
        }
        let field_idents: Vec<_> = fields.iter().map(|f| ident(f)).collect();
        let mutable = (!fields.is_empty()).then(|| quote!(mut));
        let out = quote! {
            let #mutable out = #response_ty {
                #http_meta: ::std::clone::Clone::clone(&response.http_meta),
                #( #field_idents: ::std::option::Option::None, )*
            };
        };
        // Only errors documented: every arm is an error and the match is the
        // method's result (no `return`s, no `Ok` after it).
        let only_errors = !op.responses.is_empty() && op.responses.iter().all(|r| r.status.is_error());
        let fail = |error: TokenStream| {
            if only_errors {
                quote!(::std::result::Result::Err(#error))
            } else {
                quote!(return ::std::result::Result::Err(#error);)
            }
        };
        let mut arms = self.success_arms(op);
        // Every error status: the classes, and exact codes past them.
        let beyond = op.responses.iter().filter_map(|r| match r.status {
            Status::Code(c) if c > 599 => Some(Literal::u16_unsuffixed(c)),
            _ => None,
        });
        let error = self.error_call(op, errors);
        let error = fail(error);
        let error_statuses = quote!(400..=599 #(| #beyond)*);
        arms.push(quote!(#error_statuses => { #error }));
        // No response documented at all (OpenAPI 3.1 allows it): any 2XX is a success.
        if op.responses.is_empty() {
            arms.push(quote!(status if (200..=299).contains(&status) => {}));
        }
        match op.responses.iter().find(|r| r.status == Status::Default) {
            // Only a `default` without a body beside the errors: a `match`
            // of one arm and `_ => {}` is clippy's `single_match`.
            Some(r) if arms.len() == 1 && self.success_arm(r).is_empty() && !only_errors => {
                return quote! {
                    #out
                    if ::std::matches!(response.status, #error_statuses) {
                        #error
                    }
                    ::std::result::Result::Ok(out)
                };
            }
            Some(r) => {
                let handle = self.success_arm(r);
                arms.push(quote!(_ => { #handle }));
            }
            None => {
                let error = fail(quote!(response.status_error(::std::option::Option::None)));
                arms.push(quote!(_ => { #error }));
            }
        }
        if only_errors {
            return quote! {
                match response.status {
                    #(#arms)*
                }
            };
        }
        quote! {
            #out
            match response.status {
                #(#arms)*
            }
            ::std::result::Result::Ok(out)
        }
    }

    /// The arms of the success responses with a code or a class (those
    /// before the error arm), as the spec orders them: codes, then classes.
    fn success_arms(&self, op: &Operation) -> Vec<TokenStream> {
        let mut arms = Vec::new();
        let exact = op.responses.iter().filter(|r| matches!(r.status, Status::Code(_)));
        let ranges = op.responses.iter().filter(|r| matches!(r.status, Status::Range(_)));
        for r in exact.chain(ranges).filter(|r| !r.status.is_error()) {
            let pattern = match r.status {
                Status::Code(c) => {
                    let c = Literal::u16_unsuffixed(c);
                    quote!(#c)
                }
                // Classes as guards: an exact code inside one is no overlap.
                Status::Range(class) => {
                    let (lo, hi) = (Literal::u16_unsuffixed(class * 100), Literal::u16_unsuffixed(class * 100 + 99));
                    quote!(status if (#lo..=#hi).contains(&status))
                }
                Status::Default => continue,
            };
            let handle = self.success_arm(r);
            arms.push(quote!(#pattern => { #handle }));
        }
        arms
    }

    /// The error of a 4XX or 5XX `response` to `op`: a call of the error
    /// function of its documented errors, or the status error when it
    /// documents none and no `default` body.
    fn error_call(&self, op: &Operation, errors: &mut ErrorFns) -> TokenStream {
        let exact = op.responses.iter().filter(|r| matches!(r.status, Status::Code(_)));
        let ranges = op.responses.iter().filter(|r| matches!(r.status, Status::Range(_)));
        let documented: Vec<&Response> = exact.chain(ranges).filter(|r| r.status.is_error()).collect();
        let covered = |class: u16| op.responses.iter().any(|r| r.status == Status::Range(class));
        let default_body = op.responses.iter().find(|r| r.status == Status::Default).and_then(|r| {
            let content = r.primary()?;
            let ty = content.ty.as_ref()?;
            (content.kind == BodyKind::Json).then_some(ty)
        });
        let with_default = default_body.is_some() && (!covered(4) || !covered(5));
        // A documented error without a body is the status error, as any
        // other status is when no `default` body is read.
        let has_body = |r: &&&Response| r.primary().and_then(|c| c.ty.as_ref()).is_some();
        let documented: Vec<&Response> = documented.iter().filter(|r| with_default || has_body(r)).copied().collect();
        let mut arms = Vec::new();
        for r in &documented {
            let pattern = match r.status {
                Status::Code(c) => {
                    let c = Literal::u16_unsuffixed(c);
                    quote!(#c)
                }
                Status::Range(class) => {
                    let (lo, hi) = (Literal::u16_unsuffixed(class * 100), Literal::u16_unsuffixed(class * 100 + 99));
                    quote!(status if (#lo..=#hi).contains(&status))
                }
                Status::Default => continue,
            };
            let error = self.error_arm(r);
            arms.push(quote!(#pattern => #error,));
        }
        let last = match default_body {
            Some(ty) if with_default => {
                let variant = self.error_variant(ty);
                let expected = format!("the `default` body ({})", self.describe(ty));
                self.reads_json.store(true, std::sync::atomic::Ordering::Relaxed);
                quote! {
                    let default = crate::client::json(&response, #expected).ok().map(crate::client::ErrorBody::#variant);
                    response.status_error(default)
                }
            }
            _ if arms.is_empty() => return quote!(response.status_error(::std::option::Option::None)),
            _ => quote!(response.status_error(::std::option::Option::None)),
        };
        // Only the `default` body: no `match`.
        let body = if arms.is_empty() {
            last
        } else {
            quote! {
                match response.status {
                    #(#arms)*
                    _ => { #last }
                }
            }
        };
        let statuses: Vec<Status> = documented.iter().map(|r| r.status).collect();
        let listed: Vec<String> = statuses.iter().map(|s| format!("`{s}`")).collect();
        let mut doc = String::from(" The error of a 4XX or 5XX response");
        if !listed.is_empty() {
            doc.push_str(&format!(" (the documented body of {})", listed.join(", ")));
        }
        if with_default {
            doc.push_str(", with the `default` body for any other status");
        }
        doc.push('.');
        let name = errors.name(&statuses, with_default, body, doc);
        quote!(#name(response))
    }

    /// What a documented success or `default` response does: fill its field.
    fn success_arm(&self, r: &Response) -> TokenStream {
        let with_field: Vec<&Content> = r.contents.iter().filter(|c| c.field.is_some()).collect();
        match with_field.as_slice() {
            [] => quote!(),
            [only] => {
                let field = ident(only.field.as_deref().unwrap_or_default());
                let read = self.read_field(only);
                quote!(out.#field = ::std::option::Option::Some(#read);)
            }
            several => {
                let branches = several.iter().map(|c| {
                    let field = ident(c.field.as_deref().unwrap_or_default());
                    let media = &c.media_type;
                    let read = self.read_field(c);
                    quote!(if response.is(#media) { out.#field = ::std::option::Option::Some(#read); } else)
                });
                let first = several[0];
                let field = ident(first.field.as_deref().unwrap_or_default());
                let read = self.read_field(first);
                // A media type none of them names: the first is tried.
                quote!(#(#branches)* { out.#field = ::std::option::Option::Some(#read); })
            }
        }
    }

    /// The error of a documented error response, in an error function: its
    /// body decoded into `Error::Api`, or the decoding's error.
    fn error_arm(&self, r: &Response) -> TokenStream {
        let (Some(content), Some(ty)) = (r.primary(), r.primary().and_then(|c| c.ty.as_ref())) else {
            return quote!(response.status_error(::std::option::Option::None));
        };
        let variant = self.error_variant(ty);
        let api = quote!(response.api_error(crate::client::ErrorBody::#variant(body)));
        let read = match (content.kind, ty) {
            (BodyKind::Json, _) => None,
            (_, TypeRef::Primitive(Primitive::String)) => Some(quote!(crate::client::text(&response))),
            (_, TypeRef::Primitive(Primitive::Binary)) => {
                return quote!({
                    let body = response.bytes();
                    #api
                });
            }
            _ => None,
        };
        let read = read.unwrap_or_else(|| {
            let expected = format!("`{}` {}", content.media_type.replace('`', "'"), self.describe(ty));
            self.reads_json.store(true, std::sync::atomic::Ordering::Relaxed);
            quote!(crate::client::json(&response, #expected))
        });
        quote! {
            match #read {
                ::std::result::Result::Ok(body) => #api,
                ::std::result::Result::Err(error) => error,
            }
        }
    }

    /// The `ErrorBody` variant of body type `ty`.
    pub(crate) fn error_variant(&self, ty: &TypeRef) -> proc_macro2::Ident {
        let name =
            self.ir.client.error_bodies.iter().find(|(t, _)| t == ty).map(|(_, n)| n.as_str()).unwrap_or("Unknown");
        format_ident!("{}", name)
    }
}
