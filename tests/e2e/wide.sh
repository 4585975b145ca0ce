#!/usr/bin/env bash
# A wide budget workbook saved by LibreOffice (title block, years as columns, a formula total
# row) builds into a report whose totals equal the sums of its rows.
set -u
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if ./kaderrapport build tests/data/wide/rapport.ini -o "$out" >/dev/null 2>"$out/log"; then
    echo "PASS wide.build"
else
    echo "FAIL wide.build $(head -3 "$out/log")"
    exit 0
fi
grep -q 'without a funding source' "$out/log" && echo "PASS wide.warns-missing-source" || echo "FAIL wide.warns-missing-source"
text=$(pdftotext "$out"/*.pdf - | tr -s ' \n' ' ')
# 2024 budget and 2025 budget as in the plan; 2024 actuals 250.000,50 + 98.000 + 512.345,67 + 179.000 + 150.000
for total in '€ 1.219.092' '€ 1.224.000' '€ 1.189.346,17'; do
    echo "$text" | grep -qF "$total" && echo "PASS wide.total ${total// /_}" || echo "FAIL wide.total ${total// /_}"
done
