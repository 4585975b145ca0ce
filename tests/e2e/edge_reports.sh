#!/usr/bin/env bash
# Reports for awkward but legitimate inputs still read well: one year with only a budget, empty
# action lines, an institution that does not track per action line, no activity list.
set -u
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pass() { echo "PASS edge.$1"; }
fail() { echo "FAIL edge.$1 ${2:-}"; }
has() { # name, pdf text, phrase
    if echo "$2" | grep -qF -- "$3"; then pass "$1"; else fail "$1" "missing: $3"; fi
}
lacks() {
    if echo "$2" | grep -qF -- "$3"; then fail "$1" "unexpected: $3"; else pass "$1"; fi
}
text_of() { pdftotext "$1" - 2>/dev/null | tr -s ' \n' ' '; }
for job in tests/data/edge/*/rapport.ini; do
    name=$(basename "$(dirname "$job")")
    if ./kaderrapport build "$job" -o "$out/$name" >/dev/null 2>"$out/$name.log"; then pass "$name.build"; else fail "$name.build" "$(head -3 "$out/$name.log")"; fi
    qpdf --check "$out/$name"/*.pdf >/dev/null 2>&1 && pass "$name.qpdf" || fail "$name.qpdf"
done
t=$(text_of "$out"/een-jaar-alleen-begroting/*.pdf)
has one-year.no-actuals-yet "$t" "is nog geen realisatie naast een begroting beschikbaar"
has one-year.total "$t" "€ 30.000"
has one-year.cover "$t" "jaar 2025"
lacks one-year.no-range "$t" "2025–2025"
has one-year.no-activity-list "$t" "geen activiteitenlijst aangeleverd"
t=$(text_of "$out"/lege-actielijnen/*.pdf)
has empty-lines.observation "$t" "Aan Kennis en kunde, Samenwerking zorgketen is in 2025 niets toegerekend."
has empty-lines.inactive "$t" "Niet actief."
/usr/bin/python3 tests/e2e/verify_report.py tests/data/edge/lege-actielijnen "$out"/lege-actielijnen/*.pdf "$out"/lege-actielijnen/*.xlsx | sed 's/^\(PASS\|FAIL\) /\1 edge.lege-actielijnen./'
t=$(text_of "$out"/niet-per-actielijn/*.pdf)
has not-tracked.callout "$t" "Geen registratie per actielijn"
has not-tracked.summary "$t" "registreert de uitgaven niet per actielijn"
lacks not-tracked.no-split-chart "$t" "Besteding per actielijn per jaar"
lacks not-tracked.no-donut "$t" "Verdeling over de actielijnen"
/usr/bin/python3 tests/e2e/tall_rows.py "$out"/lange-toelichting/*.pdf 2 | sed 's/^\(PASS\|FAIL\) /\1 edge./'
