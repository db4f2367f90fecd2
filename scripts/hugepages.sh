#!/usr/bin/env bash
# Reserves 2 MiB hugepages for DPDK when the kernel lets us, and prints the EAL
# memory arguments to use: "--huge-dir <mount>" with hugepages, "--no-huge -m N"
# without. Callers export the result as MEDIASEC_EAL_MEM for the dataplane and
# its tests, so every DPDK program here runs either way.
#   scripts/hugepages.sh [pages]      (default 512 pages = 1 GiB)
set -u
want=${1:-512}
mnt=/dev/hugepages
nr=/proc/sys/vm/nr_hugepages

have=$(cat "$nr" 2>/dev/null || echo 0)
if [ "$have" -lt "$want" ] && [ -w "$nr" ]; then
	echo "$want" > "$nr" 2>/dev/null
	have=$(cat "$nr" 2>/dev/null || echo 0)
fi
if [ "$have" -gt 0 ] && ! mountpoint -q "$mnt" 2>/dev/null; then
	mkdir -p "$mnt" && mount -t hugetlbfs nodev "$mnt" 2>/dev/null
fi

if [ "$have" -ge 64 ] && mountpoint -q "$mnt" 2>/dev/null; then
	echo "--huge-dir $mnt"
else
	echo "hugepages: $have reserved, $mnt not usable: falling back to --no-huge" >&2
	echo "--no-huge -m 1024"
fi
