/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pf-stats: the XDP filter's counters as the pinned per-CPU pf_stats map
 * holds them, summed over the CPUs, for tests and benchmarks that have the
 * pin dir but no daemon to ask (mediasecd may be down: that is a case).
 *
 *   pf-stats PIN_DIR
 *
 * One line per non-zero counter, "verdict drop|pass|redirect PACKETS" and
 * "drop REASON PACKETS" (reason names as mediasecctl prints them). Exit 0,
 * 1 when the map cannot be read, 2 on a bad command line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "filter_abi.h"
#include "nl_names.h"

static const char *const verdict_names[__MS_PF_VERDICT_MAX] = {
	[MS_PF_DROP] = "drop",
	[MS_PF_PASS] = "pass",
	[MS_PF_REDIRECT] = "redirect",
};

/* Packets of one slot, summed over the CPUs; -1 when it cannot be read. */
static long long slot_packets(int fd, __u32 slot, struct ms_pf_counter *percpu, int ncpu)
{
	long long sum = 0;

	if (bpf_map_lookup_elem(fd, &slot, percpu))
		return -1;
	for (int c = 0; c < ncpu; c++)
		sum += (long long)percpu[c].packets;
	return sum;
}

int main(int argc, char **argv)
{
	struct ms_pf_counter *percpu;
	char path[4096];
	long long n;
	int fd, ncpu;

	if (argc != 2) {
		fprintf(stderr, "usage: pf-stats PIN_DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/pf_stats", argv[1]);
	fd = bpf_obj_get(path);
	if (fd < 0) {
		fprintf(stderr, "pf-stats: %s: %s\n", path, strerror(errno));
		return 1;
	}
	ncpu = libbpf_num_possible_cpus();
	percpu = ncpu > 0 ? calloc((size_t)ncpu, sizeof(*percpu)) : NULL;
	if (!percpu) {
		fprintf(stderr, "pf-stats: cannot size the per-CPU values\n");
		return 1;
	}
	for (__u32 v = 0; v < __MS_PF_VERDICT_MAX; v++) {
		n = slot_packets(fd, MS_PF_STAT_VERDICT(v), percpu, ncpu);
		if (n < 0)
			goto err;
		if (n)
			printf("verdict %s %lld\n", verdict_names[v], n);
	}
	for (__u32 r = 1; r < __MS_DROP_MAX; r++) {
		n = slot_packets(fd, MS_PF_STAT_DROP(r), percpu, ncpu);
		if (n < 0)
			goto err;
		if (n)
			printf("drop %s %lld\n", ms_nl_name_get(MS_NAME_DROP, r), n);
	}
	free(percpu);
	close(fd);
	return 0;
err:
	fprintf(stderr, "pf-stats: %s: %s\n", path, strerror(errno));
	free(percpu);
	close(fd);
	return 1;
}
