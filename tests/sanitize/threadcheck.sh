#!/usr/bin/env bash
# `make threadcheck`: what runs on two threads (long tables are shaped by a helper thread, which
# also draws the second part of a long document: src/doc/cellpool.c and src/doc/render.c; the
# PDF is compressed on two, src/doc/deflatepool.c) under
# ThreadSanitizer: every inputs-example job (three times: a race shows only when the threads
# happen to meet), the one-thread/two-thread unit tests and 40 pages of the dense-table
# benchmark. Any report is a failure; tsan.supp holds suppressions for third-party internals
# only. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
root=$PWD
B=${1:-build-tsan}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KADERRAPPORT_DATA=$root G_SLICE=always-malloc
export TSAN_OPTIONS="suppressions=$root/tests/sanitize/tsan.supp exitcode=66 second_deadlock_stack=1"
pass=0 fail=0
run() { # NAME COMMAND...
    local name=$1; shift
    "$@" >"$T/$name.out" 2>"$T/$name.log"
    local rc=$?
    if [ "$rc" -eq 0 ] && ! grep -q "WARNING: ThreadSanitizer" "$T/$name.log"; then
        echo "PASS threads.$name"; pass=$((pass + 1))
    else
        echo "FAIL threads.$name (exit $rc)"; fail=$((fail + 1))
        grep -A12 "WARNING: ThreadSanitizer" "$T/$name.log" | head -40 | sed 's/^/    /'
    fi
}
for job in inputs-example/*/rapport.ini; do
    name=$(basename "$(dirname "$job")")
    for i in 1 2 3; do run "example-$name-$i" "$B/kaderrapport" build "$job" -o "$T/out-$name"; done
done
mkdir -p "$T/unit/build/doc-test" # the unit tests write their PDFs below the working directory
run unit-cell-threads env -C "$T/unit" UNIT_ONLY=test_cell_threads "$root/$B/tests/test_doc"
run unit-parts env -C "$T/unit" UNIT_ONLY=test_parts "$root/$B/tests/test_doc"
run unit-deflate-pool env -C "$T/unit" UNIT_ONLY=test_deflate_pool "$root/$B/tests/test_pdfobj"
run unit-deflated-stream env -C "$T/unit" UNIT_ONLY=test_deflated_stream "$root/$B/tests/test_pdfobj"
run unit-bench-40-pages env -C "$T/unit" UNIT_ONLY=test_bench DOC_BENCH=1 DOC_BENCH_ROWS=800 "$root/$B/tests/test_doc"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
