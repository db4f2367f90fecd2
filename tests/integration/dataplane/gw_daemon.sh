# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the scripts that run mediasec-dp and mediasecd in the gateway
# namespace of scripts/netns-topology.sh (restart.sh, srtp_deny.sh), both on
# their default port ids: NETLINK_USERSOCK ports are per network namespace,
# so the host's own daemons, if any, are not touched. The caller sets DP,
# MEDIASECD, CTL and NAME first. This brings the topology up (prefix $P, also
# the EAL file prefix), makes $DIR (a mediasec.conf with one outside realm,
# key files $DIR/A and $DIR/B), removes all of it at exit with the daemons,
# background jobs and a bpffs the caller mounted on $DIR/bpffs, and gives:
#   gw CMD...                CMD in the gateway namespace; ctl: mediasecctl there
#   wait_for N CMD...        up to N tenths of a second for CMD to succeed
#   start_dp [OPTIONS...]    mediasec-dp on the veths (OPTIONS after its ports),
#                            until mediasecctl -D answers; its pid in DPID
#   start_daemon             mediasecd on $DIR/mediasec.conf, until it answers;
#                            its pid in MDPID
# Needs root and ethtool: 77 otherwise.
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
P=$NAME$$
DIR=$(mktemp -d "/tmp/mediasec-$NAME-$$.XXXXXX")
DPID=
MDPID=

. "$TOP/scripts/netns-topology.sh"
. "$(dirname "$0")/../lib.sh"

cleanup() {
	[ -n "$MDPID" ] && kill "$MDPID" 2>/dev/null && wait "$MDPID" 2>/dev/null
	[ -n "$DPID" ] && kill -TERM "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	jobs -p | xargs -r kill 2>/dev/null
	topo_down
	mountpoint -q "$DIR/bpffs" 2>/dev/null && umount "$DIR/bpffs"
	rm -rf "$DIR" "/var/run/dpdk/$P"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

[ "$(id -u)" = 0 ] || skip "needs root (namespaces, DPDK)"
command -v ethtool >/dev/null || skip "ethtool missing (scripts/install-deps.sh)"

topo_up "$P" || { echo "FAIL topology"; exit 1; }
gw() { ip netns exec "$TOPO_GW" "$@"; }
ctl() { gw "$CTL" "$@"; }
wait_for() {
	local n=$1
	shift
	for _ in $(seq "$n"); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

cat > "$DIR/mediasec.conf" <<CONF
realms = ( { name = "carrier"; side = "outside"; media_ports = "20000-29999"; } );
cert = { key_file = "$DIR/identity.key"; cert_file = "$DIR/identity.pem";
  trust_dir = "$DIR/trusted"; };
CONF
printf 'inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd\n' > "$DIR/A"
printf 'inline:HRwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgEA\n' > "$DIR/B"

# not through gw(): a backgrounded function is a subshell, and $! its pid
start_daemon() {
	ip netns exec "$TOPO_GW" "$MEDIASECD" -c "$DIR/mediasec.conf" -e >>"$DIR/d.log" 2>&1 &
	MDPID=$!
	wait_for 100 ctl status >/dev/null
}
start_dp() {
	ip netns exec "$TOPO_GW" "$DP" -l 0,1 --no-huge -m 512 --no-pci --file-prefix "$P" \
		--log-level=lib.eal:error \
		--vdev net_af_packet0,iface=gw-out --vdev net_af_packet1,iface=gw-in -- \
		$(topo_dp_args) "$@" >>"$DIR/dp.out" 2>&1 &
	DPID=$!
	wait_for 100 ctl -D status >/dev/null
}
