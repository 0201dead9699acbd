//! noticegate's policy language: from policy files to the compiled set the engine decides with.
//!
//! The load layer, in the order data flows through it: `sources` (the input files and their
//! hash), `reader` and `parse` (TOML to `syntax` declarations with positions), `check`
//! (names resolved into the `model`, every reference an index, every quote checked),
//! `compile` (rule lists per cell, in decision order), `load` (the pipeline and the snapshot
//! codec). `names`, `date`, `diagnostics` and `findings` serve them. `lexicon` reads the
//! classifier's lexicon files (TOML too), so `build.rs` embeds the built-in one already read.
//!
//! A crate of its own because the deciding crate (`noticegate`) runs it twice: at run time to
//! load a directory, and in its `build.rs` on the built-in policies, so the built-in set is
//! checked and compiled before the library exists. It therefore evaluates nothing and knows
//! no wire format; users reach it through `noticegate`'s re-exports.

pub mod check;
pub mod compile;
pub mod date;
pub mod diagnostics;
pub mod findings;
pub mod lexicon;
pub mod load;
pub mod model;
pub mod names;
pub mod parse;
mod reader;
pub mod sources;
pub mod syntax;
