# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the controlplane scripts that run mediasecd on a test port
# ($PORT) and drive it with mediasecctl ($CTL_BIN); sources ../lib.sh.
#   daemon_dir NAME  $DIR (a temp dir, removed at exit), $CONF, $DLOG in it;
#                    the daemon whose pid the script keeps in $DPID is
#                    stopped at exit
#   needs_nobody     skip unless user nobody exists; let it into $DIR
#   ctl ARGS         mediasecctl at $PORT
#   as_nobody ARGS   the same as user nobody
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

daemon_cleanup() {
	[ -n "$DPID" ] && kill "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	rm -rf "$DIR"
}

daemon_dir() {
	DIR=$(mktemp -d "/tmp/mediasec-$1-$$.XXXXXX")
	CONF=$DIR/mediasec.conf
	DLOG=$DIR/mediasecd.log
	DPID=
	trap daemon_cleanup EXIT
}

needs_nobody() {
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	NOGROUP=$(id -gn nobody)
	chmod 755 "$DIR"	# nobody runs mediasecctl from here
}

ctl() { "$CTL_BIN" -P "$PORT" "$@"; }
as_nobody() { setpriv --reuid=nobody --regid="$NOGROUP" --clear-groups "$CTL_BIN" -P "$PORT" "$@"; }
