#!/usr/bin/env python3
"""Writes a deterministic synthetic sector of job folders (rapport.ini, begroting.csv,
activiteiten.csv, toewijzing.csv) in the input formats of the README, for batch tests and
benchmarks. Standard library only; the same arguments always give byte-identical files.

usage: gen_sector.py OUTDIR [--institutions 50] [--jobs N] [--seed S] [--out DIR]

The sector is --institutions institutions (14 wo : 36 hbo) that share EUR 15 million a year
pro rata by student numbers. --jobs N writes N folders instead (default: one per institution);
extra jobs get the same per-student rate, so their sizes stay realistic. Each job names
OUTDIR/out (or --out) as its output directory; the build accepts that only from a working
directory at or above it, so run the batch from there or give it -o.
"""
import argparse
import os
import random

SECTOR_TOTAL_EUR = 15_000_000
SUBTHEMES = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
             "3.1", "3.2", "3.3", "4.1", "4.2"]
# Number of AEF activity-type codes per subtheme (codes are SUBTHEME.1 .. SUBTHEME.n).
AEF_CODES = {"1.1": 11, "1.2": 9, "1.3": 5, "1.4": 5, "2.1": 6, "2.2": 7, "2.3": 6, "2.4": 5,
             "2.5": 4, "2.6": 6, "3.1": 5, "3.2": 6, "3.3": 9, "4.1": 5, "4.2": 4}
STATUSES = ["lopend"] * 6 + ["afgerond"] * 2 + ["gepland"] * 2 + ["gestopt", "niet-actief"]
MONITORING = ["output-kwantitatief"] * 4 + ["output-kwalitatief"] * 2 + \
    ["geen"] * 2 + ["outcome-kwantitatief", "outcome-kwalitatief", "landelijke-monitor"]
CATEGORY_POOL = [
    ("Welzijnsteam", ["2.6", "2.1", "3.1", "4.1"]),
    ("Studiestart en binding", ["1.2", "2.2", "1.4"]),
    ("Preventie en voorlichting", ["2.3", "2.4", "2.6"]),
    ("Professionalisering", ["3.2", "3.1", "2.5"]),
    ("Veilig studieklimaat", ["1.1", "1.3"]),
    ("Studentenleven", ["1.3", "1.2", "1.4"]),
    ("Zorgketen en partners", ["4.1", "4.2"]),
    ("Hulpaanbod", ["2.4", "2.6", "4.1"]),
    ("Onderzoek en monitoring", ["2.1", "3.3"]),
    ("Communicatie", ["2.6", "2.3"]),
]
LINE_WORDS = ["Coördinator", "Trainingen", "Campagne", "Workshops", "Platform", "Projectleider",
              "Peercoaches", "Netwerk", "Onderzoek", "Materiaal", "Evenementen", "Spreekuur"]
OTHER_SOURCES = ["kwaliteitsmiddelen", "vernieuwingsmiddelen", "lumpsum", "overig", "npo"]


def eur_nl(cents, with_sign):
    """1234567 cents -> "12.345,67" (or "€ 12.345,67"); whole euros drop the decimals."""
    e, c = divmod(cents, 100)
    s = f"{e:,}".replace(",", ".") + (f",{c:02d}" if c else "")
    return "€ " + s if with_sign else s


def split_exact(total, weights):
    """Splits an integer total by weights with largest remainder; parts add up exactly."""
    wsum = sum(weights)
    parts = [total * w // wsum for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % wsum), i))
    for i in order[:total - sum(parts)]:
        parts[i] += 1
    return parts


def weights_100(rng, n):
    """n integer percentages that add up to 100, each at least 5."""
    cuts = sorted(rng.sample(range(1, 20), n - 1))
    raw = [b - a for a, b in zip([0] + cuts, cuts + [20])]
    return [r * 5 for r in raw]


def make_profile(k, rng, wo):
    students = rng.randint(8000, 40000) if wo else int(rng.choice(
        [rng.randint(1200, 4000), rng.randint(4000, 15000), rng.randint(15000, 45000)]))
    kind = "Universiteit" if wo else "Hogeschool"
    style = rng.choices(["pillars", "lines", "untracked"], [70, 22, 8])[0]
    return {"k": k, "wo": wo, "students": students, "name": f"{kind} Synth {k:04d}",
            "style": style, "first_year": rng.choice([2023, 2023, 2024]),
            "real_2025": rng.random() < 0.7}


def make_lines(p, rng):
    """Budget lines: (category, line name, share weight, source)."""
    ncat = rng.randint(3, 6)
    cats = rng.sample(CATEGORY_POOL, ncat)
    nlines = max(6, min(40, p["students"] // 1000 + rng.randint(3, 10)))
    lines = []
    for i in range(nlines):
        cat = cats[i % ncat][0]
        name = f"{rng.choice(LINE_WORDS)} {cat.lower()} {i + 1}"
        src = "kadermiddelen" if rng.random() < 0.65 else rng.choice(OTHER_SOURCES)
        lines.append((cat if p["style"] != "lines" else "", name, rng.randint(2, 20), src, cats[i % ncat][1]))
    if not any(src == "kadermiddelen" for _, _, _, src, _ in lines):
        c, n, w, _, t = lines[0]
        lines[0] = (c, n, w, "kadermiddelen", t)
    return lines


def budget_rows(p, lines, framework, rng):
    """Long-format rows; per year the kadermiddelen lines add up to exactly the framework money."""
    rows = []
    kader = [i for i, ln in enumerate(lines) if ln[3] == "kadermiddelen"]
    other = [i for i, ln in enumerate(lines) if ln[3] != "kadermiddelen"]
    for year in range(p["first_year"], 2026):
        amounts = [0] * len(lines)
        for i, c in zip(kader, split_exact(framework * 100, [lines[i][2] for i in kader])):
            amounts[i] = c
        for i in other:
            amounts[i] = lines[i][2] * framework * 100 // 60 // 100 * 100
        kinds = ["begroting"] + (["realisatie"] if year < 2025 or p["real_2025"] else [])
        for kind in kinds:
            for i, (cat, name, _, src, _) in enumerate(lines):
                cents, note = amounts[i], ""
                if kind == "realisatie":
                    f = rng.choice([100, 100, 97, 99, 101, 103, 92, 88, 110])
                    cents = cents * f // 100 + rng.choice([0, 0, 35, 50])
                    note = "" if 95 <= f <= 105 else rng.choice(
                        ["vacature later ingevuld", "meer deelnemers dan verwacht", "uitgesteld",
                         "indexatie cao"])
                rows.append([str(year), kind, name, cat, src, eur_nl(cents, kind == "realisatie"), note])
    return rows


def mapping_rows(p, lines, rng):
    rows = []
    keys = sorted({(ln[0], tuple(ln[4])) for ln in lines}) if p["style"] != "lines" else \
        [(ln[1], tuple(ln[4])) for ln in lines]
    kind = "regel" if p["style"] == "lines" else "categorie"
    for key, targets in keys:
        targets = list(targets) + (["niet toe te wijzen"] if rng.random() < 0.3 else [])
        for t, w in zip(targets, weights_100(rng, len(targets))):
            rows.append([kind, key, t, str(w), ""])
    if kind == "categorie" and rng.random() < 0.5:  # one line-level override
        ln = rng.choice(lines)
        rows.append(["regel", ln[1], ln[4][0], "100", "regel valt geheel onder dit subthema"])
    return rows


def activity_rows(p, rng):
    n = max(5, min(40, p["students"] // 1500 + rng.randint(2, 8)))
    subs = rng.sample(SUBTHEMES, min(len(SUBTHEMES), rng.randint(6, 13)))
    rows = []
    for i in range(n):
        s = subs[i % len(subs)]
        code = f"{s}.{rng.randint(1, AEF_CODES[s])}" if rng.random() < 0.8 else ""
        reach = str(rng.randint(20, p["students"] // 3)) if rng.random() < 0.6 else ""
        rows.append([f"A{i + 1:02d}", f"Activiteit {i + 1} rond subthema {s}", s, rng.choice(STATUSES),
                     reach, rng.choice(MONITORING), code, ""])
    return rows


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(";".join(header) + "\n")
        for r in rows:
            f.write(";".join(r) + "\n")


def write_job(d, p, framework, out_rel, rng):
    os.makedirs(d, exist_ok=True)
    lines = make_lines(p, rng)
    write_csv(os.path.join(d, "begroting.csv"),
              ["jaar", "soort", "regel", "categorie", "bron", "bedrag", "toelichting"],
              budget_rows(p, lines, framework, rng))
    write_csv(os.path.join(d, "toewijzing.csv"), ["type", "sleutel", "subthema", "gewicht", "toelichting"],
              mapping_rows(p, lines, rng))
    write_csv(os.path.join(d, "activiteiten.csv"),
              ["id", "naam", "subthema", "status", "bereik", "monitoring", "activiteitcode", "toelichting"],
              activity_rows(p, rng))
    fw = "\n".join(f"{y} = {eur_nl(framework * 100, False)}" for y in range(p["first_year"], 2026))
    with open(os.path.join(d, "rapport.ini"), "w", encoding="utf-8", newline="\n") as f:
        f.write(f"""; Synthetic test institution (generated; not a real institution).
[instelling]
naam = {p['name']}
brin = {p['k'] % 100:02d}S{chr(65 + p['k'] // 100 % 26)}
sector = {'wo' if p['wo'] else 'hbo'}
studenten = {p['students']}

[rapport]
jaar = 2025
jaren = {p['first_year']}-2025
taal = nl
layout = standaard
uitvoer = {out_rel}
datum = 2026-03-31
getallen = nl
per_actielijn = {'nee' if p['style'] == 'untracked' else 'ja'}

[invoer]
begroting = begroting.csv
activiteiten = activiteiten.csv
toewijzing = toewijzing.csv

[kadermiddelen]
{fw}

[monitoring]
niveaus = output-kwantitatief{', outcome-kwalitatief' if p['wo'] else ''}
""")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--institutions", type=int, default=50)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--seed", default="kaderrapport-sector")
    ap.add_argument("--out", default=None, help="output directory written into each job")
    a = ap.parse_args()
    n_inst = max(1, a.institutions)
    n_jobs = a.jobs if a.jobs is not None else n_inst
    nwo = round(n_inst * 14 / 50)
    # The first n_inst jobs are the sector (wo spread evenly through it); extra jobs repeat its mix.
    profiles = [make_profile(k + 1, random.Random(f"{a.seed}/{k}"), (k % n_inst) * nwo // n_inst !=
                             (k % n_inst + 1) * nwo // n_inst) for k in range(max(n_inst, n_jobs))]
    sector_students = sum(p["students"] for p in profiles[:n_inst])
    shares = split_exact(SECTOR_TOTAL_EUR, [p["students"] for p in profiles[:n_inst]])
    out_dir = os.path.abspath(a.out) if a.out else os.path.join(os.path.abspath(a.outdir), "out")
    for k in range(n_jobs):
        p = profiles[k]
        framework = shares[k] if k < n_inst else SECTOR_TOTAL_EUR * p["students"] // sector_students
        d = os.path.join(a.outdir, f"synth-{k + 1:04d}")
        out_rel = os.path.relpath(out_dir, os.path.abspath(d))
        write_job(d, p, framework, out_rel, random.Random(f"{a.seed}/data/{k}"))
    print(f"wrote {n_jobs} jobs to {a.outdir} (sector of {n_inst}: {nwo} wo, {n_inst - nwo} hbo, "
          f"EUR {SECTOR_TOTAL_EUR:,} a year)")


if __name__ == "__main__":
    main()
