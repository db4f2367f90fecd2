#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# leg-install-bench in the set-up of docs/performance.md, both figures in one
# run: the dataplane alone (the baseline) and end to end through mediasecd.
#
#   leg-install-bench ── USERSOCK ──► mediasecd ── USERSOCK ──► mediasec-dp
#          └─────────────── -D ─────────────────────────────────┘  net_null0 outside
#                                                                   net_null1 inside,
#                                                                   198.51.100.1-4
#
# Everything runs in a private network namespace (USERSOCK port ids are per
# namespace), so the default port ids clash with nothing.
# Usage: run.sh BUILD_DIR [--legs N] [bench options, e.g. --window 4096]
# Prints the bench's two JSON lines, then the ratio as a third.
# PERF_DATA=FILE in the environment: perf profiles of the daemons meanwhile.
set -eu

BUILD=$(cd "$1" && pwd); shift
LEGS=100000
ARGS=()
while [ $# -gt 0 ]; do
	case $1 in
	--legs) LEGS=$2; shift 2 ;;
	*) ARGS+=("$1"); shift ;;
	esac
done
NS=msbench$$
TAG=msbench$$
DIR=$(mktemp -d /tmp/mediasec-bench-$$.XXXXXX)
DP_PID=
CP_PID=

cleanup() {
	[ -n "$CP_PID" ] && kill "$CP_PID" 2>/dev/null && wait "$CP_PID" 2>/dev/null
	[ -n "$DP_PID" ] && kill "$DP_PID" 2>/dev/null && wait "$DP_PID" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$DIR" "/var/run/dpdk/$TAG"
}
trap cleanup EXIT

# wait_log FILE PATTERN: up to 20 s.
wait_log() {
	for _ in $(seq 200); do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "run.sh: \"$2\" not seen in $1:" >&2
	cat "$1" >&2
	return 1
}

ip netns add "$NS"
ip -n "$NS" link set lo up

cat > "$DIR/mediasec.conf" <<CONF
realms = ( { name = "core"; side = "inside"; media_ports = "1024-65535"; } );
cert = { key_file = "$DIR/identity.key"; cert_file = "$DIR/identity.pem";
  trust_dir = "$DIR/trusted"; };
CONF

ip netns exec "$NS" "$BUILD/dataplane/app/mediasec-dp" -l 0,1 --no-huge -m 1024 --no-pci \
	--file-prefix "$TAG" --log-level=lib.eal:error --vdev net_null0 --vdev net_null1 -- \
	--port 0,side=outside,addr=203.0.113.1/24,no-tap \
	--port 1,side=inside,addr=198.51.100.1/24,addr=198.51.100.2/24,addr=198.51.100.3/24,addr=198.51.100.4/24,next-hop=02:00:00:00:00:01,no-tap \
	--legs $((4 * LEGS)) >"$DIR/dp.out" 2>&1 &
DP_PID=$!
wait_log "$DIR/dp.out" running

# -e: records go to a file, as a journal would take them (no /dev/log here).
ip netns exec "$NS" "$BUILD/controlplane/mediasecd/mediasecd" -c "$DIR/mediasec.conf" -e \
	>"$DIR/d.log" 2>&1 &
CP_PID=$!
wait_log "$DIR/d.log" "mediasec-dp (port .*) connected"

BENCH=$BUILD/bench/leg-install-bench
# PERF_DATA=FILE: perf profiles of the daemons, FILE.dp for the -D run, FILE for the other.
profile() {
	[ -n "${PERF_DATA:-}" ] || return 0
	perf record -q -g -o "$1" -p "$2" >/dev/null 2>&1 &
	PERF_PID=$!
	sleep 0.5
}
profile_end() {
	[ -n "${PERF_DATA:-}" ] || return 0
	kill -INT "$PERF_PID"; wait "$PERF_PID" || true
}
profile "${PERF_DATA:-}.dp" "$DP_PID"
dp=$(ip netns exec "$NS" "$BENCH" -D --addrs 198.51.100.1,198.51.100.2 --legs "$LEGS" \
	--first-id 1 "${ARGS[@]}")
profile_end
profile "${PERF_DATA:-}" "$CP_PID,$DP_PID"
cp=$(ip netns exec "$NS" "$BENCH" --addrs 198.51.100.3,198.51.100.4 --legs "$LEGS" \
	--first-id $((2 * LEGS + 1)) "${ARGS[@]}")
profile_end
echo "$dp"
echo "$cp"
rate() { sed 's/.*"legs_per_s":\([0-9]*\).*/\1/' <<<"$1"; }
awk -v d="$(rate "$dp")" -v c="$(rate "$cp")" \
	'BEGIN { printf "{\"bench\":\"leg-install\",\"ratio\":\"mediasecd/mediasec-dp\",\"ratio_value\":%.2f}\n", c / d }'
echo "mediasecd log: $(wc -l <"$DIR/d.log") lines" >&2
