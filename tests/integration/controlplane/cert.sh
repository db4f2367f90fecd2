#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Certificates end to end: mediasecd's identity and TCS through mediasecctl,
# and mediasecctl's local check.
#
#   mediasecctl (root)   ─┐                              $DIR/state/identity.{key,pem}
#   mediasecctl (nobody) ─┴─ NETLINK_USERSOCK ──► mediasecd ──► $DIR/state/trusted/
#   mediasecctl cert check FILE ──► cp_cert (no daemon)   ▲
#   test PKI: root CA, a leaf it signs, a stranger ───────┘ (openssl(1), here only)
#
# Usage: cert.sh MEDIASECD MEDIASECCTL
# Exit 0 all passed, 1 a failure, 77 skipped (says why).
set -u

MEDIASECD=$1
CTL_BIN=$2
PORT=$(printf '0x4D53C%03X' $(($$ & 0xfff)))
. "$(dirname "$0")/daemon.sh"
daemon_dir cert
STATE=$DIR/state
PKI=$DIR/pki

[ "$(id -u)" = 0 ] || skip "needs root (setpriv to user nobody)"
needs_nobody
command -v openssl >/dev/null || skip "openssl(1) makes the test PKI: apt-get install openssl"

expect_rc() {
	local want=$1 what=$2 rc
	shift 3
	OUT=$("$@" 2>&1); rc=$?
	if [ "$rc" = "$want" ]; then pass "$what (exit $rc)"; else fail "$what: exit $rc, want $want: $OUT"; fi
}

# --- the test PKI: a root CA, a leaf it signs for sip.example.com, a stranger
mkdir -p "$PKI"
(
	cd "$PKI" || exit 1
	ec="-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
	openssl req -x509 $ec -keyout ca.key -out ca.pem -days 30 -subj "/CN=Test Root" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" &&
	openssl req $ec -keyout leaf.key -out leaf.csr -subj "/CN=sip.example.com" &&
	printf '%s\n' "keyUsage=digitalSignature" "extendedKeyUsage=serverAuth,clientAuth" \
		"subjectAltName=DNS:sip.example.com" > leaf.ext &&
	openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 20 \
		-extfile leaf.ext -out leaf.pem &&
	openssl req -x509 $ec -keyout stranger.key -out stranger.pem -days 30 \
		-subj "/CN=stranger" -addext "subjectAltName=DNS:sip.example.com" \
		-addext "keyUsage=digitalSignature"
) >"$DIR/pki.log" 2>&1 || { cat "$DIR/pki.log"; fail "test PKI"; exit 1; }

cat > "$CONF" <<CONF
roles = { monitor = { users = [ "nobody" ]; }; };
cert = {
  key_file = "$STATE/identity.key";
  cert_file = "$STATE/identity.pem";
  trust_dir = "$STATE/trusted";
  subject = "CN=gw.example.com,O=mediasec test";
  sans = [ "DNS:gw.example.com", "IP:198.51.100.1" ];
  check = { trunk = "medium-remote"; management = "high"; };
};
CONF

"$MEDIASECD" -c "$CONF" -P "$PORT" -e >"$DLOG" 2>&1 &
DPID=$!
for _ in $(seq 50); do
	ctl status >/dev/null 2>&1 && break
	kill -0 "$DPID" 2>/dev/null || break
	sleep 0.1
done
ctl status >/dev/null 2>&1 || { cat "$DLOG"; fail "mediasecd did not come up"; exit 1; }
pass "mediasecd up on port $PORT with a fresh state dir"

# --- the identity, generated at the first start
[ -s "$STATE/identity.pem" ] && pass "identity certificate written" || fail "no $STATE/identity.pem"
[ "$(stat -c %a "$STATE/identity.key" 2>/dev/null)" = 600 ] && pass "identity key is 0600" ||
	fail "identity key mode: $(stat -c %a "$STATE/identity.key" 2>&1)"
ctl -j cert show > "$DIR/show.json" && python3 - "$DIR/show.json" <<'PY' && pass "cert show -j: subject, SANs, fingerprint, not-after" || fail "cert show -j: $(cat "$DIR/show.json")"
import json, sys, time
c = json.load(open(sys.argv[1]))[0]
assert c["subject"] == "CN=gw.example.com,O=mediasec test", c
assert c["sans"] == ["DNS:gw.example.com", "IP:198.51.100.1"], c
assert c["key_type"] == "ecdsa-p256", c
assert len(c["fingerprint"].split(":")) == 32, c
days = (c["not_after"] - c["not_before"]) / 86400
assert days == 825, days
assert c["not_before"] < time.time() < c["not_after"], c
PY
FP=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["fingerprint"])' "$DIR/show.json")
WANT=$(openssl x509 -in "$STATE/identity.pem" -noout -fingerprint -sha256 | cut -d= -f2)
[ "$FP" = "$WANT" ] && pass "the fingerprint is the SHA-256 of the file's certificate" ||
	fail "fingerprint $FP, openssl says $WANT"
NA=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["not_after"])' "$DIR/show.json")
ctl -j status | python3 -c 'import json,sys; assert json.load(sys.stdin)["cert_not_after"] == int(sys.argv[1])' "$NA" &&
	pass "status carries the identity's not-after" || fail "status: $(ctl -j status 2>&1)"
grep -q "identity certificate generated" "$DLOG" && pass "... and the generation is logged" ||
	fail "no generation log"

# --- the TCS: add, list, refuse a duplicate, delete
expect_rc 0 "trust add of a CA file" -- ctl cert trust add "$PKI/ca.pem"
expect_rc 1 "trust add again" -- ctl cert trust add "$PKI/ca.pem"
echo "$OUT" | grep -q 'CN=Test Root is already in the TCS' && pass "... says so" || fail "duplicate: $OUT"
ctl cert trust list | grep -q '^subject CN=Test Root$' && pass "trust list shows it" ||
	fail "trust list: $(ctl cert trust list 2>&1)"
CAFP=$(openssl x509 -in "$PKI/ca.pem" -noout -fingerprint -sha256 | cut -d= -f2)
ctl -j cert trust list | python3 -c 'import json,sys; l=json.load(sys.stdin); assert [e["fingerprint"] for e in l] == [sys.argv[1]], l' "$CAFP" &&
	pass "trust list -j: exactly that fingerprint" || fail "trust list -j: $(ctl -j cert trust list 2>&1)"
[ "$(ls "$STATE/trusted" | wc -l)" = 1 ] && pass "one file in the trust dir" || fail "trust dir: $(ls "$STATE/trusted")"
expect_rc 0 "nobody (monitor) may list the TCS" -- as_nobody cert trust list

# --- checks: the daemon's (configured level per class) and the local one
expect_rc 0 "local check: leaf chains to the TCS at medium" -- \
	ctl cert check "$PKI/leaf.pem" trust "$STATE/trusted"
echo "$OUT" | grep -q '^accepted at level medium for trunk$' && pass "... prints the verdict" || fail "verdict: $OUT"
expect_rc 0 "local check: medium-remote with the right host" -- \
	ctl cert check "$PKI/leaf.pem" level medium-remote host sip.example.com trust "$STATE/trusted"
expect_rc 1 "local check: medium-remote with another host" -- \
	ctl cert check "$PKI/leaf.pem" level medium-remote host other.example.com trust "$STATE/trusted"
echo "$OUT" | grep -q 'no SAN matches the host: other.example.com' && pass "... says why" || fail "host: $OUT"
expect_rc 1 "local check: high wants the leaf pinned" -- \
	ctl cert check "$PKI/leaf.pem" level high trust "$STATE/trusted"
echo "$OUT" | grep -q 'refused at level high for trunk: not in the TCS' && pass "... says why" || fail "high: $OUT"
expect_rc 1 "local check: a stranger is refused" -- \
	ctl -j cert check "$PKI/stranger.pem" trust "$STATE/trusted"
echo "$OUT" | python3 -c 'import json,sys; v=json.load(sys.stdin); assert v["verdict"]=="refused" and v["reason"]=="no trust chain to the TCS", v' &&
	pass "... -j gives verdict and reason" || fail "stranger -j: $OUT"
expect_rc 0 "local check at none accepts the stranger (in date)" -- \
	ctl cert check "$PKI/stranger.pem" level none
printf 'not a certificate\n' > "$DIR/garbage.pem"
expect_rc 1 "local check of garbage" -- ctl cert check "$DIR/garbage.pem"
echo "$OUT" | grep -q 'invalid file ".*garbage.pem": neither PEM, DER nor PKCS#12' && pass "... names it" ||
	fail "garbage: $OUT"

expect_rc 0 "daemon check: trunk (medium-remote), right host" -- \
	ctl cert check "$PKI/leaf.pem" daemon purpose trunk host sip.example.com
echo "$OUT" | grep -q '^accepted by mediasecd for trunk$' && pass "... prints the verdict" || fail "daemon: $OUT"
expect_rc 1 "daemon check: trunk (medium-remote), wrong host" -- \
	ctl cert check "$PKI/leaf.pem" daemon purpose trunk host other.example.com
echo "$OUT" | grep -q 'refused at level medium-remote for trunk: no SAN matches the host' &&
	pass "... says why" || fail "daemon wrong host: $OUT"
expect_rc 1 "daemon check: management (high) wants it pinned" -- \
	ctl cert check "$PKI/leaf.pem" daemon purpose management
echo "$OUT" | grep -q 'refused at level high for management: not in the TCS' && pass "... says why" ||
	fail "daemon high: $OUT"
expect_rc 0 "nobody (monitor) may ask the daemon for a check" -- \
	as_nobody cert check "$PKI/leaf.pem" daemon purpose endpoint

expect_rc 0 "trust del by fingerprint" -- ctl cert trust del "$CAFP"
[ -z "$(ctl cert trust list)" ] && pass "the TCS is empty again" || fail "after del: $(ctl cert trust list 2>&1)"
[ -z "$(ls "$STATE/trusted")" ] && pass "... and so is the trust dir" || fail "trust dir: $(ls "$STATE/trusted")"
expect_rc 1 "trust del again" -- ctl cert trust del "$CAFP"
echo "$OUT" | grep -q 'not in the TCS' && pass "... says so" || fail "absent: $OUT"

# --- roles: changes are admin only, with a clear error
expect_rc 1 "nobody (monitor) may not cert generate" -- as_nobody cert generate
echo "$OUT" | grep -q 'MS_CMD_CERT_GENERATE: permission denied: needs role admin, uid 65534 has monitor' &&
	pass "... permission denied, naming the role" || fail "refusal: $OUT"
expect_rc 1 "nobody may not trust add" -- as_nobody cert trust add "$PKI/ca.pem"

# --- generate, CSR, import
expect_rc 0 "cert generate rsa-2048 for 30 days" -- ctl cert generate key-type rsa-2048 days 30
ctl cert show | grep -q '^  key rsa-2048$' && pass "... the new identity is RSA-2048" || fail "show: $(ctl cert show 2>&1)"
for _ in $(seq 50); do	# the watch runs on the daemon's next tick
	grep -q 'type="cert-expiring"' "$DLOG" && break
	sleep 0.1
done
# 30 days from now - 24 h: 29 days less the seconds the walk came later
grep -Eq 'type="cert-expiring" severity="err".*expires in (28|29) days' "$DLOG" &&
	pass "... and the expiry watch raised its 60-day event" || fail "no cert-expiring event"
expect_rc 1 "cert generate with a bad SAN" -- ctl cert generate san FOO:bar
echo "$OUT" | grep -q 'SAN "FOO:bar": expected DNS:NAME, IP:ADDRESS or URI:URI' && pass "... names it" ||
	fail "bad SAN: $OUT"
expect_rc 0 "cert csr with a new key" -- ctl cert csr subject CN=gw.example.com san DNS:gw.example.com \
	key-type ecdsa-p256 out "$DIR/req.pem"
openssl req -in "$DIR/req.pem" -noout -verify >/dev/null 2>&1 && pass "... a valid PKCS#10" || fail "CSR invalid"
(cd "$PKI" && openssl x509 -req -in "$DIR/req.pem" -CA ca.pem -CAkey ca.key -days 10 \
	-copy_extensions copy -out "$DIR/signed.pem") >/dev/null 2>&1
cat "$DIR/signed.pem" "$PKI/ca.pem" > "$DIR/chain.pem"
expect_rc 1 "import of a certificate for another key" -- ctl cert import "$PKI/leaf.pem"
echo "$OUT" | grep -q 'matches neither our key' && pass "... says so" || fail "foreign import: $OUT"
expect_rc 0 "import of the signed CSR with its chain" -- ctl cert import "$DIR/chain.pem"
[ "$(ctl -j cert show | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 2 ] &&
	pass "cert show lists the certificate and its chain" || fail "show: $(ctl cert show 2>&1)"
openssl pkcs12 -export -in "$PKI/leaf.pem" -inkey "$PKI/leaf.key" -passout pass:s3cret \
	-out "$DIR/id.p12" 2>/dev/null
echo wrong > "$DIR/pw"
expect_rc 1 "PKCS#12 with a wrong password" -- ctl cert import "$DIR/id.p12" password-file "$DIR/pw"
echo "$OUT" | grep -q 'MS_CERT_A_PASSWORD: wrong PKCS#12 password' && pass "... says so" || fail "p12: $OUT"
echo s3cret > "$DIR/pw"
expect_rc 0 "PKCS#12 with the password" -- ctl cert import "$DIR/id.p12" password-file "$DIR/pw"
ctl cert show | grep -q '^subject CN=sip.example.com$' && pass "... is the identity now" || fail "after p12"
grep -q 's3cret' "$DLOG" && fail "the password reached the log" || pass "the password is not logged"

FP=$(ctl -j cert show | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["fingerprint"])')
kill -TERM "$DPID"; wait "$DPID"; rc=$?; DPID=
[ "$rc" = 0 ] && pass "SIGTERM: exit 0" || fail "SIGTERM: exit $rc"

# --- a restart loads the identity instead of making a new one
"$MEDIASECD" -c "$CONF" -P "$PORT" -e >>"$DLOG" 2>&1 &
DPID=$!
for _ in $(seq 50); do ctl status >/dev/null 2>&1 && break; sleep 0.1; done
[ "$(ctl -j cert show | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["fingerprint"])')" = "$FP" ] &&
	pass "restart: the imported identity is loaded" || fail "restart: $(ctl cert show 2>&1)"
[ "$(grep -c 'identity certificate generated' "$DLOG")" = 1 ] && pass "... and nothing generated" ||
	fail "generated again on restart"
kill -TERM "$DPID"; wait "$DPID"; DPID=
printf 'garbage\n' > "$STATE/identity.pem"
expect_rc 1 "an unreadable identity stops the start" -- "$MEDIASECD" -c "$CONF" -P "$PORT"
echo "$OUT" | grep -q 'identity.pem: not a certificate matching the key in' && pass "... naming the file" ||
	fail "bad identity: $OUT"

[ "$FAILS" = 0 ] || { echo "--- mediasecd log"; cat "$DLOG"; }
finish
