#!/usr/bin/env bash
# The README's main command: installs what is missing, builds the release
# build and runs the demo on an embedded default.
#
# Today the demo is the SRTP engine: a self-check of the native engine against
# libsrtp2 on every suite, then live protect/unprotect figures per suite, native
# versus libsrtp2 on the same packets. It grows into the full gateway demo
# (outside and inside network namespaces, SRTP through mediasec-dp) as the
# dataplane lands; the command stays the same.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

. scripts/setup.sh demo

echo "== mediasec demo: SRTP engine self-check and live figures (native vs libsrtp2) ==" >&2
exec build/bench/srtp-bench --quick "$@"
