#!/usr/bin/env bash
# Runs every libFuzzer target in build-fuzz/ for FUZZ_SECONDS each (FUZZ_JOBS at a time), starting
# from the committed seeds (tests/fuzz/seeds/<target>/) and the regression inputs, with a working
# corpus in build-fuzz/corpus/<target>/. Prints "PASS fuzz.<target> (N execs)" or FAIL with the
# crash file, then "N passed, N failed". A crash is saved under build-fuzz/artifacts/<target>/;
# copy it to tests/fuzz/regressions/<target>/ (replayed by `make test`) and fix the bug.
# usage: run.sh TARGET...
set -u
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
out=build-fuzz
mkdir -p "$out/logs"

run_target() { # target
    local t=$1 bin=$out/fuzz_$1
    mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
    local dirs=("$out/corpus/$t")
    for d in tests/fuzz/seeds/$t tests/fuzz/regressions/$t; do [ -d "$d" ] && dirs+=("$d"); done
    # the wall-clock guard is generous: libFuzzer stops itself after -max_total_time
    timeout --kill-after=10 $((secs + 120)) "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$out/artifacts/$t/" "${dirs[@]}" \
        >"$out/logs/$t.log" 2>&1
    local rc=$?
    local execs
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/logs/$t.log" | grep -o '[0-9]*$' | tail -1)
    if [ "$rc" -eq 0 ]; then
        echo "PASS fuzz.$t (${execs:-?} execs in ${secs}s)"
    else
        echo "FAIL fuzz.$t (exit $rc; see $out/logs/$t.log, artifacts in $out/artifacts/$t/)"
        grep -E 'ERROR|invariant|SUMMARY|Test unit written' "$out/logs/$t.log" | head -5 | sed 's/^/    /'
    fi
}
export -f run_target
export out secs

results=$(printf '%s\n' "$@" | xargs -P "$jobs" -I{} bash -c 'run_target {}')
echo "$results"
passed=$(grep -c '^PASS ' <<<"$results")
failed=$(grep -c '^FAIL ' <<<"$results")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
