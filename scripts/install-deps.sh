#!/usr/bin/env bash
# Installs the Debian 12 packages mediasec builds and tests with. Idempotent:
# installs only what is missing, refreshes the package lists only when needed.
set -euo pipefail

packages=(
	build-essential pkg-config meson ninja-build clang llvm
	libssl-dev libsrtp2-dev libipsec-mb-dev
	libnl-3-dev libnl-genl-3-dev libnl-route-3-dev
	libjson-c-dev libconfig-dev
	libdpdk-dev dpdk dpdk-dev libpcap-dev
	libbpf-dev bpftool xdp-tools
	libcmocka-dev libclang-rt-14-dev
	iproute2 ethtool python3 openssl util-linux
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages: ${missing[*]}; run as root to install them" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Empty or stale package lists make apt-get install fail to find anything.
if ! apt-get install -y -q --no-install-recommends "${missing[@]}"; then
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
