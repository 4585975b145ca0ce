#!/usr/bin/env bash
# The fill-in template: generated, filled by a second tool (openpyxl), and built into a report
# without any further configuration; example rows are never counted.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass() { echo "PASS template.$1"; }
fail() { echo "FAIL template.$1 ${2:-}"; }

./kaderrapport template -o "$tmp/sjabloon.xlsx" >/dev/null 2>&1 && pass generate || fail generate
./kaderrapport template -o "$tmp/again.xlsx" >/dev/null 2>&1
cmp -s "$tmp/sjabloon.xlsx" "$tmp/again.xlsx" && pass deterministic || fail deterministic

/usr/bin/python3 - "$tmp" <<'PY' && pass structure || fail structure
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1] + "/sjabloon.xlsx")
assert wb.sheetnames == ["Instructies", "Instelling", "Begroting", "Activiteiten", "Toewijzing", "Lijsten"], wb.sheetnames
for name in ["Begroting", "Activiteiten", "Toewijzing"]:
    ws = wb[name]
    assert ws.freeze_panes == "A2", (name, ws.freeze_panes)
    assert ws.data_validations.dataValidation, name + " has no drop-downs"
    assert any(str(c.value or "").startswith("Voorbeeld:") for c in ws[2]), name
lists = wb["Lijsten"]
codes = [lists.cell(r, 1).value.split()[0] for r in range(2, 17)]
assert codes[0] == "1.1" and codes[-1] == "4.2" and len(codes) == 15
PY

# Fill it in with a second tool, leaving the example rows where they are.
/usr/bin/python3 - "$tmp" <<'PY' || fail fill
import sys, openpyxl
d = sys.argv[1]
wb = openpyxl.load_workbook(d + "/sjabloon.xlsx")
settings = {"naam": "Hogeschool Sjabloonstad", "brin": "99ZZ", "sector": "hbo", "studenten": 4800, "jaar": 2025,
            "jaren": "2024-2025", "datum": "2026-04-01", "kadermiddelen 2025": "52.000"}
for row in wb["Instelling"].iter_rows(min_row=2):
    if row[0].value in settings:
        row[1].value = settings[row[0].value]
b = wb["Begroting"]
for r in [(2024, "begroting", "Studentenpsycholoog", "Zorg", "kadermiddelen", 30000, "nee", None),
          (2025, "begroting", "Studentenpsycholoog", "Zorg", "kadermiddelen", 32000, "nee", None),
          (2025, "realisatie", "Studentenpsycholoog", "Zorg", "kadermiddelen", "31.250,50", None, "ziekteverlof"),
          (2025, "realisatie", "Welzijnsweek", "Binding", "kwaliteitsmiddelen", 11999.99, None, None)]:
    b.append(r)
t = wb["Toewijzing"]
for r in [("categorie", "Zorg", "2.6 Vindbaarheid hulpaanbod", 60, None), ("categorie", "Zorg", "niet toe te wijzen", 40, "regulier"),
          ("categorie", "Binding", "1.2 Sociale en academische binding", 100, None)]:
    t.append(r)
wb["Activiteiten"].append(("A1", "Spreekuur studentenpsycholoog", "2.6 Vindbaarheid hulpaanbod", "lopend", 300, "output-kwantitatief", "2.6.1", None))
wb.save(d + "/gevuld.xlsx")
PY
if ./kaderrapport build "$tmp/gevuld.xlsx" -o "$tmp/out" >"$tmp/log" 2>&1; then
    pass build
    text=$(pdftotext "$tmp/out/hogeschool-sjabloonstad-2025.pdf" - | tr -s ' \n' ' ')
    # 2025 actuals: 31.250,50 + 11.999,99 = 43.250,49; the example rows (190.000) are not counted
    echo "$text" | grep -q '€ 43.250,49' && pass totals || fail totals "total 43.250,49 not in the PDF"
    echo "$text" | grep -q '190.000' && fail examples-ignored || pass examples-ignored
else
    fail build "$(head -5 "$tmp/log")"
fi
