/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dp-pipeline-bench --ports: the worker loop itself (dp_worker_main) on
 * its own lcore, between two net_ring ports; the calling (main) lcore is
 * the generator: it copies prebuilt frames into fresh mbufs, enqueues them
 * on port in's rx ring and drains port out's tx ring, as a NIC would.
 */
#ifndef MEDIASEC_BENCH_DP_PIPELINE_PORTS_H
#define MEDIASEC_BENCH_DP_PIPELINE_PORTS_H

#include <stdint.h>

struct bench;
struct ports_rig;

/*
 * The two ports (their ids into b->port_in and b->port_out), the worker on
 * the first lcore after the main one, room for a measurement of packets
 * frames. NULL, with a message on stderr, when something is missing.
 */
struct ports_rig *ports_rig_create(struct bench *b, uint32_t packets);
void ports_rig_free(struct ports_rig *r);

struct ports_result {
	double mpps_busy;	/* packets over the worker's busy CPU time */
	double mpps_wall;	/* packets over the time from first in to last out */
	uint64_t drops;		/* the worker's, any reason */
};

/*
 * The worker takes packets frames from port in to port out: 0, or -1
 * (with a message) on a failure. The caller must not be registered with
 * b->t's RCU as worker 0 meanwhile.
 */
int ports_measure(struct ports_rig *r, struct bench *b, uint32_t packets,
		  struct ports_result *res);

#endif /* MEDIASEC_BENCH_DP_PIPELINE_PORTS_H */
