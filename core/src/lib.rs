//! noticegate: privacy notices as policies that software can ask.
//!
//! Load a policy set (`Engine::builtin()` or `Engine::from_dir`), then ask questions: "may
//! this category, collected by this service, be shared with this recipient under this
//! basis?". Every decision carries the verbatim sentence of the notice that decided it.
//!
//! ```
//! let engine = noticegate::Engine::builtin();
//! let line = engine.ask_json(r#"{"ask":"share","service":"Community Directory",
//!     "category":"Email address","recipient":"PCG UK","as_of":"2026-11-23",
//!     "facts":{"consent":"given","data_processing_agreement":true}}"#);
//! assert!(line.contains(r#""verdict":"permit""#));
//! ```

// The load layer lives in `noticegate-policy` (so `build.rs` can run it); its modules are
// re-exported under their old paths, which users and the rest of this crate name.
pub use noticegate_policy::{check, compile, date, diagnostics, findings, load, model, names, parse, sources, syntax};

pub mod batch;
pub mod classify;
pub mod frame_context;
pub mod decision;
#[cfg(feature = "analysis")]
pub mod diff;
pub mod engine;
pub mod error;
pub mod eval;
pub mod form_check;
pub mod forms;
pub mod gate;
pub mod gate_request;
pub mod handle;
pub mod kind;
#[cfg(feature = "analysis")]
pub mod export;
#[cfg(feature = "analysis")]
pub mod lint;
pub mod question;
// The one-pass reader of plain question lines. Left out of the WebAssembly module, whose size
// budget it would take 2 KB (gzipped) of; serde reads every line the same there (the fuzz
// target `question_parser` holds the two readings equal).
#[cfg(not(target_arch = "wasm32"))]
mod question_reader;
pub mod recognise;
pub mod reload;
pub mod retention;
pub mod rights;
#[cfg(feature = "analysis")]
pub mod space;

pub use date::Date;
pub use decision::{Decision, ErrorCode, Named, Obligation, QuestionError, Reason, Verdict};
pub use diagnostics::{Diagnostic, PolicyErrors, SourceFile};
pub use engine::{Engine, LoadError};
pub use handle::EngineHandle;
pub use eval::{FactValue, Facts, Resolved};
pub use model::Action;
pub use question::{parse_question, Ask, FactInput, Question, QuestionId, StatedFacts};
pub use reload::SharedEngine;
pub use sources::PolicySources;
pub use syntax::VocabKind;
