#!/usr/bin/env bash
# dp-pipeline-bench --ports, tiny: 2 and 100 legs, one run of 4096 packets each
# way through dp_worker_main on net_ring ports. Asserts that every packet went
# through (the bench fails on a lost one) and that no figure reports a drop;
# no timing is asserted.
#   usage: bench_smoke.sh path/to/dp-pipeline-bench
set -euo pipefail
BENCH=$1
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

if ! "$BENCH" -l 0-1 --no-huge -m 512 --no-pci --no-shconf --no-telemetry \
	--file-prefix "ms-bench-smoke-$$" --log-level=lib.eal:error -- \
	--legs 2 --legs 100 --runs 1 --packets 4096 --ports >"$DIR/out" 2>"$DIR/err"; then
	cat "$DIR/err" >&2
	echo "FAIL: dp-pipeline-bench --ports exited with an error" >&2
	exit 1
fi
cat "$DIR/out"
worker=$(grep -c '"bench":"dp-ports".*"op":"worker' "$DIR/out" || true)
if [ "$worker" != 8 ]; then
	echo "FAIL: $worker worker lines, expected 8 (2 modes x 2 leg counts x busy/wall)" >&2
	exit 1
fi
if grep '"drops":' "$DIR/out" | grep -qv '"drops":0[,}]'; then
	echo "FAIL: drops reported" >&2
	exit 1
fi
if grep -q '"mpps":0.000' "$DIR/out"; then
	echo "FAIL: a figure of zero" >&2
	exit 1
fi
echo "ok: dp-pipeline-bench --ports relayed every packet, no drops"
