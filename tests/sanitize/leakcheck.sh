#!/usr/bin/env bash
# `make leakcheck`: the end-to-end builds under valgrind (every inputs-example job, the template
# round trip, a sample of tests/bad cases). A definite leak or a memory error is a failure;
# "still reachable" and "possibly lost" blocks (fontconfig/Pango/GLib caches) are not.
# tests/valgrind.supp holds suppressions for third-party internals only. Runs two at a time.
# Prints "PASS leak.name" / "FAIL leak.name" and ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
root=$PWD
KR=${KR:-$root/kaderrapport}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KR T root

# vg NAME WANT_RC DIR ARGS...: one run under valgrind; prints the verdict line
vg() {
    local name=$1 want=$2 dir=$3; shift 3
    (cd "$dir" && timeout --kill-after=10 600 valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
        --error-exitcode=9 --num-callers=40 --suppressions="$root/tests/valgrind.supp" \
        "$KR" "$@" >"$T/$name.out" 2>"$T/$name.log")
    local rc=$?
    if [ "$rc" -eq "$want" ]; then
        echo "PASS leak.$name"
    else
        echo "FAIL leak.$name (exit $rc, expected $want)"
        grep -E '^==[0-9]+== ' "$T/$name.log" | head -40 | sed 's/^/    /'
    fi
}
export -f vg

jobs=()
for job in inputs-example/*/rapport.ini; do
    jobs+=("vg example-$(basename "$(dirname "$job")") 0 $root build $root/$job -o $T/out-$(basename "$(dirname "$job")")")
done
# a sample of hostile cases: readers, job files, limits, and outputs with hostile text
for c in xlsx-truncated xlsx-zip-slip xlsx-billion-laughs xlsx-bad-shared-string-index encoding-cp1252-byte-in-utf8 \
         job-binary job-invalid-utf8 limit-rows budget-many-errors formula-text-everywhere \
         markup-in-institution-and-title mapping-weights-99-99; do
    [ -f "tests/bad/$c/expected.txt" ] || continue
    want=$(head -1 "tests/bad/$c/expected.txt" | cut -d' ' -f2)
    jobs+=("vg bad-$c $want $root/tests/bad/$c build rapport.ini -o $T/bad-$c")
done

# the template round trip: generate, fill with a second tool, build (generation runs under valgrind too)
if timeout 120 "$KR" template -o "$T/sjabloon.xlsx" >/dev/null 2>&1 && "$PY" - "$T" <<'PYEOF'
import sys, openpyxl
d = sys.argv[1]
wb = openpyxl.load_workbook(d + "/sjabloon.xlsx")
settings = {"naam": "Hogeschool Sjabloonstad", "brin": "99ZZ", "sector": "hbo", "studenten": 4800, "jaar": 2025,
            "jaren": "2024-2025", "datum": "2026-04-01", "kadermiddelen 2025": "52.000"}
for row in wb["Instelling"].iter_rows(min_row=2):
    if row[0].value in settings:
        row[1].value = settings[row[0].value]
for r in [(2024, "begroting", "Studentenpsycholoog", "Zorg", "kadermiddelen", 30000, "nee", None),
          (2025, "realisatie", "Studentenpsycholoog", "Zorg", "kadermiddelen", "31.250,50", None, "ziekteverlof"),
          (2025, "realisatie", "Welzijnsweek", "Binding", "kwaliteitsmiddelen", 11999.99, None, None)]:
    wb["Begroting"].append(r)
for r in [("categorie", "Zorg", "2.6 Vindbaarheid hulpaanbod", 60, None), ("categorie", "Zorg", "niet toe te wijzen", 40, None),
          ("categorie", "Binding", "1.2 Sociale en academische binding", 100, None)]:
    wb["Toewijzing"].append(r)
wb["Activiteiten"].append(("A1", "Spreekuur", "2.6 Vindbaarheid hulpaanbod", "lopend", 300, "output-kwantitatief", "2.6.1", None))
wb.save(d + "/gevuld.xlsx")
PYEOF
then
    jobs+=("vg template-generate 0 $T template -o $T/again.xlsx")
    jobs+=("vg template-build 0 $T build $T/gevuld.xlsx -o $T/out-template")
else
    setup_failed="FAIL leak.template-setup"
fi

results=$(printf '%s\n' "${jobs[@]}" | xargs -P "${LEAK_JOBS:-2}" -I{} bash -c '{}')
[ -n "${setup_failed:-}" ] && results+=$'\n'"$setup_failed"
echo "$results"
passed=$(grep -c '^PASS ' <<<"$results")
failed=$(grep -c '^FAIL ' <<<"$results")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
