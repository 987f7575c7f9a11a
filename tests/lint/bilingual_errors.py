#!/usr/bin/env python3
"""Every error a person may read has its French: make_error's message is a
Phrase{en, fr}, an Error's .phrase(), or a variable (a Phrase passed along).
A site that stays in one language says why on the line before it:
    // one language: <why>
Run by ctest as lint_bilingual_errors; prints each offending site."""
import pathlib
import re
import sys


def arguments(text, start):
    """The top-level arguments of the call whose '(' ends at `start`."""
    depth, args, current, i, in_string = 1, [], "", start, False
    while i < len(text) and depth:
        c = text[i]
        if in_string:
            current += c
            if c == "\\":
                current += text[i + 1]
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
            current += c
        elif c in "({[":
            depth += 1
            current += c
        elif c in ")}]":
            depth -= 1
            if depth:
                current += c
        elif c == "," and depth == 1:
            args.append(current.strip())
            current = ""
        else:
            current += c
        i += 1
    args.append(current.strip())
    return args


def carries_french(message):
    return (message.startswith("Phrase{") or ".phrase()" in message
            or re.fullmatch(r"(std::move\()?[A-Za-z_][\w.:]*\)?", message) is not None)


def main(root):
    offending = []
    for path in sorted(root.glob("core/**/*.cpp")):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        for match in re.finditer(r"\bmake_error\(", text):
            args = arguments(text, match.end())
            if len(args) < 2 or carries_french(args[1]):
                continue
            line = text.count("\n", 0, match.start())  # 0-based
            if "// one language:" in lines[line] or (line > 0 and "// one language:" in lines[line - 1]):
                continue
            offending.append(f"{path.relative_to(root)}:{line + 1}: {' '.join(args[1].split())[:90]}")
    for site in offending:
        print(site)
    if offending:
        print(f"{len(offending)} error message(s) without French: write Phrase{{\"…\", \"…\"}}, "
              "or say why on the line before (// one language: …)")
        return 1
    print("every error message has its French")
    return 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
