#!/usr/bin/env bash
# Runs every unit-test binary given as arguments and every tests/e2e/*.sh script, each with a time
# limit, and counts their "PASS name" / "FAIL name" lines. A binary that crashes or times out
# counts as one failure. The last line is "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_one() { # name, command...
    local name=$1; shift
    timeout --kill-after=5 "${KR_TEST_TIMEOUT:-300}" "$@" >"$log" 2>&1
    local rc=$?
    local p f
    p=$(grep -c '^PASS ' "$log")
    f=$(grep -c '^FAIL ' "$log")
    grep -E '^(FAIL|SKIP) ' "$log" | sed 's/^/  /'
    if [ "$f" -gt 0 ] || [ "$rc" -ne 0 ]; then
        # show the detail of failing runs
        grep -vE '^PASS ' "$log" | head -60 | sed 's/^/    | /'
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "  FAIL $name (exit $rc${p:+, after $p passes})"
        f=1
    fi
    echo "$name: $p passed, $f failed"
    passed=$((passed + p))
    failed=$((failed + f))
}

for bin in "$@"; do
    run_one "$(basename "$bin")" "$bin"
done
for script in tests/e2e/*.sh; do
    [ -e "$script" ] || continue
    run_one "$(basename "$script" .sh)" bash "$script"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
