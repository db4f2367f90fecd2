#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The xdp-filter benchmark's figures from its runs (bench/xdp-filter/run.sh).

  report.py RUNS_FILE ALONE_FILE CPU

RUNS_FILE has one line per run with traffic:
"PROG DROPS OFFERED SECONDS CPU_SECONDS RUN_TIME_NS RUN_CNT"; ALONE_FILE one
per timing of the program alone: "PROG NS". Prints one JSON line per program
with the medians over its runs (and the min and max of the wall-clock
rate), then the ratios; a table on stderr.
"""
import json
import sys

NAMES = {"mediasec": "mediasec", "xdpfilter": "xdp-filter"}


def line(obj):
    print(json.dumps(obj, separators=(",", ":")))


def median(values):
    return sorted(values)[len(values) // 2]


def main(path, alone_path, cpu):
    runs, alone = {}, {}
    for text in open(alone_path):
        prog, ns = text.split()
        alone.setdefault(NAMES[prog], []).append(int(ns))
    for text in open(path):
        prog, drops, offered, secs, cpu_secs, run_ns, run_cnt = text.split()
        runs.setdefault(NAMES[prog], []).append({
            "drops": int(drops), "offered": int(offered),
            "mpps": int(drops) / float(secs) / 1e6,
            "mpps_cpu": int(drops) / float(cpu_secs) / 1e6,
            "ns": int(run_ns) / max(int(run_cnt), 1)})
    med = {}
    for prog, rs in runs.items():
        m = {k: median([r[k] for r in rs]) for k in ("drops", "offered", "mpps", "mpps_cpu", "ns")}
        m["alone"] = median(alone[prog])
        med[prog] = m
        wall = [r["mpps"] for r in rs]
        line({"bench": "xdp-filter", "prog": prog, "mpps": round(m["mpps"], 3), "drops": m["drops"],
              "offered": m["offered"], "mpps_min": round(min(wall), 3),
              "mpps_max": round(max(wall), 3), "mpps_cpu": round(m["mpps_cpu"], 3),
              "prog_ns_per_pkt": round(m["ns"], 1), "prog_ns_alone": m["alone"], "runs": len(rs), "mode": "native", "cpu": cpu})
        sys.stderr.write("%-10s %6.3f Mpps wall (min %.3f, max %.3f), %6.3f Mpps per CPU second, "
                         "program %.1f ns/pkt (alone %d), %d of %d offered dropped\n"
                         % (prog, m["mpps"], min(wall), max(wall), m["mpps_cpu"], m["ns"],
                            m["alone"], m["drops"], m["offered"]))
    ours, theirs = med["mediasec"], med["xdp-filter"]
    r_cpu = ours["mpps_cpu"] / theirs["mpps_cpu"]
    r_wall = ours["mpps"] / theirs["mpps"]
    r_ns = theirs["ns"] / ours["ns"]
    r_alone = theirs["alone"] / ours["alone"]
    line({"bench": "xdp-filter", "ratio": "mediasec/xdp-filter", "ratio_value": round(r_cpu, 3),
          "ratio_wall": round(r_wall, 3), "target": 1.0})
    line({"bench": "xdp-filter", "ratio": "xdp-filter-ns/mediasec-ns", "ratio_value": round(r_ns, 3),
          "ratio_alone": round(r_alone, 3), "target": 1.0})
    sys.stderr.write("ratio mediasec/xdp-filter: Mpps per CPU second %.3f (wall %.3f), "
                     "program time %.3f (alone %.3f) (targets >= 1.0)\n"
                     % (r_cpu, r_wall, r_ns, r_alone))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
