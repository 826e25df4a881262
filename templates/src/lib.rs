//! The runtime code of generated SDK crates, kept here as a real crate so it
//! is compiled and tested where it lives. The generator copies every file of
//! `src/runtime/` verbatim into `src/runtime/` of the crates it writes.

pub mod runtime;
