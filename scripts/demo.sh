#!/usr/bin/env bash
# The README's main command: installs what is missing, builds the release
# build and runs the gateway demo:
#
#   outside peer ── SRTP ──► mediasec-dp ── RTP ──► inside peer
#   203.0.113.10 ◄── SRTP ── (netns, DPDK) ◄── RTP ── 198.51.100.10
#
# Three namespaces (scripts/netns-topology.sh, the integration test's own
# topology), mediasec-dp printing live counters every second, two legs made
# with mediasecctl -D and a fresh random key, and srtp-peer (libsrtp2) sending
# both ways for about ten seconds; then one summary line and teardown.
# The SRTP engine self-check and figures: build/bench/srtp-bench --quick.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

. scripts/setup.sh demo
. scripts/netns-topology.sh

DP=build/dataplane/app/mediasec-dp
CTL=build/controlplane/ctl/mediasecctl
PEER=build/tests/tools/srtp-peer
for b in "$DP" "$CTL" "$PEER"; do
	[ -x "$b" ] || { echo "demo: $b is not built" >&2; exit 1; }
done

SUITE=AES_CM_128_HMAC_SHA1_80
N=500		# packets each way, at 50 per second: ten seconds
dir=$(mktemp -d /tmp/mediasec-demo.XXXXXX)
dp_pid=
cleanup() {
	[ -n "$dp_pid" ] && kill -TERM "$dp_pid" 2>/dev/null && wait "$dp_pid" 2>/dev/null
	topo_down
	rm -rf "$dir" /var/run/dpdk/msdemo
}
trap cleanup EXIT

echo "== mediasec demo: SRTP outside <-> RTP inside through mediasec-dp ==" >&2
topo_up msdemo$$
gw() { ip netns exec "$TOPO_GW" "$@"; }

# A random master key and salt (30 bytes), readable by root only.
(umask 077 && printf 'inline:%s\n' "$(head -c 30 /dev/urandom | base64)" > "$dir/key")

# straight, not through gw(): $! must be mediasec-dp, not a subshell
# shellcheck disable=SC2046,SC2086
ip netns exec "$TOPO_GW" "$DP" -l 0,1 $MEDIASEC_EAL_MEM --no-pci --file-prefix msdemo --log-level=lib.eal:error \
	--vdev net_af_packet0,iface=gw-out --vdev net_af_packet1,iface=gw-in -- \
	$(topo_dp_args) --stats 1 &
dp_pid=$!
for _ in $(seq 100); do
	gw "$CTL" -D status >/dev/null 2>&1 && break
	sleep 0.1
done

gw "$CTL" -D leg add 1 local 203.0.113.1:20000 remote 203.0.113.10:30000 peer 2 \
	side outside mode enforce \
	srtp-in $SUITE key-file "$dir/key" srtp-out $SUITE key-file "$dir/key" >&2
gw "$CTL" -D leg add 2 local 198.51.100.1:20002 remote 198.51.100.10:30002 peer 1 \
	session 1 side inside mode disabled
gw "$CTL" -D leg show >&2

key=(--suite $SUITE --key-file "$dir/key")
# --wait 1: both peers listen before either sends
ip netns exec "$TOPO_IN" "$PEER" --bind 198.51.100.10:30002 --plain --to 198.51.100.1:20002 \
	--send $N --pps 50 --recv $N --wait 1 --timeout 15 --ssrc 0x1a51de > "$dir/in" &
in_pid=$!
ip netns exec "$TOPO_OUT" "$PEER" --bind 203.0.113.10:30000 "${key[@]}" --to 203.0.113.1:20000 \
	--send $N --pps 50 --recv $N --wait 1 --timeout 15 --ssrc 0x0d75de > "$dir/out" &
out_pid=$!
rc=0
wait $in_pid || rc=1
wait $out_pid || rc=1

ok() { sed -n 's/.* ok \([0-9]*\).*/\1/p' "$1"; }
drops=$(gw "$CTL" -D -j -s leg show 1 | python3 -c 'import json,sys
d = json.load(sys.stdin)[0].get("counters", {}).get("drops", {})
print(", ".join("%s %d" % kv for kv in d.items() if kv[1]) or "none")')
echo "demo: outside->inside $(ok "$dir/in")/$N RTP payloads verified," \
	"inside->outside $(ok "$dir/out")/$N SRTP packets decrypted by libsrtp2; leg 1 drops: $drops"
exit $rc
