#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# mediasecd programming mediasec-dp: pending legs pushed when the dataplane
# appears, refusals with the dataplane's text, adoption (with keys) after a
# daemon restart, changes made while the dataplane was stopped reaching it
# when it answers again, and the legs pushed again when it restarts.
#
#   sessions (client) ── USERSOCK $DPORT ──► mediasecd ── USERSOCK $NLPORT ──► mediasec-dp
#                                                                             net_null0 outside
#                                                                             net_null1 inside
#
# Test port ids only (daemon_dp.sh).
# Usage: sessions_dp.sh MEDIASECD MEDIASEC_DP SESSIONS MEDIASECCTL
# Exit 0 all passed, 1 a failure, 77 skipped (says why).
set -u

MEDIASECD=$1
DP=$2
CLIENT=$3
CTL=$4
NAME=sessdp
. "$(dirname "$0")/daemon_dp.sh"

cat > "$DIR/mediasec.conf" <<CONF
realms = ( { name = "carrier"; side = "outside"; media_ports = "20000-20999"; },
  { name = "core"; side = "inside"; media_ports = "30000-30999"; } );
cert = { key_file = "$DIR/identity.key"; cert_file = "$DIR/identity.pem";
  trust_dir = "$DIR/trusted"; };
CONF

start_daemon && pass "mediasecd up, no dataplane yet" || { fail "mediasecd did not start"; cat "$DIR/d.log"; finish; }
"$CLIENT" "$DPORT" setup && pass "legs accepted while the dataplane is away" || fail "setup"
"$CLIENT" "$DPORT" status 2 0 && pass "2 legs pending, no datapath" || fail "pending status"

start_dp --legs 4096 || { fail "mediasec-dp did not start"; cat "$DIR/dp.out"; finish; }
if wait_for log_has "$DIR/d.log" "2 legs pushed, 0 refused"; then
	pass "pending legs pushed when mediasec-dp appeared"
else
	fail "pending legs not pushed"
fi
"$CLIENT" "$DPORT" status 2 1 && pass "datapath bit set" || fail "datapath bit"

kill "$DPID"; wait "$DPID" 2>/dev/null; DPID=
start_daemon || fail "mediasecd did not restart"
wait_for log_has "$DIR/d.log" "2 legs there, 2 adopted" && pass "restarted mediasecd adopted the 2 legs" ||
	fail "no adoption"
"$CLIENT" "$DPORT" status 2 1 && pass "adopted legs listed" || fail "adopted status"

# A dataplane that only misses a deadline (stopped for a while) is the same
# one when it answers again: its legs stay programmed, nothing is pushed.
pushes=$(grep -c "legs pushed" "$DIR/d.log")
kill -STOP "$PPID_DP"
wait_for log_has "$DIR/d.log" "gone: no reply" && pass "a stopped dataplane is noticed" || fail "stop not noticed"
kill -CONT "$PPID_DP"
if wait_for log_has "$DIR/d.log" "connected again, the same process" &&
   [ "$(grep -c "legs pushed" "$DIR/d.log")" = "$pushes" ]; then
	pass "the same dataplane again: its legs kept, none pushed"
else
	fail "same dataplane after SIGCONT: $(grep "connected\|pushed\|refused" "$DIR/d.log" | tail -3)"
fi
"$CLIENT" "$DPORT" status 2 1 && pass "... and still programmed (counters from it)" ||
	fail "legs not programmed after SIGCONT"

# Changes made while the same dataplane is stopped reach it when it answers
# again: a deleted leg is deleted there, a changed one changed, a new one
# pushed. mediasecctl asks either side (-P its port).
ctl() { "$CTL" -P "$DPORT" "$@"; }
dpctl() { "$CTL" -P "$NLPORT" "$@"; }
leg_ids() { "$CTL" -P "$1" -j leg show | jq -c '[.[].id] | sort'; }
rtcp_mux_of() { "$CTL" -P "$1" -j leg show "$2" | jq -r '.[0].rtcp_mux'; }
printf 'inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd\n' >"$DIR/key.sdes"
# add_leg ID [WORDS...]: a latching enforce leg of session 600 (RTP on an even port, RTCP next).
add_leg() {
	ctl leg add "$1" session 600 local "198.51.100.1:$((20000 + 2 * ($1 - 500)))" mode enforce latch \
		srtp-in AES_CM_128_HMAC_SHA1_80 key-file "$DIR/key.sdes" \
		srtp-out AES_CM_128_HMAC_SHA1_80 key-file "$DIR/key.sdes" "${@:2}" >/dev/null
}
ctl session add id 600 label resync >/dev/null && add_leg 601 &&
	add_leg 602 &&
	[ "$(leg_ids "$NLPORT")" = "[501,502,601,602]" ] &&
	pass "legs 601 and 602 on the dataplane" ||
	fail "legs 601, 602 not added: dataplane has $(leg_ids "$NLPORT")"
gones=$(grep -c "gone: no reply" "$DIR/d.log")
kill -STOP "$PPID_DP"
wait_for more_lines "$DIR/d.log" "gone: no reply" "$gones" && pass "the dataplane stopped again" ||
	fail "second stop not noticed"
ctl leg del 601 && pass "leg 601 deleted while the dataplane is away" || fail "leg del 601"
# the flags as a whole: rtcp-mux added, latch kept
ctl leg set 602 rtcp-mux latch >/dev/null &&
	pass "leg 602 changed while the dataplane is away" || fail "leg set 602"
add_leg 603 && pass "leg 603 added while the dataplane is away (pending)" || fail "leg add 603"
resyncs=$(grep -c "changed legs sent again" "$DIR/d.log")
kill -CONT "$PPID_DP"
wait_for more_lines "$DIR/d.log" "changed legs sent again" "$resyncs" || fail "no re-sync after SIGCONT"
daemon_legs=$(leg_ids "$DPORT")
dp_legs=$(leg_ids "$NLPORT")
[ "$daemon_legs" = "[501,502,602,603]" ] && [ "$dp_legs" = "$daemon_legs" ] &&
	pass "after SIGCONT the dataplane holds exactly the daemon's legs: $dp_legs" ||
	fail "after SIGCONT: daemon $daemon_legs, dataplane $dp_legs; $(grep "sent again" "$DIR/d.log" | tail -1)"
[ "$(rtcp_mux_of "$NLPORT" 602)" = true ] &&
	pass "leg 602 carries its change (rtcp-mux) on the dataplane" ||
	fail "leg 602 on the dataplane: rtcp-mux $(rtcp_mux_of "$NLPORT" 602)"
grep -q "mediasec-dp: 4 legs there, 1 deleted, 1 changed legs sent again" "$DIR/d.log" &&
	pass "re-sync logged: 4 legs there, 1 deleted, 1 changed" ||
	fail "re-sync log: $(grep "sent again" "$DIR/d.log" | tail -1)"
ctl session del 600 && [ "$(leg_ids "$NLPORT")" = "[501,502]" ] &&
	pass "session 600 deleted on both sides" || fail "session 600 left: $(leg_ids "$NLPORT")"

# Per port and per realm (a STATS_GET dump): what net_null counts is not
# ours to predict, so the structure, and a realm's sum against its port's
# earlier count (counters only grow).
port_sides() { "$CTL" -P "$1" -j stats port | jq -c '[.[] | [.port, .side]]'; }
[ "$(port_sides "$NLPORT")" = '[[0,"outside"],[1,"inside"]]' ] &&
	pass "stats port from mediasec-dp: port 0 outside, port 1 inside" ||
	fail "dataplane ports: $(port_sides "$NLPORT")"
[ "$(port_sides "$DPORT")" = '[[0,"outside"],[1,"inside"]]' ] &&
	pass "stats port through mediasecd: the same ports" || fail "relayed ports: $(port_sides "$DPORT")"
port0_rx=$(ctl -j stats port | jq '.[] | select(.port == 0) | .counters.rx_packets')
realms=$(ctl -j stats realm)
[ "$(jq -c '[.[] | [.realm, .side]]' <<<"$realms")" = '[["carrier","outside"],["core","inside"]]' ] &&
	pass "stats realm: carrier outside, core inside, as configured" ||
	fail "realms: $realms"
carrier_rx=$(jq '.[] | select(.realm == "carrier") | .counters.rx_packets' <<<"$realms")
[ -n "$port0_rx" ] && [ -n "$carrier_rx" ] && [ "$carrier_rx" -ge "$port0_rx" ] &&
	pass "realm carrier rx $carrier_rx >= its port's earlier $port0_rx" ||
	fail "realm carrier rx '$carrier_rx', port 0 '$port0_rx'"
ctl stats realm | grep -q '^realm carrier side outside$' && pass "stats realm text form" ||
	fail "stats realm text: $(ctl stats realm | head -3)"
dpctl stats realm 2>"$DIR/r.err" >/dev/null; [ $? = 1 ] && grep -q "no realms in the reply" "$DIR/r.err" &&
	pass "stats realm to the dataplane: an error, not an empty list" ||
	fail "stats realm to the dataplane: $(cat "$DIR/r.err")"

# The full request set against a live dataplane: its refusals reach the caller.
"$CLIENT" "$DPORT" >"$DIR/c.out" 2>&1 && pass "session requests with a dataplane" ||
	{ fail "session requests with a dataplane"; cat "$DIR/c.out"; }

# Many requests in one datagram: legs pipelined to the dataplane, each answered.
"$CLIENT" "$DPORT" batch >"$DIR/b.out" 2>&1 && pass "a batch: each request its answer, the dataplane's refusal to its leg" ||
	{ fail "batch"; cat "$DIR/b.out"; }

# Restarted between two of the daemon's ticks (the daemon is held stopped
# meanwhile): the new process answers as the old one did, and only its start
# time tells the daemon that its tables are empty.
gones=$(grep -c "gone" "$DIR/d.log")
pushes=$(grep -c "legs pushed" "$DIR/d.log")
kill -STOP "$DPID"
kill "$PPID_DP"; wait "$PPID_DP" 2>/dev/null; PPID_DP=
sleep 2	# the daemon's one-second clock must tell the two starts apart
start_dp --legs 4096 || fail "mediasec-dp did not restart"
kill -CONT "$DPID"
wait_for more_lines "$DIR/d.log" "gone" "$gones" && grep "gone" "$DIR/d.log" | tail -1 | grep -q "gone: restarted" && pass "a dataplane restarted between two ticks is noticed" ||
	fail "restart not noticed: $(grep "gone\|connected" "$DIR/d.log" | tail -2)"
more_pushes() { [ "$(grep -c "legs pushed" "$DIR/d.log")" -gt "$pushes" ]; }
for _ in $(seq 300); do more_pushes && break; sleep 0.1; done
# The adopted legs came with their keys (MS_GET_F_KEYS): none is lost. On a
# loaded host a push may time out after the dataplane took the leg; pushed
# again, it is refused as existing, which still means it is there.
if more_pushes && ! grep "refused by the dataplane" "$DIR/d.log" | grep -qv ": leg 50[12] exists$"; then
	pass "adopted legs pushed again with their keys: $(grep "legs pushed" "$DIR/d.log" | tail -1 | sed 's/.*mediasec-dp: //')"
else
	fail "adopted legs not pushed again"
fi
grep -v "ms-audit\|config-change" "$DIR/d.log" | cut -c1-200
finish
