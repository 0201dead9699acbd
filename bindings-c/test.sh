#!/usr/bin/env bash
# Tests the C ABI: builds libnoticegate (.so and .a), fails when include/noticegate.h has
# drifted from the code, runs the C tests against both libraries under valgrind, runs the
# conformance corpus through noticegate_ask_json and compares it with the CLI byte for byte,
# runs the C# wrapper's tests with Mono, and generates the uniffi bindings (bindings-c/uniffi)
# and runs their Python and Kotlin tests. Prints "N passed, N failed" per suite and exits
# non-zero on any failure. Tools: bindings-c/install.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
here=$root/bindings-c
target=${CARGO_TARGET_DIR:-$root/target}
lib=$target/debug
out=$target/bindings-c
mkdir -p "$out"
export PATH="$HOME/.cargo/bin:$PATH"

failed_suites=()
summary=()
stage() { printf '\n--- bindings-c: %s\n' "$1"; }
record() { # suite name, passed, failed
    summary+=("$1: $2 passed, $3 failed")
    echo "$1: $2 passed, $3 failed"
    [ "$3" -eq 0 ] || failed_suites+=("$1")
}

stage "build libnoticegate and the CLI (debug)"
cargo build --locked -q -p noticegate-c -p noticegate-cli
ls "$lib/libnoticegate.so" "$lib/libnoticegate.a" >/dev/null

stage "header drift (cbindgen vs include/noticegate.h)"
(cd "$here" && cbindgen --quiet --config cbindgen.toml --crate noticegate-c --output "$out/noticegate.h")
if diff -u "$here/include/noticegate.h" "$out/noticegate.h"; then
    record "header" 1 0
else
    echo "include/noticegate.h has drifted; regenerate it (see bindings-c/README.md)" >&2
    record "header" 0 1
fi

stage "Rust-side ABI tests (typed path vs JSON on the corpus, panic guard)"
if cargo test --locked -q -p noticegate-c; then record "rust" 1 0; else record "rust" 0 1; fi

cflags=(-std=c11 -O1 -g -Wall -Wextra -Werror -pthread -I"$here/include")
valgrind_args=(--leak-check=full --error-exitcode=1 --num-callers=60 --suppressions="$here/tests/valgrind.supp" -q)
run_c_tests() { # label, binary
    local log=$out/$1.log
    local status=0
    valgrind "${valgrind_args[@]}" "$2" "$root/policies" "$root/tests/fixtures/broken" >"$log" 2>&1 || status=$?
    grep -v '^FAIL\|passed, .* failed$' "$log" | head -40 || true
    grep '^FAIL' "$log" || true
    local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1 || true)
    local p=0 f=1
    if [ -n "$line" ]; then p=${line%% *}; f=$(echo "$line" | awk '{print $3}'); fi
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "valgrind reported errors (exit $status), see $log" >&2; fi
    record "$1" "$p" "$f"
}

stage "C tests against libnoticegate.so, under valgrind"
gcc "${cflags[@]}" "$here/tests/test_noticegate.c" -L"$lib" -lnoticegate -Wl,-rpath,"$lib" -o "$out/test_shared"
run_c_tests "c-shared" "$out/test_shared"

stage "C tests against libnoticegate.a, under valgrind"
gcc "${cflags[@]}" "$here/tests/test_noticegate.c" "$lib/libnoticegate.a" -lpthread -ldl -lm -o "$out/test_static"
run_c_tests "c-static" "$out/test_static"

stage "conformance corpus: noticegate_ask_json vs noticegate ask, byte for byte"
gcc "${cflags[@]}" "$here/tests/corpus.c" "$lib/libnoticegate.a" -lpthread -ldl -lm -o "$out/corpus"
jq -c .question "$root"/tests/cases/*.jsonl >"$out/questions.jsonl"
"$out/corpus" <"$out/questions.jsonl" >"$out/corpus-c.jsonl"
# The CLI exits 1 when some question is an error (the corpus has such cases on purpose).
cargo run --locked -q -p noticegate-cli -- ask --file "$out/questions.jsonl" >"$out/corpus-cli.jsonl" || [ $? -eq 1 ]
read -r p f < <(awk -v q="$out/questions.jsonl" '
    NR == FNR { cli[FNR] = $0; n = FNR; next }
    { if ($0 == cli[FNR]) p++; else { f++; print "differs on question " FNR ": C: " substr($0, 1, 200) > "/dev/stderr" } m = FNR }
    END { if (m != n) { f += (m > n ? m - n : n - m); print "line counts differ: C " m ", CLI " n > "/dev/stderr" } print p + 0, f + 0 }
' "$out/corpus-cli.jsonl" "$out/corpus-c.jsonl")
cmp -s "$out/corpus-cli.jsonl" "$out/corpus-c.jsonl" || [ "$f" -gt 0 ] || f=1
record "corpus" "$p" "$f"

stage "C# wrapper tests (mcs, mono)"
if ls "$here"/csharp/Noticegate/*.cs >/dev/null 2>&1; then
    mcs -nologo -warnaserror -target:library -out:"$out/Noticegate.dll" "$here"/csharp/Noticegate/*.cs
    mcs -nologo -warnaserror -r:"$out/Noticegate.dll" -out:"$out/NoticegateTests.exe" "$here"/csharp/Tests/*.cs
    mcs -nologo -warnaserror -r:"$out/Noticegate.dll" -out:"$out/Example.exe" "$here"/csharp/Example/*.cs
    # The timing program is only compiled here (README.md says how to run it on a release build).
    mcs -nologo -warnaserror -r:"$out/Noticegate.dll" -out:"$out/Bench.exe" "$here"/csharp/Bench/*.cs
    status=0
    (cd "$out" && LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" mono NoticegateTests.exe "$root/policies") >"$out/csharp.log" 2>&1 || status=$?
    cat "$out/csharp.log"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out/csharp.log" | tail -1 || true)
    p=0; f=1
    if [ -n "$line" ]; then p=${line%% *}; f=$(echo "$line" | awk '{print $3}'); fi
    [ "$status" -eq 0 ] || [ "$f" -gt 0 ] || f=1
    record "csharp" "$p" "$f"
    (cd "$out" && LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" mono Example.exe) || { echo "the C# example failed" >&2; failed_suites+=("csharp-example"); }
else
    echo "no C# sources yet"
fi

stage "uniffi: build the library and uniffi-bindgen (debug), generate Python and Kotlin"
uni=$out/uniffi
rm -rf "$uni"
mkdir -p "$uni"
cargo build --locked -q -p noticegate-uniffi --features cli
# Library mode reads `cargo metadata`: run inside the workspace (we are at its root).
"$target/debug/uniffi-bindgen" generate --no-format --library "$lib/libnoticegate_uniffi.so" \
    --language python --language kotlin --out-dir "$uni" >"$uni/generate.log"
cp "$lib/libnoticegate_uniffi.so" "$uni/"
suite_log() { # suite name, exit status, log: reads the log's "N passed, N failed" line
    cat "$3"
    local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$3" | tail -1 || true)
    local p=0 f=1
    if [ -n "$line" ]; then p=${line%% *}; f=$(echo "$line" | awk '{print $3}'); fi
    [ "$2" -eq 0 ] || [ "$f" -gt 0 ] || f=1
    record "$1" "$p" "$f"
}

stage "uniffi: generated Python binding"
status=0
python3 "$here/uniffi/tests/test_uniffi.py" "$uni" "$root/policies" "$root/tests/cases" >"$uni/python.log" 2>&1 || status=$?
suite_log "uniffi-python" "$status" "$uni/python.log"

stage "uniffi: generated Kotlin binding (kotlinc, JNA)"
kotlin_home="$(npm root -g 2>/dev/null)/kotlin-compiler"
status=0
{
    "$kotlin_home/bin/kotlinc" -nowarn "$uni/org/noticegate/noticegate_uniffi.kt" "$here/uniffi/tests/TestUniffi.kt" \
        -cp /usr/share/java/jna.jar -d "$uni/kt" &&
    java -cp "$uni/kt:/usr/share/java/jna.jar:$kotlin_home/lib/kotlin-stdlib.jar" -Djna.library.path="$uni" \
        TestUniffiKt "$root/policies"
} >"$uni/kotlin.log" 2>&1 || status=$?
suite_log "uniffi-kotlin" "$status" "$uni/kotlin.log"

printf '\n--- bindings-c summary\n'
printf '%s\n' "${summary[@]}"
if [ ${#failed_suites[@]} -gt 0 ]; then
    echo "bindings-c: FAILED: ${failed_suites[*]}" >&2
    exit 1
fi
echo "bindings-c: all suites passed"
