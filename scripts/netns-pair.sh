# SPDX-License-Identifier: BSD-3-Clause
# Two namespaces on one veth pair, for the XDP filter's integration test
# (tests/integration/filter/xdp.sh) and benchmark (bench/xdp-filter/run.sh),
# and mediasecd on the gateway side driving the filter:
#
#   netns $PAIR_SRC                       netns $PAIR_GW
#   senders                               mediasecd: XDP filter on gw0; listeners
#   src0 198.51.100.10-13/24 ──── veth ── gw0 198.51.100.1/24
#        fd00::10-13/64                       fd00::1/64
#
# Several source addresses so that one can be denied while another stays
# clean. IPv6 addresses skip duplicate address detection (nodad), else they
# are unusable for a second or two.
#
#   pair_up PREFIX     create; sets PAIR_SRC, PAIR_GW, PAIR_GW_MAC (gw0's)
#   pair_down          kill mediasecd if running, remove the namespaces (safe
#                      to call twice, or after a partial pair_up)
#   pair_mediasecd_conf FILE STATE_DIR PIN_DIR DENY...
#                      a mediasec.conf: the filter on gw0 pinned under PIN_DIR,
#                      UDP media ports $PAIR_MEDIA_PORTS, DENY... static denylist,
#                      identity and trust store under STATE_DIR
#   pair_mediasecd_start MEDIASECD MEDIASECCTL CONF LOG
#                      mediasecd in $PAIR_GW, its pid in PAIR_MEDIASECD_PID
#                      (nsenter execs: the daemon itself); 0 once it answers.
#                      nsenter --net, not ip netns exec: that one remounts
#                      /sys, hiding a bpffs the caller mounted on /sys/fs/bpf

PAIR_GW_ADDR4=198.51.100.1
PAIR_GW_ADDR6=fd00::1
PAIR_SRC_HOSTS="10 11 12 13"	# last byte / group of the source addresses
PAIR_MEDIA_PORTS=20000-20999
PAIR_MEDIASECD_PID=

pair_up() {
	local h

	PAIR_SRC=$1-src
	PAIR_GW=$1-gw
	ip netns add "$PAIR_SRC" && ip netns add "$PAIR_GW" || return 1
	ip -n "$PAIR_SRC" link add src0 type veth peer name gw0 netns "$PAIR_GW" || return 1
	for h in $PAIR_SRC_HOSTS; do
		ip -n "$PAIR_SRC" addr add "198.51.100.$h/24" dev src0 || return 1
		ip -n "$PAIR_SRC" addr add "fd00::$h/64" dev src0 nodad || return 1
	done
	ip -n "$PAIR_GW" addr add "$PAIR_GW_ADDR4/24" dev gw0 || return 1
	ip -n "$PAIR_GW" addr add "$PAIR_GW_ADDR6/64" dev gw0 nodad || return 1
	ip -n "$PAIR_SRC" link set lo up && ip -n "$PAIR_GW" link set lo up || return 1
	ip -n "$PAIR_SRC" link set src0 up && ip -n "$PAIR_GW" link set gw0 up || return 1
	PAIR_GW_MAC=$(ip -n "$PAIR_GW" -br link show gw0 | awk '{ print $3 }')
}

pair_down() {
	local ns

	if [ -n "$PAIR_MEDIASECD_PID" ]; then
		kill -KILL "$PAIR_MEDIASECD_PID" 2>/dev/null
		wait "$PAIR_MEDIASECD_PID" 2>/dev/null
		PAIR_MEDIASECD_PID=
	fi
	for ns in ${PAIR_SRC:-} ${PAIR_GW:-}; do
		ip netns del "$ns" 2>/dev/null
	done
	return 0
}

pair_mediasecd_conf() {
	local file=$1 state=$2 pin=$3 deny

	shift 3
	deny=$(printf '"%s", ' "$@")
	cat > "$file" <<-CONF
	realms = ( { name = "carrier"; side = "outside"; media_ports = "$PAIR_MEDIA_PORTS"; } );
	denylist = [ ${deny%, } ];
	filter = { interface = "gw0"; pin_dir = "$pin"; };
	cert = { key_file = "$state/identity.key"; cert_file = "$state/identity.pem";
	  trust_dir = "$state/trusted"; };
	CONF
}

pair_mediasecd_start() {
	nsenter --net="/run/netns/$PAIR_GW" "$1" -c "$3" -e >>"$4" 2>&1 &
	PAIR_MEDIASECD_PID=$!
	for _ in $(seq 100); do
		ip netns exec "$PAIR_GW" "$2" status >/dev/null 2>&1 && return 0
		kill -0 "$PAIR_MEDIASECD_PID" 2>/dev/null || break
		sleep 0.1
	done
	return 1
}
