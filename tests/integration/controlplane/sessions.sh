#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# mediasecd's sessions and legs, without a dataplane (legs kept pending):
#
#   sessions (root)       ─┐
#   sessions (uid 65534)  ─┴─ NETLINK_USERSOCK ──► mediasecd (temp conf)
#                              port $PORT
#
# The requests and their checks are in sessions.c; this script starts the
# daemon on a test port id, never MS_NL_PORT_DAEMON.
# Usage: sessions.sh MEDIASECD SESSIONS MEDIASECCTL
# Exit 0 all passed, 1 a failure, 77 skipped (says why).
set -u

MEDIASECD=$1
CLIENT=$2
PORT=$(printf '0x4D53E%03X' $(($$ & 0xfff)))
. "$(dirname "$0")/daemon.sh"
daemon_dir sessions

[ "$(id -u)" = 0 ] || skip "needs root (setuid to 65534 for the refusal check)"

cat > "$CONF" <<CONF
# test configuration, written by $0
realms = ( { name = "carrier"; side = "outside"; media_ports = "20000-20999"; } );
cert = { key_file = "$DIR/state/identity.key"; cert_file = "$DIR/state/identity.pem";
  trust_dir = "$DIR/state/trusted"; };
CONF

"$MEDIASECD" -c "$CONF" -P "$PORT" -D "$((PORT + 1))" -e >"$DLOG" 2>&1 &
DPID=$!
up=
for _ in $(seq 50); do
	grep -q "port $(printf '0x%08x' "$PORT")" "$DLOG" && { up=1; break; }
	kill -0 "$DPID" 2>/dev/null || break
	sleep 0.1
done
[ -n "$up" ] || { fail "mediasecd did not come up"; cat "$DLOG"; finish; }
pass "mediasecd up on port $PORT"

if "$CLIENT" "$PORT"; then pass "session requests"; else fail "session requests"; fi

# mediasecctl session, as the operator types it.
CTL_BIN=$3
OUT=$(ctl session add id 7 label "call-7@example" 2>&1)
[ "$OUT" = "session 7 label call-7@example legs 0" ] && pass "session add" || fail "session add: $OUT"
OUT=$(ctl session add id 7 label again 2>&1); rc=$?
[ $rc = 1 ] && [ "$OUT" = "mediasecctl: session add: MS_SESSION_A_ID: session 7 exists" ] &&
	pass "session add: duplicate refused" || fail "session add duplicate: $rc $OUT"
OUT=$(ctl -j session show 7 2>&1)
[ "$OUT" = '[{"id":7,"label":"call-7@example","nlegs":0,"legs":[]}]' ] && pass "session show -j" ||
	fail "session show -j: $OUT"
ctl session list | grep -q "^session 7 label call-7@example" && pass "session list" || fail "session list"
ctl session del 7 && pass "session del" || fail "session del"
OUT=$(ctl session show 7 2>&1); rc=$?
[ $rc = 1 ] && [ "$OUT" = "mediasecctl: session show: MS_SESSION_A_ID: no session 7" ] &&
	pass "session show: gone" || fail "session show after del: $rc $OUT"
ctl session add label 2>/dev/null; [ $? = 2 ] && pass "session add label: usage error" ||
	fail "session add label without value"
grep -q "refused" "$DLOG" && pass "refusals logged" || fail "no refusal in the log"
if grep -q -E "11{30}|22{26}" "$DLOG"; then fail "key bytes in the log"; else pass "no key bytes in the log"; fi
kill -0 "$DPID" 2>/dev/null && pass "mediasecd still running" || fail "mediasecd died"
finish
