/* SPDX-License-Identifier: BSD-3-Clause */
/*
 *   generator (main lcore)                 worker (next lcore)
 *   frames --copy--> mbufs --> rx ring --> [port in]  dp_worker_main
 *   free   <-------------------- tx ring <-- [port out]
 *
 * The frames are made (and, SRTP -> RTP, protected by the far ends) before
 * the clock starts; copying each into a fresh mbuf is the generator's share
 * of a NIC's DMA, and runs on the other core while the worker works.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "dataplane/leg_table.h"
#include "dataplane/worker.h"
#include "lib/nl_names.h"

#include "bench.h"
#include "ports.h"

/*
 * Deeper than a NIC's rings (1024-4096), so that a generator preempted by
 * other processes on a shared machine (a time slice is milliseconds, tens of
 * thousands of packets) still leaves the worker full bursts to take.
 */
#define RING_SIZE	16384
#define POOL_SIZE	(2 * RING_SIZE)
#define FRAME_ROOM	256	/* bytes per prebuilt frame, >= FRAME_LEN_MAX */
#define TIMEOUT_S	30.0

/*
 * The worker's run: dp_worker_main between two readings of its thread's
 * CPU time and of the TSC.
 */
struct worker_run {
	struct dp_worker *w;
	double cpu_s;
	uint64_t tsc;
};

struct ports_rig {
	struct rte_ring *rx[2], *tx[2];	/* in, out */
	uint16_t port[2];
	unsigned int lcore;		/* the worker's */
	struct rte_mempool *pool;
	struct dp_worker *w;
	struct worker_run run;
	uint8_t *frames;		/* packets * FRAME_ROOM */
	uint16_t *len;
};

static int port_create(struct ports_rig *r, int i)
{
	static const char *const what[2] = { "in", "out" };
	struct rte_eth_conf conf = { 0 };
	char name[32];
	int port;

	snprintf(name, sizeof(name), "bench_rx_%s", what[i]);
	r->rx[i] = rte_ring_create(name, RING_SIZE, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
	snprintf(name, sizeof(name), "bench_tx_%s", what[i]);
	r->tx[i] = rte_ring_create(name, RING_SIZE, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (!r->rx[i] || !r->tx[i])
		return -1;
	snprintf(name, sizeof(name), "bench_%s", what[i]);
	port = rte_eth_from_rings(name, &r->rx[i], 1, &r->tx[i], 1, SOCKET_ID_ANY);
	if (port < 0)
		return -1;
	r->port[i] = (uint16_t)port;
	if (rte_eth_dev_configure(r->port[i], 1, 1, &conf) ||
	    rte_eth_rx_queue_setup(r->port[i], 0, RING_SIZE, SOCKET_ID_ANY, NULL, r->pool) ||
	    rte_eth_tx_queue_setup(r->port[i], 0, RING_SIZE, SOCKET_ID_ANY, NULL) ||
	    rte_eth_dev_start(r->port[i]))
		return -1;
	return 0;
}

struct ports_rig *ports_rig_create(struct bench *b, uint32_t packets)
{
	struct ports_rig *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->lcore = rte_get_next_lcore(rte_get_main_lcore(), 1, 0);
	if (r->lcore >= RTE_MAX_LCORE) {
		fprintf(stderr, "--ports needs a second lcore for the worker (EAL -l 0-1)\n");
		goto err;
	}
	r->pool = rte_pktmbuf_pool_create("bench_ports_pool", POOL_SIZE, 256, 0,
					  RTE_PKTMBUF_HEADROOM + 512, rte_socket_id());
	r->w = rte_zmalloc("bench_worker", sizeof(*r->w), RTE_CACHE_LINE_SIZE);
	r->frames = malloc((size_t)packets * FRAME_ROOM);
	r->len = calloc(packets, sizeof(*r->len));
	if (!r->pool || !r->w || !r->frames || !r->len ||
	    port_create(r, 0) || port_create(r, 1)) {
		fprintf(stderr, "--ports: set-up of the net_ring ports failed\n");
		goto err;
	}
	b->port_in = r->port[0];
	b->port_out = r->port[1];
	*r->w = (struct dp_worker){
		.engine = b->engine, .ports = b->ports, .id = 0, .n_rxq = 1,
		.rxq = { { .port = r->port[0], .queue = 0 } }, .txq = 0,
	};
	return r;
err:
	ports_rig_free(r);
	return NULL;
}

void ports_rig_free(struct ports_rig *r)
{
	if (!r)
		return;
	for (int i = 0; i < 2; i++)
		if (r->rx[i] && r->tx[i] && r->port[i] < RTE_MAX_ETHPORTS &&
		    rte_eth_dev_is_valid_port(r->port[i])) {
			rte_eth_dev_stop(r->port[i]);
			rte_eth_dev_close(r->port[i]);
		}
	for (int i = 0; i < 2; i++) {
		rte_ring_free(r->rx[i]);
		rte_ring_free(r->tx[i]);
	}
	free(r->len);
	free(r->frames);
	rte_free(r->w);
	rte_mempool_free(r->pool);
	free(r);
}

static int frames_prepare(struct ports_rig *r, struct bench *b, uint32_t packets)
{
	for (uint32_t j = 0; j < packets; j += DP_BURST_MAX) {
		uint16_t k = packets - j < DP_BURST_MAX ? packets - j : DP_BURST_MAX;
		uint8_t *buf[DP_BURST_MAX];

		for (uint16_t i = 0; i < k; i++)
			buf[i] = r->frames + (size_t)(j + i) * FRAME_ROOM;
		if (frames_make(b, j, k, buf, FRAME_ROOM, &r->len[j]))
			return -1;
	}
	return 0;
}

/* Drops so far by the worker (another lcore's counters, read relaxed). */
static uint64_t worker_drops(const struct ports_rig *r)
{
	uint64_t n = 0;

	for (int i = 0; i < 2; i++)
		for (unsigned int d = 0; d < __MS_DROP_MAX; d++)
			n += __atomic_load_n(&r->w->p.stats[r->port[i]].drops[d],
					     __ATOMIC_RELAXED);
	return n;
}

static int worker_timed(void *arg)
{
	struct worker_run *run = arg;
	double cpu0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
	uint64_t tsc0 = rte_rdtsc();
	int err = dp_worker_main(run->w);

	run->tsc = rte_rdtsc() - tsc0;
	run->cpu_s = clock_s(CLOCK_THREAD_CPUTIME_ID) - cpu0;
	return err;
}

/*
 * Seconds the worker ran its pipeline: its CPU time (time other processes
 * took from it is not counted), times the share of its run it spent on
 * bursts that carried packets (busy_tsc: empty polls do not count).
 */
static double worker_busy_s(const struct ports_rig *r)
{
	return r->run.cpu_s * ((double)r->w->busy_tsc / (double)r->run.tsc);
}

/* The reasons of the worker's drops, on stderr: they are not meant to be. */
static void drops_explain(const struct ports_rig *r)
{
	for (int i = 0; i < 2; i++)
		for (unsigned int d = 0; d < __MS_DROP_MAX; d++)
			if (r->w->p.stats[r->port[i]].drops[d])
				fprintf(stderr, "--ports: port %u: %llu %s\n", r->port[i],
					(unsigned long long)r->w->p.stats[r->port[i]].drops[d],
					ms_nl_name_get(MS_NAME_DROP, d));
}

/* Up to a burst of frames from next on into port in's rx ring; how many went. */
static uint32_t feed(struct ports_rig *r, uint32_t next, uint32_t packets)
{
	struct rte_mbuf *m[DP_BURST_MAX];
	uint16_t k = packets - next < DP_BURST_MAX ? packets - next : DP_BURST_MAX;
	unsigned int put;

	if (k == 0 || rte_ring_free_count(r->rx[0]) < k ||
	    rte_pktmbuf_alloc_bulk(r->pool, m, k))
		return 0;
	for (uint16_t i = 0; i < k; i++) {
		uint16_t len = r->len[next + i];

		rte_memcpy(rte_pktmbuf_mtod(m[i], void *),
			   r->frames + (size_t)(next + i) * FRAME_ROOM, len);
		m[i]->data_len = m[i]->pkt_len = len;
	}
	put = rte_ring_sp_enqueue_burst(r->rx[0], (void **)m, k, NULL);
	rte_pktmbuf_free_bulk(&m[put], k - put);
	return put;
}

static uint32_t drain(struct rte_ring *ring)
{
	struct rte_mbuf *m[DP_BURST_MAX];
	unsigned int n = rte_ring_sc_dequeue_burst(ring, (void **)m, DP_BURST_MAX, NULL);

	rte_pktmbuf_free_bulk(m, n);
	return n;
}

int ports_measure(struct ports_rig *r, struct bench *b, uint32_t packets,
		  struct ports_result *res)
{
	uint32_t next = 0, done = 0;
	double t0, t = -1;
	int err;

	if (frames_prepare(r, b, packets)) {
		fprintf(stderr, "--ports: the far ends could not protect\n");
		return -1;
	}
	r->w->legs = b->t;
	r->w->stop = 0;
	/* The generator reads the counters at once: zero before the worker runs. */
	memset(&r->w->p, 0, sizeof(r->w->p));
	r->w->busy_tsc = 0;
	r->run = (struct worker_run){ .w = r->w };
	if (rte_eal_remote_launch(worker_timed, &r->run, r->lcore)) {
		fprintf(stderr, "--ports: lcore %u is busy\n", r->lcore);
		return -1;
	}
	t0 = clock_s(CLOCK_MONOTONIC);
	while (done < packets) {
		uint32_t tx = drain(r->tx[1]);

		/*
		 * No more in flight than port out's tx ring holds: a NIC's tx
		 * ring empties itself, this one only while the generator runs.
		 * Dropped packets are no longer in flight.
		 */
		if (next - done < RING_SIZE - DP_BURST_MAX ||
		    next - done - worker_drops(r) < RING_SIZE - DP_BURST_MAX)
			next += feed(r, next, packets);
		done += tx;
		if (tx == 0 && done + worker_drops(r) >= packets)
			break;
		if (tx == 0 && clock_s(CLOCK_MONOTONIC) - t0 > TIMEOUT_S) {
			fprintf(stderr, "--ports: %u of %u packets out after %.0f s\n",
				done, packets, TIMEOUT_S);
			break;
		}
	}
	if (done + worker_drops(r) >= packets)
		t = clock_s(CLOCK_MONOTONIC) - t0;
	__atomic_store_n(&r->w->stop, 1, __ATOMIC_RELAXED);
	err = rte_eal_wait_lcore(r->lcore);
	res->drops = worker_drops(r);
	drops_explain(r);
	while (drain(r->rx[0]) || drain(r->tx[0]) || drain(r->tx[1]))
		;
	if (err) {
		fprintf(stderr, "--ports: the worker failed: %s\n", strerror(-err));
		return -1;
	}
	if (t < 0)
		return -1;
	res->mpps_wall = packets / t / 1e6;
	res->mpps_busy = packets / worker_busy_s(r) / 1e6;
	return 0;
}
