/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The native engine's ops and its burst loop: prepare every packet of a chunk,
 * run the chunk's crypto in one backend call, finish every packet. A packet
 * whose index guess depends on packets still in flight (a stream's index
 * moving across a ROC boundary within the chunk) first drains them, which
 * keeps results identical to processing one packet at a time.
 */
#include "../engine.h"
#include "native.h"

#define CHUNK		32
#define IN_FLIGHT	0xfe	/* verdict slot of a packet awaiting finish */
/*
 * With many legs the contexts live in L3 or DRAM: fetch a context's first
 * line (which holds its size) eight packets ahead and the rest four ahead.
 */
#define AHEAD_HEAD	8
#define AHEAD_BODY	4

typedef enum dp_srtp_verdict (*step_fn)(bool protect, struct dp_srtp_pkt *p,
					struct pkt_state *st, struct crypto_op *op);

struct chunk {
	bool protect;
	step_fn prepare, finish;
	struct dp_srtp_pkt *pkts;
	uint8_t *verdicts;
	struct pkt_state st[CHUNK];
	struct crypto_op ops[CHUNK];
	unsigned int n_ops;
};

static int thread_init(void)
{
	return dp_srtp_native_backend()->thread_init();
}

/* Run the ops of packets [from, to), finish them, settle their streams. */
static uint16_t complete(struct chunk *ck, unsigned int from, unsigned int to)
{
	unsigned int drop[CHUNK], n_drop = 0;
	uint16_t ok = 0;

	dp_srtp_native_backend()->run(ck->ops, ck->n_ops);
	ck->n_ops = 0;
	for (unsigned int i = from; i < to; i++) {
		if (ck->verdicts[i] != IN_FLIGHT)
			continue;
		ck->verdicts[i] = (uint8_t)ck->finish(ck->protect, &ck->pkts[i],
						      &ck->st[i - from],
						      &ck->ops[ck->st[i - from].op]);
		ok += ck->verdicts[i] == DP_SRTP_OK;
	}
	/*
	 * A new SSRC whose packets all failed leaves no trace. Its stream goes
	 * back to the pool only after this loop: once pushed, another lcore
	 * may take it, and a later packet here may name the same stream.
	 */
	for (unsigned int i = from; i < to; i++) {
		struct stream *s = ck->st[i - from].stream;

		if (!s)
			continue;
		s->in_burst = 0;
		if (s->state == STREAM_PENDING) {
			s->state = STREAM_FREE;
			drop[n_drop++] = i;
		}
	}
	for (unsigned int j = 0; j < n_drop; j++)
		dp_srtp_stream_release(ck->pkts[drop[j]].ctx,
				       ck->st[drop[j] - from].stream);
	return ok;
}

static void prefetch(const struct chunk *ck, unsigned int i, unsigned int n)
{
	if (i + AHEAD_HEAD < n)
		__builtin_prefetch(ck->pkts[i + AHEAD_HEAD].ctx);
	if (i + AHEAD_BODY < n) {
		const struct dp_srtp_pkt *p = &ck->pkts[i + AHEAD_BODY];

		__builtin_prefetch(p->data);
		for (uint32_t off = 64; off < p->ctx->alloc_size; off += 64)
			__builtin_prefetch((const uint8_t *)p->ctx + off);
	}
}

static uint16_t run_chunk(struct chunk *ck, unsigned int n)
{
	unsigned int from = 0;
	uint16_t ok = 0;

	for (unsigned int i = 0; i < AHEAD_HEAD && i < n; i++)
		__builtin_prefetch(ck->pkts[i].ctx);
	for (unsigned int i = 0; i < n; i++) {
		struct pkt_state *st;
		unsigned int v;

		prefetch(ck, i, n);

		for (;;) {
			st = &ck->st[i - from];
			st->stream = NULL;
			st->slot = (uint8_t)(i - from);
			ck->ops[ck->n_ops] = (struct crypto_op){ 0 };
			v = ck->prepare(ck->protect, &ck->pkts[i], st,
					&ck->ops[ck->n_ops]);
			if (v != PREP_FLUSH)
				break;
			ok += complete(ck, from, i);
			from = i;
		}
		if (v == DP_SRTP_OK) {
			st->op = (uint16_t)ck->n_ops++;
			v = IN_FLIGHT;
		}
		ck->verdicts[i] = (uint8_t)v;
	}
	return ok + complete(ck, from, n);
}

static uint16_t burst(enum dp_srtp_op op, struct dp_srtp_pkt *pkts, uint16_t n,
		      uint8_t *verdicts)
{
	bool rtcp = op == DP_SRTP_PROTECT_RTCP || op == DP_SRTP_UNPROTECT_RTCP;
	struct chunk ck = {
		.protect = op == DP_SRTP_PROTECT_RTP || op == DP_SRTP_PROTECT_RTCP,
		.prepare = rtcp ? dp_srtp_rtcp_prepare : dp_srtp_rtp_prepare,
		.finish = rtcp ? dp_srtp_rtcp_finish : dp_srtp_rtp_finish,
	};
	uint16_t ok = 0;

	for (uint16_t done = 0; done < n;) {
		unsigned int m = n - done < CHUNK ? n - done : CHUNK;

		ck.pkts = pkts + done;
		ck.verdicts = verdicts + done;
		ok += run_chunk(&ck, m);
		done += (uint16_t)m;
	}
	return ok;
}

/*
 * A stage ahead of burst(): the lines of a default-sized AES-CM context
 * (header, stream, replay ring, key). Its size is in its first line, which
 * is not loaded yet, so the count is fixed; burst() prefetches the rest of
 * larger contexts itself.
 */
#define CTX_PREFETCH_LINES 6

static void ctx_prefetch(const struct dp_srtp_ctx *ctx)
{
	for (unsigned int l = 0; l < CTX_PREFETCH_LINES; l++)
		__builtin_prefetch((const uint8_t *)ctx + l * 64);
}

const struct dp_srtp_engine dp_srtp_engine_native = {
	.name = "native",
	.thread_init = thread_init,
	.ctx_create = dp_srtp_ctx_create,
	.ctx_free = dp_srtp_ctx_free,
	.ctx_stats = dp_srtp_ctx_stats,
	.burst = burst,
	.ctx_prefetch = ctx_prefetch,
};
