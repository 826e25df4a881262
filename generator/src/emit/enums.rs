//! Enum types (open: unknown values are kept) and unions (`oneOf`/`anyOf`,
//! with an `Unknown` fallback).

use super::Emitter;
use crate::ir::*;
use crate::naming::UNKNOWN_VARIANT;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

impl Emitter<'_> {
    pub(crate) fn expand_enum(&self, id: TypeId, e: &Enum) -> TokenStream {
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
        let (copy, unknown_ty, impls) = match e.repr {
            EnumRepr::String => (None, quote!(::std::string::String), string_enum_impls(&name, &unknown, &idents, e)),
            EnumRepr::Integer => {
                (Some(quote!(::std::marker::Copy,)), quote!(i64), integer_enum_impls(&name, &unknown, &idents, e))
            }
        };
        quote! {
            #docs
            ///
            #[doc = #open_doc]
            #[derive(::std::fmt::Debug, ::std::clone::Clone, #copy ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord, #default_derive)]
            // Open: a later spec may add values, so matches need a `_` arm.
            #[non_exhaustive]
            pub enum #name {
                #( #variant_docs #default_marks #idents, )*
                /// A value this version of the SDK does not know, kept as sent.
                #unknown(#unknown_ty),
            }

            #impls
        }
    }

    pub(crate) fn expand_union(&self, id: TypeId, u: &Union) -> TokenStream {
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
        let deserialize = union_deserialize(&name, &unknown, &idents, &tys, u);
        let how = match (tagged(u), u.kind) {
            (Some(d), _) if untagged(d, u.variants.len()).is_empty() => {
                format!(" The variant is chosen by the `{}` property.", d.property)
            }
            (Some(d), _) => format!(
                " The variant is chosen by the `{}` property; variants no tag names are tried in order when it names none.",
                d.property
            ),
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
            #[non_exhaustive]
            pub enum #name {
                #( #variant_docs #idents(#tys), )*
                /// A value that matches no known variant, kept as sent.
                #unknown(::serde_json::Value),
            }

            #deserialize
        }
    }
}

/// The impls of an enum of strings: to and from `&str`, `Display`, serde.
fn string_enum_impls(name: &Ident, unknown: &Ident, idents: &[Ident], e: &Enum) -> TokenStream {
    let type_name = name.to_string();
    let wires: Vec<_> = e.variants.iter().map(|v| v.name.wire.as_str()).collect();
    quote! {
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
                let value = #name::from(value.as_str());
                if let #name::#unknown(other) = &value {
                    crate::runtime::unknown_value::<__D::Error>(#type_name, other)?;
                }
                ::std::result::Result::Ok(value)
            }
        }
    }
}

/// The impls of an enum of integers: to and from `i64`, serde.
fn integer_enum_impls(name: &Ident, unknown: &Ident, idents: &[Ident], e: &Enum) -> TokenStream {
    let type_name = name.to_string();
    let values: Vec<_> =
        e.variants.iter().map(|v| Literal::i64_unsuffixed(v.value.as_i64().unwrap_or_default())).collect();
    quote! {
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
                let value = #name::from(<i64 as ::serde::Deserialize<'de>>::deserialize(deserializer)?);
                if let #name::#unknown(other) = &value {
                    crate::runtime::unknown_value::<__D::Error>(#type_name, other)?;
                }
                ::std::result::Result::Ok(value)
            }
        }
    }
}

/// The union's discriminator, when it tags at least one variant.
fn tagged(u: &Union) -> Option<&crate::ir::Discriminator> {
    u.discriminator.as_ref().filter(|d| !d.mapping.is_empty())
}

/// The variants (of `count`) that no tag of `d` names.
fn untagged(d: &crate::ir::Discriminator, count: usize) -> Vec<usize> {
    (0..count).filter(|i| !d.mapping.iter().any(|(_, j)| j == i)).collect()
}

/// A union's `Deserialize`: by the discriminator's tag when there is one,
/// else the first variant that decodes; `Unknown` when none does.
fn union_deserialize(name: &Ident, unknown: &Ident, idents: &[Ident], tys: &[TokenStream], u: &Union) -> TokenStream {
    let type_name = name.to_string();
    let by_tag = tagged(u).map(|d| {
        let property = &d.property;
        // Variants no tag names are tried in order when the tag is unknown.
        let rest = untagged(d, idents.len());
        let (rest_idents, rest_tys) = (rest.iter().map(|&i| &idents[i]), rest.iter().map(|&i| &tys[i]));
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
                _ => {
                    #(
                        if let ::std::result::Result::Ok(v) = <#rest_tys as ::serde::Deserialize>::deserialize(&value) {
                            return ::std::result::Result::Ok(#name::#rest_idents(v));
                        }
                    )*
                    crate::runtime::no_member::<__D::Error>(#type_name)?;
                    ::std::result::Result::Ok(#name::#unknown(value))
                }
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
            crate::runtime::no_member::<__D::Error>(#type_name)?;
            ::std::result::Result::Ok(#name::#unknown(value))
        }
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize<'de>>::deserialize(deserializer)?;
                #by_tag
                #tries
            }
        }
    }
}
