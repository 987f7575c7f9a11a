#!/usr/bin/env python3
"""The browser tests run on the Node.js Debian ships (Debian 12: nodejs 18).

Fails when a package pinned in tests/e2e/package-lock.json asks, through its
"engines" field, for a newer Node.js than that: a machine with a newer Node.js
would hide it, and scripts/test would stop on a bare Debian 12.

usage: e2e_engines.py SOURCE_DIR [DEBIAN_NODE_MAJOR]
"""
import json
import re
import sys

source = sys.argv[1]
debian_major = int(sys.argv[2]) if len(sys.argv) > 2 else 18
lock = json.load(open(f"{source}/tests/e2e/package-lock.json", encoding="utf-8"))
package = json.load(open(f"{source}/tests/e2e/package.json", encoding="utf-8"))

failures = []
for path, entry in lock.get("packages", {}).items():
    wanted = (entry.get("engines") or {}).get("node", "") if isinstance(entry.get("engines"), dict) else ""
    for clause in wanted.split("||"):
        m = re.match(r"\s*\^?>=?\s*v?(\d+)", clause)
        if m and int(m.group(1)) <= debian_major:
            break
    else:
        if wanted:
            failures.append(f"{path or 'tests/e2e'} {entry.get('version', '')}: engines.node {wanted!r}")
# Every direct dependency is pinned to one version, so what ran here runs there.
for name, version in package.get("dependencies", {}).items():
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        failures.append(f"{name}: {version!r} in package.json is not one exact version")
    locked = lock.get("packages", {}).get(f"node_modules/{name}", {}).get("version")
    if locked != version:
        failures.append(f"{name}: package.json pins {version}, package-lock.json has {locked}")

for failure in failures:
    print(f"tests/e2e needs a Node.js newer than Debian 12's {debian_major}: {failure}")
sys.exit(1 if failures else 0)
