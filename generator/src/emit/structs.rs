//! Struct types: the fields, a `Serialize`, and a `Deserialize` that keeps undeclared
//! properties without buffering.

use super::rustdoc;
use super::Emitter;
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

impl Emitter<'_> {
    pub(crate) fn expand_struct(&self, id: TypeId, s: &Struct) -> TokenStream {
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

        let fields = s.fields.iter().map(|f| self.struct_field(f));
        let serialize = struct_serialize(&name, s);
        let deserialize = self.struct_deserialize(&name, s, &additional_ty);
        let aliases = self.field_aliases(&s.fields);
        quote! {
            #aliases
            #docs
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #default)]
            pub struct #name {
                #(#fields)*
                #[doc = #additional_doc]
                pub #additional_ident: #additional_ty,
            }

            #serialize
            #deserialize
        }
    }

    /// A field of the struct, with its docs.
    fn struct_field(&self, f: &Field) -> TokenStream {
        let ident = super::ident(&f.name.rust);
        let ty = self.struct_field_ty(f);
        let mut doc_lines = rustdoc::lines(&f.rustdoc, &format!("The `{}` property.", f.name.wire));
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
        let doc = rustdoc::attrs(&doc_lines);
        quote! {
            #doc
            pub #ident: #ty,
        }
    }

    /// The generated `Deserialize`: the runtime's map visitor calls the
    /// type's `visit_map`, which reads declared fields directly and keeps the
    /// rest, without serde's `flatten` buffer. Errors are passed on with
    /// a `match` (see [`tri`]), not `?`, and nothing is a closure: both cost compile time in
    /// every one of thousands of types.
    fn struct_deserialize(&self, name: &proc_macro2::Ident, s: &Struct, additional_ty: &TokenStream) -> TokenStream {
        let additional_ident = super::ident(&s.additional_field);
        let locals: Vec<_> = crate::naming::claim_all(
            &[],
            s.fields.iter().map(|f| format!("f_{}", f.name.rust.trim_start_matches('_'))),
        )
        .into_iter()
        .map(|local| format_ident!("{local}"))
        .collect();
        let decls = s.fields.iter().zip(&locals).map(|(f, local)| {
            let ty = self.struct_field_ty(f);
            // A required field's local is one `Option` more, to tell a missing one.
            let storage = if f.presence.is_required() { quote!(::std::option::Option<#ty>) } else { ty };
            quote!(let mut #local: #storage = ::std::option::Option::None;)
        });
        let inits = s.fields.iter().zip(&locals).map(|(f, local)| {
            let ident = super::ident(&f.name.rust);
            let wire = &f.name.wire;
            match f.presence {
                Presence::Required => quote! {
                    #ident: match #local {
                        ::std::option::Option::Some(value) => value,
                        ::std::option::Option::None => {
                            return ::std::result::Result::Err(<__A::Error as ::serde::de::Error>::missing_field(#wire))
                        }
                    },
                },
                // Missing is read as `null`.
                Presence::RequiredNullable => quote!(#ident: ::std::option::Option::flatten(#local),),
                Presence::Optional | Presence::OptionalNullable => quote!(#ident: #local,),
            }
        });
        let dispatch = key_dispatch(name, s, &locals);
        let type_name = name.to_string();
        let next_key = tri(quote!(__map.next_key::<crate::runtime::FieldKey<'de>>()));
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                    crate::runtime::deserialize_object(deserializer)
                }
            }

            impl<'de> crate::runtime::DeserializeObject<'de> for #name {
                const NAME: &'static str = #type_name;

                #[allow(clippy::question_mark)]
                fn visit_map<__A: ::serde::de::MapAccess<'de>>(mut __map: __A) -> ::std::result::Result<Self, __A::Error> {
                    #(#decls)*
                    let mut __additional: #additional_ty = ::std::default::Default::default();
                    while let ::std::option::Option::Some(__key) = #next_key {
                        #dispatch
                    }
                    ::std::result::Result::Ok(#name {
                        #(#inits)*
                        #additional_ident: __additional,
                    })
                }
            }
        }
    }
}

/// The generated `Serialize`: the declared properties in order (an absent
/// optional one left out, `null` written for a required nullable one left
/// `None`), then the additional ones, as serde's derive with `flatten` writes
/// them but without its proc-macro run and attribute parsing per type.
fn struct_serialize(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let entries = s.fields.iter().map(|f| {
        let ident = super::ident(&f.name.rust);
        let wire = &f.name.wire;
        if f.presence.is_required() {
            tri_unit(quote!(::serde::ser::SerializeMap::serialize_entry(&mut __map, #wire, &self.#ident)))
        } else {
            let entry = tri_unit(quote!(::serde::ser::SerializeMap::serialize_entry(&mut __map, #wire, value)));
            quote! {
                if let ::std::option::Option::Some(value) = &self.#ident {
                    #entry
                }
            }
        }
    });
    let additional_ident = super::ident(&s.additional_field);
    let start = tri(quote!(::serde::Serializer::serialize_map(serializer, ::std::option::Option::None)));
    let additional = tri_unit(quote!(crate::runtime::serialize_additional(&mut __map, &self.#additional_ident)));
    quote! {
        impl ::serde::Serialize for #name {
            #[allow(clippy::question_mark)]
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                let mut __map = #start;
                #(#entries)*
                #additional
                ::serde::ser::SerializeMap::end(__map)
            }
        }
    }
}

/// The body of the visitor's loop: a declared key is read into its local,
/// any other is kept in the additional properties.
fn key_dispatch(name: &proc_macro2::Ident, s: &Struct, locals: &[proc_macro2::Ident]) -> TokenStream {
    let arms = s.fields.iter().zip(locals).map(|(f, local)| {
        let wire = &f.name.wire;
        // The value's type is inferred from the local's.
        let value = tri(quote!(__map.next_value()));
        let read = match f.presence {
            // `null` for an optional property that is not nullable is read as absent.
            Presence::Optional => quote!(#local = #value;),
            Presence::Required | Presence::RequiredNullable | Presence::OptionalNullable => {
                quote!(#local = ::std::option::Option::Some(#value);)
            }
        };
        quote!(#wire => { #read })
    });
    // Undeclared properties are kept, or in strict mode an error; a typed
    // `additionalProperties` declares them all.
    let keep = match s.additional {
        Additional::Preserve => {
            let ty = name.to_string();
            tri_unit(quote!(crate::runtime::keep_unknown(&mut __map, #ty, __key, &mut __additional)))
        }
        Additional::Typed(_) => {
            let value = tri(quote!(__map.next_value()));
            quote! {
                let __value = #value;
                __additional.insert(__key.into_string(), __value);
            }
        }
    };
    if s.fields.is_empty() {
        keep
    } else {
        quote! {
            match __key.as_str() {
                #(#arms)*
                _ => { #keep }
            }
        }
    }
}

/// `expr?` written out: the error returned as it is. The compiler resolves
/// `?`'s `Try` and `From` at each use, which in thousands of generated impls
/// was a tenth of the crate's check time; serde's derives do the same (with
/// a macro, which `prettyplease` cannot lay out). The functions that use it
/// allow `clippy::question_mark`.
fn tri(expr: TokenStream) -> TokenStream {
    quote! {
        match #expr {
            ::std::result::Result::Ok(value) => value,
            ::std::result::Result::Err(error) => return ::std::result::Result::Err(error),
        }
    }
}

/// [`tri`] as a statement, for a call whose value is `()`.
fn tri_unit(expr: TokenStream) -> TokenStream {
    quote! {
        if let ::std::result::Result::Err(error) = #expr {
            return ::std::result::Result::Err(error);
        }
    }
}
