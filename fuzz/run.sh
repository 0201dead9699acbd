#!/usr/bin/env bash
# fuzz/run.sh [SECONDS]: runs every fuzz target (cargo fuzz list) for SECONDS each (default
# 30) on a temporary copy of its committed seed corpus (fuzz/corpus/<target>/), so a run
# never grows the committed corpus. Installs what is missing: a nightly toolchain (rustup,
# minimal profile) and cargo-fuzz. Exits non-zero when any target crashes; the crashing
# input is left in fuzz/artifacts/<target>/ (make it a test in core/tests/fuzz_regressions.rs).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-30}

if ! cargo +nightly --version >/dev/null 2>&1; then
    rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
cargo +nightly --version
cargo fuzz --version

# One build of every target: release, with debug assertions and overflow checks, and no
# sanitizer: core has no `unsafe` (grep), so AddressSanitizer would only slow the run ~3x.
cargo +nightly fuzz build -s none

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=()
for target in $(cargo +nightly fuzz list); do
    case "$target" in
        question_parser) dict=question.dict ;;
        *) dict=policy.dict ;;
    esac
    mkdir -p "$work/$target"
    cp corpus/"$target"/* "$work/$target"/
    printf '\n=== fuzz %s for %ss (seeds: %s files)\n' "$target" "$seconds" "$(ls corpus/"$target" | wc -l)"
    if ! cargo +nightly fuzz run -s none "$target" "$work/$target" -- \
        -max_total_time="$seconds" -timeout=25 -rss_limit_mb=4096 -dict="$dict" -print_final_stats=1 \
        2>"$work/$target.log"; then
        tail -n 60 "$work/$target.log"
        failed+=("$target")
    fi
    grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec)' "$work/$target.log" || true
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz targets that crashed: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "every fuzz target ran ${seconds}s without a crash"
