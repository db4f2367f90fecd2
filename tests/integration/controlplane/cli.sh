#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# mediasecd and mediasecctl end to end, on this host's kernel:
#
#   mediasecctl (root)  ─┐
#   mediasecctl (nobody)─┼─ NETLINK_USERSOCK ──► mediasecd ──► XDP maps pinned on
#   mediasecctl monitor ◄┘   port $PORT            (temp conf)   a private bpffs
#                                                                 $MNT/mediasec
#
# mediasecd runs on a test port id (-P), never MS_NL_PORT_DAEMON, and looks
# for its dataplane on another (-D), so a real daemon or mediasec-dp on the
# host is left alone; the suite is not parallel all the same.
# Usage: cli.sh MEDIASECD MEDIASECCTL HAVE_XDP(0|1)
# Exit 0 all passed, 1 a failure, 77 skipped (says why).
set -u

MEDIASECD=$1
CTL_BIN=$2
HAVE_XDP=${3:-1}
PORT=$(printf '0x4D53D%03X' $(($$ & 0xfff)))
. "$(dirname "$0")/daemon.sh"
daemon_dir cli
MNT=$DIR/bpffs
MPID=

cleanup() {
	[ -n "$MPID" ] && kill "$MPID" 2>/dev/null && wait "$MPID" 2>/dev/null
	mountpoint -q "$MNT" 2>/dev/null && umount "$MNT"
	daemon_cleanup
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || skip "needs root (bpffs mount, XDP maps, setpriv)"
needs_nobody

PIN_DIR=
if [ "$HAVE_XDP" = 1 ]; then
	mkdir -p "$MNT"
	mount -t bpf bpf "$MNT" -o mode=0700 || skip "cannot mount a bpffs"
	PIN_DIR=$MNT/mediasec
fi

write_conf() {
	cat > "$CONF" <<-CONF
	# test configuration, written by $0
	roles = {
	  monitor = { users = [ "nobody" ]; };
	};
	realms = (
	  { name = "carrier"; side = "outside"; media_ports = "20000-20999"; }
	);
	denylist = [ "192.0.2.0/24", "2001:db8:bad::/48" ];
	allowlist = [ "10.0.0.0/8" ];
	cert = { key_file = "$DIR/state/identity.key"; cert_file = "$DIR/state/identity.pem";
	  trust_dir = "$DIR/state/trusted"; };
	CONF
	if [ -n "$PIN_DIR" ]; then
		echo "filter = { pin_dir = \"$PIN_DIR\"; };" >> "$CONF"
	fi
}

start_daemon() {
	"$MEDIASECD" -c "$CONF" -P "$PORT" -D "$((PORT + 1))" -e >"$DLOG" 2>&1 &
	DPID=$!
	for _ in $(seq 50); do
		ctl status >/dev/null 2>&1 && return 0
		kill -0 "$DPID" 2>/dev/null || break
		sleep 0.1
	done
	echo "--- mediasecd log"; cat "$DLOG"
	return 1
}

# expect_rc WANT DESCRIPTION -- COMMAND...: run, compare the exit code.
expect_rc() {
	local want=$1 what=$2 rc
	shift 3
	OUT=$("$@" 2>&1); rc=$?
	if [ "$rc" = "$want" ]; then pass "$what (exit $rc)"; else fail "$what: exit $rc, want $want: $OUT"; fi
}

# A map entry: key.prefixlen and key.addr bytes in the pinned LPM trie.
# Exit 0 present, 3 absent, anything else: the map could not be read.
map_has() {
	local map=$1 len=$2 addr=$3
	bpftool -j map dump pinned "$PIN_DIR/$map" 2>/dev/null | python3 -c '
import json, sys
want_len, want = int(sys.argv[1]), [int(x) for x in sys.argv[2].split(".")]
for e in json.load(sys.stdin):
    k = e.get("formatted", e)["key"]
    if k["prefixlen"] == want_len and [int(b) for b in k["addr"]] == want:
        sys.exit(0)
sys.exit(3)' "$len" "$addr"
}
map_lacks() { map_has "$@"; [ $? = 3 ]; }

write_conf
start_daemon || { fail "mediasecd did not come up"; exit 1; }
pass "mediasecd up on port $PORT"

# --- after start-up only CAP_IPC_LOCK (bit 14) is left, in every set
caps=$(awk '/^Cap(Inh|Prm|Eff|Bnd|Amb):|^NoNewPrivs:/ { printf "%s%s ", $1, $2 }' /proc/"$DPID"/status)
[ "$caps" = "CapInh:0000000000000000 CapPrm:0000000000004000 CapEff:0000000000004000 CapBnd:0000000000004000 CapAmb:0000000000000000 NoNewPrivs:1 " ] &&
	pass "privileges dropped after start-up" || fail "privileges after start-up: $caps"

# --- deny add / show / del / flush, and the XDP map behind them
expect_rc 0 "deny add with expiry" -- ctl deny add 198.51.100.0/24 expires 600
ctl deny show | grep -q '^198.51.100.0/24 expires [0-9]*s$' && pass "deny show lists it with its expiry" ||
	fail "deny show: $(ctl deny show 2>&1)"
ctl deny show 198.51.100.0/24 | grep -q '^198.51.100.0/24' && pass "deny show PREFIX" || fail "deny show PREFIX"
ctl deny show | grep -q '^192.0.2.0/24$' && pass "static entry from the config" || fail "static entry missing"
if [ -n "$PIN_DIR" ]; then
	map_has pf_deny4 24 198.51.100.0 && pass "entry in the pinned pf_deny4" || fail "entry not in pf_deny4"
	map_has pf_allow4 8 10.0.0.0 && pass "static allow entry in pf_allow4" || fail "allow entry not in pf_allow4"
fi
expect_rc 1 "deny add of a present entry" -- ctl deny add 198.51.100.0/24
echo "$OUT" | grep -q 'already in the denylist' && pass "... says so" || fail "duplicate: $OUT"
expect_rc 0 "deny add IPv6" -- ctl deny add 2001:db8:1::/64

ctl -j deny show > "$DIR/deny.json" && python3 -m json.tool "$DIR/deny.json" >/dev/null &&
	pass "-j deny show is JSON" || fail "-j deny show: $(cat "$DIR/deny.json")"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert any(e["prefix"]=="198.51.100.0/24" and 0<e["expires"]<=600 for e in d)' "$DIR/deny.json" &&
	pass "... with prefix and expiry" || fail "JSON content: $(cat "$DIR/deny.json")"
ctl -j status | python3 -m json.tool >/dev/null && pass "-j status is JSON" || fail "-j status"

expect_rc 0 "deny del" -- ctl deny del 198.51.100.0/24
ctl deny show | grep -q '^198.51.100.0/24' && fail "deleted entry still shown" || pass "gone from deny show"
if [ -n "$PIN_DIR" ]; then
	map_lacks pf_deny4 24 198.51.100.0 && pass "gone from pf_deny4" || fail "deleted entry still in pf_deny4"
fi
expect_rc 1 "deny del of an absent entry" -- ctl deny del 198.51.100.0/24
echo "$OUT" | grep -q 'not in the denylist' && pass "... says so" || fail "absent: $OUT"

# --- expiry: the sweep takes the entry out of the list and the map
expect_rc 0 "deny add expires 1" -- ctl deny add 198.51.100.128/25 expires 1
sleep 2.5
ctl deny show | grep -q '^198.51.100.128/25' && fail "expired entry still listed" || pass "expired entry swept"
if [ -n "$PIN_DIR" ]; then
	map_lacks pf_deny4 25 198.51.100.128 && pass "... and gone from pf_deny4" || fail "expired entry still in pf_deny4"
fi
grep -q 'type="addr-unblocked".*198.51.100.128/25 expired' "$DLOG" && pass "... with an addr-unblocked event" ||
	fail "no addr-unblocked event"

expect_rc 0 "deny flush" -- ctl deny flush
[ "$(ctl deny show)" = "$(printf '192.0.2.0/24\n2001:db8:bad::/48')" ] &&
	pass "flush keeps the static entries only" || fail "after flush: $(ctl deny show 2>&1)"

# --- strict parsing: a bad value exits 1 naming it, a bad command line 2
expect_rc 1 "bad prefix" -- ctl deny add 10.1.2.300/8
echo "$OUT" | grep -q 'invalid prefix "10.1.2.300/8"' && pass "... names it" || fail "bad prefix: $OUT"
expect_rc 1 "host bits set" -- ctl deny add 10.1.2.3/8
echo "$OUT" | grep -q 'host bits set beyond /8' && pass "... says why" || fail "host bits: $OUT"
expect_rc 1 "bad expiry" -- ctl deny add 10.0.0.0/8 expires 12x
echo "$OUT" | grep -q 'invalid expires "12x"' && pass "... names it" || fail "bad expiry: $OUT"
expect_rc 2 "unknown command" -- ctl deny frobnicate
expect_rc 2 "prefix missing" -- ctl deny add
expect_rc 2 "abbreviation refused" -- ctl deny sh
expect_rc 2 "duplicate keyword" -- ctl deny add 10.0.0.0/8 expires 1 expires 2
expect_rc 2 "unknown object" -- ctl frobnicate

# --- leg: argument errors, before anything is sent; keys from files only
K=$DIR/key.sdes
printf '# AES_CM_128: 30 bytes\ninline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd\n' > "$K"
printf '\ninline:QUJD\n' > "$DIR/short.sdes"
expect_rc 2 "leg add without local" -- ctl leg add 1
echo "$OUT" | grep -q '"local ADDR:PORT" missing' && pass "... names it" || fail "leg local: $OUT"
expect_rc 1 "leg add bad address" -- ctl leg add 1 local 203.0.113.300:20000
echo "$OUT" | grep -q 'invalid local "203.0.113.300:20000"' && pass "... names it" || fail "leg addr: $OUT"
expect_rc 1 "leg add IPv6 without brackets" -- ctl leg add 1 local fd00::1:20000
expect_rc 1 "leg add bad suite" -- ctl leg add 1 local [fd00::1]:20000 srtp-in AES_CM_129 key-file "$K"
echo "$OUT" | grep -q 'invalid suite "AES_CM_129"' && pass "... names it" || fail "leg suite: $OUT"
expect_rc 2 "srtp-in without key-file" -- ctl leg add 1 local 203.0.113.1:20000 srtp-in AES_CM_128_HMAC_SHA1_80
expect_rc 2 "key on the command line refused" -- ctl leg add 1 local 203.0.113.1:20000 \
	srtp-in AES_CM_128_HMAC_SHA1_80 inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd
expect_rc 1 "key of the wrong length" -- ctl leg add 1 local 203.0.113.1:20000 \
	srtp-in AES_256_CM_HMAC_SHA1_80 key-file "$K"
echo "$OUT" | grep -q "^mediasecctl: leg add: $K:2: key is 30 bytes, AES_256_CM_HMAC_SHA1_80 needs 46" &&
	pass "... names file and line" || fail "key length: $OUT"
expect_rc 1 "short key from stdin" -- ctl leg set 1 srtp-out AES_CM_128_HMAC_SHA1_80 key-file - \
	< "$DIR/short.sdes"
echo "$OUT" | grep -q "<stdin>:2: key is 3 bytes" && pass "... names stdin and line" || fail "stdin: $OUT"
echo "$OUT" | grep -q "QUJD" && fail "key text echoed: $OUT" || pass "... without echoing the key"
expect_rc 1 "missing key file" -- ctl leg add 1 local 203.0.113.1:20000 \
	srtp-in AES_CM_128_HMAC_SHA1_80 key-file "$DIR/none"
echo "$OUT" | grep -q "$DIR/none: No such file" && pass "... names it" || fail "no file: $OUT"
expect_rc 2 "leg set with nothing to set" -- ctl leg set 1
expect_rc 2 "leg del without ID" -- ctl leg del
expect_rc 2 "leg duplicate keyword" -- ctl leg add 1 local 203.0.113.1:20000 latch latch
expect_rc 1 "leg bad replay window" -- ctl leg add 1 local 203.0.113.1:20000 \
	srtp-in AES_CM_128_HMAC_SHA1_80 key-file "$K" replay-window 10
# in a netns of its own: a mediasec-dp on this host must not answer
expect_rc 1 "-D: nothing at the dataplane's port" -- unshare -n "$CTL_BIN" -D leg show
echo "$OUT" | grep -q "mediasec-dp is not running" && pass "... says so" || fail "-D: $OUT"

# --- roles from kernel credentials, refusals as events
# Not through ctl(): $! of a backgrounded function is a subshell, and
# killing it would leave mediasecctl running.
"$CTL_BIN" -P "$PORT" monitor > "$DIR/monitor.out" 2>&1 &
MPID=$!
expect_rc 1 "nobody (monitor) may not deny add" -- as_nobody deny add 203.0.113.0/24
echo "$OUT" | grep -q 'permission denied' && pass "... permission denied" || fail "refusal: $OUT"
expect_rc 0 "nobody (monitor) may read status" -- as_nobody status
echo "$OUT" | grep -q '^role monitor$' && pass "... and is told its role" || fail "status as nobody: $OUT"
expect_rc 0 "nobody may show the denylist" -- as_nobody deny show
expect_rc 1 "nobody may not allow add" -- as_nobody allow add 203.0.113.0/24
expect_rc 0 "root (admin) may allow add" -- ctl allow add 2001:db8:600d::/48
ctl allow show | grep -q '^2001:db8:600d::/48$' && pass "allow show lists it" || fail "allow show"
expect_rc 0 "allow flush" -- ctl allow flush
[ "$(ctl allow show)" = "10.0.0.0/8" ] && pass "allow flush keeps the static entry" || fail "allow flush"
refused_deny='request-refused warning: uid 65534 .*refused deny-add: needs operator'
for _ in $(seq 30); do
	grep -q "$refused_deny" "$DIR/monitor.out" && break
	# the monitor may have subscribed after the refusal: refuse again
	as_nobody deny add 203.0.113.0/24 >/dev/null 2>&1
	sleep 0.1
done
grep -q "$refused_deny" "$DIR/monitor.out" &&
	pass "the refusal reached the monitor" || fail "monitor saw: $(cat "$DIR/monitor.out")"
grep -q 'ms-audit@32473 uid="65534".*cmd="deny-add".*result="Operation not permitted"' "$DLOG" &&
	pass "the refusal is audited" || fail "no audit record of the refusal"
grep -q 'ms-audit@32473 uid="0".*cmd="deny-add" object="198.51.100.0/24" result="ok"' "$DLOG" &&
	pass "changes are audited" || fail "no audit record of deny add"
kill "$MPID"; wait "$MPID" 2>/dev/null; MPID=

# --- policy show|set: the daemon's SRTP policy, its floors enforced on new legs
expect_rc 0 "policy show" -- ctl policy show
echo "$OUT" | grep -q '^untrusted enforce$' && echo "$OUT" | grep -q '^trusted best-effort$' &&
	echo "$OUT" | grep -q '^replay-window 128$' && echo "$OUT" | grep -q '^emergency-bypass off$' &&
	pass "... the defaults, with set's words" || fail "policy show: $OUT"
ctl -j policy > "$DIR/policy.json" && python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
assert p["untrusted"] == "enforce" and p["trusted"] == "best-effort", p
assert p["emergency_bypass"] is False and p["replay_window"] == 128, p
assert "AEAD_AES_128_GCM" in p["suites"] and "NULL_HMAC_SHA1_80" not in p["suites"], p' "$DIR/policy.json" &&
	pass "-j policy parses, with its values" || fail "-j policy: $(cat "$DIR/policy.json")"
expect_rc 0 "policy set trusted enforce, suites, replay-window" -- \
	ctl policy set trusted enforce suites AEAD_AES_128_GCM,AES_CM_128_HMAC_SHA1_80 replay-window 256
[ "$(ctl policy show)" = "$(printf '%s\n' 'untrusted enforce' 'trusted enforce' \
	'suites AES_CM_128_HMAC_SHA1_80,AEAD_AES_128_GCM' 'emergency-bypass off' 'replay-window 256' \
	'deny-threshold 10' 'deny-window 60' 'deny-time 600' 'deny-time-max 86400')" ] &&
	pass "... policy show has them, the rest untouched" || fail "after set: $(ctl policy show 2>&1)"
expect_rc 0 "session for a leg under the new floor" -- ctl session add id 5 label policy-test
expect_rc 1 "a best-effort inside leg under a trusted enforce floor" -- \
	ctl leg add 5 local 203.0.113.1:20000 side inside mode best-effort
echo "$OUT" | grep -q "MS_LEG_A_MODE: best-effort is weaker than the inside side's enforce" &&
	pass "... refused by the daemon, saying why" || fail "weak leg: $OUT"
expect_rc 1 "policy set of a conf-only attribute" -- ctl policy set tls-level high
[ "$OUT" = "mediasecctl: policy set: MS_POLICY_A_TLS_LEVEL: set in mediasec.conf, not at run time" ] &&
	pass "... the daemon's text" || fail "tls-level: $OUT"
expect_rc 2 "policy set unknown word" -- ctl policy set trusted enforce frobnicate on
echo "$OUT" | grep -q 'policy set: unknown argument "frobnicate"' && pass "... names it" || fail "bad word: $OUT"
expect_rc 2 "policy set with nothing to set" -- ctl policy set
expect_rc 2 "policy set duplicate keyword" -- ctl policy set trusted enforce trusted disabled
expect_rc 1 "policy set bad mode" -- ctl policy set untrusted weak
echo "$OUT" | grep -q 'invalid untrusted "weak"' && pass "... names it" || fail "bad mode: $OUT"
expect_rc 1 "policy set suite given twice" -- ctl policy set suites AEAD_AES_128_GCM,AEAD_AES_128_GCM
expect_rc 1 "policy set bad replay window" -- ctl policy set replay-window 10
echo "$OUT" | grep -q 'invalid replay-window "10": expected 64..' && pass "... names it" || fail "window: $OUT"
expect_rc 0 "nobody (monitor) may show the policy" -- as_nobody policy show
expect_rc 1 "nobody (monitor) may not set it" -- as_nobody policy set trusted disabled
echo "$OUT" | grep -q 'permission denied: needs role admin' && pass "... needs admin" || fail "nobody set: $OUT"
ctl policy show | grep -q '^trusted enforce$' && pass "refusals left the policy as it was" ||
	fail "policy after refusals: $(ctl policy show 2>&1)"
expect_rc 0 "policy set back, emergency bypass on" -- ctl policy set trusted best-effort emergency-bypass on
ctl -j policy | python3 -c 'import json,sys; p=json.load(sys.stdin); assert p["trusted"]=="best-effort" and p["emergency_bypass"] is True' &&
	pass "... shown in -j" || fail "policy after set back: $(ctl -j policy 2>&1)"
expect_rc 0 "the same leg now accepted" -- ctl leg add 5 local 203.0.113.1:20000 side inside mode best-effort
expect_rc 0 "session del" -- ctl session del 5

expect_rc 0 "deny add before a restart" -- ctl deny add 203.0.113.0/24 expires 600

# --- SIGTERM: a clean stop, with the pins left for the next start
kill -TERM "$DPID"
for _ in $(seq 50); do kill -0 "$DPID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$DPID" 2>/dev/null; then
	fail "mediasecd still running 5 s after SIGTERM"
else
	wait "$DPID"; rc=$?; DPID=
	[ "$rc" = 0 ] && pass "SIGTERM: exit 0" || fail "SIGTERM: exit $rc"
	grep -q 'mediasecd stopped' "$DLOG" && pass "... after tearing down" || fail "no teardown log"
fi
expect_rc 1 "mediasecctl without a daemon" -- ctl status
echo "$OUT" | grep -q 'mediasecd is not running' && pass "... says so" || fail "no daemon: $OUT"

if [ -n "$PIN_DIR" ]; then
	start_daemon && pass "mediasecd restarted on the same pins" || fail "restart"
	ctl deny show | grep -q '^203.0.113.0/24 expires [0-9]*s$' &&
		pass "a block survives the restart (adopted from the map)" ||
		fail "after restart: $(ctl deny show 2>&1)"
	ctl -s deny show | grep -q '^192.0.2.0/24 expires never hits 0$' &&
		pass "-s shows hits from the map" || fail "-s: $(ctl -s deny show 2>&1)"
	# SIGHUP: a static entry changed in the file changes in the map; blocks stay
	sed -i 's|"192.0.2.0/24", |"192.0.2.0/25", |' "$CONF"
	kill -HUP "$DPID"
	for _ in $(seq 50); do grep -q "reload: .* applied" "$DLOG" && break; sleep 0.1; done
	map_has pf_deny4 25 192.0.2.0 && map_lacks pf_deny4 24 192.0.2.0 &&
		pass "reload: the static entry replaced in pf_deny4" ||
		fail "reload: pf_deny4 $(grep reload "$DLOG")"
	map_has pf_deny4 24 203.0.113.0 && pass "... the runtime block kept there" ||
		fail "reload dropped the runtime block"
	kill -TERM "$DPID"; wait "$DPID"; rc=$?; DPID=
	[ "$rc" = 0 ] && pass "second SIGTERM: exit 0" || fail "second SIGTERM: exit $rc"
fi

# --- a configuration error names the file and line, and the daemon exits 1
printf 'roles = { admin = { users = [ "root" ]; }; };\ndenylist = [ "192.0.2.0/24",\n  "192.0.2.1/24" ];\n' > "$CONF"
expect_rc 1 "config error" -- "$MEDIASECD" -c "$CONF" -P "$PORT"
echo "$OUT" | grep -q "^mediasecd: $CONF:3: denylist: \"192.0.2.1/24\": address has host bits set beyond /24$" &&
	pass "... names file and line" || fail "config error: $OUT"
printf 'realms = ( { name = "a"; side = "sideways"; } );\n' > "$CONF"
expect_rc 1 "config error in a realm" -- "$MEDIASECD" -c "$CONF" -P "$PORT"
echo "$OUT" | grep -q "$CONF:1: side: expected" && pass "... names file and line" || fail "realm error: $OUT"
printf 'roles = {\n  admin = = 1;\n};\n' > "$CONF"
expect_rc 1 "syntax error" -- "$MEDIASECD" -c "$CONF" -P "$PORT"
echo "$OUT" | grep -q "$CONF:2: syntax error" && pass "... names file and line" || fail "syntax error: $OUT"

finish
