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
        with_presence(self.field_base(f), f.presence)
    }

    /// A field's type without its `Option`s.
    fn field_base(&self, f: &Field) -> TokenStream {
        let mut base = self.ty(&f.ty);
        if f.boxed {
            base = quote!(::std::boxed::Box<#base>);
        }
        base
    }

    /// A struct field's type, through the alias of [`Self::field_alias`]
    /// when it has one.
    pub(crate) fn struct_field_ty(&self, f: &Field) -> TokenStream {
        match field_alias(f) {
            Some(alias) => with_presence(quote!(#alias), f.presence),
            None => self.field_ty(f),
        }
    }

    /// The module-private aliases of the struct's fields whose types are too
    /// nested to spell out (clippy's `type_complexity`, counted on the
    /// `Deserialize` visitor's local, which has one `Option` more).
    pub(crate) fn field_aliases(&self, fields: &[Field]) -> TokenStream {
        let aliases = fields.iter().filter_map(|f| {
            let alias = field_alias(f)?;
            let base = self.field_base(f);
            Some(quote!(type #alias = #base;))
        });
        quote!(#(#aliases)*)
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
/// clippy's `type_complexity` score of a type written at nesting `k`: each
/// path counts ten times its nesting.
fn complexity(t: &TypeRef, k: usize) -> usize {
    match t {
        TypeRef::Primitive(Primitive::Binary) => 10 * k + 10 * (k + 1),
        TypeRef::Named(_) | TypeRef::Primitive(_) | TypeRef::Any => 10 * k,
        TypeRef::List(inner) | TypeRef::Nullable(inner) => 10 * k + complexity(inner, k + 1),
        TypeRef::Map(inner) => 10 * k + 10 * (k + 1) + complexity(inner, k + 1),
    }
}

/// clippy's threshold, with a margin.
const COMPLEXITY_LIMIT: usize = 200;

/// The alias a field's type is written through when it is too complex.
fn field_alias(f: &Field) -> Option<proc_macro2::Ident> {
    // The visitor's local: the field's `Option`s, one more when required.
    let options = f.presence.options() + usize::from(f.presence.is_required());
    let mut k = 1;
    let mut score = 0;
    for _ in 0..options + usize::from(f.boxed) {
        score += 10 * k;
        k += 1;
    }
    score += complexity(&f.ty, k);
    (score > COMPLEXITY_LIMIT)
        .then(|| quote::format_ident!("{}Type", heck::ToUpperCamelCase::to_upper_camel_case(f.name.rust.as_str())))
}

pub(crate) fn with_presence(base: TokenStream, presence: Presence) -> TokenStream {
    match presence.options() {
        0 => base,
        1 => quote!(::std::option::Option<#base>),
        _ => quote!(::std::option::Option<::std::option::Option<#base>>),
    }
}
