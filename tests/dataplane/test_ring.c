/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * End to end on two net_ring ports (rte_eth_from_rings) with the worker loop
 * (dataplane/worker.c) on lcore 1; the test plays both far ends on lcore 0,
 * and the control thread's side of the punt, exception and tx rings.
 *
 *   far A --SRTP--> rx0 [port 0] leg 1 10.0.0.1:10000     +----------+
 *   far A <-SRTP--- tx0                                    | worker   |
 *   far B <--RTP--- tx1 [port 1] leg 2 10.0.1.1:30000     | lcore 1  |
 *   far B ---RTP--> rx1                                    +----------+
 */
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "dataplane/leg.h"
#include "dataplane/leg_table.h"
#include "dataplane/worker.h"
#include "dataplane/srtp/srtp.h"
#include "frame.h"
#include "ring_ports.h"

#define SUITE		MS_SUITE_AES_CM_128_HMAC_SHA1_80
#define N		64
#define TX1_ROOM	N	/* port 1's tx ring holds exactly one round */
#define ROOM		2048

static struct rte_mempool *pool;
/* Both far ends behind one static next hop (02:00:00:00:00:b0). */
static struct dp_nh next_hop = { DP_NH_VALID | UINT64_C(0x0200000000b0) };
static struct ring_ports rp;

static uint16_t far(const struct dp_srtp_engine *e, struct dp_srtp_ctx *ctx,
		    enum dp_srtp_op op, uint8_t *buf, uint16_t len)
{
	struct dp_srtp_pkt p = { .data = buf, .len = len, .room = ROOM, .ctx = ctx };
	uint8_t v;

	assert_int_equal(e->burst(op, &p, 1, &v), 1);
	return (uint16_t)p.len;
}

/* Until the worker has taken n packets in on rx_port, for at most 10 s. */
static void wait_rx(struct dp_worker *w, uint16_t rx_port, uint64_t n)
{
	for (int i = 0; i < 10000; i++) {
		if (__atomic_load_n(&w->p.stats[rx_port].rx_packets, __ATOMIC_RELAXED) >= n &&
		    rte_ring_count(rp.rx[rx_port]) == 0)
			break;
		nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
	}
	/* rx counts before the burst is sent: give the tx burst a moment. */
	nanosleep(&(struct timespec){ .tv_nsec = 20000000 }, NULL);
}

static void test_relay(void **state)
{
	const struct dp_srtp_engine *native = dp_srtp_engine_find("native");
	const struct dp_srtp_engine *ref = dp_srtp_engine_find("libsrtp2");
	struct ms_leg a = leg_msg(1, 2, AF_INET, "10.0.0.1", 10000, "192.0.2.10", 20000,
				  MS_MODE_ENFORCE, MS_LEG_F_RTCP_MUX);
	struct ms_leg b = leg_msg(2, 1, AF_INET, "10.0.1.1", 30000, "198.51.100.20", 40000,
				  MS_MODE_DISABLED, MS_LEG_F_RTCP_MUX);
	struct dp_worker *w = rte_zmalloc(NULL, sizeof(*w), RTE_CACHE_LINE_SIZE);
	struct dp_port_conf ports[DP_PORTS_MAX] = { 0 };
	struct dp_srtp_policy pol;
	struct dp_srtp_ctx *far_tx, *far_rx;
	struct dp_leg_table *t;
	struct rte_mbuf *m[N + 8];
	uint8_t rtp[N][ROOM], buf[ROOM];
	uint16_t rtp_len[N];
	struct dp_leg *leg;

	(void)state;
	assert_non_null(native);
	assert_non_null(ref);
	assert_non_null(w);
	t = dp_leg_table_create("t_ring", 64, 1, SOCKET_ID_ANY);
	assert_non_null(t);
	leg_msg_srtp(&a, true, SUITE, 0x11);
	leg_msg_srtp(&a, false, SUITE, 0x22);
	leg = dp_leg_create(&a, rp.port[0], native, 1);
	dp_leg_set_nh(leg, &next_hop);
	assert_int_equal(dp_leg_table_add(t, leg), 0);
	leg = dp_leg_create(&b, rp.port[1], native, 1);
	dp_leg_set_nh(leg, &next_hop);
	assert_int_equal(dp_leg_table_add(t, leg), 0);
	assert_int_equal(ref->thread_init(), 0);
	far_policy(&pol, SUITE, 0x11);
	far_tx = ref->ctx_create(&pol);
	far_policy(&pol, SUITE, 0x22);
	far_rx = ref->ctx_create(&pol);
	assert_non_null(far_tx);
	assert_non_null(far_rx);

	/* The worker's engine state is set up on the worker's thread. */
	w->n_rxq = 2;
	w->rxq[0].port = rp.port[0];
	w->rxq[1].port = rp.port[1];
	w->legs = t;
	w->engine = native;
	w->ports = ports;
	/* Rings of two, to see them fill; port 0 hands host traffic to the kernel. */
	w->punt = rte_ring_create("t_punt", 2, SOCKET_ID_ANY,
				  RING_F_SP_ENQ | RING_F_SC_DEQ | RING_F_EXACT_SZ);
	w->exception = rte_ring_create("t_exc", 2, SOCKET_ID_ANY,
				       RING_F_SP_ENQ | RING_F_SC_DEQ | RING_F_EXACT_SZ);
	w->tx_ring = rte_ring_create("t_ctl_tx", 16, SOCKET_ID_ANY,
				     RING_F_SP_ENQ | RING_F_SC_DEQ);
	assert_non_null(w->punt);
	assert_non_null(w->exception);
	assert_non_null(w->tx_ring);
	ports[rp.port[0]].exception = 1;
	ports[rp.port[0]].media_lo = 10000;
	ports[rp.port[0]].media_hi = 10999;
	assert_int_equal(rte_eal_remote_launch(dp_worker_main, w, 1), 0);

	/* Far A -> far B: SRTP in, plain RTP out, in order. */
	for (int i = 0; i < N; i++) {
		rtp_len[i] = rtp_make(rtp[i], 0xcafe, (uint16_t)(100 + i), 160);
		memcpy(buf, rtp[i], rtp_len[i]);
		m[i] = NULL;
		{
			struct frame_spec fs = {
				.family = AF_INET, .src = "192.0.2.10", .sport = 20000,
				.dst = "10.0.0.1", .dport = 10000, .payload = buf,
				.payload_len = far(ref, far_tx, DP_SRTP_PROTECT_RTP, buf,
						   rtp_len[i]),
			};

			m[i] = frame_build(pool, &fs, NULL);
		}
	}
	assert_int_equal(rte_ring_enqueue_burst(rp.rx[0], (void **)m, N, NULL), N);
	wait_rx(w, rp.port[0], N);
	assert_int_equal(rte_ring_dequeue_burst(rp.tx[1], (void **)m, N, NULL), N);
	for (int i = 0; i < N; i++) {
		uint16_t len;
		const uint8_t *pl = frame_check(m[i], AF_INET, "10.0.1.1", 30000,
						"198.51.100.20", 40000, false, &len);

		assert_int_equal(len, rtp_len[i]);
		assert_memory_equal(pl, rtp[i], len);
	}
	rte_pktmbuf_free_bulk(m, N);

	/* Far B -> far A: plain in, SRTP out. */
	{
		struct frame_spec fs = {
			.family = AF_INET, .src = "198.51.100.20", .sport = 40000,
			.dst = "10.0.1.1", .dport = 30000,
			.payload = rtp[0], .payload_len = rtp_len[0],
		};
		const uint8_t *pl;
		uint16_t len;

		m[0] = frame_build(pool, &fs, NULL);
		assert_int_equal(rte_ring_enqueue(rp.rx[1], m[0]), 0);
		wait_rx(w, rp.port[1], 1);
		assert_int_equal(rte_ring_dequeue(rp.tx[0], (void **)&m[0]), 0);
		pl = frame_check(m[0], AF_INET, "10.0.0.1", 10000, "192.0.2.10", 20000,
				 false, &len);
		memcpy(buf, pl, len);
		assert_int_equal(far(ref, far_rx, DP_SRTP_UNPROTECT_RTP, buf, len), rtp_len[0]);
		assert_memory_equal(buf, rtp[0], rtp_len[0]);
		rte_pktmbuf_free(m[0]);
	}

	/* STUN to leg 1 and DNS to the host, three each: two fit each ring. */
	for (int i = 0; i < 6; i++) {
		uint8_t stun[20] = { 0, 1 };
		struct frame_spec fs = {
			.family = AF_INET, .src = "192.0.2.10", .sport = 20000,
			.dst = "10.0.0.1", .dport = i < 3 ? 10000 : 53,
			.payload = stun, .payload_len = sizeof(stun),
		};

		m[i] = frame_build(pool, &fs, NULL);
	}
	assert_int_equal(rte_ring_enqueue_burst(rp.rx[0], (void **)m, 6, NULL), 6);
	wait_rx(w, rp.port[0], N + 6);
	assert_int_equal(rte_ring_dequeue_burst(w->punt, (void **)m, 4, NULL), 2);
	assert_int_equal(rte_ring_dequeue_burst(w->exception, (void **)&m[2], 4, NULL), 2);
	assert_int_equal(m[0]->hash.usr, 1);
	assert_int_equal(m[1]->hash.usr, 1);
	assert_int_equal(m[2]->port, rp.port[0]);
	assert_int_equal(w->p.stats[rp.port[0]].punt_packets, 2);
	assert_int_equal(w->p.stats[rp.port[0]].kernel_packets, 2);
	assert_int_equal(w->p.stats[rp.port[0]].drops[MS_DROP_PUNT_FULL], 2);
	rte_pktmbuf_free_bulk(m, 4);
	/* A frame of the control thread's, sent by the worker on its own queue. */
	m[0] = frame_build(pool, &(struct frame_spec){ .family = AF_INET, .src = "10.0.0.1",
			   .dst = "192.0.2.10", .sport = 1, .dport = 2 }, NULL);
	m[0]->port = rp.port[0];
	assert_int_equal(rte_ring_enqueue(w->tx_ring, m[0]), 0);
	for (int i = 0; i < 1000 && rte_ring_count(rp.tx[0]) == 0; i++)
		nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
	assert_int_equal(rte_ring_dequeue(rp.tx[0], (void **)&m[0]), 0);
	frame_check(m[0], AF_INET, "10.0.0.1", 1, "192.0.2.10", 2, false, &rtp_len[0]);
	rte_pktmbuf_free(m[0]);

	/* Port 1's tx ring full: the rest is dropped and counted, not leaked. */
	for (int i = 0; i < N + 8; i++) {
		uint16_t len = rtp_make(buf, 0xcafe, (uint16_t)(1000 + i), 160);
		struct frame_spec fs = {
			.family = AF_INET, .src = "192.0.2.10", .sport = 20000,
			.dst = "10.0.0.1", .dport = 10000, .payload = buf,
			.payload_len = far(ref, far_tx, DP_SRTP_PROTECT_RTP, buf, len),
		};

		m[i] = frame_build(pool, &fs, NULL);
	}
	assert_int_equal(rte_ring_enqueue_burst(rp.rx[0], (void **)m, N + 8, NULL), N + 8);
	wait_rx(w, rp.port[0], 2 * N + 8 + 6);
	__atomic_store_n(&w->stop, 1, __ATOMIC_RELAXED);
	assert_int_equal(rte_eal_wait_lcore(1), 0);
	assert_int_equal(rte_ring_count(rp.tx[1]), TX1_ROOM);
	assert_int_equal(w->p.stats[rp.port[1]].drops[MS_DROP_TX_FULL], 8);
	assert_int_equal(w->p.stats[rp.port[1]].tx_packets, N + TX1_ROOM);
	assert_int_equal(w->p.stats[rp.port[0]].tx_packets, 1);
	while (rte_ring_dequeue(rp.tx[1], (void **)&m[0]) == 0)
		rte_pktmbuf_free(m[0]);

	rte_ring_free(w->punt);
	rte_ring_free(w->exception);
	rte_ring_free(w->tx_ring);
	dp_leg_table_free(t);
	ref->ctx_free(far_tx);
	ref->ctx_free(far_rx);
	rte_free(w);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relay),
	};

	(void)argc;
	pool = test_eal_init(argv[0], "0-1");
	if (ring_ports_create(&rp, pool, TX1_ROOM)) {
		fprintf(stderr, "set-up failed: ring ports unavailable\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
