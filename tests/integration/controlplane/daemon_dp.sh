# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the scripts that run mediasecd beside a mediasec-dp on two
# net_null ports (sessions_dp.sh, lists_dp.sh). The caller sets MEDIASECD,
# DP and NAME first; this gives test port ids (never MS_NL_PORT_DAEMON /
# MS_NL_PORT_DP), a private directory removed at exit with both processes,
# the waits, and the two start functions. Needs root (DPDK): 77 otherwise.
TAG=$NAME$$
DPORT=$(printf '0x4D53F%03X' $(($$ & 0xfff)))
NLPORT=$(printf '0x4D53C%03X' $(($$ & 0xfff)))
DIR=$(mktemp -d "/tmp/mediasec-$NAME-$$.XXXXXX")
DPID=
PPID_DP=
. "$(dirname "$0")/../lib.sh"

cleanup() {
	[ -n "$DPID" ] && kill "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	[ -n "$PPID_DP" ] && kill "$PPID_DP" 2>/dev/null && wait "$PPID_DP" 2>/dev/null
	rm -rf "$DIR" "/var/run/dpdk/$TAG"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || skip "needs root (DPDK)"

# wait_for CMD...: up to 10 s for CMD to succeed.
wait_for() {
	for _ in $(seq 100); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
log_has() { grep -q -- "$2" "$1" 2>/dev/null; }
# more_lines FILE PATTERN N: PATTERN is on more than N lines of FILE.
more_lines() { [ "$(grep -c -- "$2" "$1" 2>/dev/null)" -gt "$3" ] 2>/dev/null; }

# start_daemon: mediasecd on $DIR/mediasec.conf, programming the dataplane
# at $NLPORT, its log appended to $DIR/d.log.
start_daemon() {
	"$MEDIASECD" -c "$DIR/mediasec.conf" -P "$DPORT" -D "$NLPORT" -e >>"$DIR/d.log" 2>&1 &
	DPID=$!
	wait_for log_has "$DIR/d.log" "port $(printf '0x%08x' "$DPORT")"
}

# start_dp [OPTIONS...]: mediasec-dp with OPTIONS after its ports, until this
# start (not an earlier one) says it runs.
start_dp() {
	local runs
	runs=$(grep -c "running" "$DIR/dp.out" 2>/dev/null)
	"$DP" -l 0,1 --no-huge -m 512 --no-pci --file-prefix "$TAG" --log-level=lib.eal:error \
		--vdev net_null0 --vdev net_null1 -- \
		--port 0,side=outside,addr=198.51.100.1/24,no-tap \
		--port 1,side=inside,addr=203.0.113.1/24,no-tap \
		--nl-port "$NLPORT" "$@" >>"$DIR/dp.out" 2>&1 &
	PPID_DP=$!
	wait_for more_lines "$DIR/dp.out" "running" "${runs:-0}"
}
