#!/usr/bin/env bash
# Configures and builds one build directory.
#   scripts/build.sh            release build in build/ (-O3, LTO, -march=native)
#   scripts/build.sh --test     debug build with ASan/UBSan in build-test/
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ "${1:-}" = "--test" ]; then
	dir=build-test
	opts=(--buildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false)
else
	dir=build
	opts=(--buildtype=release -Db_lto=true)
fi

if [ -f "$dir/build.ninja" ]; then
	meson configure "$dir" "${opts[@]}" >/dev/null
else
	meson setup "$dir" "${opts[@]}"
fi
ninja -C "$dir"
