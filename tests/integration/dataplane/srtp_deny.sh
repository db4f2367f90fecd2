#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# SRTP failures → dynamic denylist (REQUIREMENTS.md 4), end to end: a
# source that sends forged SRTP (a wrong key) to a live leg is reported by
# mediasec-dp, counted by mediasecd, denied, and its packets then drop in
# mediasec-dp's rx filter, while the real peer's media on the same leg flows.
#
#   netns $P-out                 netns $P-gw                           netns $P-in
#   srtp-peer 203.0.113.10 real  mediasec-dp --filter ◄─ mediasecd      srtp-peer
#   srtp-peer 203.0.113.66..68   (legs 1<->2, 3<->4)    ◄─ mediasecctl  198.51.100.10
#     forged (key B) ── veth ──  gw-out              gw-in ── veth ──
#
#   legs (through mediasecd)   outside, latching, key A    inside, plain
#   1 <-> 2                    203.0.113.1:20000           198.51.100.1:20002
#   3 <-> 4                    203.0.113.1:20004           198.51.100.1:20006
#
# Checked: 20 forged packets from .66 → auth-failure and addr-denied events
# (monitor), .66 in deny show, dynamic, with an expiry of about 600 s, in
# mediasec-dp's denylist and mediasecd's XDP map (pinned on a private bpffs,
# the program not attached) too; its next packets counted as denylisted by
# mediasec-dp; the real peer's SRTP on leg 1 all arrives meanwhile. Then
# the threshold as policy: 3 forged packets from .67 are not enough at 10;
# policy set deny-threshold 3 (shown by policy show), and 3 from .68 are.
# Topology: scripts/netns-topology.sh; the daemons' set-up: gw_daemon.sh.
# Usage: srtp_deny.sh MEDIASEC_DP MEDIASECD MEDIASECCTL SRTP_PEER FILTER_RTE_BPF_O
# Exit 0 all passed, 1 a failure, 77 skipped (says why).
set -u

DP=$1
MEDIASECD=$2
CTL=$3
PEER=$4
FILTER=$5
NAME=msdeny
SUITE=AES_CM_128_HMAC_SHA1_80
. "$(dirname "$0")/gw_daemon.sh"
outp() { ip netns exec "$TOPO_OUT" "$PEER" "$@"; }
inp() { ip netns exec "$TOPO_IN" "$PEER" "$@"; }

# mediasecd's XDP maps on a private bpffs (the program is loaded, not attached)
command -v bpftool >/dev/null || skip "bpftool missing (scripts/install-deps.sh)"
mkdir -p "$DIR/bpffs" && mount -t bpf bpf "$DIR/bpffs" -o mode=0700 || skip "cannot mount a bpffs"
echo "filter = { pin_dir = \"$DIR/bpffs/mediasec\"; };" >> "$DIR/mediasec.conf"
for a in 66 67 68; do
	ip -n "$TOPO_OUT" addr add 203.0.113.$a/24 dev veth0 || { echo "FAIL address .$a"; exit 1; }
done
start_dp --filter "$FILTER" || { echo "FAIL mediasec-dp did not come up"; tail "$DIR/dp.out"; exit 1; }
start_daemon || { echo "FAIL mediasecd did not start"; cat "$DIR/d.log"; exit 1; }
ip netns exec "$TOPO_GW" "$CTL" -j monitor > "$DIR/monitor.json" 2>&1 &
pass "mediasec-dp --filter, mediasecd and a monitor up"

ctl session add id 1 label deny >/dev/null || fail "session add"
for l in 1 3; do
	ctl leg add $l local 203.0.113.1:$((19998 + 2 * l)) peer $((l + 1)) session 1 side outside \
		mode enforce latch srtp-in $SUITE key-file "$DIR/A" srtp-out $SUITE key-file "$DIR/A" \
		>/dev/null || fail "leg $l add"
	ctl leg add $((l + 1)) local 198.51.100.1:$((20000 + 2 * l)) \
		remote 198.51.100.10:$((30000 + 2 * l)) peer $l session 1 side inside \
		mode best-effort >/dev/null || fail "leg $((l + 1)) add"
done
four_in_dp() { [ "$(ctl -D -j leg show | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 4 ]; }
wait_for 30 four_in_dp && pass "four legs in mediasec-dp" || fail "legs in mediasec-dp"

# forged SRC N LOCAL_PORT: N SRTP packets with key B from 203.0.113.SRC.
forged() {
	outp --bind 203.0.113.$1:40000 --to 203.0.113.1:$3 --suite $SUITE --key-file "$DIR/B" \
		--send "$2" --pps 200 --ssrc 0x$1 >/dev/null
}
denied() { ctl deny show | grep -q "^203.0.113.$1/32 "; }
dp_denied() { ctl -D deny show | grep -q "^203.0.113.$1/32 "; }
dp_drops() {
	ctl -D -j stats | python3 -c "import json,sys
print(json.load(sys.stdin).get('counters', {}).get('drops', {}).get('$1', 0))"
}
monitor_has() {
	grep "\"type\":\"$1\"" "$DIR/monitor.json" | grep -q "\"source\":\"$2\""
}

# --- 1. forged SRTP from .66: reported, counted, denied
forged 66 20 20000
AUTH=$(dp_drops srtp-auth)
wait_for 20 denied 66 && pass "forged SRTP from .66: denied: $(ctl deny show | grep 203.0.113.66)" ||
	fail "forged SRTP from .66 not denied: $(ctl deny show 2>&1); $(tail -5 "$DIR/d.log")"
ctl -j deny show | python3 -c '
import json, sys
e = [x for x in json.load(sys.stdin) if x["prefix"] == "203.0.113.66/32"][0]
sys.exit(0 if e.get("dynamic") and 590 <= e["expires"] <= 600 else 1)' &&
	pass "... dynamic, expiring in about 600 s" || fail "... entry: $(ctl -j deny show)"
# 10 to block, then the ones sent (5 ms apart) while the report and the block travelled
[ "$AUTH" -ge 10 ] &&
	pass "... after $AUTH of the 20 reached SRTP (srtp-auth), the rest dropped as denylisted" ||
	fail "... srtp-auth $AUTH, fewer than the threshold"
wait_for 20 dp_denied 66 && pass "... in mediasec-dp's denylist" ||
	fail "not in mediasec-dp: $(ctl -D deny show 2>&1)"
# the LPM key: prefixlen 32 (host order), then the address
bpftool map lookup pinned "$DIR/bpffs/mediasec/pf_deny4" key 32 0 0 0 203 0 113 66 >/dev/null 2>&1 &&
	pass "... in the XDP map pf_deny4" || fail "not in pf_deny4: $(bpftool map dump pinned "$DIR/bpffs/mediasec/pf_deny4" 2>&1 | head -20)"
wait_for 20 monitor_has auth-failure 203.0.113.66 && pass "monitor: auth-failure event" ||
	fail "no auth-failure event: $(cat "$DIR/monitor.json")"
wait_for 20 monitor_has addr-denied 203.0.113.66 && pass "monitor: addr-denied event" ||
	fail "no addr-denied event: $(cat "$DIR/monitor.json")"

# --- 2. .66 keeps sending: denylisted; the real peer's media on the same leg flows
D0=$(dp_drops denylisted)
A0=$(dp_drops srtp-auth)
inp --bind 198.51.100.10:30002 --plain --recv 200 --timeout 10 > "$DIR/r" &
R=$!
sleep 0.3
forged 66 50 20000 &
F=$!
outp --bind 203.0.113.10:30000 --to 203.0.113.1:20000 --suite $SUITE --key-file "$DIR/A" \
	--send 200 --pps 200 >/dev/null
wait $F
wait $R && pass "real peer on leg 1 meanwhile: $(cat "$DIR/r")" || fail "real peer: $(cat "$DIR/r")"
D1=$(dp_drops denylisted)
A1=$(dp_drops srtp-auth)
[ $((D1 - D0)) -ge 50 ] && pass "mediasec-dp dropped .66's next 50 as denylisted (+$((D1 - D0)))" ||
	fail "denylisted drops $D0 -> $D1, want +50"
[ "$A1" = "$A0" ] && pass "... none reached SRTP (srtp-auth stays $A1)" ||
	fail "srtp-auth $A0 -> $A1 while .66 is denied"

# --- 3. the threshold is policy
forged 67 3 20004
sleep 1
denied 67 && fail "3 failures denied .67 at threshold 10" || pass "3 failures: .67 not denied at threshold 10"
ctl policy set deny-threshold 3 && pass "policy set deny-threshold 3" || fail "policy set deny-threshold 3"
ctl policy show | grep -q "deny-threshold 3$" && pass "policy show: deny-threshold 3" ||
	fail "policy show: $(ctl policy show 2>&1)"
forged 68 3 20004
wait_for 20 denied 68 && pass "3 failures from .68 at threshold 3: denied" ||
	fail ".68 not denied at threshold 3: $(ctl deny show 2>&1)"
# mediasecd's own check, with the attribute named; nothing changed
OUT=$(ctl policy set deny-time 1000 deny-time-max 500 2>&1)
[ "$OUT" = "mediasecctl: policy set: MS_POLICY_A_DENY_TIME_MAX: 500 s shorter than the first block (1000 s)" ] &&
	pass "deny-time-max below deny-time refused: $OUT" || fail "deny-time-max 500: $OUT"
ctl policy show | grep -q "deny-time 600$" && pass "... deny-time still 600" ||
	fail "policy after a refusal: $(ctl policy show 2>&1)"

finish
