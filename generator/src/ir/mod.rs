//! The intermediate model: plain owned data describing every type and
//! operation of every API, independent of the input format (OpenAPI 3.0 today;
//! 3.1, Swagger 2.0 and Markdown model docs feed the same model) and of the
//! emitter (no `quote`/`syn` here).
//!
//! Types live in one arena ([`Ir::types`]) addressed by [`TypeId`]; references
//! between types are ids, so recursion is plain data and a later pass
//! ([`crate::passes::cycles`]) decides where indirection (`Box`) is needed.
//! [`walk`] visits the references; every pass that follows them uses it.
//!
//! # What each phase settles
//!
//! The IR is built in phases, in this order; a field is read only after the
//! phase that settles it, and no later phase changes what an earlier one
//! settled unless this table says so.
//!
//! | after | settled |
//! |---|---|
//! | lowering ([`crate::lower`], or [`crate::lower::sdk_docs`] from docs alone) | every type's [`TypeKind`] (none is [`TypeKind::Pending`]); wire names; what Rust names derive from ([`TypeDef::preferred_names`], [`Param::rename`], [`Operation::type_prefix`]); [`TypeDef::module`] is `Operations` for operation types, `Components` for the rest (from docs: the doc's namespace); unused `x-sdk-exclude` schemas removed. Every Rust name is still empty |
//! | [`crate::naming::members`] | the Rust names inside each type and operation: fields, enum and union variants, parameters, the body field, response fields ([`Content::field`]), method names |
//! | [`crate::passes::io`] | `readOnly` fields dropped from request-only types, `writeOnly` ones from response types, `…Input` copies added ([`TypeDef::variant_of`]) and request bodies pointed at them. No type is added after this |
//! | [`crate::passes::modules`] | [`TypeDef::module`]: bodies of error responses move to `Errors` |
//! | [`crate::naming::types`] | [`Name::rust`] of every type, and [`TypeDef::file`] |
//! | [`crate::passes::cycles`] | `boxed` of fields, variants and newtypes; aliases on a cycle become [`TypeKind::Newtype`] |
//! | [`crate::merge`] (with `--docs`) | descriptions the spec lacks, from the docs; [`TypeDef::examples`] (from docs alone, lowering sets them) |
//!
//! Emission reads the finished IR and changes nothing; it refuses (as a
//! generator bug) an IR with a pending type or an unnamed item.

mod api;
mod operation;
mod types;
pub mod walk;

pub use api::*;
pub use operation::*;
pub use types::*;

use serde_json::Value;

/// Index of a type in [`Ir::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Index of an API in [`Ir::apis`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApiId(pub usize);

/// A name as it is on the wire and as it is in Rust.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name {
    /// The name in the API (a JSON property, a parameter, an enum value...).
    pub wire: String,
    /// The Rust identifier (without `r#`): empty until the naming stage
    /// ([`crate::naming`]) sets it, once.
    pub rust: String,
}

impl Name {
    /// A name known on the wire, not yet named in Rust.
    pub fn wire(wire: impl Into<String>) -> Self {
        Name { wire: wire.into(), rust: String::new() }
    }
}

/// Documentation carried from the input to rustdoc.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rustdoc {
    /// A one-line title or summary.
    pub title: Option<String>,
    /// The longer description (CommonMark).
    pub description: Option<String>,
    /// An example value.
    pub example: Option<Value>,
    /// Marked deprecated in the input.
    pub deprecated: bool,
}

/// The module of the generated crate a type lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Module {
    /// `models::components`: schemas shared by all APIs.
    Components,
    /// `models::operations`: per-operation request/response types.
    Operations,
    /// `models::errors`: bodies of 4XX/5XX responses.
    Errors,
}

impl Module {
    /// The module's name in `models::`.
    pub fn as_str(self) -> &'static str {
        match self {
            Module::Components => "components",
            Module::Operations => "operations",
            Module::Errors => "errors",
        }
    }
}

/// Everything the emitter needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ir {
    /// The APIs, one per input spec, in input order.
    pub apis: Vec<Api>,
    /// Every named type.
    pub types: Vec<TypeDef>,
    /// Every operation, in input order.
    pub operations: Vec<Operation>,
    /// The client's groups and names: empty until the naming stage's last
    /// step ([`crate::naming::client`]) sets them.
    pub client: Client,
}

/// The generated client: a tree of groups whose leaves are operations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Client {
    /// The client type's Rust name (from the crate's name: `Apideck`).
    pub name: String,
    /// Its builder's Rust name (`ApideckBuilder`).
    pub builder: String,
    /// The groups; `groups[0]` is the client itself.
    pub groups: Vec<ClientGroup>,
    /// The variants of the crate's `ErrorBody`: every type an error status
    /// (or a `default` response) has a body of, with the variant's Rust name.
    pub error_bodies: Vec<(TypeRef, String)>,
    /// The builder's credential setters, one per security scheme.
    pub credentials: Vec<ClientCredential>,
    /// The builder's setters of global parameters.
    pub globals: Vec<ClientGlobal>,
}

/// How the client sends the credential of one security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredential {
    /// The scheme's key in `securitySchemes`.
    pub scheme: String,
    /// Where the credential goes.
    pub location: ParamLocation,
    /// The header, query parameter or cookie name.
    pub name: String,
    /// Put before the secret (`Bearer `), unless the secret names its scheme.
    pub prefix: String,
    /// The builder method that sets it.
    pub method: String,
    /// The scheme's description.
    pub description: Option<String>,
}

/// A global parameter the client's builder sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientGlobal {
    /// Where it goes.
    pub location: ParamLocation,
    /// Its wire name.
    pub name: String,
    /// The builder method that sets it.
    pub method: String,
    /// Security schemes that send their credential in the same place: the
    /// setter gives them this value too (`x-apideck-app-id` is a global
    /// parameter and an API key).
    pub schemes: Vec<String>,
}

/// A group of operations (`client.vault().sessions()`).
#[derive(Debug, Clone, PartialEq)]
pub struct ClientGroup {
    /// The group as the layout spells it (`Sessions`).
    pub label: String,
    /// The Rust name of the method that reaches it from its parent (`sessions`).
    pub accessor: String,
    /// The Rust name of its type (`VaultSessions`).
    pub type_name: String,
    /// Its parent (`None`: the client).
    pub parent: Option<usize>,
    /// Its child groups, in order.
    pub children: Vec<usize>,
    /// Its operations (indices into [`Ir::operations`]), in order.
    pub operations: Vec<usize>,
}

impl Ir {
    /// The type with id `id`.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The client's path to operation `index`: the group accessors from the
    /// client down, then the method (`vault`, `sessions`, `create`). Empty
    /// before the naming stage's last step.
    pub fn client_path(&self, index: usize) -> Vec<String> {
        let groups = &self.client.groups;
        let Some(mut at) = groups.iter().position(|g| g.operations.contains(&index)) else { return Vec::new() };
        let mut path = vec![self.operations[index].method_name.clone()];
        while let Some(parent) = groups[at].parent {
            path.push(groups[at].accessor.clone());
            at = parent;
        }
        path.reverse();
        path
    }

    /// Adds a type, returning its id.
    pub fn add_type(&mut self, def: TypeDef) -> TypeId {
        self.types.push(def);
        TypeId(self.types.len() - 1)
    }
}
