/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The worker loop. Packets are sent in the iteration that received them
 * (one tx burst per output port per rx burst), so nothing waits for a
 * drain timer; packets a tx queue refuses are dropped as MS_DROP_TX_FULL.
 * Punted frames and frames for the host go to the control thread on a ring
 * each; what a full ring refuses is dropped as MS_DROP_PUNT_FULL. The
 * worker never waits for the control thread.
 */
#include <stdbool.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "leg_table.h"
#include "worker.h"

/* Send the packets bound for port, count and free what the queue refused. */
static void tx_port(struct dp_worker *w, uint16_t port, struct rte_mbuf **m,
		    uint16_t n)
{
	uint16_t sent = rte_eth_tx_burst(port, w->txq, m, n);

	if (unlikely(sent < n)) {
		struct dp_port_stats *st = &w->p.stats[port];

		st->drops[MS_DROP_TX_FULL] += n - sent;
		st->tx_packets -= n - sent;
		for (uint16_t i = sent; i < n; i++)
			st->tx_bytes -= m[i]->pkt_len;
		rte_pktmbuf_free_bulk(&m[sent], n - sent);
	}
}

/*
 * Hand frames to the control thread; what the ring refuses is a drop on
 * the receiving port, and no longer counted as punted or for the kernel.
 */
static void to_ring(struct dp_worker *w, struct rte_ring *r, uint16_t rx_port,
		    uint64_t *counter, struct rte_mbuf **m, uint16_t n)
{
	uint16_t sent = r ? rte_ring_sp_enqueue_burst(r, (void **)m, n, NULL) : 0;

	if (sent < n) {
		w->p.stats[rx_port].drops[MS_DROP_PUNT_FULL] += n - sent;
		*counter -= n - sent;
		rte_pktmbuf_free_bulk(&m[sent], n - sent);
	}
}

/* Group the burst by output port; punt, hand over or free the rest. */
static void dispatch(struct dp_worker *w, uint16_t rx_port, struct rte_mbuf **pkts,
		     uint16_t n, const struct dp_pkt_out *out)
{
	struct rte_mbuf *tx[DP_BURST_MAX], *gone[DP_BURST_MAX];
	struct rte_mbuf *punt[DP_BURST_MAX], *host[DP_BURST_MAX];
	uint16_t n_gone = 0, n_punt = 0, n_host = 0, done = 0;
	bool sent[DP_BURST_MAX] = { false };
	struct dp_port_stats *st = &w->p.stats[rx_port];

	for (uint16_t i = 0; i < n; i++) {
		if (out[i].action == DP_ACT_TX)
			continue;
		if (out[i].action == DP_ACT_PUNT)
			punt[n_punt++] = pkts[i];
		else if (out[i].action == DP_ACT_KERNEL) {
			/* Not every PMD sets it (net_ring does not); the TAP is the port's. */
			pkts[i]->port = rx_port;
			host[n_host++] = pkts[i];
		}
		else
			gone[n_gone++] = pkts[i];
		sent[i] = true;
		done++;
	}
	rte_pktmbuf_free_bulk(gone, n_gone);
	if (n_punt)
		to_ring(w, w->punt, rx_port, &st->punt_packets, punt, n_punt);
	if (n_host)
		to_ring(w, w->exception, rx_port, &st->kernel_packets, host, n_host);
	/* Usually one output port per burst: one pass each. */
	while (done < n) {
		uint16_t port = UINT16_MAX, k = 0;

		for (uint16_t i = 0; i < n; i++) {
			if (sent[i] || (port != UINT16_MAX && out[i].port != port))
				continue;
			port = out[i].port;
			tx[k++] = pkts[i];
			sent[i] = true;
		}
		tx_port(w, port, tx, k);
		done += k;
	}
}

/*
 * The rx filter on a burst: what it drops is received, counted by reason
 * and freed here; returns how many frames go on to the pipeline.
 */
static uint16_t filter(struct dp_worker *w, uint16_t port, uint16_t queue,
		       struct rte_mbuf **pkts, uint16_t n)
{
	struct dp_port_stats *st = &w->p.stats[port];
	uint8_t reason[DP_BURST_MAX];
	uint16_t pass = w->filter.burst(w->filter.ctx, queue, pkts, n, reason);

	for (uint16_t i = pass; i < n; i++) {
		st->rx_packets++;
		st->rx_bytes += pkts[i]->pkt_len;
		st->drops[reason[i]]++;
	}
	rte_pktmbuf_free_bulk(&pkts[pass], n - pass);
	return pass;
}

/* The control thread's frames for ports without a queue of its own. */
static void tx_for_control(struct dp_worker *w)
{
	struct rte_mbuf *m[DP_BURST_MAX];
	unsigned int n = rte_ring_sc_dequeue_burst(w->tx_ring, (void **)m, DP_BURST_MAX, NULL);

	for (unsigned int i = 0; i < n; i++)
		if (rte_eth_tx_burst(m[i]->port, w->txq, &m[i], 1) == 0) {
			w->p.stats[m[i]->port].drops[MS_DROP_TX_FULL]++;
			rte_pktmbuf_free(m[i]);
		}
}

int dp_worker_main(void *arg)
{
	struct dp_worker *w = arg;
	struct rte_mbuf *pkts[DP_BURST_MAX];
	struct dp_pkt_out out[DP_BURST_MAX];
	int err;

	err = dp_pipeline_init(&w->p, w->legs, w->engine, w->ports, w->id);
	w->p.sec = w->sec;
	if (err == 0 && w->filter.start)
		err = w->filter.start(w->filter.ctx, w->id);
	if (err == 0)
		err = dp_leg_table_worker_register(w->legs, w->id);
	if (err)
		return err;
	while (!__atomic_load_n(&w->stop, __ATOMIC_RELAXED)) {
		for (uint16_t q = 0; q < w->n_rxq; q++) {
			uint16_t port = w->rxq[q].port;
			uint64_t t0 = rte_rdtsc();
			uint16_t n = rte_eth_rx_burst(port, w->rxq[q].queue, pkts,
						      DP_BURST_MAX);

			if (n && w->filter.burst)
				n = filter(w, port, w->rxq[q].queue, pkts, n);
			if (n == 0)
				continue;
			dp_pipeline_run(&w->p, port, pkts, n, out);
			dispatch(w, port, pkts, n, out);
			__atomic_store_n(&w->busy_tsc, w->busy_tsc + rte_rdtsc() - t0,
					 __ATOMIC_RELAXED);
		}
		if (w->tx_ring)
			tx_for_control(w);
		dp_leg_table_quiescent(w->legs, w->id);
	}
	dp_leg_table_worker_unregister(w->legs, w->id);
	return 0;
}
