//! Bytes as a policy file, loaded alone and in place of the built-in file of its kind
//! (vocabulary, law or notice) beside the rest of a real set: the load returns an engine or
//! positioned errors, never panics; an engine that loads answers every question with one
//! JSON line naming its hash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use noticegate_fuzz::{alone, in_context, load_and_check, text};

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    load_and_check(&alone(&text));
    load_and_check(&in_context(&text));
});
