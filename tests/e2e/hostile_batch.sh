#!/usr/bin/env bash
# One `kaderrapport batch` over a folder holding every hostile case of tests/bad/ next to the
# example institutions: the broken jobs fail one by one, and every good report is still produced,
# complete and valid, with no temporary files left behind. Prints "PASS name" / "FAIL name" lines.
set -u
cd "$(dirname "$0")/../.."
KR=${KR:-$PWD/kaderrapport}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass() { echo "PASS hostile_batch.$1"; }
fail() { echo "FAIL hostile_batch.$1 ${2:-}"; }

if ! "$KR" batch --help 2>&1 | grep -q 'usage: kaderrapport batch'; then
    fail setup "no batch command in $KR"
    exit 0
fi
mkdir -p "$T/all"
cp -R tests/bad "$T/all/bad"
cp -R inputs-example "$T/all/examples"
timeout --kill-after=10 240 "$KR" batch "$T/all" -j 2 -o "$T/out" --timeout 120 >"$T/log" 2>&1
rc=$?
# 5: some jobs failed, the others were written
if [ "$rc" -eq 5 ]; then pass exit-code; else fail exit-code "(exit $rc: $(tail -3 "$T/log"))"; fi
for job in inputs-example/*/rapport.ini; do
    name=$(basename "$(dirname "$job")")
    # the file name the example's own build gives
    want=$("$KR" build "$job" -o "$T/single-$name" 2>/dev/null | xargs -n1 basename 2>/dev/null)
    ok=1
    for f in $want; do
        [ -s "$T/out/$f" ] || ok=0
        case $f in
        *.pdf) pdfinfo "$T/out/$f" >/dev/null 2>&1 || ok=0 ;;
        *.xlsx) unzip -tq "$T/out/$f" >/dev/null 2>&1 || ok=0 ;;
        esac
    done
    if [ -n "$want" ] && [ "$ok" -eq 1 ]; then pass "report.$name"; else fail "report.$name" "(${want:-no outputs})"; fi
done
if [ -z "$(find "$T/out" -name '.*.tmp-*')" ]; then pass no-temp-files; else fail no-temp-files; fi
# nothing was written outside the output directory: the copied cases and examples are unchanged
if diff -r tests/bad "$T/all/bad" >/dev/null && diff -r inputs-example "$T/all/examples" >/dev/null; then
    pass inputs-untouched
else
    fail inputs-untouched "$(diff -rq tests/bad "$T/all/bad" | head -3)"
fi
