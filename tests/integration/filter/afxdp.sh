#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# AF_XDP mode: our XDP filter stays the program on the interface, applies
# its policy in the kernel and redirects media to mediasec-dp's AF_XDP socket.
#
#   netns $P-src                      netns $P-gw
#   udp_seq.py send ─ src0 ═ veth ═ gw0 ─[XDP: filter.bpf.o]─► xsks_map[0]
#   198.51.100.10  clean              │  loaded and attached by mediasec-dp's
#   198.51.100.12  denied (config)    │  af_xdp PMD (xdp_prog=), maps reused
#   fd00::10       clean              │  from mediasecd's pins in /sys/fs/bpf
#                                     └► kernel: ARP, ND, ICMP echo
#   mediasecd: filter { pin_dir = "/sys/fs/bpf"; af_xdp = true; }, a latching
#   leg on 198.51.100.1:$MEDIA (its pinhole)
#   mediasec-dp --vdev net_af_xdp0,iface=gw0,xdp_prog=filter.bpf.o --stats 1 -j
#
# Checks: (a) the program on gw0 is ours; (b) ARP and ND resolve and ping
# answers through the kernel; (c) media to the leg port, IPv4 and IPv6, is
# redirected and every packet reaches mediasec-dp (its rx counter); (d) a
# denylisted source is dropped by XDP and never reaches mediasec-dp; (e)
# when mediasec-dp stops, its PMD detaches the filter.
# The PMD opens the object with libbpf's default pin root, so the maps must
# be pinned in /sys/fs/bpf itself: the script runs in a private mount
# namespace with its own bpffs there, and starts the two daemons with
# nsenter --net (ip netns exec would remount /sys and hide it).
# Usage: afxdp.sh MEDIASECD MEDIASECCTL MEDIASEC_DP PF_STATS FILTER_BPF_O
# Exit 0 all passed, 1 a failure, 77 skipped (says why).
set -u

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (namespaces, bpffs, XDP, DPDK)"; exit 77; }
if [ -z "${MS_AFXDP_PRIVATE_MNT:-}" ]; then
	command -v unshare >/dev/null || { echo "SKIP: unshare missing (util-linux)"; exit 77; }
	MS_AFXDP_PRIVATE_MNT=1 exec unshare -m --propagation private "$0" "$@"
fi

MEDIASECD=$1
CTL_BIN=$2
DP=$3
PF_STATS=$4
FILTER_O=$5
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../../.." && pwd)
P=msxsk$$
TAG=msxsk$$
NLPORT=$(printf '0x4D53F%03X' $(($$ & 0xfff)))
DIR=$(mktemp -d /tmp/mediasec-afxdp-$$.XXXXXX)
PIN=/sys/fs/bpf		# libbpf's default pin root: the PMD's copy pins there
DLOG=$DIR/mediasecd.log
MEDIA=20000
DP_PID=

. "$TOP/scripts/netns-pair.sh"
. "$HERE/../lib.sh"

cleanup() {
	[ -n "$DP_PID" ] && kill -KILL "$DP_PID" 2>/dev/null
	pair_down
	wait 2>/dev/null
	rm -rf "$DIR" "/var/run/dpdk/$TAG"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

command -v python3 >/dev/null || skip "python3 missing (scripts/install-deps.sh)"
command -v nsenter >/dev/null || skip "nsenter missing (util-linux)"
command -v bpftool >/dev/null || skip "bpftool missing (scripts/install-deps.sh)"
[ -f "$FILTER_O" ] || { echo "FAIL no filter object at $FILTER_O"; exit 1; }
mount -t bpf bpf "$PIN" -o mode=0700 || skip "cannot mount a bpffs on $PIN"

pair_up "$P" || { echo "FAIL topology"; exit 1; }
ctl() { ip netns exec "$PAIR_GW" "$CTL_BIN" "$@"; }

pair_mediasecd_conf "$DIR/mediasec.conf" "$DIR" "$PIN" 198.51.100.12 fd00::12
sed -i "s|^filter = .*|filter = { pin_dir = \"$PIN\"; af_xdp = true; };|" "$DIR/mediasec.conf"
pair_mediasecd_start "$MEDIASECD" "$CTL_BIN" "$DIR/mediasec.conf" "$DLOG" && pass "mediasecd up: af_xdp, maps pinned in $PIN" ||
	{ fail "mediasecd did not come up"; cat "$DLOG"; finish; }

echo "inline:$(openssl rand -base64 30)" > "$DIR/leg.key"
ctl session add id 1 label afxdp >/dev/null &&
	ctl leg add 1 session 1 side outside local 198.51.100.1:$MEDIA latch \
		srtp-in AES_CM_128_HMAC_SHA1_80 key-file "$DIR/leg.key" \
		srtp-out AES_CM_128_HMAC_SHA1_80 key-file "$DIR/leg.key" mode enforce >/dev/null ||
	fail "session/leg add for the pinhole on $MEDIA"

# Not ip netns exec: that remounts /sys and hides the bpffs.
nsenter --net="/run/netns/$PAIR_GW" "$DP" -l 0,1 --no-huge -m 512 --no-pci --file-prefix "$TAG" --log-level=lib.eal:error \
	--vdev "net_af_xdp0,iface=gw0,xdp_prog=$FILTER_O" -- \
	--port 0,side=outside,addr=198.51.100.1/24,no-tap --legs 4096 \
	--stats 1 -j --nl-port "$NLPORT" >"$DIR/dp.out" 2>"$DIR/dp.err" &
DP_PID=$!
# rx SINCE_LINE: port 0's rx_packets in the first figures printed after line
# SINCE_LINE of dp.out (waits up to 5 s for them).
rx() {
	local since=$1 line

	for _ in $(seq 50); do
		line=$(tail -n +"$((since + 1))" "$DIR/dp.out" | grep '"port":0' | head -1)
		[ -n "$line" ] && break
		sleep 0.1
	done
	echo "$line" | python3 -c 'import json, sys; print(json.loads(sys.stdin.read())["rx_packets"])'
}
lines() { wc -l <"$DIR/dp.out"; }
if [ -n "$(rx 0)" ]; then
	pass "mediasec-dp up on net_af_xdp0 (gw0)"
else
	fail "mediasec-dp did not come up:"
	tail -5 "$DIR/dp.err"
	finish
fi

# --- (a) the attached program is ours, and the PMD's socket is in our map
id=$(ip -n "$PAIR_GW" -d link show gw0 | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p' | head -1)
name=$(bpftool prog show id "${id:-0}" 2>/dev/null | sed -n 's/^[0-9]*: xdp  name \([^ ]*\).*/\1/p')
case $name in
xdp_mediasec_*) pass "(a) gw0 runs our filter (prog id $id, $name)" ;;
*) fail "(a) gw0 runs \"${name:-nothing}\" (prog id ${id:-none})" ;;
esac

# counter KIND NAME: "verdict redirect" or "drop denylisted" packets.
counter() { "$PF_STATS" "$PIN" | awk -v k="$1" -v r="$2" '$1 == k && $2 == r { n = $3 } END { print n + 0 }'; }
send() {
	local dst=$PAIR_GW_ADDR4

	case $1 in *:*) dst=$PAIR_GW_ADDR6 ;; esac
	ip netns exec "$PAIR_SRC" python3 "$HERE/udp_seq.py" send "$1" "$dst" "$2" "$3" "$4"
}

# --- (b) ARP and ND resolve (no static neighbours yet) and the kernel
# answers ICMP echo
for src in 198.51.100.10 fd00::10; do
	dst=$PAIR_GW_ADDR4
	case $src in *:*) dst=$PAIR_GW_ADDR6 ;; esac
	n=$(ip netns exec "$PAIR_SRC" python3 "$HERE/icmp_echo.py" "$src" "$dst" 3)
	lladdr=$(ip -n "$PAIR_SRC" neigh show "$dst" dev src0 | awk '{ print $3 }')
	if [ "$n" = 3 ] && [ "$lladdr" = "$PAIR_GW_MAC" ]; then
		pass "(b) $src: $dst resolved to $lladdr, 3 of 3 echoes answered"
	else
		fail "(b) $src: $dst resolved to \"$lladdr\", ${n:-0} of 3 echoes answered"
	fi
done

# --- (c) media to the leg's port goes to mediasec-dp, every packet
for src in 198.51.100.10 fd00::10; do
	red=$(counter verdict redirect)
	since=$(lines)
	before=$(rx "$since")
	sent=$(send "$src" $MEDIA 1000 0.2)
	sleep 1.2
	got=$(( $(rx "$(lines)") - before ))
	red=$(( $(counter verdict redirect) - red ))
	if [ "$sent" -gt 0 ] && [ "$red" = "$sent" ] && [ "$got" = "$sent" ]; then
		pass "(c) media from $src: $sent of $sent redirected and received by mediasec-dp"
	else
		fail "(c) media from $src: sent $sent, redirected $red, mediasec-dp rx $got"
	fi
done

# --- (d) a denylisted source: dropped in the kernel, mediasec-dp sees nothing
ip -n "$PAIR_SRC" neigh replace "$PAIR_GW_ADDR6" lladdr "$PAIR_GW_MAC" dev src0 nud permanent
for src in 198.51.100.12 fd00::12; do
	deny=$(counter drop denylisted)
	before=$(rx "$(lines)")
	sent=$(send "$src" $MEDIA 1000 0.2)
	sleep 1.2
	got=$(( $(rx "$(lines)") - before ))
	deny=$(( $(counter drop denylisted) - deny ))
	if [ "$sent" -gt 0 ] && [ "$deny" = "$sent" ] && [ "$got" = 0 ]; then
		pass "(d) denylisted $src: $sent of $sent dropped by XDP, none reached mediasec-dp"
	else
		fail "(d) denylisted $src: sent $sent, dropped $deny, mediasec-dp rx $got"
	fi
done

kill -TERM "$DP_PID"
wait "$DP_PID"
rc=$?
DP_PID=
if [ "$rc" = 0 ]; then
	pass "mediasec-dp: SIGTERM → exit 0"
else
	fail "mediasec-dp: SIGTERM → exit $rc"
	tail -5 "$DIR/dp.err"
fi
# The PMD detaches what it attached (ebpf/README.md, "AF_XDP mode"): with
# mediasec-dp down the interface has no filter until it comes back.
ip -n "$PAIR_GW" link show gw0 | grep -q 'prog/xdp' &&
	fail "(e) gw0 still has an XDP program after mediasec-dp stopped" ||
	pass "(e) mediasec-dp stopped: its PMD detached the filter from gw0"
finish
