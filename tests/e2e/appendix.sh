#!/usr/bin/env bash
# End-to-end checks of the standard appendix and of `kaderrapport aggregate`, with a second XLSX
# reader (openpyxl from Debian's python3-openpyxl). Prints "PASS name" / "FAIL name" lines.
set -u
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

pass() { echo "PASS appendix.$1"; }
fail() { echo "FAIL appendix.$1"; }
check() { # name, command...
    local name=$1; shift
    if "$@" >"$T/out" 2>&1; then pass "$name"; else sed 's/^/    /' "$T/out" | head -20; fail "$name"; fi
}

if ! $PY -c 'import openpyxl' 2>/dev/null; then
    echo "SKIP appendix: $PY has no openpyxl (apt-get install python3-openpyxl)"
    exit 0
fi
FX=build/tests/test_render_xlsx
[ -x "$FX" ] || make -s "$FX" >/dev/null 2>&1
if [ ! -x "$FX" ]; then fail build_fixture_writer; exit 1; fi

mkdir -p "$T/a" "$T/b"
check fixtures_written "$FX" --fixture "$T/a"
"$FX" --fixture "$T/b" >/dev/null 2>&1

identical() { for f in "$T"/a/*.xlsx; do cmp "$f" "$T/b/$(basename "$f")" || return 1; done; }
check identical_input_identical_bytes identical

# Every sheet read by openpyxl; Besteding equals the model's figures to the cent; formulas carry
# cached values; text that looks like a formula is stored as text.
read_back() {
    $PY - "$T/a" <<'EOF'
import json, sys, glob, openpyxl
SHEETS = ['Toelichting', 'Besteding', 'Begroting-realisatie', 'Financieringsbronnen',
          'Activiteiten', 'Monitoring', 'Toewijzing', 'Aansluiting']
CODES = ['1.1','1.2','1.3','1.4','2.1','2.2','2.3','2.4','2.5','2.6','3.1','3.2','3.3','4.1','4.2']
def cents(v): return int(round(v * 100))
bad = []
for path in sorted(glob.glob(sys.argv[1] + '/*.xlsx')):
    exp = json.load(open(path[:-5] + '.json'))
    vals = openpyxl.load_workbook(path, data_only=True)
    forms = openpyxl.load_workbook(path, data_only=False)
    if vals.sheetnames != SHEETS: bad.append((path, 'sheets', vals.sheetnames))
    for ws in vals.worksheets: list(ws.iter_rows(values_only=True))  # every sheet readable
    t = vals['Toelichting']
    if t['B1'].value != 'kaderrapport-bijlage' or t['B2'].value != 1: bad.append((path, 'format id'))
    if t['B3'].value != exp['name'] or t['B4'].value != exp['brin']: bad.append((path, 'institution'))
    names = set(vals.defined_names.keys()) if hasattr(vals.defined_names, 'keys') else {d.name for d in vals.defined_names.definedName}
    for n in ['KR_Formaat', 'KR_Versie', 'KR_Besteding', 'KR_Jaren', 'KR_Activiteiten', 'KR_Aansluiting']:
        if n not in names: bad.append((path, 'defined name', n))
    b, bf = vals['Besteding'], forms['Besteding']
    rows = {r[0].value: r for r in b.iter_rows(min_row=6, max_row=27)}
    frows = {r[0].value: r for r in bf.iter_rows(min_row=6, max_row=27)}
    for yi, y in enumerate(exp['years']):
        col = 2 + yi
        if b.cell(4, col + 1).value != exp['first_year'] + yi: bad.append((path, 'year header', yi))
        if b.cell(5, col + 1).value != y['kind']: bad.append((path, 'kind', yi))
        if cents(rows['totaal'][col].value) != y['total']: bad.append((path, 'total', yi))
        if not exp['tracks']:
            if rows['1.1'][col].value != 'niet bijgehouden': bad.append((path, 'untracked text', yi))
            continue
        for s, code in enumerate(CODES):
            if cents(rows[code][col].value) != y['subthemes'][s]: bad.append((path, code, yi))
        for l in range(4):
            v = rows[str(l + 1)][col].value
            f = frows[str(l + 1)][col].value
            if v is None or cents(v) != y['actionlines'][l]: bad.append((path, 'cached action line', l, yi, v))
            if not (isinstance(f, str) and f.startswith('=SUM(')): bad.append((path, 'formula', l, f))
        if cents(rows['kader'][col].value) != y['allocated']: bad.append((path, 'kader', yi))
        if cents(rows['buiten'][col].value) != y['unallocated']: bad.append((path, 'buiten', yi))
    a = forms['Activiteiten']
    texts = {c.value: c.data_type for r in a.iter_rows(min_row=4) for c in r if isinstance(c.value, str)}
    for s in ['=SUM(A1:A9)', '+31 6 1234 5678', '-Introductieweek', '@iedereen welkom']:
        if texts.get(s) != 's': bad.append((path, 'formula-looking text', s, texts.get(s)))
    longest = max(len(v) for v in texts)
    if longest > 32767: bad.append((path, 'cell over 32767', longest))
    recon = [r for r in vals['Aansluiting'].iter_rows(min_row=5, values_only=True) if r[0] and r[7] in ('ja', 'nee')]
    if len(recon) != exp['recon'] or any(r[7] != 'ja' for r in recon): bad.append((path, 'recon', recon))
    if any(cents(r[4]) != cents(r[5]) + cents(r[6]) for r in recon): bad.append((path, 'recon sums'))
for b in bad: print(b)
sys.exit(1 if bad else 0)
EOF
}
check openpyxl_reads_values_formulas_text read_back

# The product's own build, when the command and the example exist.
if [ -x ./kaderrapport ] && [ -f inputs-example/voorbeeldstad/rapport.ini ]; then
    if ./kaderrapport build inputs-example/voorbeeldstad/rapport.ini -o "$T/ex" >"$T/ex.log" 2>&1; then
        x=$(ls "$T"/ex/*.xlsx 2>/dev/null | head -1)
        example_ok() {
            $PY - "$x" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
assert wb['Toelichting']['B1'].value == 'kaderrapport-bijlage', 'format id'
tot = [c.value for c in wb['Besteding'][27][2:]]
assert all(isinstance(v, (int, float)) or v is None for v in tot), tot
print('ok', tot)
EOF
        }
        check example_appendix example_ok
    else
        echo "SKIP appendix.example_appendix: build failed ($(head -1 "$T/ex.log"))"
    fi
fi

# --- aggregate -----------------------------------------------------------------------------------
if [ -x ./kaderrapport ] && ./kaderrapport aggregate --help >/dev/null 2>&1; then
    source tests/e2e/appendix_aggregate.inc 2>/dev/null || true
fi
exit 0
