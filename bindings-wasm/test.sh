#!/usr/bin/env bash
# Builds the WebAssembly package, runs the Rust-side wasm-bindgen-test tests (tests/wasm.rs,
# compiled to wasm32 and run under Node by wasm-bindgen-test-runner), then the Node tests
# (node:test, the conformance corpus against the CLI included) and the browser test of the demo page (Playwright driving
# Debian's chromium). Node's test runner prints the summary that CI reads. Exits non-zero on
# any failure. Tools come from install.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"

echo "--- build"
bash scripts/build.sh

echo "--- wasm-bindgen-test (wasm32, Node)"
# The corpus test compares with the CLI's bytes: write every corpus question and the CLI's
# answers (the CLI exits 1 when some answers are errors, as some corpus cases expect).
corpus="$here/test-output/cli-corpus"
mkdir -p "$corpus"
node -e '
const fs = require("fs"), path = require("path");
const dir = path.join(process.argv[1], "tests/cases");
const lines = fs.readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort()
  .flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n").filter((l) => l.trim())
  .map((l) => JSON.stringify(JSON.parse(l).question)));
fs.writeFileSync(process.argv[2], lines.join("\n") + "\n");' "$here/.." "$corpus/questions.jsonl"
(cd "$here/.." && cargo run -q --locked -p noticegate-cli -- ask --file "$corpus/questions.jsonl" > "$corpus/answers.jsonl") || true
(cd "$here/.." && NOTICEGATE_CLI_CORPUS="$corpus" CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo test --locked -p noticegate-wasm --test wasm \
    --target wasm32-unknown-unknown -Z build-std=std,panic_abort)

echo "--- node tests and browser test"
mkdir -p test-output
node --test --test-reporter=spec test/node/ test/browser/
