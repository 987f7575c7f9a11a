#!/usr/bin/env python3
"""scripts/bench summarize: quorum summarize --format json against cmark-gfm.

Builds synthetic minutes of 30 KB, 1 MB and 10 MB (a French working-group
meeting: header, participants, roles, an agenda table, a round of introductions,
discussion with explicit markers, links, task lists, citations, suggestions and a
chat, its notes repeated with fresh numbering until the size is reached), then
times whole processes in the same run:

  cmark-gfm -e table -e tasklist -e autolink -e strikethrough FILE > /dev/null
  quorum summarize FILE --format json -o /dev/null

Each is run several times; the median wall time is reported with the ratio.
Target: quorum <= 1.5x cmark-gfm at 1 MB and 10 MB, growing linearly.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CMARK = ["cmark-gfm", "-e", "table", "-e", "tasklist", "-e", "autolink", "-e", "strikethrough"]

FIRST = ["Émilie", "Marc", "Lina", "Jean-Noé", "Anne-Sophie", "Karim", "Sophie", "Hugo", "Léa", "Raj",
         "Noémie", "Olivier", "Anaïs", "Timothée", "Amélie", "François", "Inès", "Yannick", "Nadia", "Priya"]
LAST = ["Roy", "Tremblay", "Diaz", "Landry", "Hulin", "Benali", "Nguyen", "Lambert", "Côté", "Patel",
        "Gagnon", "Després", "Leroux", "Bélanger", "Moreau", "Bouchard", "Cherif", "Raman", "Girard", "Dubois"]
ORGS = ["TIESS", "Facil", "Nord Ouvert", "Université Laval", "Centraide", "RISQ", "CQCM", "Solon",
        "Coopérative Nuage boréal", "Ville de Montréal"]
WORDS = ("le groupe souhaite mieux comprendre les enjeux de gouvernance des données et de souveraineté "
         "numérique dans les organisations collectives du Québec avec des infrastructures partagées sobres "
         "et des logiciels libres hébergés localement pour les OBNL et les coopératives").split()


def sentence(rng, n=18):
    words = [rng.choice(WORDS) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def make_minutes(size, seed=42):
    rng = random.Random(seed)
    people = [(f"{FIRST[i % 20]} {LAST[(i * 7) % 20]}", ORGS[i % 10]) for i in range(30)]
    head = ["Rencontre du groupe de travail numérique", "", "10 mars 2021", "", "9 h 30-11 h 30", "",
            "Rencontre virtuelle sur Jitsi", "", "Participant·e·s", ""]
    for name, org in people:
        head += [f"{name} ({org})", ""]
    head += ["Responsabilités générales", "", f"- Animation : {people[0][0]}",
             f"- Prise de notes : {people[1][0]}", "", "Ordre du jour", "",
             "| # | Activité | Type | Durée |", "|---|---|---|---|",
             "| 1 | Accueil | Information | 5 min |", "| 2 | Tour de table | Information | 20 min |",
             "| 3 | Discussion | Discussion | 1 h 10 min |", "| 4 | Varia et prochaines étapes | Information | 25 min |", ""]
    out = "\n".join(head) + "\n"
    section = 0
    while len(out.encode()) < size:
        section += 1
        lines = [f"## {section}. Discussion", ""]
        for _ in range(6):
            name, org = rng.choice(people)
            lines += [f"{name} ({org}) : {sentence(rng)} {sentence(rng, 25)} {sentence(rng, 12)}", ""]
        a, b = rng.choice(people), rng.choice(people)
        lines += [f"ACTION : {a[0]} — préparer la note {section} d'ici le 15 avril", "",
                  f"DÉCISION : le groupe adopte la proposition {section}.", "",
                  f"Une piste d'action pourrait être de {rng.choice(WORDS)} {rng.choice(WORDS)} ensemble.", "",
                  f"Voir [le document de travail {section}](#) et <https://example.org/doc/{section}>.", "",
                  f"- [ ] @{b[0].split()[0].lower()} relire le compte rendu {section} due 2021-04-01",
                  f"- [x] envoyer l'invitation {section}", "",
                  f"Couture, S. & Toupin, S. ({2000 + section % 25}). Titre {section}. *Revue*, 21(10), 2305-2322.", "",
                  "| Option | Pour | Contre |", "|---|---|---|", f"| A{section} | 7 | 1 |", ""]
        out += "\n".join(lines) + "\n"
    return out


def median_time(command, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            sys.exit(f"bench: {' '.join(command)} failed with status {result.returncode}")
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quorum", default=os.path.join(ROOT, "build", "quorum"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="30K,1M,10M")
    args = parser.parse_args()
    sizes = []
    for token in args.sizes.split(","):
        factor = {"K": 1024, "M": 1024 * 1024}.get(token[-1], 1)
        sizes.append(int(token.rstrip("KM")) * factor)
    env = dict(os.environ, QUORUM_HOME=ROOT)
    print(f"{'size':>8} {'cmark-gfm (s)':>14} {'quorum json (s)':>16} {'ratio':>7} {'quorum MB/s':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = os.path.join(tmp, f"minutes-{size}.md")
            with open(path, "w", encoding="utf-8") as f:
                f.write(make_minutes(size))
            runs = args.runs if size < 5 * 1024 * 1024 else max(3, args.runs // 2)
            cmark = median_time(CMARK + [path], runs)
            os.environ.update(env)
            quorum = median_time([args.quorum, "summarize", path, "--format", "json", "-o", "/dev/null"], runs)
            label = f"{size // 1024} KB" if size < 1024 * 1024 else f"{size // (1024 * 1024)} MB"
            print(f"{label:>8} {cmark:14.3f} {quorum:16.3f} {quorum / cmark:7.2f} "
                  f"{os.path.getsize(path) / quorum / 1e6:12.1f}")


if __name__ == "__main__":
    main()
