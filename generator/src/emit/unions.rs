//! Unions (`oneOf`/`anyOf`, with an `Unknown` fallback): by the
//! discriminator's tag when there is one, else by the JSON kind of the value
//! (`runtime::union`), the variants that can take it tried in order.

use super::Emitter;
use crate::ir::*;
use crate::naming::UNKNOWN_VARIANT;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

impl Emitter<'_> {
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
        let deserialize = match tagged(u) {
            Some(d) => tagged_deserialize(&name, &unknown, &idents, &tys, d),
            None => self.kind_deserialize(&name, &unknown, &idents, &tys, u),
        };
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

/// The union's discriminator, when it tags at least one variant.
fn tagged(u: &Union) -> Option<&crate::ir::Discriminator> {
    u.discriminator.as_ref().filter(|d| !d.mapping.is_empty())
}

/// The variants (of `count`) that no tag of `d` names.
fn untagged(d: &crate::ir::Discriminator, count: usize) -> Vec<usize> {
    (0..count).filter(|i| !d.mapping.iter().any(|(_, j)| j == i)).collect()
}

/// A tagged union's `Deserialize`: the value is read into a `Value`, the
/// tag picks the variant; variants no tag names are tried in order when it
/// names none, and `Unknown` keeps what none takes.
fn tagged_deserialize(
    name: &Ident,
    unknown: &Ident,
    idents: &[Ident],
    tys: &[TokenStream],
    d: &Discriminator,
) -> TokenStream {
    let type_name = name.to_string();
    let property = &d.property;
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
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize<'de>>::deserialize(deserializer)?;
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
        }
    }
}

/// JSON kinds, as `runtime::union` numbers them.
const NULL: u8 = 1;
const BOOLEAN: u8 = 2;
const NUMBER: u8 = 4;
const STRING: u8 = 8;
const ARRAY: u8 = 16;
const OBJECT: u8 = 32;
const ALL: u8 = 63;

/// Past this many aliases in a row, a type is taken to read anything.
const MAX_DEPTH: usize = 32;

impl Emitter<'_> {
    /// The JSON kinds a value of `t` may be read from: more than it takes,
    /// never fewer (what is not known reads anything).
    fn kinds(&self, t: &TypeRef, depth: usize) -> u8 {
        if depth > MAX_DEPTH {
            return ALL;
        }
        match t {
            TypeRef::Primitive(p) => match p {
                Primitive::String | Primitive::DateTime | Primitive::Date | Primitive::Uuid => STRING,
                Primitive::I32 | Primitive::I64 | Primitive::F32 | Primitive::F64 => NUMBER,
                Primitive::Bool => BOOLEAN,
                Primitive::Binary => ALL,
            },
            TypeRef::List(_) => ARRAY,
            TypeRef::Map(_) => OBJECT,
            TypeRef::Nullable(inner) => NULL | self.kinds(inner, depth + 1),
            TypeRef::Any => ALL,
            TypeRef::Named(id) => match &self.ir.ty(*id).kind {
                TypeKind::Struct(_) => OBJECT,
                TypeKind::Enum(e) => match e.repr {
                    EnumRepr::String => STRING,
                    EnumRepr::Integer => NUMBER,
                },
                TypeKind::Alias(t) => self.kinds(t, depth + 1),
                TypeKind::Newtype(n) => self.kinds(&n.ty, depth + 1),
                // A union's `Unknown` takes anything; the rest are not read from JSON.
                _ => ALL,
            },
        }
    }

    /// Whether reading `t` from any value of the `kinds` never fails
    /// (outside strict mode, where a union's `Unknown` is an error).
    fn takes_every(&self, t: &TypeRef, kinds: u8, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let only = |k: u8| kinds & !k == 0;
        match t {
            TypeRef::Any => true,
            TypeRef::Nullable(inner) => only(NULL) || self.takes_every(inner, kinds & !NULL, depth + 1),
            TypeRef::List(item) => only(ARRAY) && self.takes_every(item, ALL, depth + 1),
            TypeRef::Map(value) => only(OBJECT) && self.takes_every(value, ALL, depth + 1),
            TypeRef::Primitive(Primitive::String) => only(STRING),
            // Every JSON number converts to `f64`.
            TypeRef::Primitive(Primitive::F64) => only(NUMBER),
            TypeRef::Primitive(Primitive::Bool) => only(BOOLEAN),
            TypeRef::Primitive(_) => false,
            TypeRef::Named(id) => match &self.ir.ty(*id).kind {
                // An untagged union keeps what no variant takes; a tagged
                // one fails when the variant its tag names does.
                TypeKind::Union(u) => tagged(u).is_none(),
                TypeKind::Enum(e) => e.repr == EnumRepr::String && only(STRING),
                TypeKind::Alias(t) => self.takes_every(t, kinds, depth + 1),
                TypeKind::Newtype(n) => self.takes_every(&n.ty, kinds, depth + 1),
                _ => false,
            },
        }
    }

    /// Whether `t` is an `Option` in Rust (its `Deserialize` asks for an
    /// option, which an array or object read directly does not answer).
    fn is_option(&self, t: &TypeRef, depth: usize) -> bool {
        match t {
            TypeRef::Nullable(_) => true,
            TypeRef::Named(id) if depth <= MAX_DEPTH => match &self.ir.ty(*id).kind {
                TypeKind::Alias(t) => self.is_option(t, depth + 1),
                TypeKind::Newtype(n) => self.is_option(&n.ty, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }

    /// An untagged union's `Deserialize`, through `runtime::union`: each
    /// variant is tried only on the kinds of values it can take, and an
    /// array or object that one variant alone takes, and always can, is read
    /// straight into it.
    fn kind_deserialize(
        &self,
        name: &Ident,
        unknown: &Ident,
        idents: &[Ident],
        tys: &[TokenStream],
        u: &Union,
    ) -> TokenStream {
        let type_name = name.to_string();
        let kinds: Vec<u8> = u.variants.iter().map(|v| self.kinds(&v.ty, 0)).collect();
        let tries = (0..u.variants.len()).map(|i| {
            let (ident, ty) = (&idents[i], &tys[i]);
            let attempt = quote! {
                if let ::std::result::Result::Ok(v) = <#ty as ::serde::Deserialize>::deserialize(value) {
                    return ::std::option::Option::Some(#name::#ident(v));
                }
            };
            if kinds[i] == ALL {
                return attempt;
            }
            let mask = kind_mask(kinds[i]);
            quote!(if kind & #mask != 0 { #attempt })
        });
        let kind = kinds.iter().any(|&k| k != ALL).then(|| quote!(let kind = crate::runtime::union::kind(value);));
        let direct = [
            (ARRAY, quote!(from_seq), quote!(SeqAccess), quote!(SeqAccessDeserializer)),
            (OBJECT, quote!(from_map), quote!(MapAccess), quote!(MapAccessDeserializer)),
        ]
        .into_iter()
        .filter_map(|(k, method, access, adapter)| {
            let i = self.direct(u, &kinds, k)?;
            let v = &u.variants[i];
            let ident = &idents[i];
            let (read, nullable) = match &v.ty {
                TypeRef::Nullable(inner) => (self.ty(inner), true),
                other => (self.ty(other), false),
            };
            let build = match (nullable, v.boxed) {
                (false, false) => quote!(#name::#ident),
                (true, false) => quote!(|v| #name::#ident(::std::option::Option::Some(v))),
                (false, true) => quote!(|v| #name::#ident(::std::boxed::Box::new(v))),
                (true, true) => quote!(|v| #name::#ident(::std::boxed::Box::new(::std::option::Option::Some(v)))),
            };
            Some(quote! {
                fn #method<__A: ::serde::de::#access<'de>>(access: __A) -> ::std::result::Result<Self, __A::Error> {
                    <#read as ::serde::Deserialize>::deserialize(::serde::de::value::#adapter::new(access))
                        .map(#build)
                }
            })
        });
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                    crate::runtime::deserialize_union(deserializer)
                }
            }

            impl<'de> crate::runtime::DeserializeUnion<'de> for #name {
                const NAME: &'static str = #type_name;

                fn from_value(value: &::serde_json::Value) -> ::std::option::Option<Self> {
                    #kind
                    #( #tries )*
                    ::std::option::Option::None
                }

                fn unknown(value: ::serde_json::Value) -> Self {
                    #name::#unknown(value)
                }

                #( #direct )*
            }
        }
    }

    /// The variant that reads values of `kind` (an array or an object)
    /// directly: the only one that can take them, when it always can and
    /// is not an `Option` inside.
    fn direct(&self, u: &Union, kinds: &[u8], kind: u8) -> Option<usize> {
        let mut takers = (0..u.variants.len()).filter(|&i| kinds[i] & kind != 0);
        let (i, None) = (takers.next()?, takers.next()) else { return None };
        let ty = &u.variants[i].ty;
        let inner = match ty {
            TypeRef::Nullable(inner) => inner,
            other => other,
        };
        (self.takes_every(ty, kind, 0) && !self.is_option(inner, 0)).then_some(i)
    }
}

/// `crate::runtime::union::STRING`, or `(crate::runtime::union::STRING |
/// crate::runtime::union::NULL)` (`!=` binds tighter than `|`).
fn kind_mask(kinds: u8) -> TokenStream {
    let names = [
        (NULL, "NULL"),
        (BOOLEAN, "BOOLEAN"),
        (NUMBER, "NUMBER"),
        (STRING, "STRING"),
        (ARRAY, "ARRAY"),
        (OBJECT, "OBJECT"),
    ];
    let parts = names.iter().filter(|(k, _)| kinds & k != 0).map(|(_, n)| {
        let n = format_ident!("{}", n);
        quote!(crate::runtime::union::#n)
    });
    let parts: Vec<TokenStream> = parts.collect();
    match parts.as_slice() {
        [one] => one.clone(),
        several => quote!((#(#several)|*)),
    }
}
