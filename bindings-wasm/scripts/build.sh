#!/usr/bin/env bash
# Builds the npm package: the .wasm (Debian's rustc-web with -Z build-std, panic=abort and
# size optimisation in a wasm-only profile given on the command line, so the workspace's
# release profile, which the C and Python bindings unwind in, is untouched), then
# wasm-bindgen for three targets and wasm-opt -Oz on each, for each of the two modules:
#   pkg/       ES module for bundlers     pkg-web/   ES module for browsers (init())
#   pkg-node/  CommonJS for Node          pkg-load*/ the same three with `Engine.fromPolicies`
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$here/node_modules/.bin:$PATH"

profile=(
    --config 'profile.wasm.inherits="release"'
    --config 'profile.wasm.panic="abort"'
    --config 'profile.wasm.opt-level="z"'
    --config 'profile.wasm.lto=true'
    --config 'profile.wasm.codegen-units=1'
    --config 'profile.wasm.debug=0'
)
want=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
have=$(wasm-bindgen --version | awk '{print $2}')
if [ "$want" != "$have" ]; then
    echo "wasm-bindgen $have is installed but Cargo.lock has $want: run bindings-wasm/install.sh" >&2
    exit 1
fi

# Two modules (README.md, "Two modules"): the default one answers from the built-in set
# alone; the one with feature `load` also compiles policy files (`Engine.fromPolicies`).
# Cargo keeps both builds' artifacts apart (features are part of their hash), so switching
# rebuilds neither; each is taken from the shared output path right after it is built.
for variant in default load; do
    features=() prefix="pkg"
    [ "$variant" = load ] && features=(--features load) && prefix="pkg-load"
    echo "building the .wasm ($variant; rustc-web, build-std)" >&2
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build -q --locked -p noticegate-wasm --lib "${features[@]}" \
        --target wasm32-unknown-unknown -Z build-std=std,panic_abort --profile wasm "${profile[@]}"
    wasm="${CARGO_TARGET_DIR:-$root/target}/wasm32-unknown-unknown/wasm/noticegate_wasm.wasm"
    for pair in bundler: web:-web nodejs:-node; do
        target=${pair%%:*} out="$here/$prefix${pair#*:}"
        rm -rf "$out"
        wasm-bindgen --target "$target" --out-dir "$out" "$wasm"
        wasm-opt -Oz --converge --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
            "$out/noticegate_wasm_bg.wasm" -o "$out/noticegate_wasm_bg.wasm"
        rm -f "$out/.gitignore" "$out/package.json"
    done
done
# The package is "type": "module"; the Node build is CommonJS, and so must be the snippets of
# `inline_js` it requires (wasm-bindgen writes them as ES modules for every target).
for node in "$here/pkg-node" "$here/pkg-load-node"; do
    echo '{ "type": "commonjs" }' > "$node/package.json"
    for snippet in "$node"/snippets/*/*.js; do
        [ -e "$snippet" ] || continue
        sed -i -E 's/^export function ([A-Za-z_][A-Za-z0-9_]*)/exports.\1 = function \1/' "$snippet"
        if grep -q '^export ' "$snippet"; then echo "$snippet: an export build.sh cannot make CommonJS" >&2; exit 1; fi
    done
done
# The web build is also what the demo page imports (copied so the page works from any
# static server rooted at demo/).
rm -rf "$here/demo/pkg" && cp -r "$here/pkg-web" "$here/demo/pkg"
for prefix in pkg pkg-load; do
    gz=$(gzip -9 -c "$here/$prefix/noticegate_wasm_bg.wasm" | wc -c)
    raw=$(wc -c < "$here/$prefix/noticegate_wasm_bg.wasm")
    echo "$prefix/noticegate_wasm_bg.wasm: $raw bytes, $gz bytes gzipped" >&2
done
