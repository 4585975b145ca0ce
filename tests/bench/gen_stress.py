#!/usr/bin/env python3
"""Writes a stress job: 50,000 budget lines over 2023-2025 and 5,000 activities, deterministic.
usage: gen_stress.py OUTDIR [LINES] [ACTIVITIES]"""
import os, random, sys

out = sys.argv[1]
lines = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
acts = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
rnd = random.Random(20251231)
os.makedirs(out, exist_ok=True)
subthemes = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3", "4.1", "4.2"]
sources = ["kadermiddelen", "npo", "kwaliteitsmiddelen", "vernieuwingsmiddelen", "lumpsum", "overig"]
cats = [f"Programma {i:02d}" for i in range(40)]
with open(f"{out}/toewijzing.csv", "w") as f:
    f.write("type;sleutel;subthema;gewicht;toelichting\n")
    for c in cats:
        picks = rnd.sample(subthemes, 3)
        f.write(f"categorie;{c};{picks[0]};50;\ncategorie;{c};{picks[1]};30;\ncategorie;{c};{picks[2]};15;\ncategorie;{c};niet toe te wijzen;5;\n")
with open(f"{out}/begroting.csv", "w") as f:
    f.write("jaar;soort;regel;categorie;bron;bedrag;voorlopig;toelichting\n")
    for i in range(lines):
        year = 2023 + i % 3
        kind = "begroting" if i % 2 == 0 else "realisatie"
        euros, cents = rnd.randint(10, 90000), rnd.randint(0, 99)
        f.write(f"{year};{kind};Regel {i:05d};{cats[i % len(cats)]};{sources[i % len(sources)]};{euros:,}".replace(",", ".") + f",{cents:02d};;\n")
with open(f"{out}/activiteiten.csv", "w") as f:
    f.write("id;naam;subthema;status;bereik;monitoring;activiteitcode;toelichting\n")
    for i in range(acts):
        st = subthemes[i % 15]
        f.write(f"S{i:05d};Activiteit {i} voor studenten met een beschrijving van gemiddelde lengte;{st};lopend;{rnd.randint(10, 5000)};output-kwantitatief;;\n")
with open(f"{out}/rapport.ini", "w") as f:
    f.write("[instelling]\nnaam = Universiteit Stresstest\nbrin = 99ST\nsector = wo\nstudenten = 40000\n\n"
            "[rapport]\njaar = 2025\njaren = 2023-2025\ndatum = 2026-03-31\ngetallen = nl\n\n"
            "[invoer]\nbegroting = begroting.csv\nactiviteiten = activiteiten.csv\ntoewijzing = toewijzing.csv\n"
            "\n[limieten]\nmax_paginas = 5000\n")
