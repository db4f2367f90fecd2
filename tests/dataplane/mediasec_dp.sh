#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# mediasec-dp start-up and shutdown, on vdevs (root; exit 77 otherwise):
#
#   bad options, bad EAL arguments, no worker lcore, no such port → clear errors
#
#   [net_null0] ──┐                          [net_ring0] ── TAP dpt$$ 203.0.113.1/24
#   [net_null1] ──┴─ mediasec-dp -l 0,1      (in a private network namespace)
#                    --stats 1 -j, telemetry /mediasec/*, SIGTERM → exit 0
#
#   [net_pcap0: denylisted, closed-port and media UDP, replayed] ── mediasec-dp
#                    --filter (the eBPF filter, librte_bpf JIT) --filter-deny:
#                    drops counted by reason (denylisted, filtered; no-leg after)
#
# Each run has its own EAL file prefix and netlink port id, so other DPDK
# processes on the host are left alone.
# Usage: mediasec_dp.sh MEDIASEC_DP [FILTER_RTE_BPF_O]
# Exit 0 all passed, 1 a failure, 77 skipped (says why).
set -u

DP=$1
FILTER=${2:-}
TAG=dpt$$
NLPORT=$(printf '0x4D53E%03X' $(($$ & 0xfff)))
DIR=$(mktemp -d /tmp/mediasec-dp-$$.XXXXXX)
EAL=(--no-huge -m 512 --no-pci --file-prefix "$TAG" --log-level=lib.eal:error)
PID=
FAILS=0

cleanup() {
	[ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$DIR" "/var/run/dpdk/$TAG"
}
trap cleanup EXIT

skip() { echo "SKIP: $*"; exit 77; }
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; FAILS=$((FAILS + 1)); }

[ "$(id -u)" = 0 ] || skip "needs root (DPDK, TAP interfaces)"
[ -x "$DP" ] || { echo "FAIL no program at $DP"; exit 1; }

# expect STATUS PATTERN CMD...: exit status STATUS and stderr matching PATTERN.
expect() {
	local want=$1 pattern=$2 rc
	shift 2
	"$@" >"$DIR/out" 2>"$DIR/err" </dev/null
	rc=$?
	if [ "$rc" = "$want" ] && grep -q -- "$pattern" "$DIR/err"; then
		pass "$* → $rc, \"$pattern\""
	else
		fail "$* → $rc (want $want), stderr:"
		sed 's/^/     /' "$DIR/err" | tail -5
	fi
}

expect 2 'unknown option "--bogus"'		"$DP" -- --bogus
expect 2 'missing value for option "--legs"'	"$DP" -- --port 0,side=outside --legs
expect 2 'invalid side "middle"'		"$DP" -- --port 0,side=middle
expect 2 'invalid port id "x"'			"$DP" -- --port x,side=inside
expect 2 'side=outside or side=inside is required' "$DP" -- --port 0,addr=203.0.113.1/24
expect 2 'invalid addr "203.0.113.1": want ADDR/LEN' "$DP" -- --port 0,side=outside,addr=203.0.113.1
expect 2 'invalid addr "203.0.113.1/33": bad prefix length' "$DP" -- --port 0,side=outside,addr=203.0.113.1/33
expect 2 'invalid next-hop "02:00:00:00:00"'	"$DP" -- --port 0,side=outside,next-hop=02:00:00:00:00
expect 2 'invalid vlan "4095"'			"$DP" -- --port 0,side=outside,vlan=4095
expect 2 'duplicate port id "0"'		"$DP" -- --port 0,side=outside --port 0,side=inside
expect 2 'duplicate tap "no-tap"'		"$DP" -- --port 0,side=outside,tap=x,no-tap
expect 2 'invalid --media-ports "30000-20000"'	"$DP" -- --port 0,side=outside --media-ports 30000-20000
expect 2 'invalid --legs "1M"'			"$DP" -- --port 0,side=outside --legs 1M
expect 2 'invalid --engine "openssl"'		"$DP" -- --port 0,side=outside --engine openssl
expect 2 'invalid --daemon-user "no-such-user-'	"$DP" -- --port 0,side=outside --daemon-user no-such-user-$$
expect 2 'no --port given'			"$DP" --
expect 2 'options only'				"$DP" -- --port 0,side=outside stray
expect 1 'EAL initialisation failed: .*bad EAL arguments' "$DP" --no-such-eal-option -- --port 0,side=outside
# No hugetlbfs where EAL is told to look: the message suggests --no-huge.
expect 1 'try --no-huge -m 1024' "$DP" -l 0,1 --huge-dir "$DIR/no-such-dir" --no-pci --file-prefix "$TAG" -- --port 0,side=outside
expect 2 'need --filter FILE'			"$DP" -- --port 0,side=outside --filter-deny 198.51.100.0/24
expect 2 'invalid --filter-deny "198.51.100.0": want ADDR/LEN' "$DP" -- --port 0,side=outside --filter x --filter-deny 198.51.100.0
expect 2 'invalid --filter-open "9-8"'		"$DP" -- --port 0,side=outside --filter x --filter-open 9-8
expect 2 'invalid --filter-prefixes "0": want a number from 1 to 1048576' "$DP" -- --port 0,side=outside --filter x --filter-prefixes 0
expect 2 'and --filter-prefixes need --filter FILE' "$DP" -- --port 0,side=outside --filter-prefixes 100
expect 1 'no worker lcore'	"$DP" -l 0 "${EAL[@]}" -- --port 0,side=outside,no-tap
expect 1 'port 3: no such DPDK port'	"$DP" -l 0,1 "${EAL[@]}" --vdev net_null0 -- --port 3,side=outside,no-tap
if "$DP" -- --help >"$DIR/out" 2>&1 && grep -q -- '--media-ports LO-HI' "$DIR/out"; then
	pass "--help"
else
	fail "--help"
fi

# wait_for FILE PATTERN SECONDS
wait_for() {
	for _ in $(seq $((10 * $3))); do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		kill -0 "$PID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# stop NAME: SIGTERM, and the program must exit 0 within 10 s.
stop() {
	local rc
	kill -TERM "$PID"
	for _ in $(seq 100); do
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.1
	done
	wait "$PID"
	rc=$?
	PID=
	[ "$rc" = 0 ] && pass "$1: SIGTERM → exit 0" || fail "$1: SIGTERM → exit $rc"
}

# telemetry CMD: the JSON reply of the running program's telemetry socket.
telemetry() {
	python3 - "/var/run/dpdk/$TAG/dpdk_telemetry.v2" "$1" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sys.argv[1])
s.recv(4096)
s.send(sys.argv[2].encode())
print(json.dumps(json.loads(s.recv(65536).decode())))
PY
}

# 1. Two net_null ports (they receive endless zero frames), live JSON figures.
"$DP" -l 0,1 "${EAL[@]}" --vdev net_null0 --vdev net_null1 -- \
	--port 0,side=outside,addr=203.0.113.1/24,no-tap --port 1,side=inside,addr=198.51.100.1/24,no-tap \
	--legs 4096 --stats 1 -j --nl-port "$NLPORT" >"$DIR/null.out" 2>"$DIR/null.err" &
PID=$!
if wait_for "$DIR/null.out" '"port":1' 10; then
	pass "net_null: running, live figures"
	# Zero frames are no protocol we carry: counted as such, not relayed.
	if python3 - "$DIR/null.out" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
p0 = [l for l in lines if l["port"] == 0][-1]
assert p0["side"] == "outside", p0
assert p0["rx_packets"] > 0 and p0["rx_pps"] > 0, p0
assert p0["tx_packets"] == 0 and p0["kernel_packets"] == 0, p0
assert p0["drops"].get("protocol", 0) > 0, p0
PY
	then pass "net_null: JSON figures: rx counted, dropped as protocol"
	else fail "net_null: JSON figures"; tail -3 "$DIR/null.out"
	fi
	legs=$(telemetry /mediasec/legs)
	ports=$(telemetry /mediasec/ports)
	if echo "$legs" | grep -q '"capacity": 4096' && echo "$legs" | grep -q '"count": 0' &&
	   echo "$ports" | grep -q '"side": "inside"' && echo "$ports" | grep -q '"drop_protocol": [1-9]'; then
		pass "telemetry /mediasec/legs and /mediasec/ports"
	else
		fail "telemetry: $legs $ports"
	fi
	stop net_null
else
	fail "net_null: did not start:"; tail -5 "$DIR/null.err"
fi

# 2. A net_ring port with its TAP, in a network namespace of its own.
unshare -n "$DP" -l 0,1 "${EAL[@]}" --vdev net_ring0 -- \
	--port 0,side=outside,addr=203.0.113.1/24,addr=fd00:5e::1/64,tap="$TAG" --legs 1024 \
	--nl-port "$NLPORT" >"$DIR/ring.out" 2>"$DIR/ring.err" &
PID=$!
if wait_for "$DIR/ring.out" 'running' 10; then
	pass "net_ring + TAP: running"
	addrs=$(nsenter -t "$PID" -n ip addr show dev "$TAG" 2>&1)
	if echo "$addrs" | grep -q 'inet 203.0.113.1/24' && echo "$addrs" | grep -q 'inet6 fd00:5e::1/64' &&
	   echo "$addrs" | grep -q '<.*UP.*>'; then
		pass "TAP $TAG is up with the port's addresses"
	else
		fail "TAP $TAG: $addrs"
	fi
	stop "net_ring + TAP"
else
	fail "net_ring + TAP: did not start:"; tail -5 "$DIR/ring.err"
fi

# 3. The eBPF filter on a net_pcap port replaying three UDP frames to the
#    gateway: from a denylisted source, to a closed port, to a media port
#    without a leg.
if [ -n "$FILTER" ]; then
	expect 1 '--filter: .*no-such.o: not a loadable filter program' \
		"$DP" -l 0,1 "${EAL[@]}" --vdev net_null0 -- --port 0,side=outside,no-tap \
		--legs 1024 --nl-port "$NLPORT" --filter "$DIR/no-such.o"
	python3 - "$DIR/in.pcap" <<'PY'
import socket, struct, sys
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
def frame(src, dport):
    payload = bytes([0x80]) + bytes(11)
    udp = struct.pack("!HHHH", 4000, dport, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                     socket.inet_aton(src), socket.inet_aton("203.0.113.1"))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return bytes.fromhex("020000000001020000000002") + b"\x08\x00" + ip + udp
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for fr in (frame("198.51.100.7", 20000), frame("203.0.113.9", 9999),
               frame("203.0.113.9", 20000)):
        f.write(struct.pack("<IIII", 0, 0, len(fr), len(fr)) + fr)
PY
	"$DP" -l 0,1 "${EAL[@]}" --vdev "net_pcap0,rx_pcap=$DIR/in.pcap,tx_pcap=$DIR/out.pcap,infinite_rx=1" -- \
		--port 0,side=outside,addr=203.0.113.1/24,no-tap --legs 1024 --stats 1 -j \
		--nl-port "$NLPORT" --filter "$FILTER" --filter-deny 198.51.100.0/24 \
		>"$DIR/filter.out" 2>"$DIR/filter.err" &
	PID=$!
	if wait_for "$DIR/filter.out" '"port":0' 15; then
		pass "--filter: running"
		if python3 - "$DIR/filter.out" <<'PY'
import json, sys
p0 = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")][-1]
d = p0["drops"]
# The three frames alternate: each reason takes about a third.
assert p0["rx_packets"] > 0 and p0["tx_packets"] == 0, p0
for r in ("denylisted", "filtered", "no-leg"):
    assert d.get(r, 0) * 4 > p0["rx_packets"], (r, p0)
# Every frame is dropped (the figures are read while counting: a burst apart).
assert abs(sum(d.values()) - p0["rx_packets"]) < 64, p0
PY
		then pass "--filter: drops by reason: denylisted and filtered by the filter, no-leg after it"
		else fail "--filter: drops"; tail -2 "$DIR/filter.out"
		fi
		stop "--filter"
	else
		fail "--filter: did not start:"; tail -5 "$DIR/filter.err"
	fi
fi

[ "$FAILS" = 0 ] || { echo "$FAILS failure(s)"; exit 1; }
echo "all passed"
