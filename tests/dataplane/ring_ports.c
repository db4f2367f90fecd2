/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>

#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_ring.h>

#include "ring_ports.h"

#define RING_ROOM	256

int ring_ports_create(struct ring_ports *rp, struct rte_mempool *pool, unsigned int tx1_room)
{
	for (int i = 0; i < 2; i++) {
		struct rte_eth_conf conf = { 0 };
		char name[16];

		snprintf(name, sizeof(name), "rx%d", i);
		rp->rx[i] = rte_ring_create(name, RING_ROOM, SOCKET_ID_ANY,
					    RING_F_SP_ENQ | RING_F_SC_DEQ);
		snprintf(name, sizeof(name), "tx%d", i);
		rp->tx[i] = rte_ring_create(name, i ? tx1_room : RING_ROOM, SOCKET_ID_ANY,
					    RING_F_SP_ENQ | RING_F_SC_DEQ | RING_F_EXACT_SZ);
		snprintf(name, sizeof(name), "ring%d", i);
		if (!rp->rx[i] || !rp->tx[i])
			return -1;
		rp->port[i] = (uint16_t)rte_eth_from_rings(name, &rp->rx[i], 1, &rp->tx[i], 1,
							   SOCKET_ID_ANY);
		if (rp->port[i] >= RTE_MAX_ETHPORTS ||
		    rte_eth_dev_configure(rp->port[i], 1, 1, &conf) ||
		    rte_eth_rx_queue_setup(rp->port[i], 0, RING_ROOM, SOCKET_ID_ANY, NULL, pool) ||
		    rte_eth_tx_queue_setup(rp->port[i], 0, RING_ROOM, SOCKET_ID_ANY, NULL) ||
		    rte_eth_dev_start(rp->port[i]))
			return -1;
	}
	return 0;
}
