#!/usr/bin/env bash
# The README's test command: installs what is missing, builds the test build
# (ASan + UBSan) and runs every meson test suite, then prints
# "N passed, N failed, N skipped". Extra arguments go to `meson test`
# (e.g. --suite unit, or a test name).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

. scripts/setup.sh test --test

rc=0
meson test -C build-test --print-errorlogs --num-processes "$(nproc)" "$@" || rc=$?
python3 scripts/test-summary.py build-test/meson-logs/testlog.json || rc=1
exit $rc
