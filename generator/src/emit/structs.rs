//! Struct types: the fields, and a `Deserialize` that keeps undeclared
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
        let deserialize = self.struct_deserialize(&name, s, &additional_ty);
        let aliases = self.field_aliases(&s.fields);
        quote! {
            #aliases
            #docs
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #default ::serde::Serialize)]
            pub struct #name {
                #(#fields)*
                #[doc = #additional_doc]
                #[serde(flatten)]
                pub #additional_ident: #additional_ty,
            }

            #deserialize
        }
    }

    /// A field of the struct, with its docs and serde attributes.
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
    }

    /// The generated `Deserialize`: a map visitor that reads declared fields
    /// directly and keeps the rest, without serde's `flatten` buffer.
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
                Presence::Required => {
                    quote!(#ident: #local.ok_or_else(|| <__A::Error as ::serde::de::Error>::missing_field(#wire))?,)
                }
                // Missing is read as `null`.
                Presence::RequiredNullable => quote!(#ident: #local.flatten(),),
                Presence::Optional | Presence::OptionalNullable => quote!(#ident: #local,),
            }
        });
        let dispatch = key_dispatch(name, s, &locals);
        let expecting = format!("a `{name}` object");
        quote! {
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
}

/// The body of the visitor's loop: a declared key is read into its local,
/// any other is kept in the additional properties.
fn key_dispatch(name: &proc_macro2::Ident, s: &Struct, locals: &[proc_macro2::Ident]) -> TokenStream {
    let arms = s.fields.iter().zip(locals).map(|(f, local)| {
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
    // Undeclared properties are kept, or in strict mode an error; a typed
    // `additionalProperties` declares them all.
    let check = matches!(s.additional, Additional::Preserve).then(|| {
        let ty = name.to_string();
        quote!(crate::runtime::unknown_property::<__A::Error>(#ty, __key.as_str())?;)
    });
    let keep = quote! {
        #check
        let __value = __map.next_value()?;
        __additional.insert(__key.into_string(), __value);
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
