#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The xdp-filter benchmark's figures from its runs (bench/xdp-filter/run.sh).

  report.py RUNS_FILE CPU

RUNS_FILE has one line per run: "PROG DROPS OFFERED SECONDS RUN_TIME_NS RUN_CNT".
Prints one JSON line per program (the median run by Mpps, with min and max,
and the median program time per packet), then the ratios; a table on stderr.
"""
import json
import sys

NAMES = {"mediasec": "mediasec", "xdpfilter": "xdp-filter"}


def line(obj):
    print(json.dumps(obj, separators=(",", ":")))


def main(path, cpu):
    runs = {}
    for text in open(path):
        prog, drops, offered, secs, run_ns, run_cnt = text.split()
        runs.setdefault(NAMES[prog], []).append({
            "mpps": int(drops) / float(secs) / 1e6, "drops": int(drops),
            "offered": int(offered), "ns": int(run_ns) / max(int(run_cnt), 1)})
    mpps, ns = {}, {}
    for prog, rs in runs.items():
        by_mpps = sorted(rs, key=lambda r: r["mpps"])
        mid = by_mpps[len(rs) // 2]
        mpps[prog] = mid["mpps"]
        ns[prog] = sorted(r["ns"] for r in rs)[len(rs) // 2]
        line({"bench": "xdp-filter", "prog": prog, "mpps": round(mid["mpps"], 3),
              "drops": mid["drops"], "offered": mid["offered"],
              "mpps_min": round(by_mpps[0]["mpps"], 3), "mpps_max": round(by_mpps[-1]["mpps"], 3),
              "prog_ns_per_pkt": round(ns[prog], 1), "runs": len(rs), "mode": "native",
              "cpu": cpu})
        sys.stderr.write("%-10s %6.3f Mpps dropped (min %.3f, max %.3f; %d of %d offered), "
                         "program %.1f ns/pkt\n" % (prog, mid["mpps"], by_mpps[0]["mpps"],
                                                    by_mpps[-1]["mpps"], mid["drops"],
                                                    mid["offered"], ns[prog]))
    r_mpps = mpps["mediasec"] / mpps["xdp-filter"]
    r_ns = ns["xdp-filter"] / ns["mediasec"]
    line({"bench": "xdp-filter", "ratio": "mediasec/xdp-filter", "ratio_value": round(r_mpps, 3),
          "target": 1.0})
    line({"bench": "xdp-filter", "ratio": "xdp-filter-ns/mediasec-ns", "ratio_value": round(r_ns, 3),
          "target": 1.0})
    sys.stderr.write("ratio mediasec/xdp-filter: Mpps %.3f, program time %.3f (targets >= 1.0)\n"
                     % (r_mpps, r_ns))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]))
