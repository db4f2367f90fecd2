/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec-dp's state, built by main() on the main lcore before the workers
 * start. Workers see only their struct dp_worker and the dp_port_conf
 * array; everything else here belongs to the control thread (the main
 * lcore's loop).
 */
#ifndef MEDIASEC_DATAPLANE_APP_APP_H
#define MEDIASEC_DATAPLANE_APP_APP_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_lcore.h>

#include "dataplane/leg.h"
#include "dataplane/pipeline.h"

#include "opts.h"

struct dp_filter;

struct dp_ctl;
struct dp_nexthops;
struct dp_sec_report;
struct dp_worker;
struct rte_mempool;
struct rte_ring;

/* One port as the control thread sees it. */
struct dp_app_port {
	const struct dp_opt_port *opt;
	uint16_t id;
	uint16_t n_rxq;
	/* The control thread's tx queue, or -1: hand frames to worker 0 (tx_ring). */
	int ctl_txq;
	struct dp_nh static_nh;	/* next-hop= */
	int tap_fd;		/* -1: no exception path */
	int tap_ifindex;
	uint64_t shown_rx, shown_tx;	/* at the last live figures */
};

struct dp_app {
	struct dp_opts opts;
	const struct dp_srtp_engine *engine;
	uint16_t n_workers;
	struct dp_worker *workers[RTE_MAX_LCORE];	/* by worker id */
	struct rte_ring *punt[RTE_MAX_LCORE];		/* by worker id */
	struct rte_ring *exception[RTE_MAX_LCORE];	/* by worker id */
	struct dp_sec_report *sec[RTE_MAX_LCORE];	/* by worker id */
	struct rte_ring *tx_ring;	/* control thread → worker 0, for ports without ctl_txq */
	struct rte_mempool *pool;
	struct dp_leg_table *legs;
	struct dp_port_conf conf[DP_PORTS_MAX];	/* by DPDK port id; the workers' */
	struct dp_app_port *port[DP_PORTS_MAX];	/* by DPDK port id; NULL: not ours */
	struct dp_app_port ports[DP_OPT_PORTS_MAX];	/* as opts.ports */
	struct dp_nexthops *nh;
	struct dp_ctl *ctl;
	struct dp_filter *filter;	/* --filter; NULL: none */
};

/* Send one frame on a port from the control thread; takes m. 0 or -errno. */
int dp_app_send(struct dp_app *app, uint16_t port, struct rte_mbuf *m);

/* Sum of every worker's counters for port. */
void dp_app_port_stats(const struct dp_app *app, uint16_t port, struct dp_port_stats *sum);

#endif /* MEDIASEC_DATAPLANE_APP_APP_H */
