#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# SIGHUP reloads mediasec.conf. A file with an error, or with a change only
# a restart can make (limits), is refused with FILE:LINE and the running
# configuration keeps working; a good one changes the static denylist, a
# role and a realm's SRTP mode at once, without touching sessions, legs or
# runtime entries. Each reload leaves an audit record and an event.
#
#   mediasecctl (root, nobody) ── NETLINK_USERSOCK $PORT ──► mediasecd (kill -HUP)
#
# No XDP filter and no dataplane (-D: a port nobody holds): the lists live
# in the daemon, legs pend.
# Usage: reload.sh MEDIASECD MEDIASECCTL
# Exit 0 all passed, 1 a failure, 77 skipped (says why).
set -u

MEDIASECD=$1
CTL_BIN=$2
PORT=$(printf '0x4D53E%03X' $(($$ & 0xfff)))
. "$(dirname "$0")/daemon.sh"
daemon_dir reload

[ "$(id -u)" = 0 ] || skip "needs root (setpriv to nobody)"
needs_nobody

role_of_nobody() { as_nobody status 2>/dev/null | sed -n 's/^role //p'; }
statics() { ctl deny show | tr '\n' ' '; }

# write_conf ROLE DENY MODE [EXTRA]: nobody's role, the static deny prefix,
# the outside realm's SRTP mode, and any extra line.
write_conf() {
	cat > "$CONF" <<-CONF
	roles = { $1 = { users = [ "nobody" ]; }; };
	realms = ( { name = "carrier"; side = "outside"; mode = "$3"; media_ports = "20000-20999"; } );
	denylist = [ "$2" ];
	cert = { key_file = "$DIR/identity.key"; cert_file = "$DIR/identity.pem";
	  trust_dir = "$DIR/trusted"; };
	${4:-}
	CONF
}

# hup PATTERN: SIGHUP, then up to 5 s for the PATTERN-th reload line in the log.
RELOADS=0
hup() {
	RELOADS=$((RELOADS + 1))
	kill -HUP "$DPID"
	for _ in $(seq 50); do
		[ "$(grep -c 'audit: uid 0 reload' "$DLOG")" -ge "$RELOADS" ] && return 0
		sleep 0.1
	done
	return 1
}

write_conf monitor 203.0.113.0/25 enforce
"$MEDIASECD" -c "$CONF" -P "$PORT" -D "$((PORT + 1))" -e >"$DLOG" 2>&1 &
DPID=$!
for _ in $(seq 50); do ctl status >/dev/null 2>&1 && break; sleep 0.1; done
ctl status >/dev/null 2>&1 && pass "mediasecd up" || { fail "mediasecd did not start"; cat "$DLOG"; finish; }

# --- state the reloads must not disturb: a session, a leg, a runtime entry
ctl session add id 7 label keep >/dev/null || fail "session 7 add"
ctl leg add 70 local 203.0.113.1:20000 remote 203.0.113.10:30000 session 7 side outside \
	mode disabled >/dev/null 2>&1 && fail "disabled leg accepted under enforce" ||
	pass "outside realm is enforce: a disabled leg is refused"
printf 'inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd\n' > "$DIR/A"
ctl leg add 70 local 203.0.113.1:20000 remote 203.0.113.10:30000 session 7 side outside mode enforce \
	srtp-in AES_CM_128_HMAC_SHA1_80 key-file "$DIR/A" srtp-out AES_CM_128_HMAC_SHA1_80 \
	key-file "$DIR/A" >/dev/null && pass "session 7 with leg 70" || fail "leg 70 add"
ctl deny add 198.51.100.7/32 >/dev/null && pass "runtime deny entry" || fail "runtime deny add"
[ "$(role_of_nobody)" = monitor ] && pass "nobody is monitor" || fail "nobody: $(role_of_nobody)"
[ "$(statics)" = "203.0.113.0/25 198.51.100.7/32 " ] && pass "denylist: static + runtime" ||
	fail "denylist: $(statics)"

# --- a file with an error: refused with FILE:LINE, nothing changes
write_conf operator 203.0.113.128/25 best-effort 'syslog = { facility = "nowhere"; };'
hup || fail "no audit record for the bad reload"
grep -q "reload refused, the running configuration stays: $CONF:6: " "$DLOG" &&
	pass "bad file refused with FILE:LINE: $(grep -o 'configuration stays: .*' "$DLOG" | tail -1 | cut -c22-)" ||
	fail "bad file: $(grep reload "$DLOG")"
grep -q 'cmd="reload" .*result="Invalid argument"' "$DLOG" && pass "audit record with the refusal" ||
	fail "no audit record of the refusal"
grep -q 'type="config-change".*reload refused' "$DLOG" && pass "config-change event of the refusal" ||
	fail "no event of the refusal"
[ "$(role_of_nobody)" = monitor ] && pass "... nobody still monitor" || fail "role changed: $(role_of_nobody)"
[ "$(statics)" = "203.0.113.0/25 198.51.100.7/32 " ] && pass "... denylist unchanged" ||
	fail "denylist after bad reload: $(statics)"
as_nobody deny add 198.51.100.8/32 >/dev/null 2>&1 && fail "monitor could add" ||
	pass "... nobody (monitor) still cannot deny add"

# --- a change only a restart can make: refused, saying which
write_conf operator 203.0.113.128/25 best-effort 'limits = { legs = 4096; sessions = 1024; };'
hup || fail "no audit record for the limits reload"
grep -q "reload refused, the running configuration stays: $CONF: limits .* needs a restart" "$DLOG" &&
	pass "limits change refused: needs a restart" || fail "limits: $(grep reload "$DLOG" | tail -2)"
[ "$(role_of_nobody)" = monitor ] && pass "... nobody still monitor" || fail "role changed: $(role_of_nobody)"

write_conf operator 203.0.113.128/25 best-effort
sed -i 's/20000-20999/20000-21999/' "$CONF"
hup || fail "no audit record for the media_ports reload"
grep -q "stays: $CONF: realms: media_ports of \"carrier\" needs a restart" "$DLOG" &&
	pass "media_ports change refused: needs a restart" || fail "media_ports: $(grep reload "$DLOG" | tail -2)"

# --- a good file: static entry, role, SRTP mode, syslog change; the rest stays
write_conf operator 203.0.113.128/25 best-effort 'syslog = { ident = "msreload"; };'
hup || fail "no audit record for the good reload"
grep -q "^msreload\[$DPID\]: .*cmd=\"reload\"" "$DLOG" && pass "syslog ident changed" ||
	fail "syslog ident: $(tail -2 "$DLOG")"
grep -q "reload: $CONF applied: 1 static list entries added, 1 removed" "$DLOG" &&
	pass "good file applied" || fail "good reload: $(grep reload "$DLOG" | tail -2)"
grep -q 'cmd="reload" .*result="ok"' "$DLOG" && pass "audit record of the reload" || fail "no audit ok"
grep -q 'type="config-change".*uid 0 pid [0-9]*: reload ' "$DLOG" && pass "config-change event" ||
	fail "no config-change event"
[ "$(statics)" = "198.51.100.7/32 203.0.113.128/25 " ] &&
	pass "static entry replaced, runtime entry kept" || fail "denylist after reload: $(statics)"
[ "$(role_of_nobody)" = operator ] && pass "nobody is operator now" || fail "nobody: $(role_of_nobody)"
as_nobody deny add 198.51.100.8/32 >/dev/null && pass "... and may deny add" || fail "operator deny add"
ctl deny flush >/dev/null
[ "$(statics)" = "203.0.113.128/25 " ] && pass "flush keeps the new static entry only" ||
	fail "after flush: $(statics)"
ctl leg add 71 local 203.0.113.1:20002 remote 203.0.113.10:30002 session 7 side outside \
	mode best-effort >/dev/null && pass "outside realm best-effort now: best-effort leg accepted" ||
	fail "best-effort leg refused after reload"
ctl -j leg show 70 | grep -q '"mode":"enforce"' && ctl -j session show 7 >/dev/null &&
	pass "session 7 and leg 70 untouched" || fail "leg 70: $(ctl -j leg show 70 2>&1)"

kill -TERM "$DPID"; wait "$DPID"; rc=$?; DPID=
[ "$rc" = 0 ] && pass "mediasecd stopped cleanly" || fail "mediasecd exit $rc"
[ "$FAILS" = 0 ] || { echo "--- mediasecd log"; cat "$DLOG"; }
finish
