//! libnoticegate: noticegate's stable C ABI.
//!
//! Legacy line-of-business programs (C, C++, C#, VB.NET, Delphi) link a C library. This crate
//! is that library: it converts C types and errors to core's and back, and decides nothing
//! itself (every rule of evaluation lives in `noticegate_core`).
//!
//! The rules every function keeps (the header repeats them for C callers):
//! - Every exported symbol starts with `noticegate_`; every type with `Noticegate`.
//! - Every call that can fail returns a `NoticegateStatus`; after a failure,
//!   `noticegate_last_error` gives the message, per thread. Successful calls leave it as it
//!   was (like `errno`), so the fast path never touches thread-local storage.
//! - Every string the library returns as `char *` is owned by the caller and freed with
//!   `noticegate_string_free`; `const char *` outputs are static and never freed.
//! - Null pointers, invalid UTF-8, wrong lengths and out-of-range ids are error codes.
//! - Every call runs inside `catch_unwind`: no panic crosses the boundary.
//! - An engine handle is immutable; any number of threads may use it at once.

mod engine;
mod gate;
mod prepared;
mod status;
mod typed;

pub use engine::*;
pub use gate::*;
pub use prepared::*;
pub use status::*;
pub use typed::*;

#[cfg(test)]
mod tests;
