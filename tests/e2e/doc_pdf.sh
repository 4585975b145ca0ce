#!/usr/bin/env bash
# Checks the PDFs the document-engine unit test writes to build/doc-test/ (standaard and
# huisstijl layouts, 300-row table, every block type) with tools nobody here wrote:
# pdfinfo, pdffonts, pdftotext, qpdf. Prints "PASS name" / "FAIL name" lines.
set -u
cd "$(dirname "$0")/../.."
dir=build/doc-test
bin=${BUILD:-build}/tests/test_doc
if [ ! -s "$dir/standaard.pdf" ] || [ ! -s "$dir/huisstijl.pdf" ]; then
    { [ -x "$bin" ] || make -s "$bin"; } >/dev/null 2>&1
    "$bin" >/dev/null 2>&1
fi

result() { # name, status
    if [ "$2" -eq 0 ]; then echo "PASS $1"; else echo "FAIL $1"; fi
}

check_pdf() { # name, file, font family
    local n=$1 f=$2 fam=$3
    if [ ! -s "$f" ]; then result "doc_pdf.$n.exists" 1; return; fi
    local info pages
    info=$(pdfinfo "$f" 2>&1)
    echo "$info" | grep -q '^Tagged: *yes'; result "doc_pdf.$n.tagged" $?
    echo "$info" | grep -q '^Title: *Verantwoording studentenwelzijn 2025$'; result "doc_pdf.$n.title" $?
    pages=$(echo "$info" | sed -n 's/^Pages: *//p')
    [ "${pages:-0}" -ge 10 ]; result "doc_pdf.$n.pages($pages)" $?

    # only embedded subsets of the layout's family
    pdffonts "$f" | tail -n +3 | awk -v fam="$fam" '
        { bad += ($(NF-4) != "yes" || $(NF-3) != "yes" || $1 !~ ("^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z][+]" fam "(-|$)")) }
        END { exit bad > 0 || NR == 0 }'
    result "doc_pdf.$n.fonts_embedded_subset_$fam" $?

    qpdf --check "$f" >/dev/null 2>&1; result "doc_pdf.$n.qpdf_check" $?

    # reading order and the repeated table header
    local txt
    txt=$(pdftotext "$f" - 2>/dev/null | tr -d '\302\255')
    echo "$txt" | awk '/^Inhoud$/{a=NR} /Samenvatting$/{if(!b&&a)b=NR} /Alle activiteiten$/{c=NR}
                       /Verantwoording van de toewijzing$/{d=NR} END{exit !(a && b > a && c > b && d > c)}'
    result "doc_pdf.$n.reading_order" $?
    local heads conts
    heads=$(echo "$txt" | grep -c '^Activiteit$')
    conts=$(echo "$txt" | grep -c '(vervolg)$')
    [ "$heads" -ge 5 ] && [ "$conts" -eq $((heads - 1)) ]
    result "doc_pdf.$n.table_header_repeated($heads)" $?
    echo "$txt" | grep -q "pagina $pages van $pages"; result "doc_pdf.$n.page_x_of_y" $?
    echo "$txt" | grep -q 'studentenwelzijnsbeleidsmede-\?$\|studenten-\?$'; result "doc_pdf.$n.hyphenation" $?

    # catalog, alt texts, outline, links: from qpdf's JSON
    qpdf --json "$f" 2>/dev/null | python3 -c '
import json, sys
j = json.load(sys.stdin)
objs = j["qpdf"][1]
vals = [v.get("value") for v in objs.values() if isinstance(v.get("value"), dict)]
cat = [v for v in vals if v.get("/Type") == "/Catalog"][0]
figs = [v for v in vals if v.get("/S") == "/Figure"]
links = [v for v in vals if v.get("/Subtype") == "/Link"]
titles = []
def walk(items):
    for o in items:
        titles.append(o["title"]); walk(o["kids"])
walk(j["outlines"])
heads = [v for v in vals if v.get("/S") in ("/H1", "/H2", "/H3")]
checks = {
    "lang": cat.get("/Lang") == "u:nl-NL",
    "display_doc_title": cat.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is True,
    "figure_alt": len(figs) == 3 and all(str(f.get("/Alt", "")).startswith("u:Staafdiagram") for f in figs),
    "outline": len(titles) == 12 and titles[0].endswith("Samenvatting") and titles[-1] == "Verantwoording van de toewijzing",
    "outline_matches_headings": len(heads) == len(titles) + 1,  # + the table of contents title
    "toc_links": len(links) >= 8,
    "link_descriptions": all(str(l.get("/Contents", "")).startswith("u:") for l in links),
    "th_scope": all(v.get("/A", {}).get("/Scope") in ("/Column", "/Row") for v in vals if v.get("/S") == "/TH"),
    "no_private_left": not any(v.get("/S") == "/Private" for v in vals),
    "xmp": "/Metadata" in cat,
}
for k, ok in checks.items():
    print(("PASS " if ok else "FAIL ") + "doc_pdf.'"$n"'." + k)
' || result "doc_pdf.$n.json" 1
}

check_pdf standaard "$dir/standaard.pdf" Inter
check_pdf huisstijl "$dir/huisstijl.pdf" Carlito

if [ -s "$dir/standaard-2.pdf" ]; then
    cmp -s "$dir/standaard.pdf" "$dir/standaard-2.pdf"; result doc_pdf.deterministic $?
else
    result doc_pdf.deterministic 1
fi
# the huisstijl layout must really look different: ragged text, other colours, a logo image
pdfimages -list "$dir/huisstijl.pdf" 2>/dev/null | tail -n +3 | grep -q .; result doc_pdf.huisstijl_logo $?
