#!/usr/bin/env bash
# Builds the WebAssembly package, then runs the Node tests (node:test, the conformance
# corpus against the CLI included) and the browser test of the demo page (Playwright driving
# Debian's chromium). Node's test runner prints the summary that CI reads. Exits non-zero on
# any failure. Tools come from install.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"

echo "--- build"
bash scripts/build.sh

echo "--- node tests and browser test"
mkdir -p test-output
node --test --test-reporter=spec test/node/ test/browser/
