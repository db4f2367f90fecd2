/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Context life cycle (control path): policy checks, key derivation, backend
 * key schedules, one pool allocation laid out as
 *   struct dp_srtp_ctx | master keys | RTP replay rings | SRTP key schedules
 * and the wipe on free. Also the per-SSRC stream table.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>

#include "native.h"

#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((size_t)(a) - 1))

static int check_policy(const struct dp_srtp_policy *pol,
			const struct ms_suite_info *si)
{
	uint32_t w = pol->replay_window;

	if (!si || (pol->flags & ~MS_SRTP_F_ALL))
		return -EINVAL;
	/* RFC 7714 defines no unencrypted or unauthenticated SRTP for AEAD. */
	if (si->aead && (pol->flags & (MS_SRTP_F_UNAUTHENTICATED_SRTP |
				       MS_SRTP_F_UNENCRYPTED_SRTP)))
		return -EINVAL;
	/* libsrtp refuses windows below 64. */
	if (w && (w < 64 || w > MS_SRTP_REPLAY_MAX))
		return -EINVAL;
	if (pol->n_keys < 1 || pol->n_keys > DP_SRTP_MAX_KEYS ||
	    pol->tx_key >= pol->n_keys)
		return -EINVAL;
	for (unsigned int i = 0; i < pol->n_keys; i++) {
		const struct dp_srtp_master_key *k = &pol->keys[i];

		/* One MKI length per context keeps unprotect's parse single. */
		if (k->mki_len > MS_SRTP_MKI_MAX ||
		    k->mki_len != pol->keys[0].mki_len ||
		    (pol->n_keys > 1 && !k->mki_len))
			return -EINVAL;
		for (unsigned int j = 0; j < i; j++)
			if (!memcmp(k->mki, pol->keys[j].mki, k->mki_len))
				return -EINVAL;
	}
	return 0;
}

static uint32_t pow2_at_least(uint32_t v)
{
	uint32_t p = 64;

	while (p < v)
		p <<= 1;
	return p;
}

static size_t layout(const struct dp_srtp_ctx *c, size_t prep, size_t *rings_off,
		     size_t *prep_off)
{
	/* ipsec-mb wants GCM key data on a cache line, AES round keys on 16. */
	size_t align = c->si->aead ? 64 : 16;
	size_t off = sizeof(*c) + c->n_keys * sizeof(struct master_key);

	*rings_off = ALIGN_UP(off, 8);
	off = *rings_off + DP_SRTP_MAX_STREAMS * (size_t)(c->ring_bits / 8);
	*prep_off = ALIGN_UP(off, align);
	return *prep_off + c->n_keys * ALIGN_UP(prep, align);
}

static void ctx_wipe_free(struct dp_srtp_ctx *c)
{
	size_t size = c->alloc_size;

	OPENSSL_cleanse(c, size);
	dp_srtp_pool_free(c, size);
}

struct dp_srtp_ctx *dp_srtp_ctx_create(const struct dp_srtp_policy *pol)
{
	const struct ms_suite_info *si = ms_suite_info_get(pol->suite);
	const struct crypto_backend *be = dp_srtp_native_backend();
	struct dp_srtp_ctx hdr = { 0 }, *c;
	size_t prep, align, rings_off, prep_off, size;
	int err = check_policy(pol, si);

	if (err) {
		errno = -err;
		return NULL;
	}
	hdr.si = si;
	hdr.flags = pol->flags;
	/* libsrtp's bitvector rounds the window up to 32-bit words. */
	hdr.window = ((pol->replay_window ? pol->replay_window :
		       MS_SRTP_REPLAY_DEFAULT) + 31) & ~31u;
	hdr.ring_bits = pow2_at_least(hdr.window);
	hdr.n_keys = pol->n_keys;
	hdr.tx_key = pol->tx_key;
	hdr.mki_len = pol->keys[0].mki_len;
	prep = be->prep_size(si);
	align = si->aead ? 64 : 16;
	size = layout(&hdr, prep, &rings_off, &prep_off);

	c = dp_srtp_pool_alloc(size);
	if (!c)
		return NULL;
	memset(c, 0, size);
	*c = hdr;
	c->alloc_size = (uint32_t)size;
	for (unsigned int i = 0; i < DP_SRTP_MAX_STREAMS; i++)
		c->streams[i].rtp_bits = (uint64_t *)((uint8_t *)c + rings_off +
						      i * (size_t)(c->ring_bits / 8));
	for (unsigned int i = 0; i < c->n_keys; i++) {
		struct master_key *k = &c->keys[i];

		memcpy(k->mki, pol->keys[i].mki, pol->keys[i].mki_len);
		k->mki_len = pol->keys[i].mki_len;
		err = dp_srtp_kdf_session(si, &pol->keys[i], k);
		/* SRTCP keys stay raw: the backend expands them per packet. */
		if (prep)
			k->rtp.prep = (uint8_t *)c + prep_off + i * ALIGN_UP(prep, align);
		if (!err && prep)
			err = be->prepare(si, &k->rtp);
		if (err) {
			ctx_wipe_free(c);
			errno = -err;
			return NULL;
		}
	}
	return c;
}

void dp_srtp_ctx_free(struct dp_srtp_ctx *c)
{
	if (c)
		ctx_wipe_free(c);
}

void dp_srtp_ctx_stats(const struct dp_srtp_ctx *c, struct dp_srtp_ctx_stats *st)
{
	*st = (struct dp_srtp_ctx_stats){
		.packets = c->packets,
		.rtcp_packets = c->rtcp_packets,
	};
	for (unsigned int i = 0; i < DP_SRTP_MAX_STREAMS; i++)
		st->n_streams += c->streams[i].state == STREAM_LIVE;
	for (unsigned int i = 0; i < c->n_keys; i++)
		if (c->keys[i].srtp_used + SRTP_NEAR_LIMIT >= SRTP_LIFETIME ||
		    c->keys[i].srtcp_used + SRTP_NEAR_LIMIT >= SRTCP_LIFETIME)
			st->key_near_exhaustion = true;
}

size_t dp_srtp_native_ctx_size(const struct dp_srtp_ctx *c)
{
	return c->alloc_size;
}

struct stream *dp_srtp_stream_find(struct dp_srtp_ctx *c, uint32_t ssrc_be)
{
	for (unsigned int i = 0; i < DP_SRTP_MAX_STREAMS; i++)
		if (c->streams[i].state != STREAM_FREE && c->streams[i].ssrc == ssrc_be)
			return &c->streams[i];
	return NULL;
}

void dp_srtp_stream_reset(const struct dp_srtp_ctx *c, struct stream *s)
{
	s->index = 0;
	s->rtcp_start = 0;
	s->rtcp_bits[0] = s->rtcp_bits[1] = 0;
	memset(s->rtp_bits, 0, c->ring_bits / 8);
}

/* A fresh stream, as libsrtp clones its template for a new SSRC. */
struct stream *dp_srtp_stream_claim(struct dp_srtp_ctx *c, uint32_t ssrc_be)
{
	for (unsigned int i = 0; i < DP_SRTP_MAX_STREAMS; i++) {
		struct stream *s = &c->streams[i];

		if (s->state == STREAM_FREE) {
			dp_srtp_stream_reset(c, s);
			s->ssrc = ssrc_be;
			s->state = STREAM_PENDING;
			return s;
		}
	}
	return NULL;
}

struct master_key *dp_srtp_key_by_mki(struct dp_srtp_ctx *c, const uint8_t *mki)
{
	for (unsigned int i = 0; i < c->n_keys; i++)
		if (!memcmp(c->keys[i].mki, mki, c->mki_len))
			return &c->keys[i];
	return NULL;
}

int dp_srtp_native_test_set_session(struct dp_srtp_ctx *c, bool rtcp,
				    const uint8_t *enc, const uint8_t *salt,
				    const uint8_t *auth)
{
	struct session_key *k = rtcp ? &c->keys[0].rtcp : &c->keys[0].rtp;

	memcpy(k->enc, enc, c->si->key_len);
	memcpy(k->salt, salt, c->si->aead ? 12 : SRTP_SALT_LEN);
	if (auth)
		memcpy(k->auth, auth, SRTP_AUTH_KEY_LEN);
	return k->prep ? dp_srtp_native_backend()->prepare(c->si, k) : 0;
}

void dp_srtp_native_test_set_used(struct dp_srtp_ctx *c, unsigned int key,
				  uint64_t srtp, uint64_t srtcp)
{
	c->keys[key].srtp_used = srtp;
	c->keys[key].srtcp_used = srtcp;
}

int dp_srtp_native_test_set_rtcp_index(struct dp_srtp_ctx *c, uint32_t ssrc,
				       uint32_t index)
{
	struct stream *s = dp_srtp_stream_find(c, ssrc);

	if (!s)
		s = dp_srtp_stream_claim(c, ssrc);
	if (!s)
		return -ENOSPC;
	s->state = STREAM_LIVE;
	s->rtcp_start = index;
	return 0;
}

int dp_srtp_native_test_get_index(struct dp_srtp_ctx *c, uint32_t ssrc,
				  uint64_t *index)
{
	struct stream *s = dp_srtp_stream_find(c, ssrc);

	if (!s)
		return -ENOENT;
	*index = s->index;
	return 0;
}
