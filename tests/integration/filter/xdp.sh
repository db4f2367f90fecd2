#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The XDP filter on a real interface, driven by mediasecd and mediasecctl:
#
#   netns $P-src                              netns $P-gw
#   udp_seq.py send ─ src0 ═══ veth ═══ gw0 ─[XDP]─► udp_seq.py listen :20000, :5000
#   198.51.100.10  clean                    198.51.100.1   fd00::1
#   198.51.100.11  denied at run time       mediasecd: filter { interface = gw0;
#   198.51.100.12  denied in the config       pin_dir = a private bpffs }
#   198.51.100.13  denied across restarts   mediasecctl deny add|del|show
#   (and fd00::10-13 alike)                 pf-stats: the pinned pf_stats map
#
# Checks: (a) media from a clean source arrives; (b) a denylisted source is
# dropped by XDP and counted as denylisted, IPv4 and IPv6; (c) deny add
# takes effect within 100 ms of the command returning, deny del restores;
# (d) with mediasecd stopped (SIGTERM) or killed (SIGKILL) the attached
# program and pinned maps still drop, and the restarted daemon lists the
# entry; (e) closed ports are dropped with their reason. Topology:
# scripts/netns-pair.sh.
# Usage: xdp.sh MEDIASECD MEDIASECCTL PF_STATS
# Exit 0 all passed, 1 a failure, 77 skipped (says why).
set -u

MEDIASECD=$1
CTL_BIN=$2
PF_STATS=$3
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../../.." && pwd)
P=msxdp$$
DIR=$(mktemp -d /tmp/mediasec-xdp-$$.XXXXXX)
MNT=$DIR/bpffs
PIN=$MNT/mediasec
DLOG=$DIR/mediasecd.log
MEDIA=20000		# media port with a pinhole: open
NOLEG=20002		# media port without a pinhole
CLOSED=5000		# in no realm
LPIDS=

. "$TOP/scripts/netns-pair.sh"
. "$HERE/../lib.sh"

cleanup() {
	[ -n "$LPIDS" ] && kill $LPIDS 2>/dev/null
	pair_down
	wait 2>/dev/null
	mountpoint -q "$MNT" 2>/dev/null && umount "$MNT"
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

[ "$(id -u)" = 0 ] || skip "needs root (namespaces, bpffs, XDP)"
command -v bpftool >/dev/null || skip "bpftool missing (scripts/install-deps.sh)"
command -v python3 >/dev/null || skip "python3 missing (scripts/install-deps.sh)"

pair_up "$P" || { echo "FAIL topology"; exit 1; }
mkdir -p "$MNT"
mount -t bpf bpf "$MNT" -o mode=0700 || skip "cannot mount a bpffs"

gw() { ip netns exec "$PAIR_GW" "$@"; }
ctl() { gw "$CTL_BIN" "$@"; }

# Static neighbours on the sender's side: the NS of a denylisted IPv6 source
# is itself dropped, and then its UDP would never leave the sender at all.
ip -n "$PAIR_SRC" neigh replace "$PAIR_GW_ADDR4" lladdr "$PAIR_GW_MAC" dev src0 nud permanent
ip -n "$PAIR_SRC" neigh replace "$PAIR_GW_ADDR6" lladdr "$PAIR_GW_MAC" dev src0 nud permanent

pair_mediasecd_conf "$DIR/mediasec.conf" "$DIR" "$PIN" 198.51.100.12 fd00::12
start_daemon() { pair_mediasecd_start "$MEDIASECD" "$CTL_BIN" "$DIR/mediasec.conf" "$DLOG"; }

# One listener per port, on both gateway addresses; output: "NS SRC SEQ".
listen() {
	ip netns exec "$PAIR_GW" python3 -u "$HERE/udp_seq.py" listen "$1" "$PAIR_GW_ADDR4" "$PAIR_GW_ADDR6" >"$DIR/rx.$1" &
	LPIDS="$LPIDS $!"
}
# send SRC PORT PPS SECONDS: to the gateway address of SRC's family; prints the count.
send() {
	local dst=$PAIR_GW_ADDR4

	case $1 in *:*) dst=$PAIR_GW_ADDR6 ;; esac
	ip netns exec "$PAIR_SRC" python3 "$HERE/udp_seq.py" send "$1" "$dst" "$2" "$3" "$4"
}
# received SRC PORT: packets from SRC the listener on PORT has written.
received() { awk -v s="$1" '$2 == s { n++ } END { print n + 0 }' "$DIR/rx.$2"; }
# counter NAME: "drop NAME" packets in the pinned pf_stats (0 when absent).
counter() { "$PF_STATS" "$PIN" | awk -v r="$1" '$1 == "drop" && $2 == r { n = $3 } END { print n + 0 }'; }

# blocked SRC PORT REASON WHAT: 200 packets from SRC, none may arrive and
# every one must be counted under REASON.
blocked() {
	local src=$1 port=$2 reason=$3 what=$4 before rx sent delta

	before=$(counter "$reason")
	rx=$(received "$src" "$port")
	sent=$(send "$src" "$port" 1000 0.2)
	sleep 0.2
	delta=$(( $(counter "$reason") - before ))
	rx=$(( $(received "$src" "$port") - rx ))
	if [ "$rx" = 0 ] && [ "$delta" = "$sent" ]; then
		pass "$what: $sent of $sent dropped as $reason, none arrived"
	else
		fail "$what: sent $sent, arrived $rx, counted $reason $delta"
	fi
}

# arrives SRC PORT WHAT: 200 packets from SRC, all must arrive.
arrives() {
	local src=$1 port=$2 what=$3 rx sent

	rx=$(received "$src" "$port")
	sent=$(send "$src" "$port" 1000 0.2)
	sleep 0.2
	rx=$(( $(received "$src" "$port") - rx ))
	[ "$rx" = "$sent" ] && [ "$sent" -gt 0 ] && pass "$what: $rx of $sent arrived" ||
		fail "$what: $rx of $sent arrived"
}

start_daemon && pass "mediasecd up with the filter on gw0" ||
	{ fail "mediasecd did not come up"; cat "$DLOG"; finish; }
grep -q 'XDP filter attached to gw0 (native mode)' "$DLOG" && pass "attached in native mode" ||
	fail "not attached natively: $(grep -i xdp "$DLOG")"

# A latching leg on port $MEDIA: mediasecd opens its pinhole to any source,
# and keeps it across the restarts below.
# The realm enforces SRTP: the leg gets a random key (30 bytes: key + salt).
echo "inline:$(openssl rand -base64 30)" > "$DIR/leg.key"
add_leg() {
	ctl session add id 1 label xdp >/dev/null &&
		ctl leg add 1 session 1 side outside local 198.51.100.1:$MEDIA latch \
			srtp-in AES_CM_128_HMAC_SHA1_80 key-file "$DIR/leg.key" \
			srtp-out AES_CM_128_HMAC_SHA1_80 key-file "$DIR/leg.key" mode enforce >/dev/null ||
		fail "session/leg add for the pinhole on $MEDIA"
}
add_leg

listen $MEDIA
listen $NOLEG
listen $CLOSED
for _ in $(seq 50); do
	[ "$(cat "$DIR"/rx.* | grep -c '^listening')" = 3 ] && break
	sleep 0.1
done

# --- (a) and (b): clean sources arrive, configured denylist entries drop
for src in 198.51.100.10 fd00::10; do
	arrives "$src" $MEDIA "(a) media from clean $src"
done
for src in 198.51.100.12 fd00::12; do
	blocked "$src" $MEDIA denylisted "(b) media from config-denied $src"
done

# --- (e) closed ports, from a clean source
for src in 198.51.100.10 fd00::10; do
	blocked "$src" $CLOSED filtered "(e) $src to closed port $CLOSED"
	blocked "$src" $NOLEG no-leg "(e) $src to media port $NOLEG without a leg"
done

# --- (c) deny add under a 1000 pps stream: the last packet to arrive from
# the source must precede the command's return by less than 100 ms.
for src in 198.51.100.11 fd00::11; do
	before=$(counter denylisted)
	send "$src" $MEDIA 1000 3 >"$DIR/sent" &
	spid=$!
	for _ in $(seq 100); do	# the stream flows: 300 packets in
		[ "$(received "$src" $MEDIA)" -ge 300 ] && break
		sleep 0.05
	done
	t_call=$(date +%s%N)
	t_ret=$(gw sh -c "'$CTL_BIN' deny add $src >/dev/null && date +%s%N") || fail "deny add $src"
	wait $spid
	sleep 0.2
	sent=$(cat "$DIR/sent")
	rx=$(received "$src" $MEDIA)
	last=$(awk -v s="$src" '$2 == s { t = $1 } END { print t == "" ? 0 : t }' "$DIR/rx.$MEDIA")
	lag_ms=$(( (last - t_ret) / 1000000 ))	# negative: blocked before the return
	call_ms=$(( (t_ret - t_call) / 1000000 ))
	delta=$(( $(counter denylisted) - before ))
	if [ "$rx" -gt 300 ] && [ "$delta" -gt 300 ] && [ $((rx + delta)) = "$sent" ] &&
	   [ "$lag_ms" -lt 100 ]; then
		pass "(c) deny add $src (${call_ms} ms): last packet ${lag_ms} ms after it returned; $rx arrived, $delta dropped of $sent"
	else
		fail "(c) deny add $src (${call_ms} ms): last packet ${lag_ms} ms after it returned; arrived $rx, dropped $delta, sent $sent"
	fi
	ctl deny del "$src" >/dev/null || fail "deny del $src"
	arrives "$src" $MEDIA "(c) after deny del $src"
done

# --- (d) the pinned program and maps drop while mediasecd is down; the
# restarted daemon lists the entry from the pinned map.
ctl deny add 198.51.100.13 >/dev/null && ctl deny add fd00::13 >/dev/null || fail "deny add for the restarts"
for sig in TERM KILL; do
	kill -$sig "$PAIR_MEDIASECD_PID"
	wait "$PAIR_MEDIASECD_PID" 2>/dev/null
	PAIR_MEDIASECD_PID=
	ctl status >/dev/null 2>&1 && fail "SIG$sig: mediasecd still answers"
	ip -n "$PAIR_GW" link show gw0 | grep -q 'prog/xdp id' && pass "SIG$sig: program still attached" ||
		fail "SIG$sig: program gone from gw0"
	for src in 198.51.100.13 fd00::13; do
		blocked "$src" $MEDIA denylisted "(d) mediasecd down (SIG$sig), $src"
	done
	arrives 198.51.100.10 $MEDIA "(d) mediasecd down (SIG$sig), clean source"
	start_daemon && pass "mediasecd restarted after SIG$sig" || { fail "restart after SIG$sig"; break; }
	shown=$(ctl deny show)
	echo "$shown" | grep -qx '198.51.100.13/32' && echo "$shown" | grep -qx 'fd00::13/128' &&
		pass "after SIG$sig, deny show lists the entries from the pins" ||
		fail "after SIG$sig, deny show: $shown"
	# No mediasec-dp held the leg, so the restarted daemon has none and
	# closed its pinhole: signalling would set the call up again.
	add_leg
done
blocked 198.51.100.13 $MEDIA denylisted "(d) after the restarts, 198.51.100.13"

[ "$FAILS" = 0 ] || { echo "--- mediasecd log"; cat "$DLOG"; echo "--- pf-stats"; "$PF_STATS" "$PIN"; }
finish
