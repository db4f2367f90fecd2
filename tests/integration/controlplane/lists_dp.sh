#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# mediasecd keeps mediasec-dp's rx filter lists in step with its denylist
# and allowlist: the whole lists when the dataplane appears (and again when
# it restarts), then each change: mediasecctl deny/allow add, del, flush,
# and a SIGHUP reload of the static entries. What the dataplane holds is
# read from it (mediasecctl -P <its port> deny show).
#
#   mediasecctl ── USERSOCK $DPORT ──► mediasecd ── USERSOCK $NLPORT ──► mediasec-dp --filter
#   mediasecctl -P $NLPORT ────────────────────────────────────────────► (its lists)
#
# Test port ids only (daemon_dp.sh).
# Usage: lists_dp.sh MEDIASECD MEDIASEC_DP MEDIASECCTL FILTER_RTE_BPF_O
# Exit 0 all passed, 1 a failure, 77 skipped (says why).
set -u

MEDIASECD=$1
DP=$2
CTL=$3
FILTER=$4
NAME=listsdp
. "$(dirname "$0")/daemon_dp.sh"

# config DENYLIST: mediasec.conf with that static denylist.
config() {
	cat > "$DIR/mediasec.conf" <<CONF
realms = ( { name = "carrier"; side = "outside"; media_ports = "20000-20999"; } );
cert = { key_file = "$DIR/identity.key"; cert_file = "$DIR/identity.pem";
  trust_dir = "$DIR/trusted"; };
denylist = [ $1 ];
CONF
}

d() { "$CTL" -P "$DPORT" "$@"; }
# dp_has LIST PREFIX [EXPIRY]: mediasec-dp's LIST shows PREFIX (with an expiry).
dp_has() { "$CTL" -P "$NLPORT" "$1" show 2>&1 | grep -q "^$2${3:+ expires [0-9]*s}\$"; }
dp_lacks() { ! "$CTL" -P "$NLPORT" "$1" show 2>&1 | grep -q "^$2\\b" &&
	     "$CTL" -P "$NLPORT" "$1" show >/dev/null 2>&1; }

# mediasec-dp with the rx filter and one list entry of its own; lists of
# 4096 per family: three LPM tables fit in -m 512 (dataplane/filter/lists.c).
start_filter_dp() {
	start_dp --legs 1024 --filter "$FILTER" --filter-prefixes 4096 \
		--filter-deny 203.0.113.200/32
}
pushed() { [ "$(grep -c "list entries pushed" "$DIR/d.log")" -gt "$1" ]; }

config '"192.0.2.0/24"'
start_daemon && pass "mediasecd up, no dataplane yet" || { fail "mediasecd did not start"; cat "$DIR/d.log"; finish; }
d deny add 198.51.100.0/24 expires 600 && pass "deny add while the dataplane is away" ||
	fail "deny add without a dataplane"

start_filter_dp || { fail "mediasec-dp did not start"; cat "$DIR/dp.out"; finish; }
wait_for pushed 0 && pass "lists pushed when mediasec-dp appeared: $(grep "list entries pushed" "$DIR/d.log" | tail -1 | sed 's/.*mediasec-dp: //')" ||
	fail "lists not pushed: $(tail -3 "$DIR/d.log")"
dp_has deny 192.0.2.0/24 && pass "... the static entry" || fail "static entry not in the dataplane"
dp_has deny 198.51.100.0/24 x && pass "... the runtime one, with its expiry" ||
	fail "runtime entry: $("$CTL" -P "$NLPORT" deny show 2>&1)"
dp_has deny 203.0.113.200/32 && pass "... beside the dataplane's own --filter-deny" ||
	fail "--filter-deny entry lost"

# each change, as it happens
d deny add 2001:db8:1::/64 && dp_has deny 2001:db8:1::/64 && pass "deny add → in mediasec-dp" ||
	fail "deny add not copied"
d allow add 198.51.100.7/32 && dp_has allow 198.51.100.7/32 && pass "allow add → in mediasec-dp" ||
	fail "allow add not copied"
d deny del 2001:db8:1::/64 && dp_lacks deny 2001:db8:1::/64 && pass "deny del → gone from mediasec-dp" ||
	fail "deny del not copied"
d allow flush && dp_lacks allow 198.51.100.7/32 && pass "allow flush → gone from mediasec-dp" ||
	fail "allow flush not copied"
d deny flush && dp_lacks deny 198.51.100.0/24 && dp_has deny 192.0.2.0/24 &&
	pass "deny flush → runtime entries gone, static kept" || fail "deny flush: $("$CTL" -P "$NLPORT" deny show 2>&1)"
# the dataplane's own answer to a bad prefix reaches the operator
"$CTL" -P "$NLPORT" deny del 198.51.100.0/24 2>&1 | grep -q "not in the denylist" &&
	pass "mediasec-dp: deny del of an absent entry says so" || fail "absent entry on the dataplane"

# SIGHUP: the static entries follow the file
config '"192.0.2.0/25"'
kill -HUP "$DPID"
if wait_for dp_has deny 192.0.2.0/25 && dp_lacks deny 192.0.2.0/24; then
	pass "SIGHUP reload → static entries replaced in mediasec-dp"
else
	fail "reload: $("$CTL" -P "$NLPORT" deny show 2>&1)"
fi

# a new dataplane gets the lists again
d deny add 198.51.100.64/26
kill "$PPID_DP"; wait "$PPID_DP" 2>/dev/null; PPID_DP=
wait_for log_has "$DIR/d.log" "gone" && pass "dataplane loss noticed" || fail "loss not noticed"
n=$(grep -c "list entries pushed" "$DIR/d.log")
d deny add 198.51.100.128/26 && pass "deny add while it is away" || fail "deny add, dataplane away"
start_filter_dp || fail "mediasec-dp did not restart"
if wait_for pushed "$n" && dp_has deny 198.51.100.64/26 && dp_has deny 198.51.100.128/26 &&
   dp_has deny 192.0.2.0/25; then
	pass "restarted mediasec-dp has every entry again"
else
	fail "after the restart: $("$CTL" -P "$NLPORT" deny show 2>&1)"
fi
finish
