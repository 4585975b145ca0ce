#!/usr/bin/env bash
# End to end: build every example institution and check the outputs with tools nobody here wrote
# (pdftotext, pdffonts, pdfinfo, qpdf, openpyxl); identical inputs must give identical files.
set -u
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pass() { echo "PASS example.$1"; }
fail() { echo "FAIL example.$1 ${2:-}"; }
check() { local name=$1; shift; if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name"; fi; }

for job in inputs-example/*/rapport.ini; do
    name=$(basename "$(dirname "$job")")
    if ! ./kaderrapport build "$job" -o "$out/$name" >"$out/$name.log" 2>&1; then
        fail "$name.build" "$(head -5 "$out/$name.log")"
        continue
    fi
    pass "$name.build"
    pdf=$(ls "$out/$name"/*.pdf)
    xlsx=$(ls "$out/$name"/*.xlsx)
    check "$name.qpdf-check" qpdf --check "$pdf"
    fonts=$(pdffonts "$pdf" | tail -n +3)
    if [ -n "$fonts" ] && ! echo "$fonts" | awk '{ if ($(NF-4) != "yes") exit 1 }'; then
        fail "$name.fonts-embedded" "$fonts"
    elif echo "$fonts" | grep -vqE '(Inter|Carlito)'; then
        fail "$name.fonts-only-ours" "$fonts"
    else
        pass "$name.fonts"
    fi
    check "$name.tagged" grep -q 'Tagged: *yes' <(pdfinfo "$pdf")
    check "$name.no-temp-files" test -z "$(ls -A "$out/$name" | grep -v -E '\.(pdf|xlsx)$')"
    /usr/bin/python3 tests/e2e/verify_report.py "$(dirname "$job")" "$pdf" "$xlsx" | sed "s/^\(PASS\|FAIL\) /\1 example.$name./"
    # determinism: a second build gives byte-identical files
    ./kaderrapport build "$job" -o "$out/$name-again" >/dev/null 2>&1
    check "$name.deterministic-pdf" cmp "$pdf" "$out/$name-again/$(basename "$pdf")"
    check "$name.deterministic-xlsx" cmp "$xlsx" "$out/$name-again/$(basename "$xlsx")"
done

# The plan's 2025 budget total appears in the large example's report
pdftotext "$out/voorbeeldstad/"*.pdf - 2>/dev/null | tr -s ' \n' ' ' | grep -q '€ 1.224.000' \
    && pass "voorbeeldstad.plan-total-2025" || fail "voorbeeldstad.plan-total-2025"
