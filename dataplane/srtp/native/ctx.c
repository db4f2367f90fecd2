/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Context life cycle (control path): policy checks, key derivation, backend
 * key schedules, one pool allocation laid out as
 *   struct dp_srtp_ctx (with stream 0) | its RTP replay ring |
 *   per master key: SRTP key schedule, struct master_key, raw keys
 * and the wipe on free. Further streams: streams.c.
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

/*
 * Offsets of the keys and the pool size. With a schedule, each key's
 * schedule starts aligned (ipsec-mb wants GCM key data on a cache line, AES
 * round keys on 16) and the struct master_key follows it without a gap.
 */
static size_t layout(struct dp_srtp_ctx *c, size_t prep)
{
	const struct ms_suite_info *si = c->si;
	size_t align = !prep ? 8 : si->aead ? 64 : 16;
	size_t misc = sizeof(struct master_key) + raw_len(si) * (prep ? 1 : 2);
	size_t base = ALIGN_UP(offsetof(struct dp_srtp_ctx, ring0) +
			       (size_t)c->ring_bits / 8, align);

	c->prep_len = (uint16_t)prep;
	c->key_size = (uint16_t)ALIGN_UP(prep + misc, align);
	c->keys_off = (uint16_t)(base + prep);
	/* The pool hands out 64-byte multiples: count what is really used. */
	return ALIGN_UP(base + (c->n_keys - 1) * (size_t)c->key_size + prep + misc, 64);
}

static void ctx_wipe_free(struct dp_srtp_ctx *c)
{
	size_t size = c->alloc_size;

	OPENSSL_cleanse(c, size);
	dp_srtp_pool_free(c, size);
}

/* Keep only what the backend needs of one master key's session keys. */
static int key_install(struct dp_srtp_ctx *c, const struct crypto_backend *be,
		       const struct dp_srtp_master_key *mk, struct master_key *k)
{
	const struct ms_suite_info *si = c->si;
	struct session_raw rtp, rtcp;
	int err = dp_srtp_kdf_session(si, mk, &rtp, &rtcp);

	memcpy(k->mki, mk->mki, mk->mki_len);
	memcpy(k->rtp_salt, rtp.salt, sizeof(k->rtp_salt));
	memcpy(k->rtcp_salt, rtcp.salt, sizeof(k->rtcp_salt));
	memcpy(key_raw(c, k, true), rtcp.enc, si->key_len);
	if (!si->aead)
		memcpy(key_raw(c, k, true) + si->key_len, rtcp.auth, SRTP_AUTH_KEY_LEN);
	if (!err && c->prep_len) {
		err = be->prepare(si, rtp.enc, si->aead ? NULL : rtp.auth,
				  (uint8_t *)k - c->prep_len);
	} else if (!err) {
		memcpy(key_raw(c, k, false), rtp.enc, si->key_len);
		if (!si->aead)
			memcpy(key_raw(c, k, false) + si->key_len, rtp.auth,
			       SRTP_AUTH_KEY_LEN);
	}
	OPENSSL_cleanse(&rtp, sizeof(rtp));
	OPENSSL_cleanse(&rtcp, sizeof(rtcp));
	return err;
}

struct dp_srtp_ctx *dp_srtp_ctx_create(const struct dp_srtp_policy *pol)
{
	const struct ms_suite_info *si = ms_suite_info_get(pol->suite);
	const struct crypto_backend *be = dp_srtp_native_backend();
	struct dp_srtp_ctx hdr = { 0 }, *c;
	size_t size;
	int err = check_policy(pol, si);

	if (err) {
		errno = -err;
		return NULL;
	}
	hdr.si = si;
	hdr.flags = (uint8_t)pol->flags;
	/* libsrtp's bitvector rounds the window up to 32-bit words. */
	hdr.window = (uint16_t)(((pol->replay_window ? pol->replay_window :
				  MS_SRTP_REPLAY_DEFAULT) + 31) & ~31u);
	hdr.ring_bits = (uint16_t)pow2_at_least(hdr.window);
	hdr.n_keys = pol->n_keys;
	hdr.tx_key = pol->tx_key;
	hdr.mki_len = pol->keys[0].mki_len;
	size = layout(&hdr, be->prep_size(si));

	c = dp_srtp_pool_alloc(size);
	if (!c)
		return NULL;
	memset(c, 0, size);
	*c = hdr;
	c->alloc_size = (uint16_t)size;
	for (unsigned int i = 0; i < c->n_keys; i++) {
		err = key_install(c, be, &pol->keys[i], ctx_key(c, i));
		if (err) {
			ctx_wipe_free(c);
			errno = -err;
			return NULL;
		}
	}
	dp_srtp_streams_ctx_added(c);
	return c;
}

void dp_srtp_ctx_free(struct dp_srtp_ctx *c)
{
	if (!c)
		return;
	dp_srtp_streams_ctx_removed(c);
	ctx_wipe_free(c);
}

/*
 * The packet counts are the keys' lifetime counts summed: they move
 * together (an SRTCP index the sender committed counts even if, never seen,
 * the crypto library then failed).
 */
void dp_srtp_ctx_stats(const struct dp_srtp_ctx *cc, struct dp_srtp_ctx_stats *st)
{
	struct dp_srtp_ctx *c = (struct dp_srtp_ctx *)cc;

	*st = (struct dp_srtp_ctx_stats){
		.n_streams = (uint8_t)dp_srtp_stream_count_live(c),
	};
	for (unsigned int i = 0; i < c->n_keys; i++) {
		const struct master_key *k = ctx_key(c, i);

		st->packets += k->srtp_used;
		st->rtcp_packets += k->srtcp_used;
		if (k->srtp_used + SRTP_NEAR_LIMIT >= SRTP_LIFETIME ||
		    k->srtcp_used + SRTP_NEAR_LIMIT >= SRTCP_LIFETIME)
			st->key_near_exhaustion = true;
	}
}

size_t dp_srtp_native_ctx_size(const struct dp_srtp_ctx *c)
{
	return c->alloc_size;
}

struct master_key *dp_srtp_key_by_mki(struct dp_srtp_ctx *c, const uint8_t *mki)
{
	for (unsigned int i = 0; i < c->n_keys; i++)
		if (!memcmp(ctx_key(c, i)->mki, mki, c->mki_len))
			return ctx_key(c, i);
	return NULL;
}

int dp_srtp_native_test_set_session(struct dp_srtp_ctx *c, bool rtcp,
				    const uint8_t *enc, const uint8_t *salt,
				    const uint8_t *auth)
{
	struct master_key *k = ctx_key(c, 0);
	uint8_t *raw = key_raw(c, k, rtcp);

	memcpy(rtcp ? k->rtcp_salt : k->rtp_salt, salt,
	       c->si->aead ? 12 : SRTP_SALT_LEN);
	if (!rtcp && c->prep_len)
		return dp_srtp_native_backend()->prepare(c->si, enc, auth,
							 (uint8_t *)k - c->prep_len);
	memcpy(raw, enc, c->si->key_len);
	if (auth)
		memcpy(raw + c->si->key_len, auth, SRTP_AUTH_KEY_LEN);
	return 0;
}

void dp_srtp_native_test_set_used(struct dp_srtp_ctx *c, unsigned int key,
				  uint64_t srtp, uint64_t srtcp)
{
	ctx_key(c, key)->srtp_used = srtp;
	ctx_key(c, key)->srtcp_used = (uint32_t)srtcp;
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
