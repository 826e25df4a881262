//! Model types: one `expand_*` function per [`TypeKind`].

use super::rustdoc;
use super::Emitter;
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

impl Emitter<'_> {
    /// The tokens of a type reference, with absolute paths.
    pub(crate) fn ty(&self, t: &TypeRef) -> TokenStream {
        match t {
            TypeRef::Named(id) => self.path(*id),
            TypeRef::Primitive(p) => match p {
                Primitive::String => quote!(::std::string::String),
                Primitive::DateTime => quote!(crate::runtime::DateTime),
                Primitive::Date => quote!(::chrono::NaiveDate),
                Primitive::Uuid => quote!(::uuid::Uuid),
                Primitive::Binary => quote!(::std::vec::Vec<u8>),
                Primitive::I32 => quote!(i32),
                Primitive::I64 => quote!(i64),
                Primitive::F32 => quote!(f32),
                Primitive::F64 => quote!(f64),
                Primitive::Bool => quote!(bool),
            },
            TypeRef::List(inner) => {
                let inner = self.ty(inner);
                quote!(::std::vec::Vec<#inner>)
            }
            TypeRef::Map(inner) => {
                let inner = self.ty(inner);
                quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
            }
            TypeRef::Nullable(inner) => {
                let inner = self.ty(inner);
                quote!(::std::option::Option<#inner>)
            }
            TypeRef::Any => quote!(::serde_json::Value),
        }
    }

    /// `crate::models::<module>::<Name>`.
    pub(crate) fn path(&self, id: TypeId) -> TokenStream {
        let def = self.ir.ty(id);
        let module = format_ident!("{}", def.module.as_str());
        let name = format_ident!("{}", def.name.rust);
        quote!(crate::models::#module::#name)
    }

    /// The path of a type for an intra-doc link.
    pub(crate) fn doc_path(&self, id: TypeId) -> String {
        let def = self.ir.ty(id);
        format!("crate::models::{}::{}", def.module.as_str(), def.name.rust)
    }

    /// The item(s) for one model type.
    pub(crate) fn expand_type(&self, id: TypeId) -> TokenStream {
        let def = self.ir.ty(id);
        match &def.kind {
            // [`super::emit`] refuses an IR with pending types before this.
            TypeKind::Pending => TokenStream::new(),
            TypeKind::Struct(s) => self.expand_struct(id, s),
            TypeKind::Enum(e) => self.expand_enum(id, e),
            TypeKind::Union(u) => self.expand_union(id, u),
            TypeKind::Alias(t) => self.expand_alias(id, t),
            TypeKind::Newtype(n) => self.expand_newtype(id, n),
            TypeKind::Request(op) => self.expand_request(id, *op),
            TypeKind::Response(op) => self.expand_response(id, *op),
            TypeKind::Globals(op) => self.expand_globals(id, *op),
            TypeKind::Envelope(fields) => self.expand_envelope(id, fields),
        }
    }

    pub(crate) fn type_docs(&self, id: TypeId) -> TokenStream {
        let def = self.ir.ty(id);
        let noun = if def.origin.file.extension().is_some_and(|e| e == "md") { "model" } else { "schema" };
        rustdoc::attrs(&rustdoc::lines(&def.rustdoc, &format!("The `{}` {noun}.", def.name.wire)))
    }

    /// The Rust type of a struct field: boxed, then optional/nullable.
    pub(crate) fn field_ty(&self, f: &Field) -> TokenStream {
        let mut base = self.ty(&f.ty);
        if f.boxed {
            base = quote!(::std::boxed::Box<#base>);
        }
        with_presence(base, f.presence)
    }

    fn expand_alias(&self, id: TypeId, t: &TypeRef) -> TokenStream {
        let def = self.ir.ty(id);
        let name = format_ident!("{}", def.name.rust);
        let docs = self.type_docs(id);
        let ty = self.ty(t);
        quote! {
            #docs
            pub type #name = #ty;
        }
    }

    fn expand_newtype(&self, id: TypeId, n: &Newtype) -> TokenStream {
        let def = self.ir.ty(id);
        let name = format_ident!("{}", def.name.rust);
        let docs = self.type_docs(id);
        let mut ty = self.ty(&n.ty);
        if n.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let default = self.has_default(id).then(|| quote!(::std::default::Default,));
        quote! {
            #docs
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
            #[serde(transparent)]
            pub struct #name(
                /// The value.
                pub #ty,
            );
        }
    }
}

/// `base` wrapped in as many `Option`s as `presence` asks for.
pub(crate) fn with_presence(base: TokenStream, presence: Presence) -> TokenStream {
    match presence.options() {
        0 => base,
        1 => quote!(::std::option::Option<#base>),
        _ => quote!(::std::option::Option<::std::option::Option<#base>>),
    }
}
