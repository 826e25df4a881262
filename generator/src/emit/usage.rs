//! A runnable example per API (`examples/{api}.rs`): a client built from
//! environment variables, one call, and the error handling a user writes.

use super::{format_file, ident, Emitter, Files};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

impl Emitter<'_> {
    /// The operation an API's example calls: the first, in layout order,
    /// that can be made without choosing a value (no request, or a request
    /// with a `Default`), a `GET` if there is one.
    fn example_operation(&self, group: usize) -> Option<usize> {
        let mut order = Vec::new();
        let mut stack = vec![group];
        while let Some(g) = stack.pop() {
            let group = &self.ir.client.groups[g];
            order.extend(group.operations.iter().copied());
            stack.extend(group.children.iter().rev().copied());
        }
        let callable = |&&i: &&usize| self.ir.operations[i].request_type.is_none_or(|id| self.has_default(id));
        let candidates: Vec<&usize> = order.iter().filter(callable).collect();
        candidates
            .iter()
            .find(|&&&i| self.ir.operations[i].method == HttpMethod::Get)
            .or(candidates.first())
            .map(|&&i| i)
    }

    /// `examples/{api}.rs` for each top-level group that has an operation
    /// callable without values.
    pub(crate) fn usage_examples(&self, header: &str, files: &mut Files) -> Result<(), String> {
        let setters = self.env_setters();
        for &top in &self.ir.client.groups[0].children {
            if let Some(tokens) = self.example_main(top, &setters) {
                let path = format!("examples/{}.rs", self.ir.client.groups[top].accessor);
                let text = format_file(header, &path, tokens)?;
                files.insert(path, text);
            }
        }
        Ok(())
    }

    /// The environment variable of each builder setter (`APIDECK_API_KEY`),
    /// and the statement that applies it when set.
    fn env_setters(&self) -> Vec<(String, TokenStream)> {
        let env_prefix = self.crate_name.replace('-', "_").to_uppercase();
        let client = &self.ir.client;
        client
            .credentials
            .iter()
            .map(|c| c.method.as_str())
            .chain(client.globals.iter().map(|g| g.method.as_str()))
            .map(|method| {
                let var = format!("{env_prefix}_{}", method.to_uppercase());
                let setter = ident(method);
                let statement = quote! {
                    if let ::std::result::Result::Ok(value) = ::std::env::var(#var) {
                        builder = builder.#setter(value);
                    }
                };
                (var, statement)
            })
            .collect()
    }

    /// The example of top-level group `top`: the client from the
    /// environment, one call, its error handling.
    fn example_main(&self, top: usize, setters: &[(String, TokenStream)]) -> Option<TokenStream> {
        let krate = format_ident!("{}", self.crate_name.replace('-', "_"));
        let env_prefix = self.crate_name.replace('-', "_").to_uppercase();
        let client = &self.ir.client;
        let name = format_ident!("{}", client.name);
        let index = self.example_operation(top)?;
        let op = &self.ir.operations[index];
        let api = &self.ir.apis[op.api.0];
        let path = self.ir.client_path(index);
        let (method, groups) = path.split_last()?;
        let init: Vec<TokenStream> = groups
            .iter()
            .map(|segment| {
                let s = ident(segment);
                quote!(.#s())
            })
            .collect();
        let method = ident(method);
        let argument = op.request_type.map(|_| quote!(::std::default::Default::default()));
        let shown = op
            .responses
            .iter()
            .filter(|r| r.status.is_success())
            .flat_map(|r| &r.contents)
            .find_map(|c| c.field.clone());
        let print = match shown {
            Some(field) => {
                let field = ident(&field);
                quote!(println!("{:#?}", response.#field);)
            }
            None => quote!(println!("{}", response.http_meta.response.status);),
        };
        let vars: Vec<String> = setters.iter().map(|(v, _)| format!("`{v}`")).collect();
        let doc_lines = [
            format!(
                " Calls `{}.{}` (`{} {}`), of {}.",
                api.doc_prefix,
                op.id,
                op.method,
                op.path.replace('`', "'"),
                api.title.replace('`', "'")
            ),
            String::new(),
            format!(
                " The credentials and global parameters come from {} when set;",
                if vars.is_empty() { "nowhere".to_string() } else { vars.join(", ") }
            ),
            format!(
                " `{env_prefix}_SERVER_URL` names another server. Run: `cargo run --example {}`.",
                client.groups[top].accessor
            ),
        ];
        let docs = doc_lines.iter().map(|l| quote!(#![doc = #l]));
        let server_var = format!("{env_prefix}_SERVER_URL");
        let setters = setters.iter().map(|(_, s)| s);
        Some(quote! {
            #(#docs)*

            #[tokio::main]
            async fn main() -> ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>> {
                let mut builder = #krate::#name::builder();
                #(#setters)*
                if let ::std::result::Result::Ok(url) = ::std::env::var(#server_var) {
                    builder = builder.server_url(url);
                }
                let client = builder.build()?;
                match client #(#init)* .#method(#argument).await {
                    ::std::result::Result::Ok(response) => {
                        #print
                    }
                    ::std::result::Result::Err(#krate::Error::Api(error)) => {
                        eprintln!("the API answered {}: {:?}", error.status, error.body);
                    }
                    ::std::result::Result::Err(error) => eprintln!("{error}"),
                }
                ::std::result::Result::Ok(())
            }
        })
    }
}
