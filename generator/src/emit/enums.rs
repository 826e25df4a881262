//! Enum types (open: unknown values are kept).

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
