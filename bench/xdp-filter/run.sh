#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Denylisted traffic dropped by mediasec's XDP filter against xdp-filter
# (Debian's xdp-tools), same veth, same frames, same run, native XDP both:
#
#   netns $P-src                         netns $P-gw
#   xdp-blast ── src0 ═══ veth ═══ gw0 ─[XDP: mediasec (via mediasecd) | xdp-filter]
#   198.51.100.10 -> 198.51.100.1:20000, 60-byte UDP frames, AF_PACKET TX ring
#
# Runs alternate between the two programs; each counts its own drops (our
# pinned pf_stats through pf-stats, `xdp-filter status`), divided by the
# sender's time: Mpps. veth runs native XDP in its NAPI poll on the sending
# CPU, so sender and program share one CPU and Mpps is 1 / (send + filter);
# the program's own time per packet comes from the kernel's BPF run-time
# statistics (bpf_stats.py) on that traffic, and from xdp-prog-time
# (BPF_PROG_TEST_RUN of the same frame, statistics off) alone. report.py
# prints the JSON lines and the table.
# bench/README.md has the method.
# Usage: run.sh [BUILD_DIR [SECONDS [RUNS [CPU]]]]   (default build 2 3 0)
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-$TOP/build}" && pwd)
SECONDS_RUN=${2:-2}
RUNS=${3:-3}
CPU=${4:-0}
MEDIASECD=$BUILD/controlplane/mediasecd/mediasecd
CTL=$BUILD/controlplane/ctl/mediasecctl
PF_STATS=$BUILD/tests/tools/pf-stats
BLAST=$BUILD/bench/xdp-blast
PROG_TIME=$BUILD/bench/xdp-prog-time
P=msxb$$
DIR=$(mktemp -d /tmp/mediasec-xdpbench-$$.XXXXXX)
MNT=$DIR/bpffs
PIN=$MNT/mediasec
SRC=198.51.100.10
PORT=20000
STATS_PID=

. "$TOP/scripts/netns-pair.sh"

die() { echo "xdp-filter bench: $*" >&2; exit 1; }

cleanup() {
	set +e	# a failing step must not stop the rest of the cleanup
	[ -n "$STATS_PID" ] && kill "$STATS_PID" 2>/dev/null && wait "$STATS_PID" 2>/dev/null
	pair_down
	mountpoint -q "$MNT" 2>/dev/null && umount "$MNT"
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

[ "$(id -u)" = 0 ] || die "needs root (namespaces, bpffs, XDP)"
command -v xdp-filter >/dev/null || die "xdp-filter missing: apt-get install xdp-tools (scripts/install-deps.sh)"
for f in "$MEDIASECD" "$CTL" "$PF_STATS" "$BLAST" "$PROG_TIME"; do
	[ -x "$f" ] || die "$f not built (ninja -C $BUILD)"
done

pair_up "$P" || die "cannot build the namespaces"
mkdir -p "$MNT"
mount -t bpf bpf "$MNT" -o mode=0700 || die "cannot mount a bpffs"
# xdp-filter (libxdp) pins its maps here too, not on the host's /sys/fs/bpf
export LIBXDP_BPFFS=$MNT
gw() { ip netns exec "$PAIR_GW" "$@"; }

python3 "$HERE/bpf_stats.py" > "$DIR/stats" &
STATS_PID=$!
for _ in $(seq 50); do grep -q on "$DIR/stats" && break; sleep 0.1; done
grep -q on "$DIR/stats" || die "BPF run-time statistics did not come on"

# prog_time: "RUN_TIME_NS RUN_CNT" of the XDP program attached to gw0.
prog_time() {
	local id

	id=$(ip -n "$PAIR_GW" -j link show gw0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["xdp"]["prog"]["id"])')
	bpftool -j prog show id "$id" |
		python3 -c 'import json,sys; p=json.load(sys.stdin); print(p.get("run_time_ns", 0), p.get("run_cnt", 0))'
}

pair_mediasecd_conf "$DIR/mediasec.conf" "$DIR" "$PIN" "$SRC"

# mediasecd attaches our program natively and writes the denylist; it is
# stopped again before the run so that only the packet path is measured.
# pf_stats is pinned, so the drops counted persist after it has gone.
mediasec_up() {
	pair_mediasecd_start "$MEDIASECD" "$CTL" "$DIR/mediasec.conf" "$DIR/d.log" ||
		die "mediasecd: $(cat "$DIR/d.log")"
	kill -TERM "$PAIR_MEDIASECD_PID"; wait "$PAIR_MEDIASECD_PID" || die "mediasecd: $(cat "$DIR/d.log")"
	PAIR_MEDIASECD_PID=
	grep -q 'attached to gw0 (native mode)' "$DIR/d.log" || die "mediasec not native: $(cat "$DIR/d.log")"
}
mediasec_drops() { "$PF_STATS" "$PIN" | awk '$1 == "drop" && $2 == "denylisted" { n = $3 } END { print n + 0 }'; }
mediasec_down() { ip -n "$PAIR_GW" link set dev gw0 xdp off; }

xdpfilter_up() {
	gw xdp-filter load -m native gw0 >"$DIR/xf.log" 2>&1 || die "xdp-filter load: $(cat "$DIR/xf.log")"
	gw xdp-filter ip "$SRC" -m src >"$DIR/xf.log" 2>&1 || die "xdp-filter ip: $(cat "$DIR/xf.log")"
}
xdpfilter_drops() {
	gw xdp-filter status 2>"$DIR/xf.log" | awk '$1 == "XDP_DROP" { n = $2 } END { print n }' |
		grep . || die "xdp-filter status: $(cat "$DIR/xf.log")"
}
# Seen rarely here: unload says "not loaded" right after a run that counted
# drops; then the dispatcher goes with a plain detach, and we say so.
xdpfilter_down() {
	gw xdp-filter unload gw0 >"$DIR/xf.log" 2>&1 && return 0
	echo "xdp-filter bench: xdp-filter unload: $(cat "$DIR/xf.log"); detaching" >&2
	ip -n "$PAIR_GW" link set dev gw0 xdp off
}

# run PROG: one measurement, appended to $DIR/runs as
# "PROG DROPS OFFERED SECONDS CPU_SECONDS RUN_TIME_NS RUN_CNT".
run() {
	local prog=$1 before after t0 t1 out

	"${prog}_up"
	before=$("${prog}_drops")
	t0=$(prog_time)
	out=$(ip netns exec "$PAIR_SRC" taskset -c "$CPU" "$BLAST" src0 "$SRC" "$PAIR_GW_ADDR4" "$PAIR_GW_MAC" $PORT "$SECONDS_RUN") ||
		die "xdp-blast failed"
	sleep 0.2	# the veth ring drains
	after=$("${prog}_drops")
	t1=$(prog_time)
	"${prog}_down"
	echo "$prog $((after - before)) $(echo "$out" | awk '{ print $2, $4, $6 }')" \
		"$(echo "$t0 $t1" | awk '{ print $3 - $1, $4 - $2 }')" >> "$DIR/runs"
}

# alone PROG: the program timed by itself, appended to $DIR/alone as "PROG NS".
alone() {
	"${1}_up"
	echo "$1 $(gw "$PROG_TIME" gw0 "$SRC" "$PAIR_GW_ADDR4" $PORT | awk '{ print $2 }')" >> "$DIR/alone"
	"${1}_down"
}

for _ in $(seq "$RUNS"); do
	run mediasec
	run xdpfilter
done
# statistics off: they would add their clock reads to the test runs
kill "$STATS_PID"; wait "$STATS_PID" 2>/dev/null || true
STATS_PID=
for _ in $(seq "$RUNS"); do
	alone mediasec
	alone xdpfilter
done
python3 "$HERE/report.py" "$DIR/runs" "$DIR/alone" "$CPU"
