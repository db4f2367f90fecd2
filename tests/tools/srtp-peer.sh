#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# srtp-peer against itself, before it judges the gateway:
#
#   netns $A                          netns $B
#   srtp-peer 203.0.113.10 ──veth──── srtp-peer 203.0.113.20
#   (sends)                           (receives, checks payloads)
#
# Same key: every packet arrives and verifies. Wrong key: every packet is an
# auth failure. Tampered and replayed packets are caught. Plain RTP too.
# Usage: srtp-peer.sh SRTP_PEER. Exit 0 passed, 1 failed, 77 skipped (not root).
set -u

PEER=$1
A=ctlmedia-sp-a-$$
B=ctlmedia-sp-b-$$
DIR=$(mktemp -d /tmp/ctlmedia-sp-$$.XXXXXX)

. "$(dirname "$0")/../integration/lib.sh"

cleanup() {
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"

ip netns add "$A" && ip netns add "$B" || exit 1
ip -n "$A" link add veth0 type veth peer name veth0 netns "$B" || exit 1
ip -n "$A" addr add 203.0.113.10/24 dev veth0
ip -n "$B" addr add 203.0.113.20/24 dev veth0
ip -n "$A" link set veth0 up
ip -n "$B" link set veth0 up

# two 30-byte AES_CM_128 keys (key || salt), base64
printf 'inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd\n' > "$DIR/k1"
printf '# another\ninline:HRwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgEA|2^31\n' > "$DIR/k2"
printf 'inline:QUJD\n' > "$DIR/short"
SUITE=AES_CM_128_HMAC_SHA1_80

# run_pair SENDER_ARGS -- RECEIVER_ARGS: receiver in B, sender in A; the
# receiver's one-line result in $RES, its exit code in $RC.
run_pair() {
	local sargs=() rargs=()
	while [ "$1" != -- ]; do sargs+=("$1"); shift; done
	shift
	rargs=("$@")
	ip netns exec "$B" "$PEER" --bind 203.0.113.20:20000 "${rargs[@]}" > "$DIR/res" &
	local rpid=$!
	sleep 0.3
	ip netns exec "$A" "$PEER" --bind 203.0.113.10:20000 --to 203.0.113.20:20000 \
		--pps 500 "${sargs[@]}" > /dev/null || fail "sender ${sargs[*]}"
	wait $rpid
	RC=$?
	RES=$(cat "$DIR/res")
}

field() { echo "$RES" | sed -n "s/.* $1 \([0-9]*\).*/\1/p; s/^$1 \([0-9]*\).*/\1/p" | head -1; }

run_pair --send 100 --suite $SUITE --key-file "$DIR/k1" -- \
	--recv 100 --timeout 5 --suite $SUITE --key-file "$DIR/k1"
[ $RC = 0 ] && [ "$(field ok)" = 100 ] && [ "$(field mismatch)" = 0 ] &&
	pass "same key: 100 of 100 verified ($RES)" || fail "same key: rc $RC: $RES"

run_pair --send 50 --suite $SUITE --key-file "$DIR/k1" -- \
	--recv 50 --timeout 2 --suite $SUITE --key-file "$DIR/k2"
[ $RC = 1 ] && [ "$(field auth-fail)" = 50 ] && [ "$(field ok)" = 0 ] &&
	pass "wrong key: 50 auth failures, exit 1 ($RES)" || fail "wrong key: rc $RC: $RES"

run_pair --send 100 --tamper 10 --replay 7 --suite $SUITE --key-file "$DIR/k1" -- \
	--recv 90 --timeout 3 --suite $SUITE --key-file "$DIR/k1"
[ $RC = 0 ] && [ "$(field ok)" = 90 ] && [ "$(field auth-fail)" = 10 ] &&
	[ "$(field replay)" = 13 ] &&
	pass "tamper 1/10 and replay 1/7: 90 ok, 10 auth, 13 replays ($RES)" ||
	fail "tamper/replay: rc $RC: $RES"

# one more packet than the last replayed or tampered one: the receiver stops
# at --recv, and must have seen those first
run_pair --send 41 --plain --replay 4 -- --recv 41 --timeout 3 --plain
[ $RC = 0 ] && [ "$(field ok)" = 41 ] && [ "$(field dup)" = 10 ] &&
	pass "plain RTP: 41 verified, 10 duplicates seen ($RES)" || fail "plain: rc $RC: $RES"

run_pair --send 21 --plain --tamper 5 -- --recv 17 --timeout 2 --plain
[ $RC = 1 ] && [ "$(field mismatch)" = 4 ] &&
	pass "plain RTP altered: 4 payload mismatches, exit 1 ($RES)" || fail "mismatch: rc $RC: $RES"

OUT=$("$PEER" --bind 127.0.0.1:1 --suite $SUITE --key-file "$DIR/short" 2>&1); RC=$?
[ $RC = 1 ] && echo "$OUT" | grep -q "$DIR/short:1: key is 3 bytes" &&
	pass "short key: names file and line" || fail "short key: rc $RC: $OUT"
OUT=$("$PEER" --bind 127.0.0.1:1 --suite AES_CM_999 --key-file "$DIR/k1" 2>&1); RC=$?
[ $RC = 2 ] && echo "$OUT" | grep -q 'unknown suite "AES_CM_999"' &&
	pass "bad suite: exit 2 naming it" || fail "bad suite: rc $RC: $OUT"

finish
