/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Which RSS hash a port gets when it has a queue per worker. A leg's
 * inbound traffic must stay on one worker: that worker alone latches its
 * remote, and a leg's RTP and RTCP share its SRTP context, whose per-SSRC
 * stream state (index, RTCP window, claim of an overflow stream) is written
 * without atomics by whoever unprotects for that SSRC. RTP on port p
 * and RTCP on p + 1 (legs without rtcp-mux) hash apart when the UDP ports
 * are in the hash, together when only the IP addresses are.
 */
#ifndef MEDIASEC_DATAPLANE_RSS_H
#define MEDIASEC_DATAPLANE_RSS_H

#include <stdint.h>

enum dp_rss_fit {
	DP_RSS_NONE,		/* the PMD hashes nothing we can use: one queue takes all */
	DP_RSS_PER_LEG,		/* IP addresses only: a leg's RTP and RTCP on one queue */
	DP_RSS_PER_FLOW,	/* with UDP ports: RTP and RTCP of a leg may part */
};

/*
 * From a port's flow_type_rss_offloads (rte_eth_dev_info), the rss_hf to
 * configure, and in *fit what it means for legs. The IP-only hash is
 * preferred; it puts every leg between the same two addresses (a trunk to
 * one peer) on one worker, which is the price of keeping legs whole.
 */
uint64_t dp_rss_hash_types(uint64_t offloads, enum dp_rss_fit *fit);

#endif /* MEDIASEC_DATAPLANE_RSS_H */
