/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A worker lcore's loop: rx burst on each of its queues, the pipeline, tx
 * burst per output port, punts and frames for the host to the control
 * thread's rings, a quiescent state per iteration. mediasec-dp launches it
 * on every worker lcore; tests launch it on ring ports.
 */
#ifndef MEDIASEC_DATAPLANE_WORKER_H
#define MEDIASEC_DATAPLANE_WORKER_H

#include <stdint.h>

#include <rte_common.h>

#include "pipeline.h"

#define DP_WORKER_RXQ_MAX	16

struct dp_leg_table;
struct dp_srtp_engine;
struct rte_mbuf;
struct rte_ring;

/*
 * The rx filter hook: the eBPF filter of dataplane/filter/ plugs in here
 * (dp_filter_hook()). burst runs on every rx burst before the pipeline
 * parses it: it keeps the frames it passes at the front, in order, and
 * returns how many; the dropped ones follow, with their enum
 * ms_drop_reason in reason[] at the same index. start runs on the
 * worker's thread before its loop. burst NULL: no filter.
 */
struct dp_rx_filter {
	int (*start)(void *ctx, uint16_t worker);
	uint16_t (*burst)(void *ctx, uint16_t rxq, struct rte_mbuf **pkts,
			  uint16_t n, uint8_t *reason);
	void *ctx;
};

struct dp_worker {
	struct dp_pipeline p;		/* set up by dp_worker_main() on its lcore */
	struct dp_leg_table *legs;
	const struct dp_srtp_engine *engine;
	const struct dp_port_conf *ports;	/* DP_PORTS_MAX entries */
	uint16_t id;			/* 0..n_workers-1 of the leg table */
	uint16_t n_rxq;
	struct {
		uint16_t port, queue;
	} rxq[DP_WORKER_RXQ_MAX];
	uint16_t txq;			/* this worker's queue on every port */
	/*
	 * Single-producer rings to the control thread: DP_ACT_PUNT frames,
	 * and DP_ACT_KERNEL frames (m->port set to the receiving port). NULL, or full:
	 * the frame is dropped as MS_DROP_PUNT_FULL.
	 */
	struct rte_ring *punt;
	struct rte_ring *exception;
	/*
	 * Frames the control thread sends on ports that have no tx queue to
	 * spare for it (m->port says where); this worker sends them on its
	 * own queue. NULL: none.
	 */
	struct rte_ring *tx_ring;
	struct dp_sec_report *sec;	/* SRTP failures to the control thread; NULL: none */
	struct dp_rx_filter filter;
	int stop;			/* atomic; set to end the loop */
	/*
	 * TSC cycles spent on bursts that carried packets, written by the
	 * worker alone: over the elapsed cycles, its load (benchmarks use it
	 * so that polling empty queues does not count).
	 */
	uint64_t busy_tsc;
} __rte_cache_aligned;

/*
 * The lcore function (arg: struct dp_worker *, its fields above p filled
 * in). Sets up the pipeline on its own thread (the engine's per-thread
 * state), registers with the leg table, loops until stop, unregisters.
 * Returns 0 or -errno.
 */
int dp_worker_main(void *arg);

#endif /* MEDIASEC_DATAPLANE_WORKER_H */
