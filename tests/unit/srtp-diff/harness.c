/* SPDX-License-Identifier: BSD-3-Clause */
/* PRNG, random policies, packet builders and one-packet op wrappers. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "harness.h"
#include "tests/wire.h"

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

uint32_t rng_below(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(((rng_next(r) >> 32) * n) >> 32) : 0;
}

void rng_fill(struct rng *r, uint8_t *p, size_t n)
{
	while (n >= 8) {
		uint64_t v = rng_next(r);

		memcpy(p, &v, 8);
		p += 8;
		n -= 8;
	}
	if (n) {
		uint64_t v = rng_next(r);

		memcpy(p, &v, n);
	}
}

uint64_t harness_seed(void)
{
	static uint64_t seed;
	static bool have;
	const char *env;

	if (have)
		return seed;
	env = getenv("SRTP_DIFF_SEED");
	if (env && *env) {
		char *end;

		errno = 0;
		seed = strtoull(env, &end, 0);
		if (errno || *end) {
			fprintf(stderr, "SRTP_DIFF_SEED: not a number: %s\n", env);
			exit(2);
		}
	} else if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed)) {
		seed = 0x5eed;
	}
	have = true;
	printf("# seed 0x%016" PRIx64 " (replay with SRTP_DIFF_SEED=0x%016" PRIx64 ")\n",
	       seed, seed);
	return seed;
}

uint64_t harness_subseed(uint64_t seed, unsigned int a, unsigned int b)
{
	uint64_t x = seed ^ ((uint64_t)a << 32) ^ b;

	return splitmix(&x);
}

const struct dp_srtp_engine *harness_engine(const char *name)
{
	const struct dp_srtp_engine *e = dp_srtp_engine_find(name);

	if (!e || e->thread_init() != 0)
		return NULL;
	return e;
}

int harness_engine_ready(const struct dp_srtp_engine *e, enum ms_srtp_suite suite)
{
	struct dp_srtp_policy pol;
	struct dp_srtp_ctx *ctx;
	struct rng r;
	int err;

	rng_seed(&r, 1);
	policy_plain(&pol, suite, &r);
	errno = 0;
	ctx = e->ctx_create(&pol);
	err = ctx ? 0 : (errno ? errno : EINVAL);
	e->ctx_free(ctx);
	return err;
}

void policy_plain(struct dp_srtp_policy *pol, enum ms_srtp_suite suite, struct rng *r)
{
	memset(pol, 0, sizeof(*pol));
	pol->suite = suite;
	pol->n_keys = 1;
	rng_fill(r, pol->keys[0].key, sizeof(pol->keys[0].key));
	rng_fill(r, pol->keys[0].salt, sizeof(pol->keys[0].salt));
}

void policy_random(struct dp_srtp_policy *pol, enum ms_srtp_suite suite, struct rng *r)
{
	static const uint32_t windows[] = { 0, 64, 128, 256, 1024, MS_SRTP_REPLAY_MAX };
	const struct ms_suite_info *si = ms_suite_info_get(suite);

	policy_plain(pol, suite, r);
	if (rng_below(r, 2))
		pol->flags = rng_below(r, MS_SRTP_F_ALL + 1);
	if (si->aead)
		pol->flags &= MS_SRTP_F_UNENCRYPTED_SRTCP;
	pol->replay_window = windows[rng_below(r, sizeof(windows) / sizeof(windows[0]))];
	if (rng_below(r, 2)) {
		uint8_t mki_len = 1 + rng_below(r, MS_SRTP_MKI_MAX);

		pol->n_keys = 1 + rng_below(r, DP_SRTP_MAX_KEYS);
		pol->tx_key = rng_below(r, pol->n_keys);
		for (int i = 0; i < pol->n_keys; i++) {
			struct dp_srtp_master_key *k = &pol->keys[i];

			rng_fill(r, k->key, sizeof(k->key));
			rng_fill(r, k->salt, sizeof(k->salt));
			rng_fill(r, k->mki, mki_len);
			k->mki[0] = (uint8_t)((k->mki[0] & 0xfe) | i); /* distinct */
			k->mki_len = mki_len;
		}
	}
}

void policy_print(const struct dp_srtp_policy *pol)
{
	printf("# policy: suite %s flags 0x%x window %u keys %u tx_key %u mki_len %u\n",
	       ms_suite_name(pol->suite), pol->flags, pol->replay_window,
	       pol->n_keys, pol->tx_key, pol->keys[0].mki_len);
}

uint32_t trailer_len(const struct dp_srtp_policy *pol, bool rtcp)
{
	const struct ms_suite_info *si = ms_suite_info_get(pol->suite);
	uint32_t mki = pol->keys[0].mki_len;

	if (rtcp)
		return 4 + mki + si->rtcp_tag_len;
	if (pol->flags & MS_SRTP_F_UNAUTHENTICATED_SRTP)
		return mki;
	return mki + si->tag_len;
}

uint32_t rtp_build(struct rng *r, uint8_t *buf, uint32_t ssrc, uint16_t seq,
		   uint32_t payload, bool fancy)
{
	uint32_t cc = 0, ext = 0, n;

	if (fancy && rng_below(r, 8) == 0)
		cc = 1 + rng_below(r, 4);
	if (fancy && rng_below(r, 8) == 0)
		ext = 1 + rng_below(r, 5);	/* 1: empty extension */
	buf[0] = (uint8_t)(0x80 | (ext ? 0x10 : 0) | cc);
	buf[1] = (uint8_t)rng_below(r, 256) & 0xff;
	put16(buf + 2, seq);
	rng_fill(r, buf + 4, 4);
	put32(buf + 8, ssrc);
	n = 12;
	rng_fill(r, buf + n, 4 * cc);
	n += 4 * cc;
	if (ext) {
		put16(buf + n, 0xbede);
		put16(buf + n + 2, (uint16_t)(ext - 1));
		rng_fill(r, buf + n + 4, 4 * (ext - 1));
		n += 4 * ext;
	}
	rng_fill(r, buf + n, payload);
	return n + payload;
}

uint32_t rtcp_build(struct rng *r, uint8_t *buf, uint32_t ssrc, uint32_t payload)
{
	uint32_t len = 8 + (payload & ~3u);

	buf[0] = (uint8_t)(0x80 | rng_below(r, 32));
	buf[1] = (uint8_t)(200 + rng_below(r, 5));
	put16(buf + 2, (uint16_t)(len / 4 - 1));
	put32(buf + 4, ssrc);
	rng_fill(r, buf + 8, len - 8);
	return len;
}

uint8_t apply1(const struct dp_srtp_engine *e, enum dp_srtp_op op,
	       struct dp_srtp_ctx *ctx, uint8_t *buf, uint32_t *len, uint32_t room)
{
	struct dp_srtp_pkt pkt = { .data = buf, .len = *len, .room = room, .ctx = ctx };
	uint8_t v = 0xff;

	e->burst(op, &pkt, 1, &v);
	if (v == DP_SRTP_OK)
		*len = pkt.len;
	return v;
}
