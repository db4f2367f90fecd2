#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# mediasecd killed and restarted while media flows: the dataplane keeps the
# legs mediasecd gave it, the restarted daemon adopts them (with their keys),
# nothing is lost. Then mediasec-dp restarts: the daemon re-creates the
# adopted legs with those keys and SRTP flows both ways again; mediasecctl
# shows counters (-s) and never a key byte; a monitor sees a refused
# downgrade as JSON; deleting a leg stops its media (dropped as no-leg).
#
#   netns $P-out            netns $P-gw                              netns $P-in
#   srtp-peer ── veth ── mediasec-dp ◄── USERSOCK ── mediasecd ◄── mediasecctl
#   203.0.113.10         (legs 1 <-> 2)               (SIGKILL, restart)   198.51.100.10
#
# mediasecd and mediasec-dp run in the gateway namespace on their default port
# ids: NETLINK_USERSOCK ports are per network namespace, so the host's own
# daemons, if any, are not touched. Topology: scripts/netns-topology.sh.
# Usage: restart.sh MEDIASEC_DP MEDIASECD MEDIASECCTL SRTP_PEER
# Exit 0 all passed, 1 a failure, 77 skipped (says why).
set -u

DP=$1
MEDIASECD=$2
CTL=$3
PEER=$4
NAME=msrst
SUITE=AES_CM_128_HMAC_SHA1_80
N=600		# packets at 100/s: six seconds of media across the restart
. "$(dirname "$0")/gw_daemon.sh"
nlegs() { ctl "$@" -j leg show 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

start_dp || { echo "FAIL mediasec-dp did not come up"; tail "$DIR/dp.out"; exit 1; }
start_daemon && pass "mediasec-dp and mediasecd up" || { fail "mediasecd did not start"; cat "$DIR/d.log"; finish; }

# --- legs through mediasecd, pushed to the dataplane
ctl session add id 1 label restart >/dev/null || fail "session add"
ctl leg add 1 local 203.0.113.1:20000 remote 203.0.113.10:30000 peer 2 session 1 side outside \
	mode enforce srtp-in $SUITE key-file "$DIR/A" srtp-out $SUITE key-file "$DIR/A" >/dev/null ||
	fail "leg 1 add"
ctl leg add 2 local 198.51.100.1:20002 remote 198.51.100.10:30002 peer 1 session 1 side inside \
	mode best-effort >/dev/null || fail "leg 2 add"
two_in_dp() { [ "$(nlegs -D)" = 2 ]; }
wait_for 30 two_in_dp && pass "mediasecd pushed both legs to mediasec-dp" || fail "legs in mediasec-dp: $(nlegs -D)"

# --- media across a SIGKILL and a restart of mediasecd
ip netns exec "$TOPO_IN" "$PEER" --bind 198.51.100.10:30002 --plain --recv $N --timeout 20 > "$DIR/r" &
R=$!
sleep 0.3
ip netns exec "$TOPO_OUT" "$PEER" --bind 203.0.113.10:30000 --to 203.0.113.1:20000 --suite $SUITE \
	--key-file "$DIR/A" --send $N --pps 100 >/dev/null &
S=$!
sleep 2
kill -KILL "$MDPID"; wait "$MDPID" 2>/dev/null; MDPID=
sleep 1
start_daemon && pass "mediasecd restarted mid-stream" || fail "mediasecd did not restart"
wait $S
if wait $R; then
	pass "no packet lost across the restart: $(cat "$DIR/r")"
else
	fail "packets lost across the restart: $(cat "$DIR/r")"
fi

# --- the restarted daemon holds the legs again and can change them
two_known() { [ "$(nlegs)" = 2 ]; }
wait_for 30 two_known && pass "restarted mediasecd adopted both legs" || fail "adopted: $(nlegs)"

# --- then mediasec-dp restarts: the adopted legs come back with their keys
kill -TERM "$DPID"; wait "$DPID" 2>/dev/null; DPID=
start_dp && pass "mediasec-dp restarted" || { fail "mediasec-dp did not restart"; tail "$DIR/dp.out"; }
wait_for 50 two_in_dp && pass "mediasecd re-created both adopted legs in the new mediasec-dp" ||
	fail "legs in the new mediasec-dp: $(nlegs -D)"
# The new mediasec-dp learns its next hops anew, which may take a while on a
# loaded host: 300 packets sent for 100 to be received, each way.
ip netns exec "$TOPO_IN" "$PEER" --bind 198.51.100.10:30002 --plain --recv 100 --timeout 10 > "$DIR/r2" &
R=$!
sleep 0.3
ip netns exec "$TOPO_OUT" "$PEER" --bind 203.0.113.10:30000 --to 203.0.113.1:20000 --suite $SUITE \
	--key-file "$DIR/A" --send 300 --pps 100 >/dev/null 2>&1
wait $R && pass "SRTP in (adopted key) decrypted by the new mediasec-dp: $(cat "$DIR/r2")" ||
	fail "SRTP in after both restarts: $(cat "$DIR/r2")"
ip netns exec "$TOPO_OUT" "$PEER" --bind 203.0.113.10:30000 --suite $SUITE --key-file "$DIR/A" \
	--recv 100 --timeout 10 > "$DIR/r3" &
R=$!
sleep 0.3
ip netns exec "$TOPO_IN" "$PEER" --bind 198.51.100.10:30002 --to 198.51.100.1:20002 --plain \
	--send 300 --pps 100 --ssrc 0x1234 >/dev/null 2>&1
wait $R && pass "SRTP out (adopted key) decrypted by srtp-peer: $(cat "$DIR/r3")" ||
	fail "SRTP out after both restarts: $(cat "$DIR/r3"); dataplane: $(ctl -D -s leg show | tr '\n' ' ')"

# --- leg dumps through mediasecd carry the dataplane's counters when asked (-s)
# counter LEG FIELD: a counter of one leg from `mediasecctl -j -s leg show`
counter() {
	ctl -j -s leg show | python3 -c '
import json, sys
legs = {l["id"]: l for l in json.load(sys.stdin)}
print(legs[int(sys.argv[1])].get("counters", {}).get(sys.argv[2], "absent"))' "$1" "$2"
}
rx=$(counter 1 rx_packets)
[ "$rx" != absent ] && [ "$rx" -ge 100 ] 2>/dev/null && pass "leg dump -s: leg 1 rx_packets $rx" ||
	fail "leg dump -s: leg 1 rx_packets $rx"
tx=$(counter 1 tx_packets)
[ "$tx" != absent ] && [ "$tx" -ge 100 ] 2>/dev/null && pass "leg dump -s: leg 1 tx_packets $tx" ||
	fail "leg dump -s: leg 1 tx_packets $tx"
[ "$(ctl -j leg show | grep -c counters)" = 0 ] && pass "leg dump without -s: no counters" ||
	fail "leg dump without -s carries counters"

# --- per port and per realm (STATS_GET dump) with real traffic behind them.
# outside_rx: the outside ports' rx_packets summed; the realm's sum,
# taken between two of those, lies between them (stray frames may arrive).
outside_rx() {
	ctl -j stats port | python3 -c '
import json, sys
print(sum(p["counters"]["rx_packets"] for p in json.load(sys.stdin) if p["side"] == "outside"))'
}
before=$(outside_rx)
realm_rx=$(ctl -j stats realm | python3 -c '
import json, sys
print([r["counters"]["rx_packets"] for r in json.load(sys.stdin) if r["realm"] == "carrier"][0])')
after=$(outside_rx)
[ "$before" -gt 0 ] 2>/dev/null && pass "stats port: the outside port received $before packets" ||
	fail "stats port: outside rx_packets '$before'"
[ "$before" -le "$realm_rx" ] 2>/dev/null && [ "$realm_rx" -le "$after" ] &&
	pass "stats realm: carrier rx $realm_rx is its ports' sum ($before..$after)" ||
	fail "stats realm: carrier rx '$realm_rx', outside ports $before..$after"

# --- no key byte in anything mediasecctl prints: key file A is bytes 0x00..0x1d
KEYHEX=000102030405060708090a0b0c0d0e0f
KEYB64=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd
for args in "-j -s leg show" "-s leg show" "-j leg show 1" "-D -j -s leg show" "-D -s leg show 1"; do
	# shellcheck disable=SC2086
	out=$(ctl $args 2>&1)
	if printf '%s' "$out" | tr -d ' :,' | grep -qi -e "$KEYHEX" -e "${KEYB64:0:16}" -e '"key"'; then
		fail "mediasecctl $args shows key material"
	else
		pass "mediasecctl $args: no key bytes"
	fi
done

# --- a monitor sees the security event of a refused downgrade, as JSON
# Not through ctl()/gw(): $! of a backgrounded function is a subshell, and
# killing it would leave mediasecctl running. ip netns exec execs it.
ip netns exec "$TOPO_GW" "$CTL" -j monitor > "$DIR/monitor.out" 2>&1 &
MON=$!
sleep 0.5
ctl leg add 3 local 203.0.113.1:20004 session 1 side outside mode disabled >/dev/null 2>&1 &&
	fail "a plain leg on the enforce side was accepted"
seen_downgrade() {
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["type"] == "srtp-downgrade-refused" and "leg 3 " in e["text"]:
        sys.exit(0)
sys.exit(1)' "$DIR/monitor.out" 2>/dev/null
}
wait_for 30 seen_downgrade && pass "monitor -j: srtp-downgrade-refused for leg 3, JSON parsed" ||
	fail "monitor did not show the refusal: $(cat "$DIR/monitor.out")"
kill "$MON" 2>/dev/null; wait "$MON" 2>/dev/null

# --- deleting the leg stops its media: the dataplane drops it as no-leg
ctl leg del 1 >/dev/null && pass "leg del through the restarted mediasecd" || fail "leg del after restart"
one_in_dp() { [ "$(nlegs -D)" = 1 ]; }
wait_for 30 one_in_dp && pass "... and it reached mediasec-dp" || fail "legs in mediasec-dp: $(nlegs -D)"
# noleg: the largest no-leg drop count in the dataplane's stats (the total)
noleg() { ctl -D -j stats | python3 -c '
import json, sys
def walk(o):
    if isinstance(o, dict):
        d = o.get("drops")
        if isinstance(d, dict) and isinstance(d.get("no-leg"), int):
            yield d["no-leg"]
        for v in o.values():
            yield from walk(v)
    elif isinstance(o, list):
        for v in o:
            yield from walk(v)
print(max(walk(json.load(sys.stdin)), default=0))'; }
before=$(noleg)
ip netns exec "$TOPO_IN" "$PEER" --bind 198.51.100.10:30002 --plain --recv 1 --timeout 3 > "$DIR/r4" &
R=$!
sleep 0.3
ip netns exec "$TOPO_OUT" "$PEER" --bind 203.0.113.10:30000 --to 203.0.113.1:20000 --suite $SUITE \
	--key-file "$DIR/A" --send 100 --pps 100 >/dev/null 2>&1
if wait $R; then
	fail "media still arrives after leg del: $(cat "$DIR/r4")"
else
	after=$(noleg)
	[ "$after" -ge $((before + 100)) ] 2>/dev/null &&
		pass "after leg del no packet arrives; no-leg drops $before -> $after" ||
		fail "after leg del nothing arrived, but no-leg drops $before -> $after"
fi

[ "$FAILS" = 0 ] || { echo "--- mediasecd log"; cat "$DIR/d.log"; }
finish
