/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Differential test: the engine under test (SRTP_DIFF_ENGINE, default
 * "native") against the libsrtp2 reference, for every suite, RTP and RTCP.
 *
 * Each test runs sessions of random policies (flags, MKI, two keys, replay
 * window) with up to DP_SRTP_MAX_STREAMS SSRCs whose sequence numbers start
 * just below 65535, so the ROC moves. Every plain packet is protected by both
 * engines: the outputs must be byte-identical. The packets are then delivered
 * out of order (shuffled in blocks no wider than the smallest replay window,
 * the first packet of each SSRC first so both receivers learn ROC 0) and
 * each engine unprotects what the *other* one produced: the result must be
 * the plain packet. Every 64th delivery is repeated and must be a replay;
 * before every 8th, a damaged copy must get the same refusal from both.
 *
 * SRTP_DIFF_SEED replays a run; SRTP_DIFF_PACKETS sets packets per test.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define SESSION_PKTS	2000
#define DEFAULT_PKTS	100000

struct slot {
	uint32_t plen, alen, rlen;
	uint8_t stream;
	uint8_t plain[PKT_CAP];
	uint8_t a[PKT_CAP];	/* protected by the engine under test */
	uint8_t ref[PKT_CAP];	/* protected by libsrtp2 */
};

struct param {
	enum ms_srtp_suite suite;
	bool rtcp;
};

struct session {
	const struct param *p;
	struct rng *r;
	uint64_t seed;
	unsigned int id;
	struct dp_srtp_policy pol;
	struct dp_srtp_ctx *a_tx, *r_tx, *a_rx, *r_rx;
	unsigned int n_ssrc;
	uint32_t ssrc[DP_SRTP_MAX_STREAMS];
	uint16_t seq[DP_SRTP_MAX_STREAMS];
	bool rtcp_seen[DP_SRTP_MAX_STREAMS];
	struct slot *slots;
	uint32_t n;
};

static const struct dp_srtp_engine *eng_a, *eng_ref;
static unsigned long packets_per_test = DEFAULT_PKTS;
static bool noted_rtcp_index;

#define FAIL(s, ...) do {						\
	print_context(s);						\
	fail_msg(__VA_ARGS__);						\
} while (0)

static void print_context(const struct session *s)
{
	printf("# FAILED: %s %s, session %u, test seed 0x%016" PRIx64 "; replay with "
	       "SRTP_DIFF_SEED=0x%016" PRIx64 "\n", ms_suite_name(s->p->suite),
	       s->p->rtcp ? "RTCP" : "RTP", s->id, s->seed, harness_seed());
	policy_print(&s->pol);
}

static uint32_t first_diff(const uint8_t *a, const uint8_t *b, uint32_t n)
{
	uint32_t i = 0;

	while (i < n && a[i] == b[i])
		i++;
	return i;
}

static void session_free(struct session *s)
{
	eng_a->ctx_free(s->a_tx);
	eng_a->ctx_free(s->a_rx);
	eng_ref->ctx_free(s->r_tx);
	eng_ref->ctx_free(s->r_rx);
	s->a_tx = s->a_rx = s->r_tx = s->r_rx = NULL;
}

/* 1: contexts made; 0: both engines refuse the policy; fails on disagreement. */
static int session_open(struct session *s)
{
	int err_a, err_r;

	policy_random(&s->pol, s->p->suite, s->r);
	s->a_tx = eng_a->ctx_create(&s->pol);
	err_a = s->a_tx ? 0 : errno;
	s->r_tx = eng_ref->ctx_create(&s->pol);
	err_r = s->r_tx ? 0 : errno;
	if (!s->a_tx != !s->r_tx) {
		session_free(s);
		FAIL(s, "policy accepted by one engine only: %s errno %d, libsrtp2 errno %d",
		     eng_a->name, err_a, err_r);
	}
	if (!s->a_tx)
		return 0;
	s->a_rx = eng_a->ctx_create(&s->pol);
	s->r_rx = eng_ref->ctx_create(&s->pol);
	assert_non_null(s->a_rx);
	assert_non_null(s->r_rx);

	s->n_ssrc = 1 + rng_below(s->r, DP_SRTP_MAX_STREAMS);
	for (unsigned int i = 0; i < s->n_ssrc; i++) {
		bool dup;

		do {
			s->ssrc[i] = (uint32_t)rng_next(s->r) | 1;
			dup = false;
			for (unsigned int j = 0; j < i; j++)
				dup |= s->ssrc[j] == s->ssrc[i];
		} while (dup);
		s->seq[i] = (uint16_t)(65535 - rng_below(s->r, 300));
		s->rtcp_seen[i] = false;
	}
	return 1;
}

static uint32_t srtcp_index(const struct session *s, const uint8_t *pkt, uint32_t plen)
{
	const uint8_t *w = pkt + plen + (ms_suite_info_get(s->p->suite)->aead ? 16 : 0);

	return ((uint32_t)(w[0] & 0x7f) << 24) | ((uint32_t)w[1] << 16) |
	       ((uint32_t)w[2] << 8) | w[3];
}

static uint8_t protect_a(struct session *s, struct slot *sl, enum dp_srtp_op op)
{
	memcpy(sl->a, sl->plain, sl->plen);
	sl->alen = sl->plen;
	return apply1(eng_a, op, s->a_tx, sl->a, &sl->alen, PKT_CAP);
}

/*
 * libsrtp2 sends SRTCP index 1 first (it increments before use); RFC 3711
 * §3.3.1 says 0. If the engine under test follows the RFC, spend its index 0
 * on a packet nobody receives so that both sequences line up.
 */
static void align_srtcp(struct session *s, struct slot *sl)
{
	uint32_t ia = srtcp_index(s, sl->a, sl->plen);
	uint32_t ir = srtcp_index(s, sl->ref, sl->plen);

	if (ia + 1 != ir)
		return;
	if (!noted_rtcp_index) {
		printf("# NOTE: first SRTCP index: %s %u, libsrtp2 %u; aligning\n",
		       eng_a->name, ia, ir);
		noted_rtcp_index = true;
	}
	if (protect_a(s, sl, DP_SRTP_PROTECT_RTCP) != DP_SRTP_OK)
		FAIL(s, "second SRTCP protect failed");
}

static void protect_all(struct session *s)
{
	enum dp_srtp_op op = s->p->rtcp ? DP_SRTP_PROTECT_RTCP : DP_SRTP_PROTECT_RTP;

	for (uint32_t i = 0; i < s->n; i++) {
		struct slot *sl = &s->slots[i];
		unsigned int k = rng_below(s->r, s->n_ssrc);
		uint32_t payload = rng_below(s->r, PAYLOAD_MAX + 1);
		uint8_t va, vr;

		sl->stream = (uint8_t)k;
		sl->plen = s->p->rtcp ?
			rtcp_build(s->r, sl->plain, s->ssrc[k], payload) :
			rtp_build(s->r, sl->plain, s->ssrc[k], s->seq[k]++, payload, true);
		va = protect_a(s, sl, op);
		memcpy(sl->ref, sl->plain, sl->plen);
		sl->rlen = sl->plen;
		vr = apply1(eng_ref, op, s->r_tx, sl->ref, &sl->rlen, PKT_CAP);
		if (va != DP_SRTP_OK || vr != DP_SRTP_OK)
			FAIL(s, "packet %u: protect verdicts %s %s, libsrtp2 %s", i,
			     eng_a->name, dp_srtp_verdict_name(va), dp_srtp_verdict_name(vr));
		if (s->p->rtcp && !s->rtcp_seen[k]) {
			s->rtcp_seen[k] = true;
			align_srtcp(s, sl);
		}
		if (sl->alen != sl->rlen || memcmp(sl->a, sl->ref, sl->alen) != 0)
			FAIL(s, "packet %u (plain %u bytes): protected differ: %s %u bytes, "
			     "libsrtp2 %u bytes, first difference at byte %u", i, sl->plen,
			     eng_a->name, sl->alen, sl->rlen,
			     first_diff(sl->a, sl->ref, sl->alen < sl->rlen ? sl->alen : sl->rlen));
	}
}

/*
 * Delivery order: per SSRC, shuffle blocks of width w (keeping the first
 * packet first), then interleave the SSRCs at random.
 */
static void delivery_order(struct session *s, uint32_t *order)
{
	static const uint32_t widths[] = { 1, 4, 16, 64 };
	uint32_t w = widths[rng_below(s->r, 4)];
	uint32_t *lists[DP_SRTP_MAX_STREAMS], cnt[DP_SRTP_MAX_STREAMS] = { 0 };
	uint32_t cur[DP_SRTP_MAX_STREAMS] = { 0 }, left = s->n, out = 0;

	for (unsigned int k = 0; k < s->n_ssrc; k++) {
		lists[k] = malloc(s->n * sizeof(uint32_t));
		assert_non_null(lists[k]);
	}
	for (uint32_t i = 0; i < s->n; i++) {
		unsigned int k = s->slots[i].stream;

		lists[k][cnt[k]++] = i;
	}
	for (unsigned int k = 0; k < s->n_ssrc; k++) {
		for (uint32_t b = 0; b < cnt[k]; b += w) {
			uint32_t lo = b ? b : 1, hi = b + w < cnt[k] ? b + w : cnt[k];

			for (uint32_t i = hi; i > lo + 1; i--) {
				uint32_t j = lo + rng_below(s->r, i - lo), t;

				t = lists[k][i - 1];
				lists[k][i - 1] = lists[k][j];
				lists[k][j] = t;
			}
		}
	}
	while (left) {
		unsigned int k = rng_below(s->r, s->n_ssrc);

		if (cur[k] == cnt[k])
			continue;
		order[out++] = lists[k][cur[k]++];
		left--;
	}
	for (unsigned int k = 0; k < s->n_ssrc; k++)
		free(lists[k]);
}

static void unprotect_check(struct session *s, const struct dp_srtp_engine *e,
			    struct dp_srtp_ctx *rx, const uint8_t *wire, uint32_t wlen,
			    const struct slot *sl, uint32_t i, uint8_t want)
{
	enum dp_srtp_op op = s->p->rtcp ? DP_SRTP_UNPROTECT_RTCP : DP_SRTP_UNPROTECT_RTP;
	uint8_t buf[PKT_CAP];
	uint32_t len = wlen;
	uint8_t v;

	memcpy(buf, wire, wlen);
	v = apply1(e, op, rx, buf, &len, PKT_CAP);
	if (v != want)
		FAIL(s, "packet %u (stream %u, plain %u bytes): %s unprotect: %s, want %s",
		     i, sl->stream, sl->plen, e->name, dp_srtp_verdict_name(v),
		     dp_srtp_verdict_name(want));
	if (want == DP_SRTP_OK &&
	    (len != sl->plen || memcmp(buf, sl->plain, len) != 0))
		FAIL(s, "packet %u: %s unprotect gives %u bytes, first difference at %u",
		     i, e->name, len, first_diff(buf, sl->plain, len < sl->plen ? len : sl->plen));
}

static void stats_check(struct session *s, struct dp_srtp_ctx *a, struct dp_srtp_ctx *r)
{
	struct dp_srtp_ctx_stats sa, sr;

	eng_a->ctx_stats(a, &sa);
	eng_ref->ctx_stats(r, &sr);
	if (sa.packets != sr.packets || sa.rtcp_packets != sr.rtcp_packets ||
	    sa.n_streams != sr.n_streams)
		FAIL(s, "stats differ: %s %" PRIu64 "/%" PRIu64 "/%u, libsrtp2 %" PRIu64
		     "/%" PRIu64 "/%u (packets/rtcp/streams)", eng_a->name, sa.packets,
		     sa.rtcp_packets, sa.n_streams, sr.packets, sr.rtcp_packets, sr.n_streams);
}

/*
 * A damaged copy (a byte changed, cut short, or both) goes to both receivers
 * before the genuine packet: both must refuse it with the same verdict, and
 * it must leave no trace (the genuine one still passes).
 */
static void damaged_check(struct session *s, const struct slot *sl, uint32_t i)
{
	enum dp_srtp_op op = s->p->rtcp ? DP_SRTP_UNPROTECT_RTCP : DP_SRTP_UNPROTECT_RTP;
	uint8_t a[PKT_CAP], b[PKT_CAP];
	uint32_t len = sl->alen, la, lb, at = 0, how = rng_below(s->r, 3);
	uint8_t va, vr, mask = 0;

	memcpy(a, sl->a, len);
	if (how != 1) {
		at = rng_below(s->r, len);
		mask = (uint8_t)(1 + rng_below(s->r, 255));
		a[at] ^= mask;
	}
	if (how != 0)
		len = rng_below(s->r, len);
	memcpy(b, a, len);
	la = lb = len;
	va = apply1(eng_a, op, s->a_rx, a, &la, PKT_CAP);
	vr = apply1(eng_ref, op, s->r_rx, b, &lb, PKT_CAP);
	if (va != vr || va == DP_SRTP_OK)
		FAIL(s, "packet %u (%u bytes) damaged: byte %u ^ 0x%02x, cut to %u: %s %s, "
		     "libsrtp2 %s", i, sl->alen, at, mask, len, eng_a->name,
		     dp_srtp_verdict_name(va), dp_srtp_verdict_name(vr));
}

static void deliver_all(struct session *s)
{
	/* Without an SRTP tag a changed payload byte is accepted: nothing to compare. */
	bool damage = s->p->rtcp || !(s->pol.flags & MS_SRTP_F_UNAUTHENTICATED_SRTP);

	uint32_t *order = malloc(s->n * sizeof(uint32_t));

	assert_non_null(order);
	delivery_order(s, order);
	for (uint32_t d = 0; d < s->n; d++) {
		uint32_t i = order[d];
		const struct slot *sl = &s->slots[i];

		if (damage && d % 8 == 5)
			damaged_check(s, sl, i);
		unprotect_check(s, eng_ref, s->r_rx, sl->a, sl->alen, sl, i, DP_SRTP_OK);
		unprotect_check(s, eng_a, s->a_rx, sl->ref, sl->rlen, sl, i, DP_SRTP_OK);
		if (d % 64 == 63) {
			unprotect_check(s, eng_ref, s->r_rx, sl->a, sl->alen, sl, i,
					DP_SRTP_REPLAY_DUP);
			unprotect_check(s, eng_a, s->a_rx, sl->ref, sl->rlen, sl, i,
					DP_SRTP_REPLAY_DUP);
		}
	}
	free(order);
	stats_check(s, s->a_tx, s->r_tx);
	stats_check(s, s->a_rx, s->r_rx);
}

static void t_diff(void **state)
{
	const struct param *p = *state;
	struct session s = { .p = p };
	unsigned long done = 0, refused = 0;
	struct rng r;

	int err_a = harness_engine_ready(eng_a, p->suite);
	int err_r = harness_engine_ready(eng_ref, p->suite);

	if (err_a || err_r)
		fail_msg("%s: plain context: %s errno %d, libsrtp2 errno %d",
			 ms_suite_name(p->suite), eng_a->name, err_a, err_r);
	s.seed = harness_subseed(harness_seed(), p->suite, p->rtcp);
	rng_seed(&r, s.seed);
	s.r = &r;
	s.slots = malloc(SESSION_PKTS * sizeof(*s.slots));
	assert_non_null(s.slots);
	while (done < packets_per_test) {
		if (!session_open(&s)) {
			refused++;
			continue;
		}
		s.n = packets_per_test - done < SESSION_PKTS ?
		      (uint32_t)(packets_per_test - done) : SESSION_PKTS;
		protect_all(&s);
		deliver_all(&s);
		session_free(&s);
		done += s.n;
		s.id++;
	}
	free(s.slots);
	printf("# %s %s: %lu packets in %u sessions (%lu policies refused by both)\n",
	       ms_suite_name(p->suite), p->rtcp ? "RTCP" : "RTP", done, s.id,
	       refused);
}

int main(void)
{
	static struct param params[2 * MS_SUITE_MAX];
	struct CMUnitTest tests[2 * MS_SUITE_MAX];
	static char names[2 * MS_SUITE_MAX][64];
	const char *name = getenv("SRTP_DIFF_ENGINE");
	const char *np = getenv("SRTP_DIFF_PACKETS");
	int n = 0;

	if (!name || !*name)
		name = "native";
	if (np && *np) {
		char *end;

		errno = 0;
		packets_per_test = strtoul(np, &end, 10);
		if (errno || *end || packets_per_test == 0) {
			fprintf(stderr, "SRTP_DIFF_PACKETS: not a positive number: %s\n", np);
			return 2;
		}
	}
	eng_a = harness_engine(name);
	eng_ref = harness_engine("libsrtp2");
	if (!eng_a || !eng_ref) {
		fprintf(stderr, "engine %s or libsrtp2 unknown or thread_init failed\n", name);
		return 1;
	}
	harness_seed();
	for (int s = 1; s <= MS_SUITE_MAX; s++) {
		for (int rtcp = 0; rtcp < 2; rtcp++) {
			params[n] = (struct param){ .suite = s, .rtcp = rtcp };
			snprintf(names[n], sizeof(names[n]), "diff %s %s",
				 ms_suite_name(s), rtcp ? "RTCP" : "RTP");
			tests[n] = (struct CMUnitTest){ .name = names[n], .test_func = t_diff,
							.initial_state = &params[n] };
			n++;
		}
	}
	return _cmocka_run_group_tests("srtp-diff", tests, (size_t)n, NULL, NULL);
}
