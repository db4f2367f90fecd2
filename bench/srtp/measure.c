/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The measurement loops.
 *
 * Protect: per burst, 32 packets are restored from their context's plain
 * template (memcpy), given the context's next sequence number, and protected;
 * contexts are taken round-robin.
 *
 * Unprotect: unprotecting a packet twice is a replay, so every timed
 * unprotect must see a fresh, valid packet. A pool of POOL_PKTS distinct
 * packets (contexts round-robin, each context's sequence numbers consecutive)
 * is protected with the clock stopped; then, with the clock running, each
 * burst copies 32 of them from the pool into work buffers (memcpy, as for
 * protect) and unprotects them. When the pool is used up it is protected
 * again with the following sequence numbers, clock stopped, and the
 * receivers simply continue: no context is recreated and no packet repeats.
 *
 * Both engines run the same loop on the same packets, so the memcpy and the
 * loop overhead are in both figures and cancel in the ratio.
 *
 * Time is the thread's CPU time (CLOCK_THREAD_CPUTIME_ID): on a shared
 * machine, time spent preempted by other processes on the pinned core is not
 * counted, so the figure approximates a dedicated core.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "measure.h"

#define POOL_PKTS	1024	/* 256 KiB at 160 B: the copies stay in L2 */
#define CHECK_EVERY	16	/* bursts between clock reads */

struct bench_rig {
	struct bench_case c;
	struct dp_srtp_ctx **tx, **rx;
	uint16_t *seq;		/* next sequence number per context */
	uint32_t plen;		/* RTP header + payload */
	uint32_t stride;	/* buffer size per packet */
	uint32_t pool_n;
	uint32_t *pool_len;
	uint8_t *tmpl;		/* streams x stride: plain packets */
	uint8_t *pool;		/* pool_n x stride: protected packets */
	uint8_t *work;		/* BENCH_BURST x stride */
	unsigned int next;	/* next context, protect */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void random_fill(uint8_t *p, size_t n, uint64_t *x)
{
	for (size_t i = 0; i < n; i++) {
		*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
		p[i] = (uint8_t)(*x >> 56);
	}
}

static void put_seq(uint8_t *pkt, uint16_t seq)
{
	pkt[2] = (uint8_t)(seq >> 8);
	pkt[3] = (uint8_t)seq;
}

void bench_rig_free(struct bench_rig *rig)
{
	if (!rig)
		return;
	for (unsigned int i = 0; i < rig->c.streams; i++) {
		if (rig->tx)
			rig->c.engine->ctx_free(rig->tx[i]);
		if (rig->rx)
			rig->c.engine->ctx_free(rig->rx[i]);
	}
	free(rig->tx);
	free(rig->rx);
	free(rig->seq);
	free(rig->pool_len);
	free(rig->tmpl);
	free(rig->pool);
	free(rig->work);
	free(rig);
}

struct bench_rig *bench_rig_create(const struct bench_case *c)
{
	struct bench_rig *rig = calloc(1, sizeof(*rig));
	struct dp_srtp_policy pol = { .suite = c->suite, .n_keys = 1 };
	uint64_t x = 0x5eed0000ULL + c->suite;
	unsigned int n = c->streams;

	if (!rig)
		return NULL;
	rig->c = *c;
	rig->plen = 12 + c->payload;
	rig->stride = (rig->plen + DP_SRTP_MAX_TRAILER + 63) & ~63u;
	rig->pool_n = n > POOL_PKTS ? (n + BENCH_BURST - 1) / BENCH_BURST * BENCH_BURST : POOL_PKTS;
	rig->tx = calloc(n, sizeof(*rig->tx));
	rig->rx = calloc(n, sizeof(*rig->rx));
	rig->seq = calloc(n, sizeof(*rig->seq));
	rig->tmpl = aligned_alloc(64, (size_t)n * rig->stride);
	rig->work = aligned_alloc(64, (size_t)BENCH_BURST * rig->stride);
	if (c->unprotect) {
		rig->pool = aligned_alloc(64, (size_t)rig->pool_n * rig->stride);
		rig->pool_len = calloc(rig->pool_n, sizeof(*rig->pool_len));
	}
	if (!rig->tx || !rig->rx || !rig->seq || !rig->tmpl || !rig->work ||
	    (c->unprotect && (!rig->pool || !rig->pool_len)))
		goto err;
	for (unsigned int i = 0; i < n; i++) {
		uint8_t *t = rig->tmpl + (size_t)i * rig->stride;

		random_fill(pol.keys[0].key, sizeof(pol.keys[0].key), &x);
		random_fill(pol.keys[0].salt, sizeof(pol.keys[0].salt), &x);
		rig->tx[i] = c->engine->ctx_create(&pol);
		rig->rx[i] = c->engine->ctx_create(&pol);
		if (!rig->tx[i] || !rig->rx[i])
			goto err;
		random_fill(t, rig->plen, &x);
		t[0] = 0x80;
		t[1] = 0;			/* PT 0, PCMU */
		t[8] = (uint8_t)(i >> 24);	/* SSRC = context number + 1 */
		t[9] = (uint8_t)(i >> 16);
		t[10] = (uint8_t)(i >> 8);
		t[11] = (uint8_t)(i + 1);
		rig->seq[i] = (uint16_t)(65535 - i % 1000); /* ROC moves early */
	}
	memset(&pol, 0, sizeof(pol));
	return rig;
err:
	bench_rig_free(rig);
	return NULL;
}

/* n packets for contexts from *next on, into bufs (stride apart), protected. */
static int protect_into(struct bench_rig *rig, uint8_t *bufs, uint32_t *lens, unsigned int n)
{
	struct dp_srtp_pkt pkts[BENCH_BURST];
	uint8_t v[BENCH_BURST];

	for (unsigned int i = 0; i < n; i++) {
		unsigned int c = rig->next;
		uint8_t *b = bufs + (size_t)i * rig->stride;

		memcpy(b, rig->tmpl + (size_t)c * rig->stride, rig->plen);
		put_seq(b, rig->seq[c]++);
		pkts[i] = (struct dp_srtp_pkt){ .data = b, .len = rig->plen,
						.room = rig->stride, .ctx = rig->tx[c] };
		if (++rig->next == rig->c.streams)
			rig->next = 0;
	}
	if (rig->c.engine->burst(DP_SRTP_PROTECT_RTP, pkts, (uint16_t)n, v) != n)
		return -EIO;
	if (lens)
		for (unsigned int i = 0; i < n; i++)
			lens[i] = pkts[i].len;
	return 0;
}

static int run_protect(struct bench_rig *rig, double seconds, double *mpps)
{
	uint64_t pkts = 0;
	double t0 = now(), t;

	do {
		for (int k = 0; k < CHECK_EVERY; k++)
			if (protect_into(rig, rig->work, NULL, BENCH_BURST))
				return -EIO;
		pkts += CHECK_EVERY * BENCH_BURST;
		t = now() - t0;
	} while (t < seconds);
	*mpps = (double)pkts / t / 1e6;
	return 0;
}

static int pool_refill(struct bench_rig *rig)
{
	unsigned int saved = rig->next;

	/* The pool's context order restarts at 0 so unprotect can recompute it. */
	rig->next = 0;
	for (uint32_t j = 0; j < rig->pool_n; j += BENCH_BURST)
		if (protect_into(rig, rig->pool + (size_t)j * rig->stride, rig->pool_len + j,
				 BENCH_BURST))
			return -EIO;
	rig->next = saved;
	return 0;
}

/* One pass over the pool; returns seconds spent, or < 0 on a refused packet. */
static double unprotect_pool(struct bench_rig *rig)
{
	struct dp_srtp_pkt pkts[BENCH_BURST];
	uint8_t v[BENCH_BURST];
	unsigned int c = 0;
	double t0 = now();

	for (uint32_t j = 0; j < rig->pool_n; j += BENCH_BURST) {
		for (unsigned int i = 0; i < BENCH_BURST; i++) {
			uint8_t *b = rig->work + (size_t)i * rig->stride;
			uint32_t len = rig->pool_len[j + i];

			memcpy(b, rig->pool + (size_t)(j + i) * rig->stride, len);
			pkts[i] = (struct dp_srtp_pkt){ .data = b, .len = len,
							.room = rig->stride, .ctx = rig->rx[c] };
			if (++c == rig->c.streams)
				c = 0;
		}
		if (rig->c.engine->burst(DP_SRTP_UNPROTECT_RTP, pkts, BENCH_BURST, v) !=
		    BENCH_BURST)
			return -1;
	}
	return now() - t0;
}

static int run_unprotect(struct bench_rig *rig, double seconds, double *mpps)
{
	uint64_t pkts = 0;
	double t = 0, dt;

	do {
		if (pool_refill(rig))
			return -EIO;
		dt = unprotect_pool(rig);
		if (dt < 0)
			return -EIO;
		t += dt;
		pkts += rig->pool_n;
	} while (t < seconds);
	*mpps = (double)pkts / t / 1e6;
	return 0;
}

int bench_rig_run(struct bench_rig *rig, double seconds, double *mpps)
{
	return rig->c.unprotect ? run_unprotect(rig, seconds, mpps) :
				  run_protect(rig, seconds, mpps);
}
