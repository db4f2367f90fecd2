/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What every SRTP engine promises through struct dp_srtp_engine, checked on
 * both engines and every suite with the same expectations: tampering, replay,
 * truncation, tailroom, MKI selection, the RFC 4568 flags, the stream limit,
 * malformed headers and invalid policies.
 *
 * Tampering, precisely: every byte of a protected packet XOR 0xff must give
 * AUTH_FAIL, except byte 0 (V becomes 1: BAD_HEADER) and the MKI bytes
 * (UNKNOWN_MKI). Single-bit flips of byte 0: V bits give BAD_HEADER; P and
 * (RTCP) RC give AUTH_FAIL; RTP X and CC change the header length, so the
 * verdict is BAD_HEADER when the header then overruns the packet, TOO_SHORT
 * when the header fits but the trailer does not, AUTH_FAIL otherwise. The
 * receiver is fresh, so sequence, SSRC and SRTCP index flips cannot be
 * replays; a failed packet must leave no state (the original still passes).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define SSRC		0x11223344u
#define MKI_LEN		2

struct param {
	const struct dp_srtp_engine *e;
	enum ms_srtp_suite suite;
};

#define EXPECT(got, want, ...) do {					\
	uint8_t got_ = (got), want_ = (want);				\
	if (got_ != want_) {						\
		printf("# ");						\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		fail_msg("verdict %s, want %s", dp_srtp_verdict_name(got_),	\
			 dp_srtp_verdict_name(want_));			\
	}								\
} while (0)

static const struct ms_suite_info *info(const struct param *p)
{
	return ms_suite_info_get(p->suite);
}

/* The engine takes a plain policy of the suite; seeded per test. */
static void start(const struct param *p, struct rng *r, unsigned int test)
{
	int err = harness_engine_ready(p->e, p->suite);

	if (err)
		fail_msg("%s: plain %s context: errno %d", p->e->name, ms_suite_name(p->suite), err);
	rng_seed(r, harness_subseed(harness_seed(), p->suite, test));
}

static struct dp_srtp_ctx *create(const struct param *p, const struct dp_srtp_policy *pol)
{
	struct dp_srtp_ctx *ctx = p->e->ctx_create(pol);

	if (!ctx)
		fail_msg("%s ctx_create: errno %d", p->e->name, errno);
	return ctx;
}

static void with_mki(struct dp_srtp_policy *pol, uint8_t len)
{
	for (uint8_t i = 0; i < len; i++)
		pol->keys[0].mki[i] = (uint8_t)(0x5a + i);
	pol->keys[0].mki_len = len;
}

static uint32_t build(struct rng *r, bool rtcp, uint8_t *buf, uint32_t ssrc,
		      uint16_t seq, uint32_t payload)
{
	return rtcp ? rtcp_build(r, buf, ssrc, payload) :
		      rtp_build(r, buf, ssrc, seq, payload, false);
}

static enum dp_srtp_op protect_op(bool rtcp)
{
	return rtcp ? DP_SRTP_PROTECT_RTCP : DP_SRTP_PROTECT_RTP;
}

static enum dp_srtp_op unprotect_op(bool rtcp)
{
	return rtcp ? DP_SRTP_UNPROTECT_RTCP : DP_SRTP_UNPROTECT_RTP;
}

/* RFC 3711 §3.1/§3.4 and RFC 7714 §7/§9: where the MKI sits. */
static uint32_t mki_offset(const struct param *p, bool rtcp, uint32_t plen)
{
	if (info(p)->aead)
		return plen + 16 + (rtcp ? 4 : 0);
	return plen + (rtcp ? 4 : 0);
}

/* The SRTCP E|index word (RFC 7714 §9: after the AEAD tag). */
static uint32_t index_offset(const struct param *p, uint32_t plen)
{
	return plen + (info(p)->aead ? 16 : 0);
}

/* The verdict of an RTP packet whose byte 0 was changed (see the top comment). */
static uint8_t rtp_header_verdict(const uint8_t *d, uint32_t len, uint32_t trailer)
{
	uint32_t n = 12 + 4 * (d[0] & 0x0f);

	if ((d[0] >> 6) != 2)
		return DP_SRTP_BAD_HEADER;
	if (d[0] & 0x10) {
		if (n + 4 > len)
			return DP_SRTP_BAD_HEADER;
		n += 4 + 4 * (((uint32_t)d[n + 2] << 8) | d[n + 3]);
	}
	if (n > len)
		return DP_SRTP_BAD_HEADER;
	if (n + trailer > len)
		return DP_SRTP_TOO_SHORT;
	return DP_SRTP_AUTH_FAIL;
}

static uint8_t unprotect_copy(const struct param *p, bool rtcp, struct dp_srtp_ctx *rx,
			      const uint8_t *wire, uint32_t wlen, uint8_t *out, uint32_t *olen)
{
	uint8_t buf[PKT_CAP];
	uint32_t len = wlen;
	uint8_t v;

	memcpy(buf, wire, wlen);
	v = apply1(p->e, unprotect_op(rtcp), rx, buf, &len, PKT_CAP);
	if (out) {
		memcpy(out, buf, len);
		*olen = len;
	}
	return v;
}

static void flip(const struct param *p, struct rng *r, bool rtcp)
{
	struct dp_srtp_policy pol;
	uint8_t plain[PKT_CAP], wire[PKT_CAP], buf[PKT_CAP];
	uint32_t plen, wlen, mki_off, len, trailer;
	struct dp_srtp_ctx *tx, *rx;

	policy_plain(&pol, p->suite, r);
	with_mki(&pol, MKI_LEN);
	trailer = trailer_len(&pol, rtcp);
	tx = create(p, &pol);
	rx = create(p, &pol);
	plen = build(r, rtcp, plain, SSRC, 1000, 40);
	memcpy(wire, plain, plen);
	wlen = plen;
	EXPECT(apply1(p->e, protect_op(rtcp), tx, wire, &wlen, PKT_CAP), DP_SRTP_OK, "protect");
	assert_int_equal(wlen, plen + trailer);
	mki_off = mki_offset(p, rtcp, plen);

	for (uint32_t i = 0; i < wlen; i++) {
		uint8_t want = DP_SRTP_AUTH_FAIL;

		if (i == 0)
			want = DP_SRTP_BAD_HEADER;
		else if (i >= mki_off && i < mki_off + MKI_LEN)
			want = DP_SRTP_UNKNOWN_MKI;
		memcpy(buf, wire, wlen);
		buf[i] ^= 0xff;
		EXPECT(unprotect_copy(p, rtcp, rx, buf, wlen, NULL, NULL), want,
		       "%s %s: byte %u of %u flipped", ms_suite_name(p->suite), rtcp ? "RTCP" : "RTP",
		       i, wlen);
	}
	for (int bit = 0; bit < 8; bit++) {
		uint8_t want;

		memcpy(buf, wire, wlen);
		buf[0] ^= (uint8_t)(1 << bit);
		if (rtcp)
			want = bit >= 6 ? DP_SRTP_BAD_HEADER : DP_SRTP_AUTH_FAIL;
		else
			want = rtp_header_verdict(buf, wlen, trailer);
		EXPECT(unprotect_copy(p, rtcp, rx, buf, wlen, NULL, NULL), want,
		       "%s %s: bit %d of byte 0 flipped (0x%02x)", ms_suite_name(p->suite),
		       rtcp ? "RTCP" : "RTP", bit, buf[0]);
	}
	EXPECT(unprotect_copy(p, rtcp, rx, wire, wlen, buf, &len), DP_SRTP_OK,
	       "original after the flips");
	assert_int_equal(len, plen);
	assert_memory_equal(buf, plain, plen);
	p->e->ctx_free(tx);
	p->e->ctx_free(rx);
}

static void t_flip(void **state)
{
	struct rng r;

	start(*state, &r, 1);
	flip(*state, &r, false);
	flip(*state, &r, true);
}

/*
 * Window W: after index h, h-W+1..h are tracked, h-W is too old. The RTP
 * sequence numbers straddle a ROC wrap.
 */
static void replay(const struct param *p, struct rng *r, bool rtcp, uint32_t window)
{
	uint32_t w = window ? window : MS_SRTP_REPLAY_DEFAULT, n = w + 2;
	uint16_t seq0 = (uint16_t)(65536 - w / 2);
	struct dp_srtp_policy pol;
	struct dp_srtp_ctx *tx, *rx;
	uint8_t (*wire)[PKT_CAP] = malloc(n * PKT_CAP);
	uint32_t *wlen = malloc(n * sizeof(uint32_t));
	uint8_t buf[PKT_CAP];
	const char *kind = rtcp ? "RTCP" : "RTP";

	assert_non_null(wire);
	assert_non_null(wlen);
	policy_plain(&pol, p->suite, r);
	pol.replay_window = window;
	tx = create(p, &pol);
	rx = create(p, &pol);
	for (uint32_t i = 0; i < n; i++) {
		wlen[i] = build(r, rtcp, wire[i], SSRC, (uint16_t)(seq0 + i), rng_below(r, 200));
		EXPECT(apply1(p->e, protect_op(rtcp), tx, wire[i], &wlen[i], PKT_CAP),
		       DP_SRTP_OK, "protect %u", i);
	}
	for (uint32_t i = 0; i < n; i++)
		if (i != 1 && i != 2 && i != 3)
			EXPECT(unprotect_copy(p, rtcp, rx, wire[i], wlen[i], NULL, NULL),
			       DP_SRTP_OK, "%s in order, packet %u", kind, i);
	EXPECT(unprotect_copy(p, rtcp, rx, wire[1], wlen[1], NULL, NULL), DP_SRTP_REPLAY_OLD,
	       "%s window %u: index h-W", kind, w);
	EXPECT(unprotect_copy(p, rtcp, rx, wire[2], wlen[2], NULL, NULL), DP_SRTP_OK,
	       "%s window %u: index h-W+1", kind, w);
	EXPECT(unprotect_copy(p, rtcp, rx, wire[2], wlen[2], NULL, NULL), DP_SRTP_REPLAY_DUP,
	       "%s window %u: index h-W+1 again", kind, w);
	EXPECT(unprotect_copy(p, rtcp, rx, wire[n - 1], wlen[n - 1], NULL, NULL),
	       DP_SRTP_REPLAY_DUP, "%s: index h again", kind);
	EXPECT(unprotect_copy(p, rtcp, rx, wire[0], wlen[0], NULL, NULL), DP_SRTP_REPLAY_OLD,
	       "%s window %u: index h-W-1", kind, w);
	memcpy(buf, wire[3], wlen[3]);
	buf[wlen[3] - (rtcp && info(p)->aead ? 5 : 1)] ^= 1;	/* last tag byte */
	EXPECT(unprotect_copy(p, rtcp, rx, buf, wlen[3], NULL, NULL), DP_SRTP_AUTH_FAIL,
	       "%s: tampered tag", kind);
	EXPECT(unprotect_copy(p, rtcp, rx, wire[3], wlen[3], NULL, NULL), DP_SRTP_OK,
	       "%s: the same index after a failed one", kind);
	p->e->ctx_free(tx);
	p->e->ctx_free(rx);
	free(wire);
	free(wlen);
}

static void t_replay(void **state)
{
	struct rng r;

	start(*state, &r, 2);
	replay(*state, &r, false, 0);
	replay(*state, &r, false, 1024);
	replay(*state, &r, true, 0);	/* SRTCP: 128, whatever the policy says */
}

/* Exact-size heap copies so that ASan sees any read or write past the end. */
static void truncate_one(const struct param *p, struct rng *r, bool rtcp)
{
	struct dp_srtp_policy pol;
	uint8_t plain[PKT_CAP], wire[PKT_CAP];
	uint32_t plen, wlen;
	struct dp_srtp_ctx *tx, *rx;

	policy_plain(&pol, p->suite, r);
	with_mki(&pol, MKI_LEN);
	tx = create(p, &pol);
	rx = create(p, &pol);
	plen = build(r, rtcp, plain, SSRC, 7, 24);
	memcpy(wire, plain, plen);
	wlen = plen;
	EXPECT(apply1(p->e, protect_op(rtcp), tx, wire, &wlen, PKT_CAP), DP_SRTP_OK, "protect");
	for (uint32_t l = 0; l < wlen; l++) {
		uint8_t *b = malloc(l ? l : 1);
		uint32_t len = l;
		uint8_t v;

		assert_non_null(b);
		memcpy(b, wire, l);
		v = apply1(p->e, unprotect_op(rtcp), rx, b, &len, l);
		free(b);
		if (v == DP_SRTP_OK)
			fail_msg("%s: unprotect accepted %u of %u bytes", rtcp ? "RTCP" : "RTP",
				 l, wlen);
	}
	for (uint32_t l = 0; l < (rtcp ? 8u : 12u); l++) {
		uint32_t room = l + DP_SRTP_MAX_TRAILER, len = l;
		uint8_t *b = malloc(room);

		assert_non_null(b);
		memcpy(b, plain, l);
		if (apply1(p->e, protect_op(rtcp), tx, b, &len, room) == DP_SRTP_OK)
			fail_msg("%s: protect accepted a %u-byte packet", rtcp ? "RTCP" : "RTP", l);
		free(b);
	}
	p->e->ctx_free(tx);
	p->e->ctx_free(rx);
}

static void t_truncate(void **state)
{
	struct rng r;

	start(*state, &r, 3);
	truncate_one(*state, &r, false);
	truncate_one(*state, &r, true);
}

static void no_room(const struct param *p, struct rng *r, bool rtcp)
{
	struct dp_srtp_policy pol;
	uint8_t plain[PKT_CAP], out[PKT_CAP];
	uint32_t plen, trailer, len;
	struct dp_srtp_ctx *tx, *rx;
	uint8_t *b;

	policy_plain(&pol, p->suite, r);
	with_mki(&pol, 3);
	trailer = trailer_len(&pol, rtcp);
	tx = create(p, &pol);
	rx = create(p, &pol);
	plen = build(r, rtcp, plain, SSRC, 9, 33);

	b = malloc(plen + trailer - 1);
	assert_non_null(b);
	memcpy(b, plain, plen);
	len = plen;
	EXPECT(apply1(p->e, protect_op(rtcp), tx, b, &len, plen + trailer - 1), DP_SRTP_NO_ROOM,
	       "%s: room one byte short of the %u-byte trailer", rtcp ? "RTCP" : "RTP", trailer);
	free(b);

	b = malloc(plen + trailer);
	assert_non_null(b);
	memcpy(b, plain, plen);
	len = plen;
	EXPECT(apply1(p->e, protect_op(rtcp), tx, b, &len, plen + trailer), DP_SRTP_OK,
	       "%s: room exactly for the trailer", rtcp ? "RTCP" : "RTP");
	assert_int_equal(len, plen + trailer);
	EXPECT(unprotect_copy(p, rtcp, rx, b, len, out, &len), DP_SRTP_OK, "unprotect");
	assert_int_equal(len, plen);
	assert_memory_equal(out, plain, plen);
	free(b);
	p->e->ctx_free(tx);
	p->e->ctx_free(rx);
}

static void t_no_room(void **state)
{
	struct rng r;

	start(*state, &r, 4);
	no_room(*state, &r, false);
	no_room(*state, &r, true);
}

static void mki_one(const struct param *p, struct rng *r, bool rtcp)
{
	static const uint8_t mkis[2][4] = { { 1, 2, 3, 4 }, { 0xa0, 0xa1, 0xa2, 0xa3 } };
	struct dp_srtp_policy pol, pol0;
	struct dp_srtp_ctx *tx[2], *rx, *rx0, *rx_fresh;
	uint8_t plain[2][PKT_CAP], wire[2][PKT_CAP], out[PKT_CAP];
	uint32_t plen[2], wlen[2], len;

	policy_plain(&pol, p->suite, r);
	pol.n_keys = 2;
	rng_fill(r, pol.keys[1].key, sizeof(pol.keys[1].key));
	rng_fill(r, pol.keys[1].salt, sizeof(pol.keys[1].salt));
	for (int k = 0; k < 2; k++) {
		memcpy(pol.keys[k].mki, mkis[k], 4);
		pol.keys[k].mki_len = 4;
	}
	pol0 = pol;
	pol0.n_keys = 1;
	rx = create(p, &pol);
	rx0 = create(p, &pol0);
	rx_fresh = create(p, &pol);
	for (int k = 0; k < 2; k++) {
		pol.tx_key = (uint8_t)k;
		tx[k] = create(p, &pol);
		/* RTP: one SSRC, distinct sequence numbers; RTCP: one SSRC per key. */
		plen[k] = build(r, rtcp, plain[k], SSRC + (rtcp ? k : 0),
				(uint16_t)(200 - 50 * k), 50);
		memcpy(wire[k], plain[k], plen[k]);
		wlen[k] = plen[k];
		EXPECT(apply1(p->e, protect_op(rtcp), tx[k], wire[k], &wlen[k], PKT_CAP),
		       DP_SRTP_OK, "protect with key %d", k);
		assert_memory_equal(wire[k] + mki_offset(p, rtcp, plen[k]), mkis[k], 4);
	}
	for (int k = 1; k >= 0; k--) {
		EXPECT(unprotect_copy(p, rtcp, rx, wire[k], wlen[k], out, &len), DP_SRTP_OK,
		       "%s key %d", rtcp ? "RTCP" : "RTP", k);
		assert_int_equal(len, plen[k]);
		assert_memory_equal(out, plain[k], plen[k]);
	}
	EXPECT(unprotect_copy(p, rtcp, rx0, wire[1], wlen[1], NULL, NULL), DP_SRTP_UNKNOWN_MKI,
	       "key 1 on a receiver that only has key 0");
	EXPECT(unprotect_copy(p, rtcp, rx0, wire[0], wlen[0], NULL, NULL), DP_SRTP_OK,
	       "key 0 on a receiver that only has key 0");
	/* Key 1's packet labelled with key 0's MKI: the tag cannot match. */
	memcpy(wire[1] + mki_offset(p, rtcp, plen[1]), mkis[0], 4);
	EXPECT(unprotect_copy(p, rtcp, rx_fresh, wire[1], wlen[1], NULL, NULL),
	       DP_SRTP_AUTH_FAIL, "packet of key 1 with the MKI of key 0");
	for (int k = 0; k < 2; k++)
		p->e->ctx_free(tx[k]);
	p->e->ctx_free(rx);
	p->e->ctx_free(rx0);
	p->e->ctx_free(rx_fresh);
}

static void t_mki(void **state)
{
	struct rng r;

	start(*state, &r, 5);
	mki_one(*state, &r, false);
	mki_one(*state, &r, true);
}

/* Protect one packet under flags; returns wire length, checks the round trip. */
static uint32_t flagged(const struct param *p, struct rng *r, bool rtcp, uint32_t flags,
			uint8_t *plain, uint32_t *plen, uint8_t *wire)
{
	struct dp_srtp_policy pol;
	struct dp_srtp_ctx *tx, *rx;
	uint8_t out[PKT_CAP];
	uint32_t wlen, len;

	policy_plain(&pol, p->suite, r);
	pol.flags = flags;
	tx = create(p, &pol);
	rx = create(p, &pol);
	*plen = build(r, rtcp, plain, SSRC, 3, 64);
	memcpy(wire, plain, *plen);
	wlen = *plen;
	EXPECT(apply1(p->e, protect_op(rtcp), tx, wire, &wlen, PKT_CAP), DP_SRTP_OK,
	       "protect, flags 0x%x", flags);
	EXPECT(unprotect_copy(p, rtcp, rx, wire, wlen, out, &len), DP_SRTP_OK,
	       "unprotect, flags 0x%x", flags);
	assert_int_equal(len, *plen);
	assert_memory_equal(out, plain, *plen);
	p->e->ctx_free(tx);
	p->e->ctx_free(rx);
	return wlen;
}

static void t_flags(void **state)
{
	const struct param *p = *state;
	uint8_t plain[PKT_CAP], wire[PKT_CAP];
	bool clear = info(p)->null_cipher;
	uint32_t plen, wlen, hdr = 12;
	struct dp_srtp_policy pol;
	struct rng r;

	start(p, &r, 6);
	/* SRTCP: E=1 and ciphertext by default (E=0 for the NULL cipher). */
	flagged(p, &r, true, 0, plain, &plen, wire);
	assert_int_equal(wire[index_offset(p, plen)] >> 7, clear ? 0 : 1);
	if (!clear)
		assert_memory_not_equal(wire + 8, plain + 8, plen - 8);
	flagged(p, &r, true, MS_SRTP_F_UNENCRYPTED_SRTCP, plain, &plen, wire);
	assert_int_equal(wire[index_offset(p, plen)] >> 7, 0);
	assert_memory_equal(wire, plain, plen);

	if (info(p)->aead) {
		/* RFC 7714 has no unencrypted or unauthenticated SRTP. */
		policy_plain(&pol, p->suite, &r);
		pol.flags = MS_SRTP_F_UNENCRYPTED_SRTP;
		errno = 0;
		assert_null(p->e->ctx_create(&pol));
		assert_int_equal(errno, EINVAL);
		pol.flags = MS_SRTP_F_UNAUTHENTICATED_SRTP;
		errno = 0;
		assert_null(p->e->ctx_create(&pol));
		assert_int_equal(errno, EINVAL);
		return;
	}
	wlen = flagged(p, &r, false, MS_SRTP_F_UNENCRYPTED_SRTP, plain, &plen, wire);
	assert_int_equal(wlen, plen + info(p)->tag_len);
	assert_memory_equal(wire, plain, plen);
	wlen = flagged(p, &r, false, MS_SRTP_F_UNAUTHENTICATED_SRTP, plain, &plen, wire);
	assert_int_equal(wlen, plen);
	if (!clear)
		assert_memory_not_equal(wire + hdr, plain + hdr, plen - hdr);
	wlen = flagged(p, &r, false, MS_SRTP_F_ALL, plain, &plen, wire);
	assert_int_equal(wlen, plen);
	assert_memory_equal(wire, plain, plen);
}

/* An SRTCP E flag other than the receiver's policy is refused, both ways. */
static void t_eflag(void **state)
{
	const struct param *p = *state;
	struct dp_srtp_policy pol;
	struct dp_srtp_ctx *tx[2], *rx[2];
	uint8_t wire[PKT_CAP];
	uint32_t len;
	struct rng r;

	start(p, &r, 9);
	if (info(p)->null_cipher)
		skip();		/* E=0 either way */
	policy_plain(&pol, p->suite, &r);
	for (int enc = 0; enc < 2; enc++) {
		pol.flags = enc ? 0 : MS_SRTP_F_UNENCRYPTED_SRTCP;
		tx[enc] = create(p, &pol);
		rx[enc] = create(p, &pol);
	}
	for (int enc = 0; enc < 2; enc++) {
		len = rtcp_build(&r, wire, SSRC, 32);
		EXPECT(apply1(p->e, DP_SRTP_PROTECT_RTCP, tx[enc], wire, &len, PKT_CAP),
		       DP_SRTP_OK, "protect, E=%d", enc);
		EXPECT(unprotect_copy(p, true, rx[!enc], wire, len, NULL, NULL),
		       DP_SRTP_AUTH_FAIL, "E=%d on a receiver that wants E=%d", enc, !enc);
		EXPECT(unprotect_copy(p, true, rx[enc], wire, len, NULL, NULL), DP_SRTP_OK,
		       "E=%d on a receiver that wants E=%d", enc, enc);
	}
	for (int enc = 0; enc < 2; enc++) {
		p->e->ctx_free(tx[enc]);
		p->e->ctx_free(rx[enc]);
	}
}

static void t_streams(void **state)
{
	const struct param *p = *state;
	uint8_t buf[DP_SRTP_MAX_STREAMS + 1][PKT_CAP], rtcp[PKT_CAP];
	uint32_t len[DP_SRTP_MAX_STREAMS + 1], rlen;
	struct dp_srtp_ctx *tx, *tx2, *rx;
	struct dp_srtp_ctx_stats st;
	struct dp_srtp_policy pol;
	struct rng r;

	start(p, &r, 7);
	policy_plain(&pol, p->suite, &r);
	tx = create(p, &pol);
	tx2 = create(p, &pol);
	rx = create(p, &pol);
	for (uint32_t i = 0; i <= DP_SRTP_MAX_STREAMS; i++) {
		len[i] = rtp_build(&r, buf[i], SSRC + i, 100, 20, false);
		EXPECT(apply1(p->e, DP_SRTP_PROTECT_RTP,
			      i < DP_SRTP_MAX_STREAMS ? tx : tx2, buf[i], &len[i], PKT_CAP),
		       DP_SRTP_OK, "protect SSRC %u", i);
	}
	len[0] = rtp_build(&r, buf[0], SSRC + DP_SRTP_MAX_STREAMS, 100, 20, false);
	EXPECT(apply1(p->e, DP_SRTP_PROTECT_RTP, tx, buf[0], &len[0], PKT_CAP),
	       DP_SRTP_NO_STREAM, "protect a fifth SSRC");
	rlen = rtcp_build(&r, rtcp, SSRC + DP_SRTP_MAX_STREAMS, 20);
	EXPECT(apply1(p->e, DP_SRTP_PROTECT_RTCP, tx, rtcp, &rlen, PKT_CAP),
	       DP_SRTP_NO_STREAM, "protect RTCP of a fifth SSRC");
	rlen = rtcp_build(&r, rtcp, SSRC + 1, 20);
	EXPECT(apply1(p->e, DP_SRTP_PROTECT_RTCP, tx, rtcp, &rlen, PKT_CAP), DP_SRTP_OK,
	       "protect RTCP of a known SSRC");
	p->e->ctx_stats(tx, &st);
	assert_int_equal(st.n_streams, DP_SRTP_MAX_STREAMS);
	assert_int_equal(st.packets, DP_SRTP_MAX_STREAMS);
	assert_int_equal(st.rtcp_packets, 1);
	assert_false(st.key_near_exhaustion);

	for (uint32_t i = 1; i <= DP_SRTP_MAX_STREAMS; i++)
		EXPECT(unprotect_copy(p, false, rx, buf[i], len[i], NULL, NULL), DP_SRTP_OK,
		       "unprotect SSRC %u", i);
	rlen = rtcp_build(&r, rtcp, SSRC, 20);
	EXPECT(apply1(p->e, DP_SRTP_PROTECT_RTCP, tx, rtcp, &rlen, PKT_CAP), DP_SRTP_OK,
	       "protect RTCP of SSRC 0");
	EXPECT(unprotect_copy(p, true, rx, rtcp, rlen, NULL, NULL), DP_SRTP_NO_STREAM,
	       "unprotect RTCP of a fifth SSRC");
	p->e->ctx_stats(rx, &st);
	assert_int_equal(st.n_streams, DP_SRTP_MAX_STREAMS);
	assert_int_equal(st.packets, DP_SRTP_MAX_STREAMS);
	assert_int_equal(st.rtcp_packets, 0);
	p->e->ctx_free(tx);
	p->e->ctx_free(tx2);
	p->e->ctx_free(rx);
}

static void t_bad_header(void **state)
{
	const struct param *p = *state;
	struct dp_srtp_ctx *ctx;
	struct dp_srtp_policy pol;
	uint8_t buf[PKT_CAP];
	uint32_t len;
	struct rng r;

	start(p, &r, 8);
	policy_plain(&pol, p->suite, &r);
	ctx = create(p, &pol);
	for (int op = DP_SRTP_PROTECT_RTP; op <= DP_SRTP_UNPROTECT_RTCP; op++) {
		for (uint8_t v = 0; v < 4; v++) {
			if (v == 2)
				continue;
			len = build(&r, op_is_rtcp(op), buf, SSRC, 1, 64);
			buf[0] = (uint8_t)((buf[0] & 0x3f) | (v << 6));
			EXPECT(apply1(p->e, op, ctx, buf, &len, PKT_CAP), DP_SRTP_BAD_HEADER,
			       "op %d, version %u", op, v);
		}
	}
	for (int op = DP_SRTP_PROTECT_RTP; op <= DP_SRTP_UNPROTECT_RTP; op++) {
		len = rtp_build(&r, buf, SSRC, 1, 8, false);	/* 20 bytes */
		buf[0] |= 0x0f;					/* 15 CSRCs */
		EXPECT(apply1(p->e, op, ctx, buf, &len, PKT_CAP), DP_SRTP_BAD_HEADER,
		       "op %d: CSRC list past the end", op);
		len = rtp_build(&r, buf, SSRC, 1, 40, false);
		buf[0] |= 0x10;
		buf[14] = 0;
		buf[15] = 100;					/* 400-byte extension */
		EXPECT(apply1(p->e, op, ctx, buf, &len, PKT_CAP), DP_SRTP_BAD_HEADER,
		       "op %d: extension past the end", op);
	}
	p->e->ctx_free(ctx);
}

static void t_bad_policy(void **state)
{
	const struct dp_srtp_engine *e = *state;
	struct dp_srtp_policy base, pol;
	struct rng r;
	int n = 0;

	assert_int_equal(harness_engine_ready(e, MS_SUITE_AES_CM_128_HMAC_SHA1_80), 0);
	rng_seed(&r, harness_seed());
	policy_plain(&base, MS_SUITE_AES_CM_128_HMAC_SHA1_80, &r);
	e->ctx_free(NULL);
	for (;; n++) {
		pol = base;
		switch (n) {
		case 0: pol.suite = MS_SUITE_UNSPEC; break;
		case 1: pol.suite = __MS_SUITE_MAX; break;
		case 2: pol.n_keys = 0; break;
		case 3: pol.n_keys = DP_SRTP_MAX_KEYS + 1; break;
		case 4: pol.n_keys = 2; break;			/* two keys, no MKI */
		case 5: pol.tx_key = 1; break;			/* only one key */
		case 6: pol.flags = MS_SRTP_F_ALL + 1; break;
		case 7: pol.replay_window = MS_SRTP_REPLAY_MAX + 1; break;
		case 8: pol.keys[0].mki_len = MS_SRTP_MKI_MAX + 1; break;
		case 9:						/* same MKI twice */
			pol.n_keys = 2;
			pol.keys[0].mki_len = pol.keys[1].mki_len = 1;
			break;
		case 10:					/* MKI lengths differ */
			pol.n_keys = 2;
			pol.keys[0].mki_len = 1;
			pol.keys[1].mki_len = 2;
			pol.keys[1].mki[0] = 1;
			break;
		case 11: pol.replay_window = 63; break;	/* below libsrtp's 64 */
		default:
			return;
		}
		errno = 0;
		if (e->ctx_create(&pol))
			fail_msg("%s accepted bad policy case %d", e->name, n);
		if (errno != EINVAL)
			fail_msg("%s: bad policy case %d: errno %d, want EINVAL", e->name, n, errno);
	}
}

typedef void (*test_fn)(void **state);

int main(void)
{
	static const struct { const char *name; test_fn fn; } kinds[] = {
		{ "flip", t_flip }, { "replay", t_replay }, { "truncate", t_truncate },
		{ "no-room", t_no_room }, { "mki", t_mki }, { "flags", t_flags },
		{ "e-flag", t_eflag }, { "streams", t_streams },
		{ "bad-header", t_bad_header },
	};
	enum { N_KINDS = sizeof(kinds) / sizeof(kinds[0]) };
	static const char *const engines[] = { "native", "libsrtp2" };
	static struct param params[2][MS_SUITE_MAX];
	static const struct dp_srtp_engine *engs[2];
	static struct CMUnitTest tests[2 * (MS_SUITE_MAX * N_KINDS + 1)];
	static char names[2 * (MS_SUITE_MAX * N_KINDS + 1)][80];
	size_t n = 0;

	harness_seed();
	for (int i = 0; i < 2; i++) {
		engs[i] = harness_engine(engines[i]);
		if (!engs[i]) {
			fprintf(stderr, "engine %s unknown or thread_init failed\n", engines[i]);
			return 1;
		}
		snprintf(names[n], sizeof(names[n]), "%s bad-policy", engines[i]);
		tests[n] = (struct CMUnitTest){ .name = names[n], .test_func = t_bad_policy,
						.initial_state = (void *)engs[i] };
		n++;
		for (int s = 1; s <= MS_SUITE_MAX; s++) {
			params[i][s - 1] = (struct param){ .e = engs[i], .suite = s };
			for (int k = 0; k < N_KINDS; k++) {
				snprintf(names[n], sizeof(names[n]), "%s %s %s", engines[i],
					 ms_suite_name(s), kinds[k].name);
				tests[n] = (struct CMUnitTest){ .name = names[n],
								.test_func = kinds[k].fn,
								.initial_state = &params[i][s - 1] };
				n++;
			}
		}
	}
	return _cmocka_run_group_tests("srtp-behaviour", tests, n, NULL, NULL);
}
