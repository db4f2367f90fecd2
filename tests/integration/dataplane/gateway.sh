#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# mediasec-dp as a gateway between two namespaces, judged by an SRTP peer
# that shares none of its code (tests/tools/srtp-peer, libsrtp2):
#
#   netns $P-out                 netns $P-gw                      netns $P-in
#   srtp-peer                    mediasec-dp                      srtp-peer
#   203.0.113.10 ─ veth ─ gw-out [port 0 outside]  [port 1 inside] gw-in ─ veth ─ 198.51.100.10
#                        TAP ms-0 203.0.113.1    TAP ms-1 198.51.100.1
#
#   legs (mediasecctl -D, in $P-gw)     outside side            inside side
#   1 <-> 2  SRTP <-> RTP               203.0.113.1:20000 key A  198.51.100.1:20002 plain
#   3 <-> 4  SRTP <-> SRTP (re-keyed)   203.0.113.1:20004 key A  198.51.100.1:20006 key B
#   5 <-> 6  created while 1<->2 flows  203.0.113.1:20008 key A  198.51.100.1:20010 plain
#
# Checked: SRTP outside arrives inside as RTP with the same payload; RTP
# inside arrives outside encrypted (the peer decrypts it); SRTP with key A
# arrives as SRTP with key B, and with key A once "leg set" says so; tampered, replayed and unknown-port packets are
# dropped and counted by reason; ARP resolves both ways with no static
# entries; a leg added under traffic forwards, a deleted one stops, and the
# other legs lose nothing meanwhile. Topology: scripts/netns-topology.sh.
# Usage: gateway.sh MEDIASEC_DP MEDIASECCTL SRTP_PEER
# Exit 0 all passed, 1 a failure, 77 skipped (says why).
set -u

DP=$1
CTL=$2
PEER=$3
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
P=ctlmedia$$
DIR=$(mktemp -d /tmp/ctlmedia-gw-$$.XXXXXX)
DPID=
SUITE=AES_CM_128_HMAC_SHA1_80

. "$TOP/scripts/netns-topology.sh"

. "$(dirname "$0")/../lib.sh"

cleanup() {
	[ -n "$DPID" ] && kill -TERM "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	jobs -p | xargs -r kill 2>/dev/null
	topo_down
	rm -rf "$DIR" "/var/run/dpdk/$P"
}
trap cleanup EXIT
trap 'exit 1' INT TERM


[ "$(id -u)" = 0 ] || skip "needs root (namespaces, DPDK)"
command -v ethtool >/dev/null || skip "ethtool missing (scripts/install-deps.sh)"
[ -x "$DP" ] && [ -x "$CTL" ] && [ -x "$PEER" ] || { echo "FAIL missing programs"; exit 1; }

topo_up "$P" || { echo "FAIL topology"; exit 1; }
gw() { ip netns exec "$TOPO_GW" "$@"; }
ctl() { gw "$CTL" -D "$@"; }
outp() { ip netns exec "$TOPO_OUT" "$PEER" "$@"; }
inp() { ip netns exec "$TOPO_IN" "$PEER" "$@"; }

printf 'inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd\n' > "$DIR/A"
printf 'inline:HRwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgEA\n' > "$DIR/B"
KA=(--suite $SUITE --key-file "$DIR/A")
KB=(--suite $SUITE --key-file "$DIR/B")

# mediasec-dp: -l 0,1 (main + one worker), no hugepages, a private EAL prefix;
# not through gw(): a backgrounded function is a subshell, and $! its pid
ip netns exec "$TOPO_GW" "$DP" -l 0,1 --no-huge -m 512 --no-pci --file-prefix "$P" --log-level=lib.eal:error \
	--vdev net_af_packet0,iface=gw-out --vdev net_af_packet1,iface=gw-in -- \
	$(topo_dp_args) --stats 1 >"$DIR/dp.out" 2>"$DIR/dp.err" &
DPID=$!
for _ in $(seq 100); do
	ctl status >/dev/null 2>&1 && break
	kill -0 "$DPID" 2>/dev/null || break
	sleep 0.1
done
if ! ctl status >/dev/null 2>&1; then
	echo "FAIL mediasec-dp did not come up:"; tail -20 "$DIR/dp.err"; exit 1
fi
pass "mediasec-dp up, answering mediasecctl -D"

# --- legs
add() { ctl leg add "$@" >/dev/null || fail "leg add $*"; }
add 1 local 203.0.113.1:20000 remote 203.0.113.10:30000 peer 2 side outside mode enforce \
	srtp-in $SUITE key-file "$DIR/A" srtp-out $SUITE key-file - < "$DIR/A"
add 2 local 198.51.100.1:20002 remote 198.51.100.10:30002 peer 1 session 1 side inside mode disabled
add 3 local 203.0.113.1:20004 remote 203.0.113.10:30004 peer 4 side outside mode enforce \
	srtp-in $SUITE key-file "$DIR/A" srtp-out $SUITE key-file "$DIR/A"
add 4 local 198.51.100.1:20006 remote 198.51.100.10:30006 peer 3 session 3 side inside mode enforce \
	srtp-in $SUITE key-file "$DIR/B" srtp-out $SUITE key-file "$DIR/B"
N=$(ctl -j leg show | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$N" = 4 ] && pass "leg show: 4 legs" || fail "leg show: $N legs"

# field RESULT NAME: a number from srtp-peer's result line
field() { sed -n "s/.*\b$2 \([0-9]*\).*/\1/p" <<<"$1" | head -1; }
# drops ID REASON: one leg's drop counter (0 when absent)
drops() {
	ctl -j -s leg show "$1" | python3 -c "import json,sys
l = json.load(sys.stdin)[0]
print(l.get('counters', {}).get('drops', {}).get('$2', 0))"
}

# --- 1. outside SRTP -> inside RTP, identical payloads
inp --bind 198.51.100.10:30002 --plain --recv 200 --timeout 10 > "$DIR/r1" &
R=$!
sleep 0.3
outp --bind 203.0.113.10:30000 --to 203.0.113.1:20000 "${KA[@]}" --send 200 --pps 200 >/dev/null
wait $R && pass "SRTP out -> RTP in: $(cat "$DIR/r1")" || fail "SRTP out -> RTP in: $(cat "$DIR/r1")"

# --- 2. inside RTP -> outside SRTP, decrypted by libsrtp2
outp --bind 203.0.113.10:30000 "${KA[@]}" --recv 200 --timeout 10 > "$DIR/r2" &
R=$!
sleep 0.3
inp --bind 198.51.100.10:30002 --to 198.51.100.1:20002 --plain --send 200 --pps 200 --ssrc 0x1234 >/dev/null
wait $R && pass "RTP in -> SRTP out: $(cat "$DIR/r2")" || fail "RTP in -> SRTP out: $(cat "$DIR/r2")"

# --- 3. SRTP key A -> SRTP key B, both ways
inp --bind 198.51.100.10:30006 "${KB[@]}" --recv 100 --timeout 10 > "$DIR/r3" &
R=$!
sleep 0.3
outp --bind 203.0.113.10:30004 --to 203.0.113.1:20004 "${KA[@]}" --send 100 --pps 200 >/dev/null
wait $R && pass "re-keying A -> B: $(cat "$DIR/r3")" || fail "re-keying A -> B: $(cat "$DIR/r3")"
outp --bind 203.0.113.10:30004 "${KA[@]}" --recv 100 --timeout 10 > "$DIR/r3b" &
R=$!
sleep 0.3
inp --bind 198.51.100.10:30006 --to 198.51.100.1:20006 "${KB[@]}" --send 100 --pps 200 --ssrc 0x4321 >/dev/null
wait $R && pass "re-keying B -> A: $(cat "$DIR/r3b")" || fail "re-keying B -> A: $(cat "$DIR/r3b")"

# leg set: leg 4 now protects with key A; the rest of the leg stays
ctl leg set 4 srtp-out $SUITE key-file "$DIR/A" >/dev/null || fail "leg set 4"
inp --bind 198.51.100.10:30006 "${KA[@]}" --recv 50 --timeout 10 > "$DIR/r3c" &
R=$!
sleep 0.3
outp --bind 203.0.113.10:30004 --to 203.0.113.1:20004 "${KA[@]}" --send 50 --pps 200 --ssrc 0x3a >/dev/null
wait $R && pass "leg set srtp-out: key A now both sides: $(cat "$DIR/r3c")" ||
	fail "leg set srtp-out: $(cat "$DIR/r3c")"

# --- 4. tampered and replayed packets: dropped, counted by reason
A0=$(drops 1 srtp-auth); D0=$(drops 1 srtp-replay-dup)
inp --bind 198.51.100.10:30002 --plain --recv 91 --timeout 10 > "$DIR/r4" &
R=$!
sleep 0.3
# a new SSRC: a fresh replay window on both ends
outp --bind 203.0.113.10:30000 --to 203.0.113.1:20000 "${KA[@]}" --ssrc 0x77 \
	--send 101 --pps 200 --tamper 10 --replay 7 >/dev/null
wait $R; RC=$?
RES=$(cat "$DIR/r4")
[ $RC = 0 ] && [ "$(field "$RES" ok)" = 91 ] && [ "$(field "$RES" dup)" = 0 ] &&
	pass "tamper/replay: the inside gets only the 91 good ones ($RES)" ||
	fail "tamper/replay: rc $RC: $RES"
# 10 tampered + the second copy of tampered #70 (never authenticated, so
# not in the replay window: RFC 3711 3.3.2); 14 replays less that one
A1=$(drops 1 srtp-auth); D1=$(drops 1 srtp-replay-dup)
[ $((A1 - A0)) = 11 ] && pass "leg 1 drop srtp-auth +11" || fail "leg 1 srtp-auth $A0 -> $A1, want +11"
[ $((D1 - D0)) = 13 ] && pass "leg 1 drop srtp-replay-dup +13" ||
	fail "leg 1 srtp-replay-dup $D0 -> $D1, want +13"

# --- 5. a port with no leg: dropped, counted as no-leg
nolegs() {
	ctl -j stats | python3 -c "import json,sys
print(json.load(sys.stdin).get('counters', {}).get('drops', {}).get('no-leg', 0))"
}
L0=$(nolegs)
outp --bind 203.0.113.10:30100 --to 203.0.113.1:20100 "${KA[@]}" --send 25 --pps 500 >/dev/null
sleep 0.5
L1=$(nolegs)
[ $((L1 - L0)) = 25 ] && pass "unknown port: 25 dropped as no-leg" || fail "no-leg $L0 -> $L1, want +25"

# --- 6. ARP: the peers learnt the gateway, the gateway's TAPs learnt the peers
for pair in "$TOPO_OUT 203.0.113.1 veth0" "$TOPO_IN 198.51.100.1 veth0" \
	    "$TOPO_GW 203.0.113.10 ms-0" "$TOPO_GW 198.51.100.10 ms-1"; do
	set -- $pair
	E=$(ip -n "$1" neigh show "$2" dev "$3")
	echo "$E" | grep -q "lladdr" && echo "$E" | grep -vq PERMANENT &&
		pass "neighbour $2 learnt in $1 ($E)" || fail "no neighbour $2 in $1 dev $3: $E"
done

# --- 7. legs added and deleted under traffic; 1 <-> 2 loses nothing
inp --bind 198.51.100.10:30002 --plain --recv 600 --timeout 15 > "$DIR/r7" &
R7=$!
sleep 0.3
outp --bind 203.0.113.10:30000 --to 203.0.113.1:20000 "${KA[@]}" --ssrc 0x99 \
	--send 600 --pps 100 >/dev/null &
S7=$!
sleep 1
add 5 local 203.0.113.1:20008 remote 203.0.113.10:30008 peer 6 side outside mode enforce \
	srtp-in $SUITE key-file "$DIR/A" srtp-out $SUITE key-file "$DIR/A"
add 6 local 198.51.100.1:20010 remote 198.51.100.10:30010 peer 5 session 5 side inside mode disabled
inp --bind 198.51.100.10:30010 --plain --recv 50 --timeout 5 > "$DIR/r8" &
R=$!
sleep 0.3
outp --bind 203.0.113.10:30008 --to 203.0.113.1:20008 "${KA[@]}" --send 50 --pps 100 >/dev/null
wait $R && pass "leg added under traffic forwards: $(cat "$DIR/r8")" ||
	fail "new leg: $(cat "$DIR/r8")"
ctl leg del 5 || fail "leg del 5"
inp --bind 198.51.100.10:30010 --plain --recv 1 --timeout 2 > "$DIR/r9" &
R=$!
sleep 0.3
outp --bind 203.0.113.10:30008 --to 203.0.113.1:20008 "${KA[@]}" --send 20 --pps 100 --ssrc 0x55 >/dev/null
wait $R && fail "deleted leg still forwards: $(cat "$DIR/r9")" ||
	pass "deleted leg forwards nothing: $(cat "$DIR/r9")"
ctl leg show 5 >/dev/null 2>&1 && fail "leg 5 still shown" || pass "leg 5 gone from leg show"
wait $S7
wait $R7 && pass "leg 1 -> 2 lost nothing meanwhile: $(cat "$DIR/r7")" ||
	fail "leg 1 -> 2 during changes: $(cat "$DIR/r7")"

ctl -s leg show > "$DIR/legs"
grep -q "drop srtp-auth" "$DIR/legs" && pass "leg show -s prints drops by reason" ||
	fail "leg show -s: $(head -5 "$DIR/legs")"

kill -TERM "$DPID"; wait "$DPID"; RC=$?; DPID=
[ $RC = 0 ] && pass "mediasec-dp: SIGTERM -> exit 0" || fail "mediasec-dp exit $RC: $(tail -3 "$DIR/dp.err")"

finish
