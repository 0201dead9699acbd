//! Bytes as a question line, asked of the built-in set: `parse_question` and `ask_json`
//! never panic; the answer is one JSON line, a decision (with the set's hash) or an error,
//! never a verdict for a question that does not parse, and the same bytes as the typed path.
//! And `parse_question`'s own reader of plain lines agrees with serde's reading: the same
//! question, or the same error (`read_plain` reads a line only as serde would).
#![no_main]

use libfuzzer_sys::fuzz_target;
use noticegate::question::{parse_question_with_serde, read_plain};
use noticegate::{parse_question, Engine};
use noticegate_fuzz::{ask_and_check, text};

fuzz_target!(|data: &[u8]| {
    let line = text(data);
    if let Some(q) = read_plain(&line) {
        assert_eq!(Ok(q), parse_question_with_serde(&line), "the plain reader and serde disagree on {line:?}");
    }
    assert_eq!(parse_question(&line), parse_question_with_serde(&line), "{line:?}");
    ask_and_check(Engine::builtin(), &line);
});
