/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The xdp-filter benchmark's one frame, for the sender (blast.c) and the
 * isolated program timing (prog_time.c): 60 bytes, the Ethernet minimum
 * without FCS: 14 Ethernet, 20 IPv4, 8 UDP (checksum 0), 18 zero payload.
 */
#ifndef MEDIASEC_BENCH_XDP_FILTER_FRAME_H
#define MEDIASEC_BENCH_XDP_FILTER_FRAME_H

#include <stdint.h>

#include <net/ethernet.h>
#include <netinet/in.h>

#define FRAME_LEN	60

struct frame_flow {
	struct in_addr src, dst;
	uint16_t port;		/* UDP destination */
};

/*
 * SRC, DST and PORT from the command line, strictly: 0, or -EINVAL after
 * saying on stderr, prefixed with prog, which one is wrong.
 */
int frame_flow_parse(struct frame_flow *fl, const char *prog, const char *src,
		     const char *dst, const char *port);
void frame_build(uint8_t f[FRAME_LEN], const uint8_t src_mac[ETH_ALEN],
		 const uint8_t dst_mac[ETH_ALEN], const struct frame_flow *fl);

#endif /* MEDIASEC_BENCH_XDP_FILTER_FRAME_H */
