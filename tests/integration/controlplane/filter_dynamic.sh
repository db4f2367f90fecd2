#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# mediasecd's side of the XDP filter, on a real veth pair:
#
#   netns $NS_SRC                            netns $NS_GW
#   senders                                  mediasecd (XDP on gw0, maps on a
#   veth0 198.51.100.20 clean  ─────────────  gw0       private bpffs)
#         198.51.100.21 scanner               198.51.100.1/24  fd00:6::1/64
#         198.51.100.22 stranger              UDP listener on 20000 and 20002
#         fd00:6::21    scanner (IPv6)        (and 20001, leg 1's RTCP)
#                                             mediasecctl monitor -j
#
# Legs made through mediasecd open pinholes: leg 1 on 20000 admits only
# 198.51.100.20:40000 (its remote), leg 2 on 20002 latches (any source).
# A source probing more closed ports than filter.scan.ports is denied
# dynamically (deny show: dynamic, with an expiry), its traffic then drops
# in XDP, the monitor sees port-scan and addr-denied, stats -j counts it
# all; its next scan after the block gets twice the block. A restarted
# mediasecd keeps the blocks and closes the pinholes of legs it lost.
# With MEDIASEC_DP (a DPDK build), a last phase runs it in $NS_GW on net_null:
# a restarted mediasecd adopts its legs and puts their pinholes back, and
# drops a pinhole no leg holds.
# Usage: filter_dynamic.sh MEDIASECD MEDIASECCTL [MEDIASEC_DP]
# Exit 0 all passed, 1 a failure, 77 skipped (says why).
set -u

MEDIASECD=$1
CTL_BIN=$2
DP=${3:-}
NLPORT=$(printf '0x4D53B%03X' $(($$ & 0xfff)))	# mediasec-dp's, a test port id
TAG=msdyn$$
PORT=$(printf '0x4D53E%03X' $(($$ & 0xfff)))
NS_SRC=ms-dyn-src-$$
NS_GW=ms-dyn-gw-$$
DIR=$(mktemp -d /tmp/mediasec-dyn-$$.XXXXXX)
MNT=$DIR/bpffs
CONF=$DIR/mediasec.conf
DLOG=$DIR/mediasecd.log
DPID=
MPID=
LPID=
PPID_DP=
. "$(dirname "$0")/../lib.sh"

cleanup() {
	for p in $MPID $LPID $DPID $PPID_DP; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	ip netns del "$NS_SRC" 2>/dev/null
	ip netns del "$NS_GW" 2>/dev/null
	mountpoint -q "$MNT" 2>/dev/null && umount "$MNT"
	rm -rf "$DIR" "/var/run/dpdk/$TAG"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || skip "needs root (netns, bpffs, XDP)"
command -v python3 >/dev/null || skip "needs python3 (senders, listener, JSON)"
command -v bpftool >/dev/null || skip "needs bpftool (scripts/install-deps.sh)"
mkdir -p "$MNT"
mount -t bpf bpf "$MNT" -o mode=0700 || skip "cannot mount a bpffs"

gw() { ip netns exec "$NS_GW" "$@"; }
src() { ip netns exec "$NS_SRC" "$@"; }
ctl() { gw "$CTL_BIN" -P "$PORT" "$@"; }

ip netns add "$NS_SRC" && ip netns add "$NS_GW" || { fail "netns"; finish; }
ip -n "$NS_SRC" link add veth0 type veth peer name gw0 netns "$NS_GW" || { fail "veth"; finish; }
for a in 198.51.100.20/24 198.51.100.21/24 198.51.100.22/24; do
	ip -n "$NS_SRC" addr add "$a" dev veth0
done
ip -n "$NS_SRC" addr add fd00:6::21/64 dev veth0 nodad
ip -n "$NS_GW" addr add 198.51.100.1/24 dev gw0
ip -n "$NS_GW" addr add fd00:6::1/64 dev gw0 nodad
for ns in "$NS_SRC" "$NS_GW"; do
	ip -n "$ns" link set lo up
done
ip -n "$NS_SRC" link set veth0 up && ip -n "$NS_GW" link set gw0 up || { fail "links up"; finish; }

# Block 60 s first (long enough for the checks on a loaded machine),
# doubled on a repeat within 600 s; a new scan window
# every second, so a repeat after a second is a fresh report.
cat > "$CONF" <<CONF
# test configuration, written by $0
realms = ( { name = "core"; side = "inside"; mode = "disabled"; media_ports = "20000-20099"; } );
cert = { key_file = "$DIR/state/identity.key"; cert_file = "$DIR/state/identity.pem";
  trust_dir = "$DIR/state/trusted"; };
filter = {
  pin_dir = "$MNT/mediasec";
  interface = "gw0";
  rate = { pps = 1000; burst = 2000; };
  scan = { ports = 5; window_ms = 1000; block_s = 60; block_max_s = 300; repeat_s = 600; };
};
CONF

# Started with ip netns exec itself (it execs), so $! is the process.
# start_daemon [-D PORT]
start_daemon() {
	ip netns exec "$NS_GW" "$MEDIASECD" -c "$CONF" -P "$PORT" "$@" -e >>"$DLOG" 2>&1 &
	DPID=$!
	for _ in $(seq 50); do
		ctl status >/dev/null 2>&1 && return 0
		kill -0 "$DPID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
start_daemon || { fail "mediasecd did not come up: $(cat "$DLOG")"; finish; }
pass "mediasecd up, XDP on gw0"
gw ip -d link show gw0 | grep -q 'prog/xdp' && pass "XDP program attached to gw0" ||
	fail "no XDP program on gw0: $(gw ip -d link show gw0)"

# The settings reached the filter's pinned config.
bpftool -j map dump pinned "$MNT/mediasec/pf_config" | python3 -c '
import json, sys
v = json.load(sys.stdin)[0]["formatted"]["value"]
sys.exit(0 if (v["rate_interval_ns"], v["rate_burst"], v["scan_threshold"], v["scan_window_ns"]) ==
         (1000000, 2000, 5, 1000000000) else 1)' &&
	pass "rate and scan settings pushed into pf_config" ||
	fail "pf_config: $(bpftool -j map dump pinned "$MNT/mediasec/pf_config" 2>&1)"

ip netns exec "$NS_GW" "$CTL_BIN" -P "$PORT" -j monitor > "$DIR/monitor.json" 2>&1 &
MPID=$!

# The listener: one line "SRC_ADDR LOCAL_PORT" per datagram.
ip netns exec "$NS_GW" python3 -u -c '
import select, socket, sys
socks = []
for port in (20000, 20001, 20002):
    for fam, any_ in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
        s = socket.socket(fam, socket.SOCK_DGRAM)
        if fam == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((any_, port))
        socks.append(s)
while True:
    for s in select.select(socks, [], [])[0]:
        data, addr = s.recvfrom(2048)
        print(addr[0], s.getsockname()[1], flush=True)
' > "$DIR/heard" 2>&1 &
LPID=$!

# send SRC SPORT DST DPORTS [COUNT]: COUNT datagrams (default 5) to each
# port of the comma-separated DPORTS, 5 ms apart, from one process (a scan
# must fit in the filter's scan window).
send() {
	src python3 -c '
import socket, sys, time
src, sport, dst, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[5])
fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.bind((src, sport))
for dport in sys.argv[4].split(","):
    for _ in range(n):
        s.sendto(b"x" * 40, (dst, int(dport)))
        time.sleep(0.005)
' "$1" "$2" "$3" "$4" "${5:-5}"
}
heard() { grep -c "^$1 $2\$" "$DIR/heard"; }
# scan SRC DST: one datagram to each of 8 closed ports.
scan() {
	send "$1" 50000 "$2" "$(seq -s, 30001 30008)" 1
}
# scanned SRC DST PREFIX: scan, then wait (2 s at most) for PREFIX's dynamic entry.
scanned() {
	scan "$1" "$2"
	for _ in $(seq 20); do
		deny_json
		[ -n "$(dyn_expires "$3")" ] && return
		sleep 0.1
	done
}
stats_json() { ctl -j stats > "$DIR/stats.json" 2>&1; }
# A Python expression on the stats object "s" must hold.
stats_hold() { python3 -c "import json,sys; s=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$DIR/stats.json"; }
deny_json() { ctl -j deny show > "$DIR/deny.json" 2>&1; }
# dyn_expires PREFIX: the seconds left of a dynamic entry, or nothing.
dyn_expires() {
	python3 -c '
import json, sys
for e in json.load(open(sys.argv[1])):
    if e["prefix"] == sys.argv[2] and e["dynamic"]:
        print(e["expires"])' "$DIR/deny.json" "$1"
}

# --- pinholes: legs through mediasecd open their ports in XDP
ctl session add id 1 label dyn >/dev/null || fail "session add"
ctl leg add 1 session 1 side inside local 198.51.100.1:20000 remote 198.51.100.20:40000 \
	>/dev/null || fail "leg add 1"
ctl leg add 2 session 1 side inside local 198.51.100.1:20002 remote 198.51.100.20:40002 latch \
	>/dev/null || fail "leg add 2"
send 198.51.100.20 40000 198.51.100.1 20000
send 198.51.100.22 40000 198.51.100.1 20000
send 198.51.100.21 40002 198.51.100.1 20002
send 198.51.100.20 40010 198.51.100.1 20010	# media port, no leg
sleep 0.3
[ "$(heard 198.51.100.20 20000)" = 5 ] && pass "leg 1's remote reaches its port" ||
	fail "leg 1's remote: heard $(heard 198.51.100.20 20000) of 5"
[ "$(heard 198.51.100.22 20000)" = 0 ] && pass "another source is kept from leg 1's port" ||
	fail "stranger reached leg 1's port"
send 198.51.100.20 40001 198.51.100.1 20001
send 198.51.100.20 40000 198.51.100.1 20001
sleep 0.3
[ "$(heard 198.51.100.20 20001)" = 5 ] &&
	pass "leg 1's RTCP port admits the remote's RTCP port (+1) only" ||
	fail "RTCP pinhole: heard $(heard 198.51.100.20 20001), want 5"
[ "$(heard 198.51.100.21 20002)" = 5 ] && pass "latching leg 2 admits any source" ||
	fail "latching leg: heard $(heard 198.51.100.21 20002) of 5"
[ "$(heard 198.51.100.20 20010)" = 0 ] && pass "media port without a leg stays closed" ||
	fail "port 20010 without a leg was open"
stats_json
stats_hold 's["filter"]["accepts"].get("pinhole", 0) >= 15 and s["filter"]["drops"].get("bad-source", 0) >= 10 and s["filter"]["drops"].get("no-leg", 0) >= 5' &&
	pass "stats -j: pinhole passes, bad-source and no-leg drops counted" ||
	fail "stats -j after the pinhole checks: $(cat "$DIR/stats.json")"

ctl leg del 2 >/dev/null || fail "leg del 2"
send 198.51.100.21 40002 198.51.100.1 20002
sleep 0.3
[ "$(heard 198.51.100.21 20002)" = 5 ] && pass "leg deleted: its pinhole is closed" ||
	fail "after leg del: heard $(heard 198.51.100.21 20002), want still 5"
ctl leg add 2 session 1 side inside local 198.51.100.1:20002 remote 198.51.100.20:40002 latch \
	>/dev/null || fail "leg add 2 again"

# --- a port scan: the scanner is denied dynamically, and dropped
scanned 198.51.100.21 198.51.100.1 198.51.100.21/32
exp1=$(dyn_expires 198.51.100.21/32)
[ -n "$exp1" ] && [ "$exp1" -ge 55 ] && [ "$exp1" -le 60 ] &&
	pass "scanner denied dynamically for $exp1 s (block_s 60)" ||
	fail "deny show after the scan: $(cat "$DIR/deny.json")"
ctl deny show | grep -q '^198.51.100.21/32 expires [0-9]*s dynamic$' &&
	pass "deny show (text) flags it dynamic with its expiry" || fail "deny show: $(ctl deny show)"
before=$(heard 198.51.100.21 20002)
send 198.51.100.21 40002 198.51.100.1 20002
sleep 0.2
[ "$(heard 198.51.100.21 20002)" = "$before" ] && pass "the scanner's media is dropped now" ||
	fail "scanner still reaches the latching leg"
send 198.51.100.20 40000 198.51.100.1 20000
sleep 0.2
[ "$(heard 198.51.100.20 20000)" = 10 ] && pass "the clean source still gets through" ||
	fail "clean source: heard $(heard 198.51.100.20 20000) of 10"
stats_json
stats_hold 's["filter"]["drops"].get("denylisted", 0) >= 5 and s["filter"]["scans"] >= 1 and s["filter"]["dynamic_denies"] >= 1 and s["filter"]["drops"].get("filtered", 0) >= 4' &&
	pass "stats -j: scan, dynamic deny and denylisted drops counted" ||
	fail "stats -j after the scan: $(cat "$DIR/stats.json")"
ctl stats | grep -q '^    drop denylisted [1-9]' && pass "stats (text) shows the filter's drops" ||
	fail "stats text: $(ctl stats 2>&1)"

# --- the monitor saw it
monitor_has() {
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if e.get("type") == sys.argv[2] and e.get("source") == sys.argv[3]:
        sys.exit(0)
sys.exit(1)' "$DIR/monitor.json" "$1" "$2"
}
monitor_has port-scan 198.51.100.21 && pass "monitor: port-scan event" ||
	fail "no port-scan event: $(cat "$DIR/monitor.json")"
monitor_has addr-denied 198.51.100.21 && pass "monitor: addr-denied event" ||
	fail "no addr-denied event: $(cat "$DIR/monitor.json")"
grep -q 'cmd="deny-add-dynamic" object="198.51.100.21/32" result="ok"' "$DLOG" &&
	pass "audit record of the dynamic deny" || fail "no audit record: $(grep audit "$DLOG")"
# The filter samples the denied source's hits (1/s per entry): a denied-traffic event.
send 198.51.100.21 40002 198.51.100.1 20002 1
for _ in $(seq 20); do monitor_has denied-traffic 198.51.100.21 && break; sleep 0.1; done
monitor_has denied-traffic 198.51.100.21 && pass "monitor: denied-traffic event" ||
	fail "no denied-traffic event: $(cat "$DIR/monitor.json")"

# --- an operator lifts the block; the next scan doubles it
ctl deny del 198.51.100.21/32 >/dev/null && pass "deny del of the dynamic entry" ||
	fail "deny del 198.51.100.21/32"
for _ in $(seq 20); do monitor_has addr-unblocked 198.51.100.21 && break; sleep 0.1; done
monitor_has addr-unblocked 198.51.100.21 && pass "monitor: addr-unblocked event" ||
	fail "no addr-unblocked event"
sleep 1.1	# a new scan window
scanned 198.51.100.21 198.51.100.1 198.51.100.21/32
exp2=$(dyn_expires 198.51.100.21/32)
[ -n "$exp2" ] && [ "$exp2" -ge 115 ] && [ "$exp2" -le 120 ] &&
	pass "repeat offender blocked twice as long ($exp2 s)" ||
	fail "second block: '$exp2', want 115..120: $(cat "$DIR/deny.json")"

# --- IPv6
scanned fd00:6::21 fd00:6::1 fd00:6::21/128
[ -n "$(dyn_expires fd00:6::21/128)" ] && pass "IPv6 scanner denied dynamically" ||
	fail "IPv6 scan: $(cat "$DIR/deny.json")"

kill -0 "$DPID" 2>/dev/null && pass "mediasecd still running" || fail "mediasecd died: $(cat "$DLOG")"

# --- restart: blocks are kept (pinned, adopted); the legs were the old
# daemon's alone (no dataplane to adopt them from), so their pinholes go.
kill "$MPID" 2>/dev/null && wait "$MPID" 2>/dev/null
MPID=
kill "$DPID" && wait "$DPID"
DPID=
grep -q 'Sanitizer' "$DLOG" && fail "sanitizer report: $(cat "$DLOG")"
start_daemon && pass "mediasecd restarted on the same pins" || fail "restart: $(tail -3 "$DLOG")"
deny_json
[ -n "$(dyn_expires fd00:6::21/128)" ] && pass "after a restart the dynamic entry is still there" ||
	fail "after restart: $(cat "$DIR/deny.json")"
before=$(heard 198.51.100.20 20000)
send 198.51.100.20 40000 198.51.100.1 20000
sleep 0.3
[ "$(heard 198.51.100.20 20000)" = "$before" ] &&
	pass "pinholes of legs the restarted daemon does not hold are closed" ||
	fail "a gone leg's pinhole is still open after the restart: $(tail -5 "$DLOG")"

if [ -z "$DP" ]; then
	echo "built without DPDK: the phase with mediasec-dp (adoption) is not run"
	finish
fi

# --- with mediasec-dp: legs live on in the dataplane across a restart of
# mediasecd, which adopts them and puts their pinholes back.
PH=$MNT/mediasec/pf_pinholes
# pinhole_key PORT: struct ms_pf_pinhole_key of UDP PORT, as bpftool hex bytes.
pinhole_key() { printf 'hex %02x %02x 11 00' $(($1 & 255)) $(($1 >> 8)); }
ip netns exec "$NS_GW" "$DP" -l 0,1 --no-huge -m 512 --no-pci --file-prefix "$TAG" \
	--log-level=lib.eal:error --vdev net_null0 -- \
	--port 0,side=inside,addr=198.51.100.1/24,no-tap,next-hop=02:00:00:00:00:01 \
	--legs 4096 --nl-port "$NLPORT" \
	>"$DIR/dp.out" 2>&1 &
PPID_DP=$!
for _ in $(seq 100); do grep -q running "$DIR/dp.out" && break; sleep 0.1; done
grep -q running "$DIR/dp.out" || { fail "mediasec-dp did not start: $(cat "$DIR/dp.out")"; finish; }
kill "$DPID" && wait "$DPID"
start_daemon -D "$NLPORT" || { fail "mediasecd with the dataplane: $(tail -3 "$DLOG")"; finish; }
ctl session add id 2 label dp >/dev/null &&
	ctl leg add 3 session 2 side inside local 198.51.100.1:20000 remote 198.51.100.20:40000 \
	>/dev/null && pass "leg 3 made through mediasecd and mediasec-dp" || fail "leg 3"
kill "$DPID" && wait "$DPID"
DPID=
# While mediasecd is down: leg 3's pinhole lost, a stale one appears.
bpftool map delete pinned "$PH" key $(pinhole_key 20000) || fail "bpftool map delete"
bpftool map update pinned "$PH" key $(pinhole_key 20050) value hex $(printf '00 %.0s' $(seq 24)) ||
	fail "bpftool map update"
start_daemon -D "$NLPORT" && pass "mediasecd restarted next to mediasec-dp" ||
	fail "restart with the dataplane: $(tail -3 "$DLOG")"
grep -q 'mediasec-dp: 1 legs there, 1 adopted' "$DLOG" && pass "leg 3 adopted from mediasec-dp" ||
	fail "adoption: $(grep mediasec-dp "$DLOG")"
before=$(heard 198.51.100.20 20000)
send 198.51.100.20 40000 198.51.100.1 20000
sleep 0.3
[ "$(heard 198.51.100.20 20000)" = $((before + 5)) ] &&
	pass "the adopted leg's pinhole is back: its remote reaches it" ||
	fail "after adoption: heard $(($(heard 198.51.100.20 20000) - before)) of 5"
bpftool map lookup pinned "$PH" key $(pinhole_key 20050) >/dev/null 2>&1 &&
	fail "the stale pinhole of port 20050 is still there" ||
	pass "a pinhole no leg holds was removed"
finish
