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
    for s in ['=SUM(A1:A9)', '+31 6 1234 5678', '-Introductieweek', '@iedereen welkom', '_x0041_ blijft zo']:
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
# KR_AGGREGATE may name another command line for the aggregate step (default: ./kaderrapport aggregate).
AGG=${KR_AGGREGATE:-./kaderrapport aggregate}
export KADERRAPPORT_DATA=${KADERRAPPORT_DATA:-$PWD}
if ! $AGG --help >/dev/null 2>&1; then
    echo "SKIP appendix.aggregate: '$AGG' is not available"
    exit 0
fi
G="$T/agg"
mkdir -p "$G"
"$FX" --many "$G" 6 >"$T/expected.json"
# Four bad inputs beside the good ones, and an Office lock file that must be ignored.
$PY - "$G" <<'EOF'
import sys, zipfile, openpyxl, re
d = sys.argv[1]
def rewrite(src, dst, member, fn):
    zi = zipfile.ZipFile(src)
    zo = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)
    for item in zi.infolist():
        data = zi.read(item.filename)
        if item.filename == member: data = fn(data.decode()).encode()
        zo.writestr(item, data)
    zo.close()
good = d + '/bijlage-0001.xlsx'
# an unknown (newer) schema version in Toelichting!B2
rewrite(good, d + '/oud.xlsx', 'xl/worksheets/sheet1.xml',
        lambda x: re.sub(r'(<c r="B2"[^>]*><v>)1(</v>)', r'\g<1>2\g<2>', x, count=1))
# one subtheme amount changed after writing: its action line no longer adds up
rewrite(good, d + '/gewijzigd.xlsx', 'xl/worksheets/sheet2.xml',
        lambda x: re.sub(r'(<c r="C7"[^>]*><v>)([0-9.]+)(</v>)',
                         lambda m: m.group(1) + repr(float(m.group(2)) + 0.01) + m.group(3), x, count=1))
# a truncated zip
open(d + '/kapot.xlsx', 'wb').write(open(good, 'rb').read()[:4000])
# a workbook that is not an appendix
wb = openpyxl.Workbook(); wb.active.title = 'Blad1'; wb.active['A1'] = 'iets anders'; wb.save(d + '/geen-bijlage.xlsx')
open(d + '/~$bijlage-0002.xlsx', 'wb').write(b'lock')
EOF
$AGG "$G" -o "$T/o1" >"$T/agg.out" 2>"$T/agg.err"
rc=$?
agg_rc() { [ "$rc" -eq 5 ] || { echo "exit $rc, expected 5"; cat "$T/agg.err"; return 1; }; }
check aggregate_partial_exit_code agg_rc
located() {
    grep -q 'oud.xlsx:Toelichting!B2: error: appendix format version "2" is not supported' "$T/agg.err" &&
    grep -q 'gewijzigd.xlsx:Besteding!C6: error: the action line total is' "$T/agg.err" &&
    grep -q 'kapot.xlsx.*error' "$T/agg.err" &&
    grep -q 'geen-bijlage.xlsx: error: not a kaderrapport appendix' "$T/agg.err" &&
    ! grep -q '~\$' "$T/agg.err" || { cat "$T/agg.err"; return 1; }
}
check aggregate_bad_files_located located
sums() {
    $PY - "$T/o1/sector-overzicht.xlsx" "$T/expected.json" "$G" <<'EOF'
import sys, json, glob, openpyxl
def cents(v): return int(round(v * 100))
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
exp = json.load(open(sys.argv[2]))
o = wb['Overzicht']
assert o['B1'].value == 'kaderrapport-sector'
assert o['B5'].value == 6 and o['B6'].value == 4, (o['B5'].value, o['B6'].value)
skipped = [r[0] for r in wb['Overgeslagen'].iter_rows(min_row=4, values_only=True) if r[0]]
assert sorted(p.split('/')[-1] for p in skipped) == ['geen-bijlage.xlsx', 'gewijzigd.xlsx', 'kapot.xlsx', 'oud.xlsx'], skipped
b = wb['Besteding']
rows = {r[0].value: r for r in b.iter_rows(min_row=6) if r[0].value}
own = {}  # the second reader's own sum over the good appendices
for p in sorted(glob.glob(sys.argv[3] + '/bijlage-*.xlsx')):
    a = openpyxl.load_workbook(p, data_only=True)['Besteding']
    for col in range(3, 6):
        y = a.cell(4, col).value
        own[y] = own.get(y, 0) + cents(a.cell(27, col).value)
for col in range(3, 6):
    year = b.cell(4, col).value
    total = cents(rows['totaal'][col - 1].value)
    assert total == exp[str(year)][0] == own[year], (year, total, exp[str(year)][0], own[year])
    assert cents(rows['kader'][col - 1].value) == exp[str(year)][1], year
    parts = sum(cents(rows[k][col - 1].value) for k in ('kader', 'buiten', 'niet-bijgehouden'))
    assert parts == total, (year, parts, total)
print('ok')
EOF
}
check aggregate_totals_to_the_cent sums
$AGG "$G" -o "$T/o2" >/dev/null 2>&1
check aggregate_identical_output cmp "$T/o1/sector-overzicht.xlsx" "$T/o2/sector-overzicht.xlsx"
sector_pdf() {
    [ -f "$T/o1/sector-overzicht.pdf" ] || { echo "no PDF written"; return 1; }
    cmp "$T/o1/sector-overzicht.pdf" "$T/o2/sector-overzicht.pdf" || return 1
    if command -v qpdf >/dev/null; then qpdf --check "$T/o1/sector-overzicht.pdf" >/dev/null || return 1; fi
    if command -v pdftotext >/dev/null; then
        pdftotext "$T/o1/sector-overzicht.pdf" - | grep -q 'Sectoroverzicht studentenwelzijn' || return 1
    fi
}
check aggregate_sector_pdf sector_pdf
mkdir -p "$T/bad"
cp "$G/oud.xlsx" "$G/kapot.xlsx" "$T/bad/"
$AGG "$T/bad" -o "$T/o3" >/dev/null 2>&1
rc=$?
nothing() { [ "$rc" -eq 1 ] && [ ! -e "$T/o3/sector-overzicht.xlsx" ]; }
check aggregate_nothing_usable_writes_nothing nothing

# Timing of 1,000 appendices (slow: only with KR_BENCH=1).
if [ "${KR_BENCH:-0}" = 1 ]; then
    mkdir -p "$T/k"
    "$FX" --many "$T/k" 1000 >/dev/null
    start=$(date +%s%N)
    $AGG "$T/k" -o "$T/ko" >/dev/null 2>&1
    end=$(date +%s%N)
    echo "aggregate of 1000 appendices: $(( (end - start) / 1000000 )) ms"
fi
exit 0
