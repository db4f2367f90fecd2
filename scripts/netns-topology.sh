# SPDX-License-Identifier: BSD-3-Clause
# The gateway test topology, sourced by the integration test
# (tests/integration/dataplane/gateway.sh) and the demo (scripts/demo.sh):
#
#   netns $TOPO_OUT              netns $TOPO_GW                    netns $TOPO_IN
#   outside peer                 mediasec-dp (net_af_packet)       inside peer
#   veth0 203.0.113.10/24 ────── gw-out        gw-in ──────────── veth0 198.51.100.10/24
#   default via 203.0.113.1      TAP ms-0      TAP ms-1             default via 198.51.100.1
#                                203.0.113.1   198.51.100.1
#
# The addresses on the gateway's side live on mediasec-dp's TAPs (ms-0, ms-1),
# which answer ARP; the veth ends gw-out and gw-in carry no address. No static
# neighbour entries anywhere: resolution is part of what is tested.
#
#   topo_up PREFIX     create; sets TOPO_OUT, TOPO_GW, TOPO_IN
#   topo_down          remove (safe to call twice, or after a partial topo_up)
#   topo_dp_args       mediasec-dp's ports, after its "--"

TOPO_OUT_ADDR=203.0.113.10
TOPO_IN_ADDR=198.51.100.10
TOPO_GW_OUT_ADDR=203.0.113.1
TOPO_GW_IN_ADDR=198.51.100.1

topo_up() {
	TOPO_OUT=$1-out
	TOPO_GW=$1-gw
	TOPO_IN=$1-in
	ip netns add "$TOPO_OUT" && ip netns add "$TOPO_GW" && ip netns add "$TOPO_IN" || return 1
	ip -n "$TOPO_OUT" link add veth0 type veth peer name gw-out netns "$TOPO_GW" || return 1
	ip -n "$TOPO_IN" link add veth0 type veth peer name gw-in netns "$TOPO_GW" || return 1
	_topo_peer "$TOPO_OUT" "$TOPO_OUT_ADDR" "$TOPO_GW_OUT_ADDR" || return 1
	_topo_peer "$TOPO_IN" "$TOPO_IN_ADDR" "$TOPO_GW_IN_ADDR" || return 1
	ip -n "$TOPO_GW" link set lo up
	ip -n "$TOPO_GW" link set gw-out up
	ip -n "$TOPO_GW" link set gw-in up
}

# A peer namespace: address, route via the gateway. The peers' UDP checksums
# are finished in software: a veth hands af_packet partial checksums otherwise,
# and the gateway would see (and drop) frames that are only complete in skbs.
_topo_peer() {
	local ns=$1 addr=$2 gw=$3

	ip -n "$ns" link set lo up
	ip -n "$ns" addr add "$addr/24" dev veth0 || return 1
	ip -n "$ns" link set veth0 up || return 1
	ip netns exec "$ns" ethtool -K veth0 tx off >/dev/null || return 1
	ip -n "$ns" route add default via "$gw" || return 1
}

topo_down() {
	local ns

	for ns in ${TOPO_OUT:-} ${TOPO_GW:-} ${TOPO_IN:-}; do
		ip netns del "$ns" 2>/dev/null
	done
	return 0
}

topo_dp_args() {
	echo --port 0,side=outside,addr=$TOPO_GW_OUT_ADDR/24 \
		--port 1,side=inside,addr=$TOPO_GW_IN_ADDR/24
}
