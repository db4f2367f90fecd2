#!/usr/bin/env python3
"""Reads meson's testlog.json and prints one line per failed or skipped test
and the closing 'N passed, N failed, N skipped' line. Exits 1 on any failure."""
import json
import sys

passed, failed, skipped = [], [], []
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        t = json.loads(line)
        name = f"{t['suite'][0] if t.get('suite') else ''}/{t['name']}"
        res = t["result"]
        if res in ("OK", "EXPECTEDFAIL"):
            passed.append(name)
        elif res == "SKIP":
            skipped.append(name)
        else:
            failed.append(f"{name} ({res})")

for name in failed:
    print(f"FAILED  {name}")
for name in skipped:
    print(f"SKIPPED {name} (its log says why)")
print(f"{len(passed)} passed, {len(failed)} failed, {len(skipped)} skipped")
sys.exit(1 if failed or not passed else 0)
