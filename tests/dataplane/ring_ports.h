/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Two net_ring ports for the dataplane tests: the test plays both far ends
 * by enqueuing on rx[i] (what port i receives) and dequeuing from tx[i]
 * (what the dataplane sent on it).
 */
#ifndef MEDIASEC_TESTS_DATAPLANE_RING_PORTS_H
#define MEDIASEC_TESTS_DATAPLANE_RING_PORTS_H

#include <stdint.h>

struct rte_mempool;
struct rte_ring;

struct ring_ports {
	struct rte_ring *rx[2], *tx[2];
	uint16_t port[2];
};

/*
 * Port 1's tx ring holds exactly tx1_room packets (a test can fill it),
 * the other rings 256. 0, or -1 when a ring or a port cannot be set up.
 */
int ring_ports_create(struct ring_ports *rp, struct rte_mempool *pool, unsigned int tx1_room);

#endif /* MEDIASEC_TESTS_DATAPLANE_RING_PORTS_H */
