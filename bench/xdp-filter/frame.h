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

void frame_build(uint8_t f[FRAME_LEN], const uint8_t src_mac[ETH_ALEN],
		 const uint8_t dst_mac[ETH_ALEN], struct in_addr src,
		 struct in_addr dst, uint16_t port);

#endif /* MEDIASEC_BENCH_XDP_FILTER_FRAME_H */
