//! The client: its type and builder, the crate's error type, and one struct
//! per group of operations with a method per operation
//! (`client.vault().sessions().create(request).await`).
//!
//! A method builds a [`Request`](../../templates) from the operation's
//! request type, sends it through the runtime's `Core` (credentials,
//! globals, retries), and decodes the response by status: a success or
//! `default` body into its field of the response type, a documented error
//! body into `Error::Api`, any other 4XX/5XX into `Error::Status`.

use super::{ident, rustdoc, Emitter};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The runtime's spelling of a parameter style.
fn style(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Simple => quote!(crate::runtime::Style::Simple),
        ParamStyle::Form => quote!(crate::runtime::Style::Form),
        ParamStyle::Label => quote!(crate::runtime::Style::Label),
        ParamStyle::Matrix => quote!(crate::runtime::Style::Matrix),
        ParamStyle::SpaceDelimited => quote!(crate::runtime::Style::SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(crate::runtime::Style::PipeDelimited),
        ParamStyle::DeepObject => quote!(crate::runtime::Style::DeepObject),
    }
}

fn location(location: ParamLocation) -> TokenStream {
    match location {
        ParamLocation::Query => quote!(crate::runtime::Location::Query),
        ParamLocation::Cookie => quote!(crate::runtime::Location::Cookie),
        ParamLocation::Header | ParamLocation::Path => quote!(crate::runtime::Location::Header),
    }
}

impl Emitter<'_> {
    /// The client's files: `src/client/mod.rs` and one file per top-level
    /// group, as (path, tokens).
    pub(crate) fn client_files(&self) -> Vec<(String, TokenStream)> {
        let client = &self.ir.client;
        let mut files = Vec::new();
        let mut mods = Vec::new();
        // The top-level groups whose operations read JSON bodies.
        let mut reads_json = Vec::new();
        for &child in &client.groups[0].children {
            let group = &client.groups[child];
            let module = ident(&group.accessor);
            let cfg = self.cfg_apis(self.group_apis(child));
            mods.push(quote!(#cfg mod #module; #cfg pub use self::#module::*;));
            let mut items = Vec::new();
            let before = self.reads_json.swap(false, std::sync::atomic::Ordering::Relaxed);
            let mut errors = super::responses::ErrorFns::default();
            self.group_tree(child, &mut items, &mut errors);
            items.extend(errors.into_items());
            if self.reads_json.load(std::sync::atomic::Ordering::Relaxed) {
                reads_json.push(child);
            }
            self.reads_json.fetch_or(before, std::sync::atomic::Ordering::Relaxed);
            files.push((format!("src/client/{}.rs", group.accessor), quote!(#(#items)*)));
        }
        let root = self.client_root(&reads_json);
        let builder = self.builder();
        let errors = self.error_body();
        files.push((
            "src/client/mod.rs".to_string(),
            quote! {
                //! The client: construct one with its builder, then call the
                //! operations through their groups.
                #(#mods)*
                pub use crate::runtime::{CallOptions, RetryMethods, RetryPolicy, Secret};
                #root
                #builder
                #errors
            },
        ));
        files
    }

    /// The `#[cfg]` that compiles an item the top-level `groups` use (with
    /// per-API features: when one of their APIs is enabled).
    fn groups_cfg(&self, groups: &[usize]) -> TokenStream {
        let Some(features) = &self.features else { return TokenStream::new() };
        let mut apis: Vec<ApiId> = groups.iter().flat_map(|&g| features.groups[g].iter().copied()).collect();
        apis.sort();
        apis.dedup();
        // Gated even when every API uses it: with no API feature, nothing does.
        self.cfg_apis(Some(&apis))
    }

    /// The client type, its accessors to the top-level groups and the
    /// decoding helpers the operation methods share (`reads_json`: the
    /// top-level groups that call the `json` one).
    fn client_root(&self, reads_json: &[usize]) -> TokenStream {
        let client = &self.ir.client;
        let name = format_ident!("{}", client.name);
        let builder = format_ident!("{}", client.builder);
        let accessors = client.groups[0].children.iter().map(|&c| {
            let cfg = self.cfg_apis(self.group_apis(c));
            let accessor = self.accessor(c, quote!(&self.core), quote!(::std::option::Option::None));
            quote!(#cfg #accessor)
        });
        let doc = format!(
            " The client of the API{}: cheap to clone, safe to share between tasks.",
            if self.ir.apis.len() > 1 { "s" } else { "" }
        );
        let reads_text: Vec<usize> = client.groups[0]
            .children
            .iter()
            .copied()
            .filter(|&g| {
                self.group_operations(g)
                    .into_iter()
                    .flat_map(|op| &self.ir.operations[op].responses)
                    .flat_map(|r| &r.contents)
                    .any(|c| c.kind != BodyKind::Json && matches!(c.ty, Some(TypeRef::Primitive(Primitive::String))))
            })
            .collect();
        // With per-API features and none of them enabled, no group reads the core.
        let core_unused = self.features.as_ref().map(|_| {
            let apis: Vec<ApiId> = (0..self.ir.apis.len()).map(ApiId).collect();
            let predicate: TokenStream = crate::passes::features::predicate(self.ir, &apis).parse().unwrap_or_default();
            quote!(#[cfg_attr(not(#predicate), allow(dead_code))])
        });
        // Called by the group files, which are emitted before this one.
        let json = (!reads_json.is_empty()).then(|| {
            let cfg = self.groups_cfg(reads_json);
            quote! {
                /// The body of `response` decoded as JSON (`expected` names the type in errors).
                #cfg
                fn json<T: ::serde::de::DeserializeOwned>(response: &crate::runtime::Response, expected: &str) -> ::std::result::Result<T, Error> {
                    response.json::<T, ErrorBody>(expected)
                }
            }
        });
        let text = (!reads_text.is_empty()).then(|| {
            let cfg = self.groups_cfg(&reads_text);
            quote! {
                /// The body of `response` as text.
                #cfg
                fn text(response: &crate::runtime::Response) -> ::std::result::Result<::std::string::String, Error> {
                    response.text::<ErrorBody>()
                }
            }
        });
        quote! {
            #[doc = #doc]
            ///
            /// Build one with [`Self::builder`]; `Debug` never shows a credential.
            #[derive(::std::fmt::Debug, ::std::clone::Clone)]
            pub struct #name {
                #core_unused
                core: crate::runtime::Core,
            }

            impl #name {
                /// A builder of the client.
                pub fn builder() -> #builder {
                    <#builder as ::std::default::Default>::default()
                }

                #(#accessors)*
            }

            #json
            #text
        }
    }

    /// The operations of group `g` and of the groups below it.
    fn group_operations(&self, g: usize) -> Vec<usize> {
        let group = &self.ir.client.groups[g];
        let mut ops = group.operations.clone();
        for &child in &group.children {
            ops.extend(self.group_operations(child));
        }
        ops
    }

    /// The method that reaches group `id` from its parent.
    fn accessor(&self, id: usize, core: TokenStream, options: TokenStream) -> TokenStream {
        let group = &self.ir.client.groups[id];
        let method = ident(&group.accessor);
        let ty = format_ident!("{}", group.type_name);
        let doc = format!(" The `{}` operations.", group.label.replace('`', "'"));
        quote! {
            #[doc = #doc]
            pub fn #method(&self) -> #ty<'_> {
                #ty::new(#core, #options)
            }
        }
    }

    /// Group `id`'s struct, and those of the groups below it.
    fn group_tree(&self, id: usize, items: &mut Vec<TokenStream>, errors: &mut super::responses::ErrorFns) {
        let group = &self.ir.client.groups[id];
        let ty = format_ident!("{}", group.type_name);
        let doc = format!(" The `{}` operations.", group.label.replace('`', "'"));
        let accessors: Vec<TokenStream> = group
            .children
            .iter()
            .map(|&c| {
                let child = &self.ir.client.groups[c];
                let method = ident(&child.accessor);
                let child_ty = format_ident!("{}", child.type_name);
                let doc = format!(" The `{}` operations.", child.label.replace('`', "'"));
                quote! {
                    #[doc = #doc]
                    pub fn #method(&self) -> #child_ty<'a> {
                        #child_ty::new(self.core, self.options)
                    }
                }
            })
            .collect();
        let methods: Vec<TokenStream> = group
            .operations
            .iter()
            .map(|&op| {
                let method = self.operation_method(op, errors);
                let stream = self.stream_method(op);
                quote!(#method #stream)
            })
            .collect();
        items.push(quote! {
            #[doc = #doc]
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy)]
            pub struct #ty<'a> {
                core: &'a crate::runtime::Core,
                options: ::std::option::Option<&'a crate::runtime::CallOptions>,
            }

            impl<'a> #ty<'a> {
                pub(crate) fn new(core: &'a crate::runtime::Core, options: ::std::option::Option<&'a crate::runtime::CallOptions>) -> Self {
                    #ty { core, options }
                }

                /// The same operations, each call made with `options`.
                pub fn with_options(self, options: &'a crate::runtime::CallOptions) -> Self {
                    #ty { core: self.core, options: ::std::option::Option::Some(options) }
                }

                #(#accessors)*
                #(#methods)*
            }
        });
        for &child in &group.children {
            self.group_tree(child, items, errors);
        }
    }

    /// The method of operation `index`.
    fn operation_method(&self, index: usize, errors: &mut super::responses::ErrorFns) -> TokenStream {
        let op = &self.ir.operations[index];
        let api = &self.ir.apis[op.api.0];
        let method = ident(&op.method_name);
        let response_ty = op.response_type.map(|id| self.path(id)).unwrap_or_else(|| quote!(()));
        let (param, request) = match op.request_type {
            Some(id) => {
                let ty = self.path(id);
                (quote!(request: #ty), true)
            }
            None => (quote!(), false),
        };
        let mut lines = rustdoc::lines(&op.rustdoc, "");
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("`{} {}` (`{}.{}`)", op.method, op.path.replace('`', "'"), api.doc_prefix, op.id));
        let doc = rustdoc::attrs(&lines);
        let http_method = op.method.as_str();
        let path = &op.path;
        let servers = if op.servers.is_empty() { &api.servers } else { &op.servers };
        let server = servers.first().map(Server::default_url).unwrap_or_default();
        let security = self.security(op);
        let params: Vec<TokenStream> = op.params.iter().map(|p| self.param_statement(p)).collect();
        let body = if request { self.body_statement(op) } else { quote!() };
        let stream_when = self.stream_when(op);
        let accept = op.accept().map(|a| quote!(r.accept(#a);));
        let mutable = (accept.is_some() || !params.is_empty() || !body.is_empty() || !stream_when.is_empty())
            .then(|| quote!(mut));
        let decode = self.decode(op, errors);
        quote! {
            #doc
            pub async fn #method(&self, #param) -> ::std::result::Result<#response_ty, crate::client::Error> {
                let #mutable r = crate::runtime::Request::new(#http_method, #path, #server, #security);
                #accept
                #(#params)*
                #body
                #stream_when
                let response = self.core.execute::<crate::client::ErrorBody>(r, self.options).await?;
                #decode
            }
        }
    }

    /// The security alternatives of `op`, as scheme keys.
    fn security(&self, op: &Operation) -> TokenStream {
        let api = &self.ir.apis[op.api.0];
        let requirements = op.security.as_ref().unwrap_or(&api.security);
        let alternatives = requirements.iter().map(|r| {
            let keys = r.schemes.iter().map(|(k, _)| k.as_str());
            quote!(&[#(#keys),*])
        });
        quote!(&[#(#alternatives),*])
    }

    /// The statement that puts parameter `p` into the request.
    fn param_statement(&self, p: &Param) -> TokenStream {
        let field = ident(&p.name.rust);
        let wire = &p.name.wire;
        let explode = p.explode;
        let put = |value: TokenStream| match (p.location, &p.media_type) {
            (ParamLocation::Query, Some(_)) => quote!(r.query_content(#wire, #value);),
            (ParamLocation::Query, None) => {
                let style = style(p.style);
                quote!(r.query_param(#wire, #style, #explode, #value);)
            }
            (ParamLocation::Path, _) => {
                let style = style(p.style);
                quote!(r.path_param(#wire, #style, #explode, #value);)
            }
            (ParamLocation::Header, _) => quote!(r.header_param(#wire, #explode, #value);),
            (ParamLocation::Cookie, _) => quote!(r.cookie_param(#wire, #value);),
        };
        if p.global && p.location != ParamLocation::Path {
            let set = put(quote!(value));
            let location = location(p.location);
            let required = p.required;
            return quote! {
                match &request.#field {
                    ::std::option::Option::Some(value) => { #set }
                    ::std::option::Option::None => r.global(#location, #wire, #required),
                }
            };
        }
        if p.location == ParamLocation::Path && p.presence().options() > 0 {
            let set = put(quote!(value));
            return quote! {
                match &request.#field {
                    ::std::option::Option::Some(value) => { #set }
                    ::std::option::Option::None => r.missing(#wire),
                }
            };
        }
        put(quote!(&request.#field))
    }

    /// The crate's `Error` and `ErrorBody`.
    fn error_body(&self) -> TokenStream {
        let variants = self.ir.client.error_bodies.iter().map(|(ty, name)| {
            let variant = format_ident!("{}", name);
            let t = self.ty(ty);
            let doc = match ty {
                TypeRef::Named(id) => format!(" A [`{}`]({}).", self.ir.ty(*id).name.rust, self.doc_path(*id)),
                _ => format!(" A `{name}` body."),
            };
            // A body type that per-API features leave out takes its variant with it.
            let mut named = Vec::new();
            crate::ir::walk::named_in(ty, &mut named);
            let cfg = named.first().map(|&id| self.type_cfg(id)).unwrap_or_default();
            quote!(#[doc = #doc] #cfg #variant(#t),)
        });
        quote! {
            /// The error of every operation: see [`crate::runtime::Error`].
            pub type Error = crate::runtime::Error<ErrorBody>;

            /// The body of an error response, decoded into the type the spec
            /// gives its status. It serializes as that body.
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::serde::Serialize)]
            #[serde(untagged)]
            // Variants hold their values inline; one large variant is the price.
            #[allow(clippy::large_enum_variant)]
            pub enum ErrorBody {
                #(#variants)*
            }
        }
    }

    /// The builder: credentials, globals, server, timeout, retries.
    fn builder(&self) -> TokenStream {
        let client = &self.ir.client;
        let name = format_ident!("{}", client.name);
        let builder = format_ident!("{}", client.builder);
        let credentials = self.credential_setters();
        let globals = self.global_setters();
        let fixed = fixed_setters();
        let user_agent = format!("{}/{} (Rust)", self.crate_name, self.crate_version);
        let builder_doc = format!(" Builds a [`{}`].", client.name);
        quote! {
            #[doc = #builder_doc]
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::default::Default)]
            pub struct #builder {
                server_url: ::std::option::Option<::std::string::String>,
                timeout: ::std::option::Option<::std::time::Duration>,
                retry: ::std::option::Option<crate::runtime::RetryPolicy>,
                user_agent: ::std::option::Option<::std::string::String>,
                credentials: ::std::vec::Vec<crate::runtime::Credential>,
                globals: ::std::vec::Vec<(crate::runtime::Location, &'static str, ::std::string::String)>,
                strict: bool,
                http: ::std::option::Option<::reqwest::Client>,
            }

            impl #builder {
                #credentials
                #globals

                #fixed

                /// The client.
                pub fn build(self) -> ::std::result::Result<#name, Error> {
                    let settings = crate::runtime::Settings {
                        server_url: self.server_url,
                        timeout: self.timeout,
                        retry: self.retry.unwrap_or_default(),
                        user_agent: self.user_agent.unwrap_or_else(|| #user_agent.to_string()),
                        credentials: self.credentials,
                        globals: self.globals,
                        strict: self.strict,
                        http: self.http,
                    };
                    let core = crate::runtime::Core::new(settings).map_err(crate::runtime::Error::Request)?;
                    ::std::result::Result::Ok(#name { core })
                }
            }
        }
    }

    /// A setter per security scheme's credential.
    fn credential_setters(&self) -> TokenStream {
        let setters = self.ir.client.credentials.iter().map(|c| {
            let method = ident(&c.method);
            let (scheme, header, prefix) = (&c.scheme, &c.name, &c.prefix);
            let location = location(c.location);
            let mut lines = vec![format!("The credential of the `{}` security scheme.", scheme.replace('`', "'"))];
            if let Some(d) = &c.description {
                lines.push(String::new());
                lines.extend(rustdoc::sanitize(d));
            }
            let doc = rustdoc::attrs(&lines);
            quote! {
                #doc
                pub fn #method(mut self, value: impl ::std::convert::Into<crate::runtime::Secret>) -> Self {
                    self.credentials.retain(|c| c.scheme != #scheme);
                    self.credentials.push(crate::runtime::Credential { scheme: #scheme, location: #location, name: #header, prefix: #prefix, secret: value.into() });
                    self
                }
            }
        });
        quote!(#(#setters)*)
    }

    /// A setter per global parameter.
    fn global_setters(&self) -> TokenStream {
        let setters = self.ir.client.globals.iter().map(|g| {
            let method = ident(&g.method);
            let wire = &g.name;
            let location = location(g.location);
            let doc = format!(
                " The `{}` parameter of every operation that takes it (a request may set its own).",
                wire.replace('`', "'")
            );
            quote! {
                #[doc = #doc]
                pub fn #method(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.globals.retain(|(l, n, _)| !(*l == #location && *n == #wire));
                    self.globals.push((#location, #wire, value.into()));
                    self
                }
            }
        });
        quote!(#(#setters)*)
    }
}

/// The builder's setters every client has: server, timeout, retries, user
/// agent, HTTP client, strictness.
fn fixed_setters() -> TokenStream {
    quote! {
        /// The server to call instead of the spec's.
        pub fn server_url(mut self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.server_url = ::std::option::Option::Some(url.into());
            self
        }

        /// How long one attempt of a call may take (default: no limit).
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.timeout = ::std::option::Option::Some(timeout);
            self
        }

        /// When to send a failed request again (default: [`crate::runtime::RetryPolicy::default`]).
        pub fn retry(mut self, policy: crate::runtime::RetryPolicy) -> Self {
            self.retry = ::std::option::Option::Some(policy);
            self
        }

        /// The `User-Agent` header.
        pub fn user_agent(mut self, user_agent: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.user_agent = ::std::option::Option::Some(user_agent.into());
            self
        }

        /// The `reqwest` client to send with (default: one with rustls).
        pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
            self.http = ::std::option::Option::Some(client);
            self
        }

        /// Decode every response strictly: a property, enum value or
        /// union member the types do not know is an error (for contract tests).
        pub fn strict(mut self, strict: bool) -> Self {
            self.strict = strict;
            self
        }
    }
}

/// An expression reaching the value at the end of `fields` from `start`
/// (an `Option<&T>`, or an `Option<T>` when `owned`), through each field's
/// presence: `Option<&Last>` (or `Option<Last>`).
fn field_chain(start: TokenStream, fields: &[&Field], owned: bool) -> TokenStream {
    let mut expr = start;
    for f in fields {
        let name = ident(&f.name.rust);
        let (take, deref) =
            if owned { (quote!(x.#name), quote!(*x.#name)) } else { (quote!(x.#name.as_ref()), quote!(&*x.#name)) };
        let whole = if owned { quote!(x.#name) } else { quote!(&x.#name) };
        expr = match (f.presence, f.boxed) {
            (Presence::Required, false) => quote!(#expr.map(|x| #whole)),
            (Presence::Required, true) => quote!(#expr.map(|x| #deref)),
            (Presence::Optional | Presence::RequiredNullable, _) => quote!(#expr.and_then(|x| #take)),
            (Presence::OptionalNullable, _) if owned => quote!(#expr.and_then(|x| #take).flatten()),
            (Presence::OptionalNullable, _) => quote!(#expr.and_then(|x| #take).and_then(|x| x.as_ref())),
        };
    }
    expr
}

impl Emitter<'_> {
    /// For a list with a cursor, a method that streams the items of every
    /// page, fetching the next one as the stream is read.
    fn stream_method(&self, index: usize) -> TokenStream {
        let op = &self.ir.operations[index];
        let (Some(pagination), Some(stream), Some(request_id)) = (&op.pagination, &op.stream_method, op.request_type)
        else {
            return quote!();
        };
        let Some(content) = crate::passes::pagination::page_content(op) else { return quote!() };
        let (Some(page_ty), Some(page_field)) = (content.ty.as_ref(), content.field.as_deref()) else {
            return quote!();
        };
        let next = crate::passes::pagination::fields_along(self.ir, page_ty, &pagination.next);
        let items = crate::passes::pagination::fields_along(self.ir, page_ty, &pagination.items);
        let (Some(next), Some(items)) = (next, items) else { return quote!() };
        let Some(TypeRef::List(item)) = items.last().map(|f| crate::ir::walk::resolve(self.ir, &f.ty)) else {
            return quote!();
        };
        let Some(cursor) =
            op.params.iter().find(|p| p.location == ParamLocation::Query && p.name.wire == pagination.cursor)
        else {
            return quote!();
        };
        let item_ty = self.ty(item);
        let request_ty = self.path(request_id);
        let (method, stream, page_field, cursor_field) =
            (ident(&op.method_name), ident(stream), ident(page_field), ident(&cursor.name.rust));
        let next_cursor = field_chain(quote!(::std::option::Option::Some(&page)), &next, false);
        let page_items = field_chain(quote!(::std::option::Option::Some(page)), &items, true);
        let doc = format!(
            " Every item of every page of [`Self::{}`]: the next page is fetched (its `{}` from `{}`) as the stream is read, until a page names no next cursor.",
            op.method_name,
            pagination.cursor.replace('`', "'"),
            pagination.next.join(".").replace('`', "'")
        );
        let set_cursor = if cursor.presence().options() > 0 {
            quote!(request.#cursor_field = ::std::option::Option::Some(cursor);)
        } else {
            quote!(request.#cursor_field = cursor;)
        };
        quote! {
            #[doc = #doc]
            pub fn #stream(&self, request: #request_ty) -> impl ::futures_util::Stream<Item = ::std::result::Result<#item_ty, crate::client::Error>> + 'a {
                let group = *self;
                ::futures_util::stream::try_unfold(
                    (::std::option::Option::Some(request), ::std::collections::VecDeque::new()),
                    move |(mut next, mut buffer)| async move {
                        loop {
                            if let ::std::option::Option::Some(item) = buffer.pop_front() {
                                return ::std::result::Result::Ok(::std::option::Option::Some((item, (next, buffer))));
                            }
                            let ::std::option::Option::Some(mut request) = next.take() else {
                                return ::std::result::Result::Ok(::std::option::Option::None);
                            };
                            let response = group.#method(::std::clone::Clone::clone(&request)).await?;
                            let ::std::option::Option::Some(page) = response.#page_field else {
                                return ::std::result::Result::Ok(::std::option::Option::None);
                            };
                            let cursor: ::std::option::Option<::std::string::String> = #next_cursor.cloned();
                            buffer.extend(#page_items.unwrap_or_default());
                            // A page without a next cursor (or with the same one again) is the last.
                            if let ::std::option::Option::Some(cursor) = cursor.filter(|c| !c.is_empty()) {
                                let previous: ::std::option::Option<&str> = ::std::option::Option::as_deref(&request.#cursor_field);
                                if previous != ::std::option::Option::Some(cursor.as_str()) {
                                    #set_cursor
                                    next = ::std::option::Option::Some(request);
                                }
                            }
                        }
                    },
                )
            }
        }
    }
}
