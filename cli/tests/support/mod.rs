//! What the diff and report tests share: running the binary from the repository root.

use std::process::{Command, Output};

/// Runs `noticegate` with `args` in the repository root (so `policies/` and `tests/` resolve).
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_noticegate"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the binary runs")
}
