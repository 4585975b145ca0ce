#!/usr/bin/env bash
# Every case under tests/bad/ is a job with broken input. The binary must exit with the recorded
# code and print exactly the recorded diagnostics (tests/bad/*/expected.txt), within 10 seconds,
# without crashing and without writing any output.
set -u
cd "$(dirname "$0")/../bad"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in */; do
    name=${dir%/}
    [ "$name" = _base ] && continue
    out="$tmp/$name"
    actual=$(./run-case.sh "$name" "$out")
    rc=$(echo "$actual" | head -1 | cut -d' ' -f2)
    if [ ! -f "$name/expected.txt" ]; then
        echo "FAIL bad.$name (no expected.txt; run tests/bad/update.sh and review)"
    elif [ "$rc" -ge 124 ]; then
        echo "FAIL bad.$name (crashed or timed out: exit $rc)"
    elif [ "$rc" -ne 0 ] && [ -d "$out" ] && [ -n "$(ls -A "$out")" ]; then
        echo "FAIL bad.$name (exit $rc but output was written: $(ls -A "$out" | tr '\n' ' '))"
    elif [ "$actual" != "$(cat "$name/expected.txt")" ]; then
        echo "FAIL bad.$name"
        diff <(echo "$actual") "$name/expected.txt" | head -10 | sed 's/^/    /'
    else
        echo "PASS bad.$name"
    fi
done
