//! Readers: turn input files into parsed documents. Each input format has its
//! own reader; all of them feed [`crate::lower`], which builds the one IR.

pub mod normalize;
pub mod openapi;
pub mod overlay;
pub mod sdk_docs;

pub use openapi::{load, load_with, LoadedSpec};
