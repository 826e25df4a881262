//! Passes over the IR, run in order after lowering: each is a small
//! `fn(&mut Ir)` with one job.

pub mod cycles;
pub mod features;
pub mod io;
pub mod modules;
pub mod order;
pub mod pagination;
pub mod prune;
