/* SPDX-License-Identifier: BSD-3-Clause */
#include <rte_ethdev.h>

#include "rss.h"

#define RSS_IP_ANY	(RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_IPV6)
#define RSS_UDP		(RTE_ETH_RSS_NONFRAG_IPV4_UDP | RTE_ETH_RSS_NONFRAG_IPV6_UDP)

uint64_t dp_rss_hash_types(uint64_t offloads, enum dp_rss_fit *fit)
{
	/*
	 * Only the plain IPV4/IPV6 types cover UDP datagrams; a PMD that
	 * offers no more than FRAG_IPV4 or NONFRAG_IPV4_OTHER would leave
	 * every UDP datagram unhashed, on queue 0.
	 */
	if (offloads & RSS_IP_ANY) {
		*fit = DP_RSS_PER_LEG;
		return offloads & RTE_ETH_RSS_IP;
	}
	if (offloads & RSS_UDP) {
		*fit = DP_RSS_PER_FLOW;
		return offloads & RSS_UDP;
	}
	*fit = DP_RSS_NONE;
	return 0;
}
