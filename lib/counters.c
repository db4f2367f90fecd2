/* SPDX-License-Identifier: BSD-3-Clause */
#include "counters.h"

void ms_counters_add(struct ms_counters *sum, const struct ms_counters *c)
{
	sum->rx_packets += c->rx_packets;
	sum->rx_bytes += c->rx_bytes;
	sum->tx_packets += c->tx_packets;
	sum->tx_bytes += c->tx_bytes;
	for (int i = 0; i < __MS_DROP_MAX; i++)
		sum->drops.count[i] += c->drops.count[i];
}

void ms_drops_mark_present(struct ms_counters *c)
{
	c->drops.present = 0;
	for (int i = MS_DROP_NONE + 1; i < __MS_DROP_MAX; i++)
		if (c->drops.count[i])
			c->drops.present |= MS_BIT(i);
}
