//! Bytes as a policy file in place of the built-in file of its kind, linted: `lint` returns
//! findings or positioned errors, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use noticegate_fuzz::{check_errors, in_context, text};

fuzz_target!(|data: &[u8]| {
    let sources = in_context(&text(data));
    match noticegate::lint::lint(&sources) {
        Ok(findings) => {
            for f in &findings {
                let _ = format!("{f:?}");
            }
        }
        Err(errors) => check_errors(&sources, &errors),
    }
});
