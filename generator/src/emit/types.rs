//! Model types: one `expand_*` function per [`TypeKind`].

use super::docs;
use super::Emitter;
use crate::ir::*;
use crate::naming::UNKNOWN_VARIANT;
use proc_macro2::{Literal, TokenStream};
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

    fn type_docs(&self, id: TypeId) -> TokenStream {
        let def = self.ir.ty(id);
        let noun = if def.origin.file.extension().is_some_and(|e| e == "md") { "model" } else { "schema" };
        docs::attrs(&docs::lines(&def.docs, &format!("The `{}` {noun}.", def.name.wire)))
    }

    /// The Rust type of a struct field: boxed, then optional/nullable.
    pub(crate) fn field_ty(&self, f: &Field) -> TokenStream {
        let mut base = self.ty(&f.ty);
        if f.boxed {
            base = quote!(::std::boxed::Box<#base>);
        }
        with_presence(base, f.presence)
    }

    fn expand_struct(&self, id: TypeId, s: &Struct) -> TokenStream {
        let def = self.ir.ty(id);
        let name = format_ident!("{}", def.name.rust);
        let docs = self.type_docs(id);
        let default = self.has_default(id).then(|| quote!(::std::default::Default,));
        let additional_ty = match &s.additional {
            Additional::Preserve => quote!(crate::runtime::AdditionalProperties),
            Additional::Typed(t) => {
                let t = self.ty(t);
                quote!(::std::collections::BTreeMap<::std::string::String, #t>)
            }
        };
        let additional_ident = super::ident(&s.additional_field);
        let additional_doc = match &s.additional {
            Additional::Preserve => {
                " Properties the schema does not declare, kept as sent so that writing the value back loses nothing."
            }
            Additional::Typed(_) => " The properties beyond the declared ones (the schema's `additionalProperties`).",
        };

        let fields = s.fields.iter().map(|f| {
            let ident = super::ident(&f.name.rust);
            let ty = self.field_ty(f);
            let mut doc_lines = docs::lines(&f.docs, &format!("The `{}` property.", f.name.wire));
            let mut notes = Vec::new();
            if f.presence == Presence::OptionalNullable {
                notes.push("`None`: absent; `Some(None)`: an explicit `null`.".to_string());
            }
            if let Some(default) = &f.default {
                let text = serde_json::to_string(default).unwrap_or_default();
                if !text.contains('`') {
                    notes.push(format!("The server's default: `{text}`."));
                }
            }
            if f.read_only {
                notes.push("Set by the server; not sent in requests.".into());
            }
            if !notes.is_empty() {
                doc_lines.push(String::new());
                doc_lines.extend(notes);
            }
            let doc = docs::attrs(&doc_lines);
            let rename = (f.name.rust != f.name.wire).then(|| {
                let wire = &f.name.wire;
                quote!(#[serde(rename = #wire)])
            });
            let skip = (!f.presence.is_required())
                .then(|| quote!(#[serde(skip_serializing_if = "::std::option::Option::is_none")]));
            quote! {
                #doc
                #rename
                #skip
                pub #ident: #ty,
            }
        });

        // The generated `Deserialize`: a map visitor that reads declared
        // fields directly and keeps the rest, without serde's `flatten` buffer.
        let locals: Vec<_> = crate::naming::claim_all(
            &[],
            s.fields.iter().map(|f| format!("f_{}", f.name.rust.trim_start_matches('_'))),
        )
        .into_iter()
        .map(|local| format_ident!("{local}"))
        .collect();
        let decls = s.fields.iter().zip(&locals).map(|(f, local)| {
            let ty = self.field_ty(f);
            // A required field's local is one `Option` more, to tell a missing one.
            let storage = if f.presence.is_required() { quote!(::std::option::Option<#ty>) } else { ty };
            quote!(let mut #local: #storage = ::std::option::Option::None;)
        });
        let arms = s.fields.iter().zip(&locals).map(|(f, local)| {
            let wire = &f.name.wire;
            // The value's type is inferred from the local's.
            let read = match f.presence {
                // `null` for an optional property that is not nullable is read as absent.
                Presence::Optional => quote!(#local = __map.next_value()?;),
                Presence::Required | Presence::RequiredNullable | Presence::OptionalNullable => {
                    quote!(#local = ::std::option::Option::Some(__map.next_value()?);)
                }
            };
            quote!(#wire => { #read })
        });
        let inits = s.fields.iter().zip(&locals).map(|(f, local)| {
            let ident = super::ident(&f.name.rust);
            let wire = &f.name.wire;
            match f.presence {
                Presence::Required => {
                    quote!(#ident: #local.ok_or_else(|| <__A::Error as ::serde::de::Error>::missing_field(#wire))?,)
                }
                // Missing is read as `null`.
                Presence::RequiredNullable => quote!(#ident: #local.flatten(),),
                Presence::Optional | Presence::OptionalNullable => quote!(#ident: #local,),
            }
        });
        let keep = quote! {
            let __value = __map.next_value()?;
            __additional.insert(__key.into_string(), __value);
        };
        let dispatch = if s.fields.is_empty() {
            keep
        } else {
            quote! {
                match __key.as_str() {
                    #(#arms)*
                    _ => { #keep }
                }
            }
        };
        let expecting = format!("a `{}` object", def.name.rust);
        quote! {
            #docs
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #default ::serde::Serialize)]
            pub struct #name {
                #(#fields)*
                #[doc = #additional_doc]
                #[serde(flatten)]
                pub #additional_ident: #additional_ty,
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<__D>(deserializer: __D) -> ::std::result::Result<Self, __D::Error>
                where
                    __D: ::serde::Deserializer<'de>,
                {
                    struct __Visitor;
                    impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                        type Value = #name;
                        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str(#expecting)
                        }
                        fn visit_map<__A>(self, mut __map: __A) -> ::std::result::Result<#name, __A::Error>
                        where
                            __A: ::serde::de::MapAccess<'de>,
                        {
                            #(#decls)*
                            let mut __additional: #additional_ty = ::std::default::Default::default();
                            while let ::std::option::Option::Some(__key) = __map.next_key::<crate::runtime::FieldKey<'de>>()? {
                                #dispatch
                            }
                            ::std::result::Result::Ok(#name {
                                #(#inits)*
                                #additional_ident: __additional,
                            })
                        }
                    }
                    deserializer.deserialize_map(__Visitor)
                }
            }
        }
    }

    fn expand_enum(&self, id: TypeId, e: &Enum) -> TokenStream {
        let def = self.ir.ty(id);
        let unknown = format_ident!("{}", UNKNOWN_VARIANT);
        let open_doc =
            format!(" Values this version of the SDK does not know are kept in [`Self::{UNKNOWN_VARIANT}`].");
        let name = format_ident!("{}", def.name.rust);
        let docs = self.type_docs(id);
        let idents: Vec<_> = e.variants.iter().map(|v| format_ident!("{}", v.name.rust)).collect();
        let variant_docs = e.variants.iter().map(|v| {
            let d = if v.name.wire.is_empty() {
                " The empty string.".to_string()
            } else {
                format!(" `{}`", v.name.wire.replace('`', "'"))
            };
            quote!(#[doc = #d])
        });
        let default_derive = e.default.map(|_| quote!(::std::default::Default,));
        let default_marks: Vec<_> =
            (0..e.variants.len()).map(|i| (e.default == Some(i)).then(|| quote!(#[default]))).collect();
        match e.repr {
            EnumRepr::String => {
                let wires: Vec<_> = e.variants.iter().map(|v| v.name.wire.as_str()).collect();
                quote! {
                    #docs
                    ///
                    #[doc = #open_doc]
                    #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord, #default_derive)]
                    pub enum #name {
                        #( #variant_docs #default_marks #idents, )*
                        /// A value this version of the SDK does not know, kept as sent.
                        #unknown(::std::string::String),
                    }

                    impl #name {
                        /// The value as it is on the wire.
                        pub fn as_str(&self) -> &str {
                            match self {
                                #( #name::#idents => #wires, )*
                                #name::#unknown(value) => value.as_str(),
                            }
                        }
                    }

                    impl ::std::convert::From<&str> for #name {
                        fn from(value: &str) -> Self {
                            match value {
                                #( #wires => #name::#idents, )*
                                other => #name::#unknown(::std::string::ToString::to_string(other)),
                            }
                        }
                    }

                    impl ::std::fmt::Display for #name {
                        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str(self.as_str())
                        }
                    }


                    impl ::serde::Serialize for #name {
                        fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                            serializer.serialize_str(self.as_str())
                        }
                    }

                    impl<'de> ::serde::Deserialize<'de> for #name {
                        fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                            let value = <crate::runtime::FieldKey<'de> as ::serde::Deserialize<'de>>::deserialize(deserializer)?;
                            ::std::result::Result::Ok(#name::from(value.as_str()))
                        }
                    }
                }
            }
            EnumRepr::Integer => {
                let values: Vec<_> =
                    e.variants.iter().map(|v| Literal::i64_unsuffixed(v.value.as_i64().unwrap_or_default())).collect();
                quote! {
                    #docs
                    ///
                    #[doc = #open_doc]
                    #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord, #default_derive)]
                    pub enum #name {
                        #( #variant_docs #default_marks #idents, )*
                        /// A value this version of the SDK does not know, kept as sent.
                        #unknown(i64),
                    }

                    impl #name {
                        /// The value as it is on the wire.
                        pub fn value(&self) -> i64 {
                            match self {
                                #( #name::#idents => #values, )*
                                #name::#unknown(value) => *value,
                            }
                        }
                    }

                    impl ::std::convert::From<i64> for #name {
                        fn from(value: i64) -> Self {
                            match value {
                                #( #values => #name::#idents, )*
                                other => #name::#unknown(other),
                            }
                        }
                    }


                    impl ::serde::Serialize for #name {
                        fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                            serializer.serialize_i64(self.value())
                        }
                    }

                    impl<'de> ::serde::Deserialize<'de> for #name {
                        fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                            let value = <i64 as ::serde::Deserialize<'de>>::deserialize(deserializer)?;
                            ::std::result::Result::Ok(#name::from(value))
                        }
                    }
                }
            }
        }
    }

    fn expand_union(&self, id: TypeId, u: &Union) -> TokenStream {
        let def = self.ir.ty(id);
        let unknown = format_ident!("{}", UNKNOWN_VARIANT);
        let name = format_ident!("{}", def.name.rust);
        let docs = self.type_docs(id);
        let idents: Vec<_> = u.variants.iter().map(|v| format_ident!("{}", v.name)).collect();
        let tys: Vec<_> = u
            .variants
            .iter()
            .map(|v| {
                let t = self.ty(&v.ty);
                if v.boxed {
                    quote!(::std::boxed::Box<#t>)
                } else {
                    t
                }
            })
            .collect();
        let variant_docs = u.variants.iter().map(|v| {
            let d = match &v.ty {
                TypeRef::Named(id) => format!(" A [`{}`]({}).", self.ir.ty(*id).name.rust, self.doc_path(*id)),
                _ => format!(" The `{}` form.", v.label),
            };
            quote!(#[doc = #d])
        });
        let by_tag = u.discriminator.as_ref().map(|d| {
            let property = &d.property;
            let tags = d.mapping.iter().map(|(tag, _)| tag.as_str());
            let arms = d.mapping.iter().map(|(_, i)| {
                let (ident, ty) = (&idents[*i], &tys[*i]);
                quote! {
                    <#ty as ::serde::Deserialize>::deserialize(&value)
                        .map(#name::#ident)
                        .map_err(<__D::Error as ::serde::de::Error>::custom)
                }
            });
            quote! {
                let tag = value.get(#property).and_then(::serde_json::Value::as_str);
                match tag {
                    #( ::std::option::Option::Some(#tags) => #arms, )*
                    _ => ::std::result::Result::Ok(#name::#unknown(value)),
                }
            }
        });
        let tries = if by_tag.is_some() {
            quote!()
        } else {
            quote! {
                #(
                    if let ::std::result::Result::Ok(v) = <#tys as ::serde::Deserialize>::deserialize(&value) {
                        return ::std::result::Result::Ok(#name::#idents(v));
                    }
                )*
                ::std::result::Result::Ok(#name::#unknown(value))
            }
        };
        let how = match (&u.discriminator, u.kind) {
            (Some(d), _) => format!(" The variant is chosen by the `{}` property.", d.property),
            (None, UnionKind::OneOf) => " Variants are tried in order; the first that decodes is used.".to_string(),
            (None, UnionKind::AnyOf) => {
                " Variants are tried in order; the first that decodes is used (several may match).".to_string()
            }
        };
        quote! {
            #docs
            ///
            #[doc = #how]
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::serde::Serialize)]
            #[serde(untagged)]
            // Variants hold their values inline so they can be matched and
            // built directly; one large variant is the price.
            #[allow(clippy::large_enum_variant)]
            pub enum #name {
                #( #variant_docs #idents(#tys), )*
                /// A value that matches no known variant, kept as sent.
                #unknown(::serde_json::Value),
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize<'de>>::deserialize(deserializer)?;
                    #by_tag
                    #tries
                }
            }
        }
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
