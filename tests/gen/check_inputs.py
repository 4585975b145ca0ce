#!/usr/bin/env python3
"""Checks example job folders: prints budget totals per year/kind/source/category, verifies that
every budget line has a mapping rule (line rule over category rule) whose weights add up to 100,
and that activities use valid subthemes and matching activity-type codes. Standard library only.

usage: check_inputs.py JOBDIR... [--expect]   (--expect also asserts the documented example totals)
"""
import csv, os, re, sys
from collections import defaultdict

SUBTHEMES = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
             "3.1", "3.2", "3.3", "4.1", "4.2"]
UNALLOC = {"niet toe te wijzen"}
SOURCES = {"kadermiddelen", "npo", "kwaliteitsmiddelen", "vernieuwingsmiddelen", "lumpsum", "overig"}
STATUSES = {"gepland", "lopend", "afgerond", "gestopt", "niet-actief"}
MONITORING = {"geen", "output-kwantitatief", "output-kwalitatief", "outcome-kwantitatief",
              "outcome-kwalitatief", "landelijke-monitor"}

# Documented totals of the examples, in cents: (year, kind[, source]) -> cents.
EXPECT = {
    "voorbeeldstad": {
        (2025, "begroting"): 122400000, (2024, "begroting"): 121909200,
        (2025, "begroting", "kadermiddelen"): 60500000,
        (2025, "begroting", "vernieuwingsmiddelen"): 46500000,
        (2025, "begroting", "kwaliteitsmiddelen"): 15400000,
        (2024, "begroting", "kadermiddelen"): 60500000,
        (2024, "begroting", "vernieuwingsmiddelen"): 46500000,
        (2024, "begroting", "kwaliteitsmiddelen"): 13432000,
        (2024, "begroting", "npo"): 1477200,
        (2025, "begroting", "Pijler 1 Awareness"): 26000000,
        (2025, "begroting", "Pijler 2 Preventie en vroegsignalering"): 9900000,
        (2025, "begroting", "Pijler 3 Hulpaanbod en psychosociale interventies"): 53000000,
        (2025, "begroting", "Pijler 4 Deskundigheidsbevordering"): 18000000,
        (2025, "begroting", "Pijler 5 Binding en veilig studieklimaat"): 15500000,
        (2024, "begroting", "Pijler 1 Awareness"): 25750000,
        (2024, "begroting", "Pijler 3 Hulpaanbod en psychosociale interventies"): 52759200,
        (2023, "begroting"): 60250000, (2023, "realisatie"): 55307985,
        (2024, "realisatie"): 119917507, (2025, "realisatie"): 121246045,
    },
    "hogeschool-midden": {
        (2024, "begroting"): 18050000, (2025, "begroting"): 18120000,
        (2024, "realisatie"): 17638000, (2025, "realisatie"): 17859000,
        (2024, "begroting", "kadermiddelen"): 11850000, (2025, "begroting", "kadermiddelen"): 12120000,
    },
    "hogeschool-klein": {
        (2024, "begroting"): 3860000, (2025, "begroting"): 3970000, (2024, "realisatie"): 3752900,
        (2024, "begroting", "kadermiddelen"): 2460000, (2025, "begroting", "kadermiddelen"): 2520000,
    },
}


def cents(text):
    """Parses an nl amount ("1.219.092", "€ 184.250,00") into cents."""
    t = text.replace("€", "").replace(" ", "").strip()
    neg = t.startswith("-")
    t = t.lstrip("-")
    whole, _, frac = t.partition(",")
    if not re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", whole) or not re.fullmatch(r"\d{0,2}", frac):
        raise ValueError(f"bad amount {text!r}")
    c = int(whole.replace(".", "")) * 100 + int((frac + "00")[:2])
    return -c if neg else c


def weight(text):
    return round(float(text.replace(",", ".")) * 10000)  # millionths of 100 %


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def fmt(c):
    e, r = divmod(abs(c), 100)
    return ("-" if c < 0 else "") + "€ " + f"{e:,}".replace(",", ".") + f",{r:02d}"


def check_job(d, expect):
    errors = []
    budget = read(os.path.join(d, "begroting.csv"))
    rules = read(os.path.join(d, "toewijzing.csv"))
    acts = read(os.path.join(d, "activiteiten.csv"))
    tot = defaultdict(int)
    for i, r in enumerate(budget, 2):
        try:
            c = cents(r["bedrag"])
        except ValueError as e:
            errors.append(f"begroting.csv:{i}: {e}")
            continue
        if r["bron"] not in SOURCES:
            errors.append(f"begroting.csv:{i}: unknown source {r['bron']!r}")
        y, k = int(r["jaar"]), r["soort"]
        tot[(y, k)] += c
        tot[(y, k, r["bron"])] += c
        if r.get("categorie"):
            tot[(y, k, r["categorie"])] += c
    wsum = defaultdict(int)
    for i, r in enumerate(rules, 2):
        if r["subthema"] not in SUBTHEMES and r["subthema"] not in UNALLOC:
            errors.append(f"toewijzing.csv:{i}: bad target {r['subthema']!r}")
        wsum[(r["type"], r["sleutel"])] += weight(r["gewicht"])
    for key, w in wsum.items():
        if w != 1000000:
            errors.append(f"toewijzing.csv: weights of {key} add up to {w / 10000} %")
    for i, r in enumerate(budget, 2):
        if ("regel", r["regel"]) not in wsum and ("categorie", r.get("categorie", "")) not in wsum:
            errors.append(f"begroting.csv:{i}: no mapping rule for {r['regel']!r}")
    ids = set()
    for i, a in enumerate(acts, 2):
        if a["id"] in ids:
            errors.append(f"activiteiten.csv:{i}: duplicate id {a['id']}")
        ids.add(a["id"])
        if a["subthema"] not in SUBTHEMES or a["status"] not in STATUSES \
                or a["monitoring"] not in MONITORING:
            errors.append(f"activiteiten.csv:{i}: bad subtheme/status/monitoring")
        code = a.get("activiteitcode", "")
        if code and not code.startswith(a["subthema"] + "."):
            errors.append(f"activiteiten.csv:{i}: code {code} not under {a['subthema']}")
    for k in sorted(tot, key=lambda k: (k[0], k[1], len(k), k[2:] and k[2])):
        print(f"  {' '.join(str(x) for x in k):70s} {fmt(tot[k]):>18s}")
    print(f"  activities: {len(acts)}; subthemes without activity: "
          f"{', '.join(s for s in SUBTHEMES if s not in {a['subthema'] for a in acts}) or '-'}")
    for k, v in (expect or {}).items():
        if tot.get(k) != v:
            errors.append(f"total {k} is {fmt(tot.get(k, 0))}, expected {fmt(v)}")
    return errors


def main(argv):
    check_expect = "--expect" in argv
    dirs = [a for a in argv if a != "--expect"]
    bad = 0
    for d in dirs:
        print(d)
        name = os.path.basename(os.path.normpath(d))
        errs = check_job(d, EXPECT.get(name) if check_expect else None)
        for e in errs:
            print("  ERROR", e)
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
