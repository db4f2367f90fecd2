# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the integration scripts: one way to report checks.
#   pass TEXT / fail TEXT   one check's outcome (fail counts, the script goes on)
#   skip TEXT               the whole test cannot run here: exit 77, saying why
#   finish                  exit 0 when nothing failed, else 1, with the count
FAILS=0

skip() { echo "SKIP: $*"; exit 77; }
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; FAILS=$((FAILS + 1)); }

finish() {
	[ "$FAILS" = 0 ] && { echo "all passed"; exit 0; }
	echo "$FAILS failed"
	exit 1
}
