#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# dpdk-dumpcap captures what mediasec-dp receives: mediasec-dp initialises
# rte_pdump, and DPDK's capture tool attaches to it as a secondary process.
#
#   net_null0 ──rx──► mediasec-dp (primary, hugepages, --file-prefix $P)
#                          ▲
#                          └── dpdk-dumpcap --file-prefix $P -i net_null0 -c 20 -w FILE
#
# The capture must hold at least 20 packets of the null PMD's frame size (64
# bytes), counted as pcapng enhanced packet blocks (no tshark needed), and
# mediasec-dp must go on running and stop cleanly afterwards.
# Usage: capture.sh MEDIASEC_DP
# Exit 0 all passed, 1 a failure, 77 skipped (says why).
set -u

DP=$1
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
P=mscap$$
DIR=$(mktemp -d /tmp/mediasec-capture-$$.XXXXXX)
DPID=

. "$(dirname "$0")/../lib.sh"

cleanup() {
	[ -n "$DPID" ] && kill -TERM "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	rm -rf "$DIR" "/var/run/dpdk/$P"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

[ "$(id -u)" = 0 ] || skip "needs root (hugepages)"
command -v dpdk-dumpcap >/dev/null || skip "dpdk-dumpcap missing (package dpdk-dev, scripts/install-deps.sh)"
# A secondary process shares the primary's memory: that needs hugepages.
mem=$("$TOP/scripts/hugepages.sh" 128 2>/dev/null)
case $mem in --huge-dir*) ;; *) skip "no hugepages could be reserved: dpdk-dumpcap needs them" ;; esac

# shellcheck disable=SC2086
"$DP" -l 0,1 $mem -m 256 --no-pci --file-prefix "$P" --log-level=lib.eal:error --vdev net_null0 -- \
	--port 0,side=outside,addr=198.51.100.1/24,no-tap,next-hop=02:00:00:00:00:01 --legs 1024 \
	>"$DIR/dp.out" 2>&1 &
DPID=$!
for _ in $(seq 100); do
	grep -q running "$DIR/dp.out" && break
	sleep 0.1
done
grep -q running "$DIR/dp.out" && pass "mediasec-dp up on hugepages" ||
	{ fail "mediasec-dp did not come up: $(tail -3 "$DIR/dp.out")"; finish; }

if timeout 30 dpdk-dumpcap --file-prefix "$P" -i net_null0 -c 20 -w "$DIR/cap.pcapng" \
	>"$DIR/dumpcap.out" 2>&1; then
	pass "dpdk-dumpcap attached and finished"
else
	fail "dpdk-dumpcap failed: $(tail -3 "$DIR/dumpcap.out")"
fi

# pcapng: blocks of (type, total length); enhanced packet blocks are type 6,
# their captured length at offset 20.
got=$(python3 - "$DIR/cap.pcapng" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
off, lens = 0, []
while off + 12 <= len(data):
    btype, blen = struct.unpack_from("<II", data, off)
    if blen < 12:
        break
    if btype == 6:
        lens.append(struct.unpack_from("<I", data, off + 20)[0])
    off += blen
print(len(lens), sorted(set(lens)))
PY
)
# dumpcap stops after the burst that reaches the count: 20 or more.
n=${got%% *}
[ "$n" -ge 20 ] 2>/dev/null && [ "${got#* }" = "[64]" ] &&
	pass "capture holds $n packets, all of 64 bytes" ||
	fail "capture: $got (want 20 or more packets, all of 64 bytes)"

kill -0 "$DPID" 2>/dev/null && pass "mediasec-dp still running after the capture" ||
	fail "mediasec-dp died during the capture"
kill -TERM "$DPID"
wait "$DPID"
rc=$?
DPID=
[ "$rc" = 0 ] && pass "mediasec-dp: SIGTERM → exit 0" || fail "mediasec-dp: SIGTERM → exit $rc: $(tail -3 "$DIR/dp.out")"
finish
