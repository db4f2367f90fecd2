/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the SRTP differential and behaviour tests: a seeded PRNG, random
 * policies, RTP/RTCP packet builders and one-packet wrappers around the
 * engine ops. Nothing here knows which engine it drives.
 */
#ifndef MEDIASEC_TESTS_SRTP_DIFF_HARNESS_H
#define MEDIASEC_TESTS_SRTP_DIFF_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srtp.h"

#define PKT_CAP		2048	/* buffer for one packet: header + 1400 + trailer */
#define PAYLOAD_MAX	1400

struct rng {
	uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
uint32_t rng_below(struct rng *r, uint32_t n);	/* [0, n) */
void rng_fill(struct rng *r, uint8_t *p, size_t n);

/* SRTP_DIFF_SEED from the environment, else a fresh one; printed once. */
uint64_t harness_seed(void);
/* Mixes a test's identity into the run seed so each test replays alone. */
uint64_t harness_subseed(uint64_t seed, unsigned int a, unsigned int b);

/* The engine by name, thread_init done; NULL when unknown or init fails. */
const struct dp_srtp_engine *harness_engine(const char *name);
/*
 * 0 when the engine creates a plain context of this suite, else the errno of
 * ctx_create (a test failure).
 */
int harness_engine_ready(const struct dp_srtp_engine *e, enum ms_srtp_suite suite);

/* One master key, no MKI, no flags, default window, random key and salt. */
void policy_plain(struct dp_srtp_policy *pol, enum ms_srtp_suite suite, struct rng *r);
/* Random flags, MKI, key count, tx key and window, all valid for the suite. */
void policy_random(struct dp_srtp_policy *pol, enum ms_srtp_suite suite, struct rng *r);
void policy_print(const struct dp_srtp_policy *pol);

/* Bytes protect adds: MKI + tag (RTP), E|index + MKI + tag (RTCP). */
uint32_t trailer_len(const struct dp_srtp_policy *pol, bool rtcp);

/*
 * Plain packets. rtp_build: V=2, random M/PT, given SSRC and SEQ, with
 * "fancy" sometimes CSRCs and a header extension; rtcp_build: V=2, PT
 * 200..204, length field consistent, payload rounded down to 4 bytes.
 */
uint32_t rtp_build(struct rng *r, uint8_t *buf, uint32_t ssrc, uint16_t seq,
		   uint32_t payload, bool fancy);
uint32_t rtcp_build(struct rng *r, uint8_t *buf, uint32_t ssrc, uint32_t payload);

/* One packet through burst(); returns the verdict, updates *len. */
uint8_t apply1(const struct dp_srtp_engine *e, enum dp_srtp_op op,
	       struct dp_srtp_ctx *ctx, uint8_t *buf, uint32_t *len, uint32_t room);

static inline bool op_is_rtcp(enum dp_srtp_op op)
{
	return op == DP_SRTP_PROTECT_RTCP || op == DP_SRTP_UNPROTECT_RTCP;
}

#endif /* MEDIASEC_TESTS_SRTP_DIFF_HARNESS_H */
