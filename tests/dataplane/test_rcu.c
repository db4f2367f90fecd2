/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Legs deleted while a worker runs. The SRTP contexts here come from a stub
 * engine that keeps them in malloc() memory and checks a magic on every use,
 * so that ASan sees any use after free; its ctx_free wipes the key and
 * counts, which tells when the table freed a leg.
 *
 *   control thread: add pair, delete pair, reclaim ... (ROUNDS times)
 *   worker thread:  bursts of frames to every leg, quiescent between bursts
 */
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "dataplane/leg.h"
#include "dataplane/leg_table.h"
#include "dataplane/pipeline.h"
#include "dataplane/srtp/srtp.h"
#include "frame.h"

#define MAGIC	0x5eed1e55u
#define PAIRS	16
#define ROUNDS	3000

static struct rte_mempool *pool;

struct dp_srtp_ctx {
	uint32_t magic;
	uint8_t key[16];
};

static unsigned int n_created, n_freed, n_bad;	/* atomics */

static struct dp_srtp_ctx *stub_create(const struct dp_srtp_policy *pol)
{
	struct dp_srtp_ctx *c = malloc(sizeof(*c));

	if (!c)
		return NULL;
	c->magic = MAGIC;
	memcpy(c->key, pol->keys[0].key, sizeof(c->key));
	__atomic_fetch_add(&n_created, 1, __ATOMIC_RELAXED);
	return c;
}

static void stub_free(struct dp_srtp_ctx *c)
{
	if (!c)
		return;
	if (c->magic != MAGIC)
		__atomic_fetch_add(&n_bad, 1, __ATOMIC_RELAXED);
	explicit_bzero(c, sizeof(*c));
	free(c);
	__atomic_fetch_add(&n_freed, 1, __ATOMIC_RELAXED);
}

static int stub_thread_init(void)
{
	return 0;
}

/* Reads the context as a real engine would; the payload is left as is. */
static uint16_t stub_burst(enum dp_srtp_op op, struct dp_srtp_pkt *pkts, uint16_t n,
			   uint8_t *verdicts)
{
	(void)op;
	for (uint16_t i = 0; i < n; i++) {
		if (pkts[i].ctx->magic != MAGIC)
			__atomic_fetch_add(&n_bad, 1, __ATOMIC_RELAXED);
		verdicts[i] = DP_SRTP_OK;
	}
	return n;
}

/* Every remote behind one static next hop (02:00:00:00:00:b0). */
static struct dp_nh next_hop = { DP_NH_VALID | UINT64_C(0x0200000000b0) };

static const struct dp_srtp_engine stub = {
	.name = "stub",
	.thread_init = stub_thread_init,
	.ctx_create = stub_create,
	.ctx_free = stub_free,
	.burst = stub_burst,
};

static struct dp_leg *make_leg(uint32_t id, uint32_t peer, uint16_t lport,
			       uint16_t rport)
{
	struct ms_leg ml = leg_msg(id, peer, AF_INET, "10.0.0.1", lport, "192.0.2.1", rport,
				   MS_MODE_ENFORCE, MS_LEG_F_RTCP_MUX);
	struct dp_leg *leg;

	leg_msg_srtp(&ml, true, MS_SUITE_AES_CM_128_HMAC_SHA1_80, (uint8_t)id);
	leg_msg_srtp(&ml, false, MS_SUITE_AES_CM_128_HMAC_SHA1_80, (uint8_t)~id);
	leg = dp_leg_create(&ml, 0, &stub, 1);
	assert_non_null(leg);
	dp_leg_set_nh(leg, &next_hop);
	return leg;
}

static void add_pair(struct dp_leg_table *t, unsigned int i)
{
	uint32_t a = 2 * i + 1, b = 2 * i + 2;

	assert_int_equal(dp_leg_table_add(t, make_leg(a, b, 10000 + 2 * i, 20000)), 0);
	assert_int_equal(dp_leg_table_add(t, make_leg(b, a, 10001 + 2 * i, 20001)), 0);
}

/* The grace period, step by step, in one thread. */
static void test_grace_period(void **state)
{
	struct dp_leg_table *t = dp_leg_table_create("t_grace", 64, 1, SOCKET_ID_ANY);
	struct dp_endpoint key = { .family = AF_INET, .port = rte_cpu_to_be_16(10000),
				   .addr = { 10, 0, 0, 1 } };
	const struct dp_endpoint *keys[1] = { &key };
	struct dp_leg *held;
	unsigned int freed;

	(void)state;
	assert_non_null(t);
	assert_int_equal(dp_leg_table_worker_register(t, 0), 0);
	add_pair(t, 0);
	freed = n_freed;
	/* The worker looks leg 1 up and holds it... */
	dp_leg_table_lookup_burst(t, keys, 1, &held);
	assert_non_null(held);
	assert_ptr_equal(dp_leg_peer(held), dp_leg_table_find(t, 2));
	/* ... while the control thread deletes it: unpublished, unpaired, not freed. */
	assert_int_equal(dp_leg_table_del(t, 1), 0);
	assert_null(dp_leg_table_find(t, 1));
	assert_null(dp_leg_peer(dp_leg_table_find(t, 2)));
	assert_int_equal(dp_leg_table_reclaim(t), 1);
	assert_int_equal(n_freed, freed);
	assert_int_equal(held->srtp_in->magic, MAGIC);
	/* A new lookup misses. */
	dp_leg_table_lookup_burst(t, keys, 1, &held);
	assert_null(held);
	/* Once the worker is quiescent, both contexts go, keys wiped. */
	dp_leg_table_quiescent(t, 0);
	assert_int_equal(dp_leg_table_reclaim(t), 0);
	assert_int_equal(n_freed, freed + 2);
	/* The address can be used again. */
	assert_int_equal(dp_leg_table_add(t, make_leg(1, 2, 10000, 20000)), 0);
	assert_ptr_equal(dp_leg_peer(dp_leg_table_find(t, 2)), dp_leg_table_find(t, 1));
	dp_leg_table_worker_unregister(t, 0);
	dp_leg_table_free(t);
	assert_int_equal(n_freed, n_created);
	assert_int_equal(n_bad, 0);
}

struct worker {
	struct dp_leg_table *t;
	struct dp_port_conf ports[DP_PORTS_MAX];
	uint8_t frames[2 * PAIRS][128];
	uint16_t frame_len;
	int stop;		/* atomic */
	uint64_t bursts, sent;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct dp_pipeline *p = rte_zmalloc(NULL, sizeof(*p), RTE_CACHE_LINE_SIZE);
	struct rte_mbuf *m[DP_BURST_MAX];
	struct dp_pkt_out out[DP_BURST_MAX];

	if (!p || dp_pipeline_init(p, w->t, &stub, w->ports, 0) ||
	    dp_leg_table_worker_register(w->t, 0))
		return (void *)1;
	while (!__atomic_load_n(&w->stop, __ATOMIC_ACQUIRE)) {
		uint16_t n = 0;

		for (; n < DP_BURST_MAX; n++) {
			m[n] = rte_pktmbuf_alloc(pool);
			if (!m[n])
				break;
			memcpy(rte_pktmbuf_append(m[n], w->frame_len),
			       w->frames[(w->bursts + n) % (2 * PAIRS)], w->frame_len);
		}
		w->sent += dp_pipeline_run(p, 0, m, n, out);
		rte_pktmbuf_free_bulk(m, n);
		dp_leg_table_quiescent(w->t, 0);
		w->bursts++;
	}
	dp_leg_table_worker_unregister(w->t, 0);
	rte_free(p);
	return NULL;
}

static void test_delete_under_traffic(void **state)
{
	static struct worker w;
	pthread_t th;
	void *ret;
	uint8_t rtp[64];
	uint16_t rtp_len = rtp_make(rtp, 0x1234, 1, 20);

	(void)state;
	memset(&w, 0, sizeof(w));
	w.t = dp_leg_table_create("t_traffic", 256, 1, SOCKET_ID_ANY);
	assert_non_null(w.t);
	for (unsigned int i = 0; i < 2 * PAIRS; i++) {
		struct frame_spec fs = {
			.family = AF_INET, .src = "192.0.2.1", .sport = 20000 + (i & 1),
			.dst = "10.0.0.1", .dport = 10000 + i,
			.payload = rtp, .payload_len = rtp_len,
		};
		struct frame_layout lo;
		struct rte_mbuf *m = frame_build(pool, &fs, &lo);

		w.frame_len = lo.len;
		memcpy(w.frames[i], rte_pktmbuf_mtod(m, void *), lo.len);
		rte_pktmbuf_free(m);
	}
	for (unsigned int i = 0; i < PAIRS; i++)
		add_pair(w.t, i);
	assert_int_equal(pthread_create(&th, NULL, worker_main, &w), 0);
	/* On a busy machine the deletions could all be over before it runs. */
	for (int i = 0; i < 10000 && !__atomic_load_n(&w.bursts, __ATOMIC_RELAXED); i++)
		nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
	assert_true(__atomic_load_n(&w.bursts, __ATOMIC_RELAXED) > 0);
	for (unsigned int r = 0; r < ROUNDS; r++) {
		unsigned int i = r % PAIRS;

		assert_int_equal(dp_leg_table_del(w.t, 2 * i + 1 + (r & 1)), 0);
		assert_int_equal(dp_leg_table_del(w.t, 2 * i + 2 - (r & 1)), 0);
		dp_leg_table_reclaim(w.t);
		add_pair(w.t, i);
	}
	__atomic_store_n(&w.stop, 1, __ATOMIC_RELEASE);
	assert_int_equal(pthread_join(th, &ret), 0);
	assert_null(ret);
	assert_int_equal(dp_leg_table_reclaim(w.t), 0);
	assert_int_equal(n_created - n_freed, 4 * PAIRS);
	dp_leg_table_free(w.t);
	assert_int_equal(n_freed, n_created);
	assert_int_equal(n_bad, 0);
	print_message("%lu bursts, %lu packets relayed during %u deletions\n",
		      (unsigned long)w.bursts, (unsigned long)w.sent, 2 * ROUNDS);
	assert_true(w.sent > 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grace_period),
		cmocka_unit_test(test_delete_under_traffic),
	};

	(void)argc;
	pool = test_eal_init(argv[0], "0");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
