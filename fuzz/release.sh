#!/usr/bin/env bash
# fuzz/release.sh [SECONDS]: the long run, once per release: every fuzz target at once, each
# for SECONDS (default 3600), at `nice -n 19` (so it only takes CPU nothing else wants), each
# on a temporary copy of its seed corpus. Logs go to fuzz/logs/<target>.log (git-ignored);
# at the end it prints each target's executions, coverage (cov, ft) and corpus size from
# libFuzzer's last status line and final stats, for the table in fuzz/README.md. Exits
# non-zero when a target crashed (input in fuzz/artifacts/<target>/; make it a test in
# core/tests/fuzz_regressions.rs). Needs what run.sh installs (nightly, cargo-fuzz).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-3600}
cargo +nightly fuzz build -s none
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p logs
pids=()
targets=$(cargo +nightly fuzz list)
for target in $targets; do
    case "$target" in
        question_parser) dict=question.dict ;;
        *) dict=policy.dict ;;
    esac
    mkdir -p "$work/$target"
    cp corpus/"$target"/* "$work/$target"/
    nice -n 19 cargo +nightly fuzz run -s none "$target" "$work/$target" -- \
        -max_total_time="$seconds" -timeout=25 -rss_limit_mb=4096 -dict="$dict" -print_final_stats=1 \
        >"logs/$target.log" 2>&1 &
    pids+=($!)
done
failed=()
i=0
for target in $targets; do
    if ! wait "${pids[$i]}"; then failed+=("$target"); fi
    i=$((i + 1))
done
for target in $targets; do
    last=$(grep -E '^#[0-9]+' "logs/$target.log" | tail -n 1)
    runs=$(grep -E '^stat::number_of_executed_units' "logs/$target.log" | awk '{print $2}')
    echo "$target: executions ${runs:-?}; last status: $last"
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz targets that crashed: ${failed[*]} (inputs in fuzz/artifacts/; logs in fuzz/logs/)" >&2
    exit 1
fi
echo "every fuzz target ran ${seconds}s without a crash"
