#!/usr/bin/python3
"""Independent check of a built report: recomputes, from the input CSV files alone, the totals per
year, kind, action line and subtheme (largest remainder, like the product promises), then checks
that the PDF text (pdftotext) and the XLSX appendix (openpyxl) show those figures.

usage: verify_report.py JOB_DIR PDF XLSX
Prints PASS/FAIL lines."""
import csv, re, subprocess, sys, unicodedata
from collections import defaultdict

job_dir, pdf, xlsx = sys.argv[1:4]
fails = 0

def report(ok, name, detail=""):
    global fails
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else "  " + detail))
    if not ok:
        fails += 1

def cents(text):
    t = text.replace("€", "").replace("\xa0", "").replace(" ", "").strip()
    neg = t.startswith("(") and t.endswith(")")
    t = t.strip("()")
    if t.startswith("-"):
        neg, t = True, t[1:]
    t = t.replace(".", "").replace(",", ".")
    whole, _, frac = t.partition(".")
    v = int(whole or 0) * 100 + int((frac + "00")[:2])
    return -v if neg else v

def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s.lower() if ch.isalnum() and ord(ch) < 128)

def rows(name):
    with open(f"{job_dir}/{name}", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))

ini = open(f"{job_dir}/rapport.ini", encoding="utf-8").read()
year = int(re.search(r"^jaar\s*=\s*(\d+)", ini, re.M).group(1))
first, last = map(int, re.search(r"^jaren\s*=\s*(\d+)\s*-\s*(\d+)", ini, re.M).groups())

rules = defaultdict(list)  # (type, key) -> [(target, weight in millionths)]
for r in rows("toewijzing.csv"):
    w = r["gewicht"].replace(",", ".")
    whole, _, frac = w.partition(".")
    weight = int(whole) * 10000 + int((frac + "0000")[:4])
    target = r["subthema"].strip()
    rules[(r["type"].strip().lower(), fold(r["sleutel"]))].append((target, weight))

def split(amount, targets):
    total = sum(w for _, w in targets)
    mag = abs(amount)
    parts = [mag * w // total for _, w in targets]
    rem = [mag * w % total for _, w in targets]
    left = mag - sum(parts)
    order = sorted(range(len(targets)), key=lambda i: (-rem[i], i))
    for i in order[:left]:
        parts[i] += 1
    return [(-p if amount < 0 else p) for p in parts]

sub = defaultdict(int)      # (year, kind, subtheme) -> cents
total = defaultdict(int)    # (year, kind) -> cents
for b in rows("begroting.csv"):
    y, kind, amount = int(b["jaar"]), b["soort"].strip().lower(), cents(b["bedrag"])
    rule = rules.get(("regel", fold(b["regel"]))) or rules.get(("categorie", fold(b.get("categorie", ""))))
    assert rule, f"no rule for {b}"
    total[(y, kind)] += amount
    for (target, _), part in zip(rule, split(amount, rule)):
        sub[(y, kind, target)] += part

def reported_kind(y):
    return "realisatie" if any(k == (y, "realisatie") for k in total) else "begroting"

def nl(c):
    s = f"{abs(c) // 100:,}".replace(",", ".")
    if c % 100:
        s += f",{abs(c) % 100:02d}"
    return "€ " + ("\u2212" if c < 0 else "") + s

text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
flat = re.sub(r"\s+", " ", text)
for y in range(first, last + 1):
    k = reported_kind(y)
    for al in "1234":
        v = sum(c for (yy, kk, t), c in sub.items() if yy == y and kk == k and t.split(".")[0] == al)
        report(nl(v) in flat, f"pdf.actionline.{y}.{al}", f"{nl(v)} not found")
    report(nl(total[(y, k)]) in flat, f"pdf.total.{y}", f"{nl(total[(y, k)])} not found")
for y in range(first, last + 1):
    k = reported_kind(y)
    for t in ["1.1", "1.2", "2.1", "2.6", "4.1"]:
        v = sub.get((y, k, t), 0)
        report(nl(v) in flat, f"pdf.subtheme.{y}.{t}", f"{nl(v)} not found")

# The first observation names the action line with the most money in the report year.
names = {"1": "Sense of belonging", "2": "Preventie", "3": "Kennis en kunde", "4": "Samenwerking zorgketen"}
k = reported_kind(year)
per_line = {al: sum(c for (yy, kk, t), c in sub.items() if yy == year and kk == k and t.split(".")[0] == al) for al in "1234"}
if any(per_line.values()):
    top = max("1234", key=lambda al: (per_line[al], -int(al)))
    m = re.search(r"De meeste middelen gaan naar (.+?) \((€ [^,]+(?:,\d\d)?), ", flat)
    report(bool(m) and m.group(1) == names[top] and m.group(2) == nl(per_line[top]), "pdf.observation.largest-actionline",
           f"expected {names[top]} {nl(per_line[top])}, found {m.groups() if m else None}")
    acts = rows("activiteiten.csv") if __import__("os").path.exists(f"{job_dir}/activiteiten.csv") else []
    active = {a["subthema"].split()[0] for a in acts if a.get("status", "").strip() not in ("niet-actief", "niet actief")}
    missing = [s for s in ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3", "4.1", "4.2"] if s not in active]
    if acts and missing:
        m = re.search(r"Op (\d+) subthema’s loopt geen activiteit: (.+?)\.(?: [A-Z•]|$)", flat)
        found = re.findall(r"\b(\d\.\d)\b", m.group(2)) if m else []
        report(bool(m) and int(m.group(1)) == len(missing) and found == missing, "pdf.observation.inactive-subthemes",
               f"expected {missing}, found {m.group(0) if m else None}")

try:
    import openpyxl
    wb = openpyxl.load_workbook(xlsx, data_only=True)
    numbers = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    numbers.add(round(v * 100))
    for y in range(first, last + 1):
        k = reported_kind(y)
        for al in "1234":
            v = sum(c for (yy, kk, t), c in sub.items() if yy == y and kk == k and t.split(".")[0] == al)
            report(v in numbers, f"xlsx.actionline.{y}.{al}", f"{v / 100:.2f} not in workbook")
        report(total[(y, k)] in numbers, f"xlsx.total.{y}", f"{total[(y, k)] / 100:.2f} not in workbook")
except ImportError:
    report(False, "xlsx.openpyxl", "python3-openpyxl is not installed")

# Every chart's alternative text (the Figure element's /Alt) describes what the chart drew, in
# words with its figures, rather than repeating the caption.
import json
try:
    j = json.loads(subprocess.run(["qpdf", "--json", pdf], capture_output=True, text=True).stdout)
    vals = [v.get("value") for v in j["qpdf"][1].values() if isinstance(v.get("value"), dict)]
    alts = [str(v.get("/Alt", "")) for v in vals if v.get("/S") == "/Figure"]
    described = re.compile(r"^u:(Ringdiagram|Staafdiagram|Matrix|Donut chart|Bar chart)\b.*\d")
    report(len(alts) >= 2 and all(described.match(a) for a in alts), "pdf.figures_described",
           f"alt texts: {[a[:50] for a in alts]}")
except (FileNotFoundError, ValueError, KeyError) as e:
    report(False, "pdf.figures_described", f"qpdf --json failed: {e}")


# The document's cross-links hold together (the pages are drawn in parts and joined, so this
# is where a join would show): the page tree, each page's and link's entry in the structure
# tree's parent tree, the elements' parents, the outline's chain of entries, and the target of
# every link and outline entry.
def structure_problems(objects):
    def get(ref):
        o = objects.get("obj:" + ref, {})
        return o.get("value", o.get("stream", {}).get("dict", {}))
    problems = []
    root = get(j["qpdf"][1]["trailer"]["value"]["/Root"])
    pages = []
    def walk_pages(ref):
        node = get(ref)
        if node.get("/Type") == "/Pages":
            for kid in node.get("/Kids", []):
                walk_pages(kid)
        else:
            pages.append(ref)
    walk_pages(root["/Pages"])
    if get(root["/Pages"]).get("/Count") != len(pages):
        problems.append("page count")
    nums = {}
    def walk_numbers(node):
        for kid in node.get("/Kids", []):
            walk_numbers(get(kid))
        n = node.get("/Nums", [])
        for k, v in zip(n[0::2], n[1::2]):
            if k in nums:
                problems.append(f"parent tree key {k} twice")
            nums[k] = v
    tree = get(root["/StructTreeRoot"])
    walk_numbers(get(tree["/ParentTree"]))
    for i, page in enumerate(pages):
        key = get(page).get("/StructParents")
        if key not in nums:
            problems.append(f"page {i + 1}: no parent tree entry")
            continue
        for elem in get(nums[key]) if isinstance(nums[key], str) and nums[key].endswith(" R") else nums[key]:
            if elem is not None and get(elem).get("/Pg") != page:
                problems.append(f"page {i + 1}: marked content of an element on another page")
                break
        for annot in get(page).get("/Annots", []):
            a = get(annot)
            if a.get("/StructParent") not in nums:
                problems.append(f"page {i + 1}: annotation without parent tree entry")
    def walk_elems(ref, depth=0):
        e = get(ref)
        kids = e.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, str) and kid.endswith(" R") and get(kid).get("/Type") == "/StructElem":
                if get(kid).get("/P") != ref:
                    problems.append(f"element {kid}: /P is not its parent")
                if depth < 64:
                    walk_elems(kid, depth + 1)
    for kid in tree["/K"] if isinstance(tree["/K"], list) else [tree["/K"]]:
        walk_elems(kid)
    dests = {}
    def walk_names(node):
        for kid in node.get("/Kids", []):
            walk_names(get(kid))
        n = node.get("/Names", [])
        dests.update(zip(n[0::2], n[1::2]))
    if "/Names" in root:
        walk_names(get(get(root["/Names"])["/Dests"]) if isinstance(root["/Names"], str) else get(root["/Names"]["/Dests"]))
    def target_ok(dest):
        if isinstance(dest, str) and not dest.endswith(" R"):
            dest = dests.get(dest)
        return isinstance(dest, list) and dest and dest[0] in pages
    for i, page in enumerate(pages):
        for annot in get(page).get("/Annots", []):
            a = get(annot)
            if a.get("/Subtype") == "/Link" and "/Dest" in a and not target_ok(a["/Dest"]):
                problems.append(f"page {i + 1}: link to {a['/Dest']} goes nowhere")
    def walk_outline(ref, depth=0):
        node, prev, item, n = get(ref), None, get(ref).get("/First"), 0
        while item:
            entry = get(item)
            n += 1
            if entry.get("/Parent") != ref or entry.get("/Prev") != prev:
                problems.append(f"outline entry {entry.get('/Title')}: broken chain")
            if not target_ok(entry.get("/Dest")):
                problems.append(f"outline entry {entry.get('/Title')}: goes nowhere")
            if "/First" in entry and depth < 8:
                walk_outline(item, depth + 1)
            prev, item = item, entry.get("/Next")
        if node.get("/Last") != prev:
            problems.append("outline: /Last is not the last entry")
        return n
    if "/Outlines" in root and walk_outline(root["/Outlines"]) == 0:
        problems.append("empty outline")
    return problems


try:
    problems = structure_problems(j["qpdf"][1])
    report(not problems, "pdf.structure_links", "; ".join(problems[:5]))
except (NameError, KeyError, TypeError) as e:
    report(False, "pdf.structure_links", f"cannot read the structure: {e!r}")
sys.exit(1 if fails else 0)
