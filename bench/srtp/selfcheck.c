/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The self-check: per selected suite, RTP and RTCP packets of a few sizes
 * protected by native and by libsrtp2 with the same key must be
 * byte-identical, and each engine must unprotect the other's packet back to
 * the plain one. tests/unit/srtp-diff does this at length; this is the quick
 * guard that the figures compare two engines doing the same work.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "selfcheck.h"

#define CAP	(12 + BENCH_PAYLOAD_MAX + DP_SRTP_MAX_TRAILER)

struct side {
	const struct dp_srtp_engine *e;
	struct dp_srtp_ctx *tx, *rx;
};

static uint8_t one(const struct side *s, enum dp_srtp_op op, struct dp_srtp_ctx *ctx,
		   uint8_t *buf, uint32_t *len)
{
	struct dp_srtp_pkt pkt = { .data = buf, .len = *len, .room = CAP, .ctx = ctx };
	uint8_t v = 0xff;

	s->e->burst(op, &pkt, 1, &v);
	*len = pkt.len;
	return v;
}

/* A plain RTP packet (seq as given) or RTCP packet (payload rounded down to 4). */
static uint32_t plain_packet(uint8_t *p, bool rtcp, uint16_t seq, uint32_t payload)
{
	uint32_t len = rtcp ? 8 + (payload & ~3u) : 12 + payload;

	for (uint32_t i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 131 + seq);
	p[0] = 0x80;
	if (rtcp) {
		p[1] = 200;
		p[2] = (uint8_t)((len / 4 - 1) >> 8);
		p[3] = (uint8_t)(len / 4 - 1);
		memcpy(p + 4, "\x12\x34\x56\x78", 4);	/* one SSRC */
	} else {
		p[1] = 0;
		p[2] = (uint8_t)(seq >> 8);
		p[3] = (uint8_t)seq;
		memcpy(p + 8, "\x12\x34\x56\x78", 4);
	}
	return len;
}

static int check_packet(const struct side sd[2], const char *suite, bool rtcp,
			uint16_t seq, uint32_t payload)
{
	enum dp_srtp_op protect = rtcp ? DP_SRTP_PROTECT_RTCP : DP_SRTP_PROTECT_RTP;
	enum dp_srtp_op unprotect = rtcp ? DP_SRTP_UNPROTECT_RTCP : DP_SRTP_UNPROTECT_RTP;
	const char *kind = rtcp ? "RTCP" : "RTP";
	uint8_t plain[CAP], wire[2][CAP], back[CAP];
	uint32_t plen = plain_packet(plain, rtcp, seq, payload), wlen[2], blen;

	for (int k = 0; k < 2; k++) {
		uint8_t v;

		memcpy(wire[k], plain, plen);
		wlen[k] = plen;
		v = one(&sd[k], protect, sd[k].tx, wire[k], &wlen[k]);
		if (v != DP_SRTP_OK) {
			fprintf(stderr, "self-check %s %s: %s refused to protect (%s)\n", suite,
				kind, sd[k].e->name, dp_srtp_verdict_name(v));
			return -1;
		}
	}
	if (wlen[0] != wlen[1] || memcmp(wire[0], wire[1], wlen[0]) != 0) {
		fprintf(stderr, "self-check %s %s: %s and %s protect the same packet "
			"(seq %u, payload %u) differently\n", suite, kind, sd[0].e->name,
			sd[1].e->name, seq, payload);
		return -1;
	}
	for (int k = 0; k < 2; k++) {
		uint8_t v;

		memcpy(back, wire[1 - k], wlen[1 - k]);
		blen = wlen[1 - k];
		v = one(&sd[k], unprotect, sd[k].rx, back, &blen);
		if (v != DP_SRTP_OK || blen != plen || memcmp(back, plain, plen) != 0) {
			fprintf(stderr, "self-check %s %s: %s cannot unprotect %s's packet (%s)\n",
				suite, kind, sd[k].e->name, sd[1 - k].e->name,
				dp_srtp_verdict_name(v));
			return -1;
		}
	}
	return 0;
}

static int check_suite(enum ms_srtp_suite suite)
{
	static const uint32_t payloads[] = { 0, 1, 160, 1200, BENCH_PAYLOAD_MAX };
	const char *name = ms_suite_name(suite);
	struct dp_srtp_policy pol = { .suite = suite, .n_keys = 1 };
	struct side sd[2] = { { .e = dp_srtp_engine_find("native") },
			      { .e = dp_srtp_engine_find("libsrtp2") } };
	int ret = 0;

	for (size_t i = 0; i < sizeof(pol.keys[0].key); i++)
		pol.keys[0].key[i] = (uint8_t)(0x11 * i + suite);
	for (size_t i = 0; i < sizeof(pol.keys[0].salt); i++)
		pol.keys[0].salt[i] = (uint8_t)(0x3d * i);
	for (int k = 0; k < 2 && ret == 0; k++) {
		sd[k].tx = sd[k].e->ctx_create(&pol);
		sd[k].rx = sd[k].e->ctx_create(&pol);
		if (!sd[k].tx || !sd[k].rx) {
			fprintf(stderr, "self-check %s: %s ctx_create: %s\n", name, sd[k].e->name,
				strerror(errno));
			ret = -1;
		}
	}
	/* Sequence numbers cross 65535 so the ROC moves. */
	for (size_t i = 0; i < 16 && ret == 0; i++)
		ret = check_packet(sd, name, i & 1, (uint16_t)(65532 + i / 2),
				   payloads[i % (sizeof(payloads) / sizeof(payloads[0]))]);
	for (int k = 0; k < 2; k++) {
		sd[k].e->ctx_free(sd[k].tx);
		sd[k].e->ctx_free(sd[k].rx);
	}
	OPENSSL_cleanse(&pol, sizeof(pol));
	return ret;
}

int bench_selfcheck(const struct bench_opts *o)
{
	for (unsigned int i = 0; i < o->n_suites; i++)
		if (check_suite(o->suites[i]))
			return -1;
	fprintf(stderr, "self-check: native and libsrtp2 agree on %u suite(s)\n", o->n_suites);
	return 0;
}
