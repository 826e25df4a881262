//! Which responses an operation method reads as a stream: the
//! `r.stream_when(..)` predicate, derived from the same order of statuses as
//! the method's decoding (exact codes, then classes, then the error classes
//! no response names, then `default`), so that a body is left unread
//! exactly when the decoding hands it out as a `ByteStream`.

use super::Emitter;
use crate::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

impl Emitter<'_> {
    /// The statement that tells the runtime which responses to stream; empty
    /// when the operation has no streamed body.
    pub(crate) fn stream_when(&self, op: &Operation) -> TokenStream {
        let streamed =
            |r: &Response| !r.status.is_error() && r.contents.iter().any(|c| c.field.is_some() && c.streams());
        if !op.responses.iter().any(streamed) {
            return quote!();
        }
        let codes: Vec<u16> = op
            .responses
            .iter()
            .filter_map(|r| match r.status {
                Status::Code(c) => Some(c),
                _ => None,
            })
            .collect();
        let classes: Vec<u16> = op
            .responses
            .iter()
            .filter_map(|r| match r.status {
                Status::Range(c) => Some(c),
                _ => None,
            })
            .collect();
        let mut uses_media = false;
        let mut terms = Vec::new();
        for r in op.responses.iter().filter(|r| streamed(r)) {
            let status = match r.status {
                Status::Code(c) => {
                    let c = Literal::u16_unsuffixed(c);
                    quote!(status == #c)
                }
                Status::Range(class) => {
                    let inside: Vec<u16> = codes.iter().copied().filter(|c| c / 100 == class).collect();
                    let range = class_range(class);
                    if inside.is_empty() {
                        range
                    } else {
                        let inside = inside.into_iter().map(Literal::u16_unsuffixed);
                        quote!(#range && !matches!(status, #(#inside)|*))
                    }
                }
                Status::Default => {
                    // Not a listed code, not a listed class, not an error
                    // class (those are `Error::Status`).
                    let mut not = Vec::new();
                    if !codes.is_empty() {
                        let codes = codes.iter().copied().map(Literal::u16_unsuffixed);
                        not.push(quote!(!matches!(status, #(#codes)|*)));
                    }
                    for class in (1..=5u16).filter(|c| classes.contains(c) || *c >= 4) {
                        let range = class_range(class);
                        not.push(quote!(!#range));
                    }
                    quote!(#(#not)&&*)
                }
            };
            let media = media_condition(r);
            uses_media |= media.is_some();
            terms.push(match media {
                Some(media) => quote!(#status && #media),
                None => status,
            });
        }
        let media = if uses_media { quote!(media) } else { quote!(_) };
        quote!(r.stream_when(|status, #media| #(#terms)||*);)
    }
}

/// `(lo..=hi).contains(&status)` for a status class.
fn class_range(class: u16) -> TokenStream {
    let (lo, hi) = (Literal::u16_unsuffixed(class * 100), Literal::u16_unsuffixed(class * 100 + 99));
    quote!((#lo..=#hi).contains(&status))
}

/// For a response in several media types: the condition on the body's
/// media type under which the decoding picks a streamed content (its
/// `if response.is(..)` chain, falling back to the first content). `None`
/// when the response has one content (it streams whatever the media type).
fn media_condition(r: &Response) -> Option<TokenStream> {
    let contents: Vec<&Content> = r.contents.iter().filter(|c| c.field.is_some()).collect();
    if contents.len() < 2 {
        return None;
    }
    let is = |c: &Content| {
        let m = &c.media_type;
        quote!(crate::runtime::media_is(media, #m))
    };
    let mut terms = Vec::new();
    for (i, c) in contents.iter().enumerate().filter(|(_, c)| c.streams()) {
        // Picked when its media type matches and no earlier one that could
        // also match (a range such as `*/*`) does.
        let earlier: Vec<TokenStream> =
            contents[..i].iter().filter(|e| overlaps(&e.media_type, &c.media_type)).map(|e| is(e)).collect();
        let this = is(c);
        terms.push(quote!(#this #(&& !#earlier)*));
    }
    if contents[0].streams() {
        // The fallback when no media type matches.
        let all = contents.iter().map(|c| is(c));
        terms.push(quote!(!(#(#all)||*)));
    }
    Some(match terms.as_slice() {
        [one] => one.clone(),
        _ => quote!((#(#terms)||*)),
    })
}

/// Whether a body could be of both media types (one is a range of the other).
fn overlaps(a: &str, b: &str) -> bool {
    let essence = |m: &str| m.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let (a, b) = (essence(a), essence(b));
    let covers = |range: &str, m: &str| match range.strip_suffix("/*") {
        Some("*") => true,
        Some(prefix) => m.split('/').next() == Some(prefix),
        None => range == m,
    };
    covers(&a, &b) || covers(&b, &a)
}
