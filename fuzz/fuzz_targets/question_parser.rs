//! Bytes as a question line, asked of the built-in set: `parse_question` and `ask_json`
//! never panic; the answer is one JSON line, a decision (with the set's hash) or an error,
//! never a verdict for a question that does not parse, and the same bytes as the typed path.
#![no_main]

use libfuzzer_sys::fuzz_target;
use noticegate::Engine;
use noticegate_fuzz::{ask_and_check, text};

fuzz_target!(|data: &[u8]| {
    let line = text(data);
    ask_and_check(Engine::builtin(), &line);
});
