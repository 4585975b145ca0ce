#!/usr/bin/env bash
# Hostile inputs beyond the golden cases of tests/bad/: what the outputs contain for formula- and
# markup-looking text, file names from institution names, the output-directory rule, and large
# inputs made at test time (zip bomb, 10 MB cells, a million columns, sums that overflow, the
# file-size limit). Every run has a time limit; no run may crash, write outside its output
# directory or leave partial outputs. Prints "PASS name" / "FAIL name" lines.
set -u
cd "$(dirname "$0")/../.."
root=$PWD
KR=${KR:-$root/kaderrapport}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass() { echo "PASS hostile.$1"; }
fail() { echo "FAIL hostile.$1 ${2:-}"; }

# run NAME DIR ARGS...: runs the binary in DIR with a time limit; stderr in $T/NAME.err, rc in $rc
run() {
    local name=$1 dir=$2; shift 2
    (cd "$dir" && timeout --kill-after=5 60 "$KR" "$@" >"$T/$name.out" 2>"$T/$name.err")
    rc=$?
}

# expect_fail NAME RC PATTERN OUTDIR: the run failed with RC, said PATTERN and wrote nothing
expect_fail() {
    local name=$1 want=$2 pattern=$3 out=$4
    if [ "$rc" -ne "$want" ]; then fail "$name" "(exit $rc, expected $want: $(head -c 300 "$T/$name.err"))"
    elif ! grep -q -- "$pattern" "$T/$name.err"; then fail "$name" "(message: $(head -c 300 "$T/$name.err"))"
    elif [ -d "$out" ] && [ -n "$(ls -A "$out")" ]; then fail "$name" "(wrote $(ls -A "$out" | tr '\n' ' '))"
    else pass "$name"; fi
}

job_for() { # FILE: a job in $T/jobs/<basename>/ whose budget is FILE
    local dir=$T/jobs/$(basename "$1")
    mkdir -p "$dir"
    cat >"$dir/rapport.ini" <<INI
[instelling]
naam = Hogeschool Groot
brin = 99TB
sector = hbo
studenten = 3000
[rapport]
jaar = 2025
jaren = 2024-2025
datum = 2026-04-01
getallen = nl
[invoer]
begroting = $1
activiteiten = $root/tests/bad/_base/activiteiten.csv
toewijzing = $root/tests/bad/_base/toewijzing.csv
${2:-}
INI
    echo "$dir"
}

# ---- formula- and markup-looking text stays literal text in both outputs ----
check_outputs() { # NAME CASE PY-LIST-OF-STRINGS
    local name=$1 case=$2 strings=$3 out=$T/out-$1
    run "$name" "tests/bad/$case" build rapport.ini -o "$out"
    if [ "$rc" -ne 0 ]; then fail "$name.build" "(exit $rc)"; return; fi
    pass "$name.build"
    local pdf xlsx
    pdf=$(ls "$out"/*.pdf) xlsx=$(ls "$out"/*.xlsx)
    # every cell holding one of the strings is a string cell, and no formula mentions them
    if "$PY" - "$xlsx" "$strings" >"$T/$name.py" 2>&1 <<'PYEOF'
import sys, zipfile, openpyxl, ast
path, wanted = sys.argv[1], ast.literal_eval(sys.argv[2])
found = {w: 0 for w in wanted}
for ws in openpyxl.load_workbook(path).worksheets:
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str):
                for w in wanted:
                    if w in c.value:
                        assert c.data_type == 's', (ws.title, c.coordinate, c.data_type, c.value)
                        found[w] += 1
with zipfile.ZipFile(path) as z:
    for n in z.namelist():
        xml = z.read(n).decode('utf-8', 'replace')
        for f in (part.split('</f>')[0] for part in xml.split('<f>')[1:]):
            assert 'cmd' not in f and 'HYPERLINK' not in f and 'Hogeschool' not in f, (n, f[:80])
missing = [w for w, k in found.items() if not k]
assert not missing, ('not in the workbook', missing)
PYEOF
    then pass "$name.xlsx-string-cells"; else fail "$name.xlsx-string-cells" "$(tail -3 "$T/$name.py")"; fi
    pdftotext -enc UTF-8 "$pdf" "$T/$name.txt" 2>/dev/null
    local missing
    missing=$("$PY" - "$T/$name.txt" "$strings" <<'PYEOF'
import sys, ast
# the report sets straight quotes as typographic ones; compare the text with them undone
text = open(sys.argv[1], encoding='utf-8').read()
for a, b in (('\u201c', '"'), ('\u201d', '"'), ('\u2018', "'"), ('\u2019', "'")):
    text = text.replace(a, b)
flat = ' '.join(text.split())
print(' | '.join(w for w in ast.literal_eval(sys.argv[2]) if w not in flat and w not in text))
PYEOF
)
    if [ -z "$missing" ]; then pass "$name.pdf-literal-text"; else fail "$name.pdf-literal-text" "(missing: $missing)"; fi
}
check_outputs formula formula-text-everywhere \
    "['=HYPERLINK(\"http://x.invalid\"', \"+cmd|' /C calc'!A0\"]"
check_outputs markup markup-in-institution-and-title \
    "['<b>Hogeschool</b> & \"Zoon\" <Testbed>', '<span foreground=\"red\">Rood</span> & <i>schuin</i> &amp;']"

# ---- an institution name that looks like a path only ever becomes a file name ----
run slug tests/bad/job-name-path-traversal build rapport.ini -o "$T/slug"
if [ "$rc" -eq 0 ] && [ "$(ls -A "$T/slug" | tr '\n' ' ')" = "etc-passwd-2025.pdf etc-passwd-2025.xlsx " ]; then
    pass slug-is-a-file-name
else
    fail slug-is-a-file-name "(exit $rc: $(ls -A "$T/slug" 2>&1 | tr '\n' ' '))"
fi

# ---- the output-directory rule: `uitvoer` stays inside the job's folder or the working directory ----
mkdir -p "$T/rule/jobs/a" "$T/rule/elsewhere"
cp tests/bad/_base/*.csv "$T/rule/jobs/a/"
mkjob() { # UITVOER
    sed -e '/^\[invoer\]/,$d' tests/bad/budget-formula-text/rapport.ini >"$T/rule/jobs/a/rapport.ini"
    printf 'uitvoer = %s\n[invoer]\nbegroting = begroting.csv\nactiviteiten = activiteiten.csv\ntoewijzing = toewijzing.csv\n' \
        "$1" >>"$T/rule/jobs/a/rapport.ini"
}
mkjob "$T/rule/elsewhere/out"
run outdir-absolute "$T/rule/jobs/a" build rapport.ini
expect_fail outdir-absolute 1 'is outside the job' "$T/rule/elsewhere/out"
mkjob "../../elsewhere/out"
run outdir-dotdot "$T/rule/jobs/a" build rapport.ini
expect_fail outdir-dotdot 1 'is outside the job' "$T/rule/elsewhere/out"
run outdir-check "$T/rule/jobs/a" check rapport.ini
expect_fail outdir-check 1 'is outside the job' "$T/rule/elsewhere/out"
run outdir-from-cwd "$T/rule" build jobs/a/rapport.ini
if [ "$rc" -eq 0 ] && ls "$T/rule/elsewhere/out/"*.pdf >/dev/null 2>&1; then pass outdir-inside-cwd; else fail outdir-inside-cwd "(exit $rc)"; fi
rm -rf "$T/rule/elsewhere/out"
run outdir-o "$T/rule/jobs/a" build rapport.ini -o "$T/rule/elsewhere/out"
if [ "$rc" -eq 0 ] && ls "$T/rule/elsewhere/out/"*.pdf >/dev/null 2>&1; then pass outdir-o-always-allowed; else fail outdir-o-always-allowed "(exit $rc)"; fi
mkjob "uit/../uit"
run outdir-inside "$T/rule/jobs/a" build rapport.ini
if [ "$rc" -eq 0 ] && ls "$T/rule/jobs/a/uit/"*.pdf >/dev/null 2>&1; then pass outdir-inside-job; else fail outdir-inside-job "(exit $rc)"; fi
if [ -z "$(find "$T/rule" -name '.*tmp*')" ]; then pass no-temp-files-left; else fail no-temp-files-left; fi

# ---- large inputs, made now ----
big() { # NAME KIND EXT RC PATTERN [JOB-EXTRA]
    local name=$1 kind=$2 ext=$3 want=$4 pattern=$5
    local file=$T/big/$name.$ext
    mkdir -p "$T/big"
    if ! "$PY" tests/hostile/gen_big.py "$kind" "$file"; then fail "$name.generate"; return; fi
    local dir
    dir=$(job_for "$file" "${6:-}")
    run "$name" "$dir" build rapport.ini -o "$T/big/out-$name"
    expect_fail "$name" "$want" "$pattern" "$T/big/out-$name"
    rm -f "$file"
}
big zip-bomb zipbomb xlsx 1 'too large'
big cell-10mb-csv cell10mb-csv csv 1 'longer than 32767 bytes'
big cell-10mb-xlsx cell10mb-xlsx xlsx 1 'longer than 32767 bytes'
big million-columns-csv million-columns-csv csv 1 'too many columns'
big million-columns-xlsx million-columns-xlsx xlsx 1 'more than 1024 columns'
big totals-overflow rows-overflow csv 1 'the totals overflow'
big file-size-limit big-csv csv 1 'file is too large' $'[limieten]\nmax_bestand_mb = 1'

# ---- the page limit: known only after rendering; the job fails before anything is moved into place ----
dir=$(job_for "$root/tests/bad/_base/begroting.csv" $'[limieten]\nmax_paginas = 1')
run page-limit "$dir" build rapport.ini -o "$T/pages"
expect_fail page-limit 1 'pages, more than the limit of 1 (max_paginas)' "$T/pages"

# ---- a filled template (made by the controller) cannot point the tool at other files ----
mkdir -p "$T/tpl"
if "$KR" template -o "$T/tpl/sjabloon.xlsx" >/dev/null 2>&1 && "$PY" - "$T/tpl" <<'PYEOF'
import sys, openpyxl
d = sys.argv[1]
wb = openpyxl.load_workbook(d + "/sjabloon.xlsx")
settings = {"naam": "Hogeschool Sjabloonstad", "brin": "99ZZ", "sector": "hbo", "studenten": 4800, "jaar": 2025,
            "jaren": "2024-2025", "datum": "2026-04-01", "layout": "../../../../etc/passwd"}
for row in wb["Instelling"].iter_rows(min_row=2):
    if row[0].value in settings:
        row[1].value = settings.pop(row[0].value)
ws = wb["Instelling"]
for k, v in list(settings.items()) + [("begroting", "/etc/passwd"), ("uitvoer", "/tmp/kr-elders")]:
    ws.append((k, v))
wb.save(d + "/gevuld.xlsx")
PYEOF
then
    run template-files "$T/tpl" build gevuld.xlsx
    cp "$T/template-files.err" "$T/template-input.err"; cp "$T/template-files.err" "$T/template-layout.err"
    expect_fail template-input 1 'cannot name an input file (begroting)' /tmp/kr-elders
    expect_fail template-layout 1 'cannot name a layout file' /tmp/kr-elders
    if grep -q 'root:' "$T/template-files.err"; then fail template-no-file-content; else pass template-no-file-content; fi
else
    fail template-setup
fi

# ---- named pipes instead of files: refused before they are opened (opening one would wait forever) ----
mkdir -p "$T/fifo"
mkfifo "$T/fifo/pipe" "$T/fifo/pipe.ini"
dir=$(job_for "$T/fifo/pipe")
run fifo-budget "$dir" build rapport.ini -o "$T/fifo/out"
expect_fail fifo-budget 1 'not a regular file' "$T/fifo/out"
run fifo-job "$T/fifo" build pipe.ini -o "$T/fifo/out"
expect_fail fifo-job 1 'not a regular file' "$T/fifo/out"
dir=$(job_for "$root/tests/bad/_base/begroting.csv")
sed -i "s|^\[rapport\]|[rapport]\nlayout = $T/fifo/pipe.ini|" "$dir/rapport.ini"
run fifo-layout "$dir" build rapport.ini -o "$T/fifo/out"
expect_fail fifo-layout 1 'is not a regular file' "$T/fifo/out"

# ---- a link standing at the target name is replaced, never written through; outputs are readable ----
mkdir -p "$T/links/out"
ln -s "$T/links/victim" "$T/links/out/hogeschool-testbed-2025.pdf"
run links tests/bad/budget-formula-text build rapport.ini -o "$T/links/out"
if [ "$rc" -eq 0 ] && [ ! -e "$T/links/victim" ] && [ -f "$T/links/out/hogeschool-testbed-2025.pdf" ] &&
   [ ! -L "$T/links/out/hogeschool-testbed-2025.pdf" ]; then
    pass link-at-target-replaced
else
    fail link-at-target-replaced "(exit $rc)"
fi
run modes tests/bad/budget-formula-text build rapport.ini -o "$T/links/out2"
if [ "$(stat -c %a "$T/links/out2/hogeschool-testbed-2025.xlsx" 2>/dev/null)" = "$(printf '%o' $((0666 & ~$(umask))))" ]; then
    pass outputs-follow-umask
else
    fail outputs-follow-umask "($(stat -c %a "$T/links/out2/"* 2>&1 | tr '\n' ' '), umask $(umask))"
fi

# ---- run from the root directory (as a service is), `uitvoer` still cannot leave the job's folder ----
mkjob "$T/rule/elsewhere/from-root"
run outdir-cwd-root / build "$T/rule/jobs/a/rapport.ini"
expect_fail outdir-cwd-root 1 'is outside the job' "$T/rule/elsewhere/from-root"
