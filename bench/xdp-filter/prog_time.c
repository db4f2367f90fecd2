/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * xdp-prog-time: the time per packet of the XDP program attached to an
 * interface, alone: BPF_PROG_TEST_RUN of the benchmark's frame (frame.h),
 * repeated, with no sender, no veth and no statistics in the figure.
 *
 *   xdp-prog-time IFNAME SRC DST PORT
 *
 * Five rounds of a million runs; prints "ns MEDIAN" (the kernel's average
 * per run, median of the rounds). The program must drop the frame (the
 * benchmark's case): any other verdict exits 1. Exit 2 on a bad command
 * line.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "frame.h"

#define ROUNDS	5
#define REPEAT	1000000

static int cmp_u32(const void *a, const void *b)
{
	__u32 x = *(const __u32 *)a, y = *(const __u32 *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	static const uint8_t mac[ETH_ALEN];	/* XDP runs before any MAC check */
	uint8_t frame[FRAME_LEN], out[FRAME_LEN];
	struct frame_flow fl;
	__u32 id = 0, ns[ROUNDS];
	unsigned int ifindex;
	int fd;

	if (argc != 5) {
		fprintf(stderr, "usage: xdp-prog-time IFNAME SRC DST PORT\n");
		return 2;
	}
	if (frame_flow_parse(&fl, "xdp-prog-time", argv[2], argv[3], argv[4]))
		return 2;
	ifindex = if_nametoindex(argv[1]);
	if (!ifindex || bpf_xdp_query_id((int)ifindex, 0, &id) || !id) {
		fprintf(stderr, "xdp-prog-time: %s: no XDP program attached\n", argv[1]);
		return 1;
	}
	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0) {
		fprintf(stderr, "xdp-prog-time: program %u: %s\n", id, strerror(errno));
		return 1;
	}
	frame_build(frame, mac, mac, &fl);
	for (int r = 0; r < ROUNDS; r++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts,
			    .data_in = frame, .data_size_in = FRAME_LEN,
			    .data_out = out, .data_size_out = sizeof(out),
			    .repeat = REPEAT);

		if (bpf_prog_test_run_opts(fd, &opts)) {
			fprintf(stderr, "xdp-prog-time: test run: %s\n", strerror(errno));
			return 1;
		}
		if (opts.retval != XDP_DROP) {
			fprintf(stderr, "xdp-prog-time: verdict %u, not XDP_DROP\n", opts.retval);
			return 1;
		}
		ns[r] = opts.duration;
	}
	qsort(ns, ROUNDS, sizeof(ns[0]), cmp_u32);
	printf("ns %u\n", ns[ROUNDS / 2]);
	return 0;
}
