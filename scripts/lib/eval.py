#!/usr/bin/env python3
"""Extraction scores on a folder of labelled real minutes, per category and language.

Runs the corpus's own scorer (score.py in the folder, read from there at run time,
never copied) on `quorum summarize FILE --format json`, once per language and once
over all, and prints precision, recall and F1 for each.

  eval.py --quorum build/quorum [--dir ../shared/corpus-dev]
  eval.py --quorum build/quorum --floor tests/eval/floor.json   the ctest ratchet:
      fails when macro F1 (all languages) is below the floor written there;
      exits 77 (ctest: skipped) when the corpus is not beside the project
"""
import argparse
import json
import os
import shlex
import subprocess
import sys

CATEGORIES = ["attendees", "agenda", "actions", "decisions", "resources"]


def score(scorer, corpus, quorum, only=None):
    command = [sys.executable, scorer, "--dir", corpus, "--json",
               "--cmd", f"{shlex.quote(quorum)} summarize {{}} --format json"]
    if only:
        command += ["--only", only]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        sys.exit(f"eval: the scorer failed ({run.returncode}): {run.stderr.strip()[:500]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--quorum", required=True)
    parser.add_argument("--dir", default=os.path.normpath(os.path.join(here, "../../../shared/corpus-dev")))
    parser.add_argument("--floor", help="JSON file with macro_f1: fail below it")
    arguments = parser.parse_args()
    corpus = os.path.abspath(arguments.dir)
    scorer = os.path.join(corpus, "score.py")
    if not os.path.isfile(scorer):
        print(f"eval: no corpus at {corpus} (its score.py is missing); nothing measured")
        sys.exit(77 if arguments.floor else 2)

    results = {"all": score(scorer, corpus, arguments.quorum)}
    for language in ("en", "fr"):
        results[language] = score(scorer, corpus, arguments.quorum, language)

    print(f"corpus: {corpus}")
    print(f"{'':10s} " + "  ".join(f"{name:^20s}" for name in results))
    print(f"{'':10s} " + "  ".join(f"{'P':>6s}{'R':>7s}{'F1':>7s}" for _ in results))
    for category in CATEGORIES:
        row = "  ".join(f"{r[category]['p']:6.2f} {r[category]['r']:6.2f} {r[category]['f1']:6.2f}"
                        for r in results.values())
        print(f"{category:10s} {row}")
    print(f"{'macro F1':10s} " + "  ".join(f"{r['macro_f1']:20.3f}" for r in results.values()))
    owners = results["all"]["owners"]
    print(f"owners: {owners['right']} of {owners['of']} matched actions with a labelled owner got it right")
    failed = results["all"]["fails"]
    if failed:
        print(f"eval: {failed} minutes gave no JSON")

    if arguments.floor:
        floor = json.load(open(arguments.floor, encoding="utf-8"))
        macro = results["all"]["macro_f1"]
        if macro < floor["macro_f1"] or failed:
            print(f"eval: macro F1 {macro:.3f} is below the floor {floor['macro_f1']:.3f} in {arguments.floor}"
                  if macro < floor["macro_f1"] else "eval: every minutes file must give JSON")
            sys.exit(1)
        print(f"eval: macro F1 {macro:.3f}, floor {floor['macro_f1']:.3f}"
              + (" (raise the floor)" if macro >= floor["macro_f1"] + 0.02 else ""))


if __name__ == "__main__":
    main()
