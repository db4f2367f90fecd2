/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The "libsrtp2" engine: Debian's libsrtp2 2.5 (NSS backend) behind the
 * dp_srtp_engine ops, used as the reference and test oracle for "native".
 *
 * One dp_srtp_ctx holds two srtp_t sessions built from the same policy: an
 * ssrc_any_outbound template for protect and an ssrc_any_inbound template for
 * unprotect, so every op works on any context. libsrtp2 keeps its own
 * per-SSRC streams; this file caps them at DP_SRTP_MAX_STREAMS and checks
 * header, length and room itself so that libsrtp2 only sees packets it can
 * handle (it trusts its caller's buffer sizes).
 *
 * Known differences from the letter of the API, all inherited from libsrtp2:
 * - it allocates a stream on the first packet of a new SSRC (packet path);
 * - replay windows are rounded up to a multiple of 32 and must be >= 64
 *   (native does the same);
 * - SRTCP always uses a 128-packet replay window;
 * - the first SRTCP index sent is 1, not 0 (RFC 3711 §3.3.1 says 0);
 * - protect refuses to reuse a sequence number (REPLAY_DUP / REPLAY_OLD).
 *
 * libsrtp2 rejects an SRTCP E flag that contradicts the policy for AES-CM
 * (cant_check) but not for AEAD; this file rejects it for AEAD too, so that an
 * unencrypted packet is never accepted where encryption was agreed.
 *
 * libsrtp2 2.5 looks for an SRTCP MKI one *SRTP* tag length from the end, so
 * it cannot unprotect its own SRTCP when the two tags differ (the _32 suites,
 * UNAUTHENTICATED_SRTP); fixed upstream in commit 63a19f4 (Dec 2024). For
 * non-AEAD SRTCP with an MKI this file therefore finds the key itself, cuts
 * the MKI out and hands the packet to a one-key, MKI-less session.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <srtp2/crypto_types.h>
#include <srtp2/srtp.h>

#include "engine.h"

#define RTP_HDR_LEN	12
#define RTCP_HDR_LEN	8
#define SRTCP_INDEX_LEN	4
#define WINDOW_MIN	64	/* libsrtp2 refuses smaller windows */
#define WINDOW_LIMIT	0x7fff	/* libsrtp2 wants < 0x8000; 0x7fff rounds to 32768 */
#define NEAR_LIMIT	(1ULL << 16)

struct dp_srtp_ctx {
	srtp_t out;		/* protect: ssrc_any_outbound template */
	srtp_t in;		/* unprotect: ssrc_any_inbound template */
	srtp_t rtcp_in[DP_SRTP_MAX_KEYS]; /* per key, see the MKI note above */
	uint8_t n_keys;
	uint8_t tx_key;
	uint8_t use_mki;
	uint8_t mki_len;
	uint8_t mki[DP_SRTP_MAX_KEYS][MS_SRTP_MKI_MAX];
	uint8_t rtp_trailer;	/* MKI + tag (no tag when unauthenticated) */
	uint8_t rtcp_trailer;	/* E|index + MKI + tag */
	uint8_t rtcp_tag;
	bool aead;
	bool rtcp_conf;		/* SRTCP encrypted: E must be 1 */
	uint8_t n_ssrcs;
	uint32_t ssrcs[DP_SRTP_MAX_STREAMS];	/* network byte order */
	uint64_t packets;
	uint64_t rtcp_packets;
};

/*
 * RTP and SRTCP crypto policies of one suite, as libsrtp2 names them. RFC 4568:
 * the _32 suites keep an 80-bit tag on SRTCP.
 */
struct suite_map {
	enum ms_srtp_suite suite;
	void (*rtp)(srtp_crypto_policy_t *p);
	void (*rtcp)(srtp_crypto_policy_t *p);
};

/* SRTP side of NULL_HMAC_SHA1_32, which libsrtp2 has no preset for. */
static void null_hmac_sha1_32(srtp_crypto_policy_t *p)
{
	srtp_crypto_policy_set_null_cipher_hmac_sha1_80(p);
	p->auth_tag_len = 4;
}

static const struct suite_map suite_maps[] = {
	{ MS_SUITE_AES_CM_128_HMAC_SHA1_80,
	  srtp_crypto_policy_set_rtp_default,	/* AES_CM_128_HMAC_SHA1_80 */
	  srtp_crypto_policy_set_rtp_default },
	{ MS_SUITE_AES_CM_128_HMAC_SHA1_32,
	  srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32,
	  srtp_crypto_policy_set_rtp_default },
	{ MS_SUITE_AES_256_CM_HMAC_SHA1_80,
	  srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80,
	  srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80 },
	{ MS_SUITE_AES_256_CM_HMAC_SHA1_32,
	  srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32,
	  srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80 },
	{ MS_SUITE_AEAD_AES_128_GCM,
	  srtp_crypto_policy_set_aes_gcm_128_16_auth,
	  srtp_crypto_policy_set_aes_gcm_128_16_auth },
	{ MS_SUITE_AEAD_AES_256_GCM,
	  srtp_crypto_policy_set_aes_gcm_256_16_auth,
	  srtp_crypto_policy_set_aes_gcm_256_16_auth },
	{ MS_SUITE_NULL_HMAC_SHA1_80,
	  srtp_crypto_policy_set_null_cipher_hmac_sha1_80,
	  srtp_crypto_policy_set_null_cipher_hmac_sha1_80 },
	{ MS_SUITE_NULL_HMAC_SHA1_32,
	  null_hmac_sha1_32,
	  srtp_crypto_policy_set_null_cipher_hmac_sha1_80 },
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static srtp_err_status_t init_status;

static void library_init(void)
{
	init_status = srtp_init();
}

static int thread_init(void)
{
	pthread_once(&init_once, library_init);
	return init_status == srtp_err_status_ok ? 0 : -EIO;
}

static const struct suite_map *suite_map(enum ms_srtp_suite suite)
{
	for (size_t i = 0; i < sizeof(suite_maps) / sizeof(suite_maps[0]); i++)
		if (suite_maps[i].suite == suite)
			return &suite_maps[i];
	return NULL;
}

/* 0, or -EINVAL for a policy the API forbids or libsrtp2 cannot do. */
static int policy_check(const struct dp_srtp_policy *pol,
			const struct ms_suite_info *si)
{
	uint8_t mki_len = pol->keys[0].mki_len;

	if (!si || (pol->flags & ~MS_SRTP_F_ALL) ||
	    pol->n_keys < 1 || pol->n_keys > DP_SRTP_MAX_KEYS ||
	    pol->tx_key >= pol->n_keys || mki_len > MS_SRTP_MKI_MAX ||
	    (pol->n_keys > 1 && mki_len == 0) ||
	    pol->replay_window > MS_SRTP_REPLAY_MAX)
		return -EINVAL;
	/* RFC 3711 §3.2.1: one MKI length per context; MKIs must differ. */
	for (int i = 1; i < pol->n_keys; i++)
		if (pol->keys[i].mki_len != mki_len ||
		    memcmp(pol->keys[i].mki, pol->keys[0].mki, mki_len) == 0)
			return -EINVAL;
	/* RFC 7714 defines unencrypted SRTCP (§9.3), never weaker SRTP. */
	if (si->aead && (pol->flags & (MS_SRTP_F_UNENCRYPTED_SRTP |
				       MS_SRTP_F_UNAUTHENTICATED_SRTP)))
		return -EINVAL;
	/* libsrtp2 cannot; native refuses them too, as invalid. */
	if (pol->replay_window && pol->replay_window < WINDOW_MIN)
		return -EINVAL;
	return 0;
}

static void crypto_policies(srtp_policy_t *p, const struct suite_map *map,
			    uint32_t flags)
{
	map->rtp(&p->rtp);
	map->rtcp(&p->rtcp);
	if (flags & MS_SRTP_F_UNENCRYPTED_SRTP)
		p->rtp.sec_serv &= ~sec_serv_conf;
	if (flags & MS_SRTP_F_UNAUTHENTICATED_SRTP) {
		p->rtp.auth_type = SRTP_NULL_AUTH;
		p->rtp.auth_key_len = 0;
		p->rtp.auth_tag_len = 0;
		p->rtp.sec_serv &= ~sec_serv_auth;
	}
	if (flags & MS_SRTP_F_UNENCRYPTED_SRTCP)
		p->rtcp.sec_serv &= ~sec_serv_conf;
}

static int session_create(srtp_t *s, srtp_policy_t *p, srtp_ssrc_type_t type)
{
	srtp_err_status_t st;

	p->ssrc.type = type;
	st = srtp_create(s, p);
	if (st == srtp_err_status_ok)
		return 0;
	*s = NULL;
	return st == srtp_err_status_alloc_fail ? -ENOMEM : -EINVAL;
}

/*
 * srtp_dealloc() zeroes libsrtp2's salts and frees its NSS key objects (NSS
 * wipes those); the master keys never outlive ctx_create().
 */
static void ctx_free(struct dp_srtp_ctx *ctx)
{
	if (!ctx)
		return;
	if (ctx->out)
		srtp_dealloc(ctx->out);
	if (ctx->in)
		srtp_dealloc(ctx->in);
	for (int i = 0; i < DP_SRTP_MAX_KEYS; i++)
		if (ctx->rtcp_in[i])
			srtp_dealloc(ctx->rtcp_in[i]);
	OPENSSL_cleanse(ctx, sizeof(*ctx));
	free(ctx);
}

/* One inbound session per master key, without MKI, for SRTCP. */
static int rtcp_sessions(struct dp_srtp_ctx *ctx, srtp_policy_t *p,
			 const srtp_master_key_t *mk, int n_keys)
{
	for (int i = 0; i < n_keys; i++) {
		srtp_master_key_t one = { .key = mk[i].key };
		srtp_master_key_t *onep = &one;
		srtp_policy_t q = *p;
		int err;

		q.keys = &onep;
		q.num_master_keys = 1;
		err = session_create(&ctx->rtcp_in[i], &q, ssrc_any_inbound);
		if (err)
			return err;
	}
	return 0;
}

static struct dp_srtp_ctx *ctx_create(const struct dp_srtp_policy *pol)
{
	uint8_t keybuf[DP_SRTP_MAX_KEYS][MS_SRTP_MASTER_KEY_MAX + MS_SRTP_MASTER_SALT_MAX];
	srtp_master_key_t mk[DP_SRTP_MAX_KEYS];
	srtp_master_key_t *mkp[DP_SRTP_MAX_KEYS];
	const struct ms_suite_info *si;
	struct dp_srtp_ctx *ctx = NULL;
	srtp_policy_t p;
	int err;

	if (!pol) {
		errno = EINVAL;
		return NULL;
	}
	err = thread_init();
	if (err)
		goto out;
	si = ms_suite_info_get(pol->suite);
	err = policy_check(pol, si);
	if (err)
		goto out;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx) {
		err = -ENOMEM;
		goto out;
	}

	memset(&p, 0, sizeof(p));
	crypto_policies(&p, suite_map(pol->suite), pol->flags);
	for (int i = 0; i < pol->n_keys; i++) {
		memcpy(keybuf[i], pol->keys[i].key, si->key_len);
		memcpy(keybuf[i] + si->key_len, pol->keys[i].salt, si->salt_len);
		mk[i].key = keybuf[i];
		mk[i].mki_id = (unsigned char *)pol->keys[i].mki;
		mk[i].mki_size = pol->keys[i].mki_len;
		mkp[i] = &mk[i];
	}
	p.keys = mkp;
	p.num_master_keys = pol->n_keys;
	p.window_size = pol->replay_window ? pol->replay_window : MS_SRTP_REPLAY_DEFAULT;
	if (p.window_size > WINDOW_LIMIT)
		p.window_size = WINDOW_LIMIT;

	err = session_create(&ctx->out, &p, ssrc_any_outbound);
	if (!err)
		err = session_create(&ctx->in, &p, ssrc_any_inbound);
	if (!err && pol->keys[0].mki_len && !si->aead)
		err = rtcp_sessions(ctx, &p, mk, pol->n_keys);
	if (err)
		goto out;

	ctx->use_mki = pol->keys[0].mki_len != 0;
	ctx->n_keys = pol->n_keys;
	ctx->mki_len = pol->keys[0].mki_len;
	ctx->rtcp_tag = (uint8_t)p.rtcp.auth_tag_len;
	ctx->aead = si->aead;
	ctx->rtcp_conf = (p.rtcp.sec_serv & sec_serv_conf) != 0;
	for (int i = 0; i < pol->n_keys; i++)
		memcpy(ctx->mki[i], pol->keys[i].mki, MS_SRTP_MKI_MAX);
	ctx->tx_key = pol->tx_key;
	ctx->rtp_trailer = pol->keys[0].mki_len + (uint8_t)p.rtp.auth_tag_len;
	ctx->rtcp_trailer = SRTCP_INDEX_LEN + pol->keys[0].mki_len +
			    (uint8_t)p.rtcp.auth_tag_len;
out:
	OPENSSL_cleanse(keybuf, sizeof(keybuf));
	if (err) {
		ctx_free(ctx);
		errno = -err;
		return NULL;
	}
	return ctx;
}

static void ctx_stats(const struct dp_srtp_ctx *ctx, struct dp_srtp_ctx_stats *st)
{
	*st = (struct dp_srtp_ctx_stats){
		.packets = ctx->packets,
		.rtcp_packets = ctx->rtcp_packets,
		.key_near_exhaustion =
			ctx->packets >= (1ULL << 48) - NEAR_LIMIT ||
			ctx->rtcp_packets >= (1ULL << 31) - NEAR_LIMIT,
		.n_streams = ctx->n_ssrcs,
	};
}

static uint32_t read_ssrc(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* A known SSRC, or room for a new one (added once the packet is accepted). */
static bool ssrc_admit(const struct dp_srtp_ctx *ctx, uint32_t ssrc)
{
	for (int i = 0; i < ctx->n_ssrcs; i++)
		if (ctx->ssrcs[i] == ssrc)
			return true;
	return ctx->n_ssrcs < DP_SRTP_MAX_STREAMS;
}

static void ssrc_note(struct dp_srtp_ctx *ctx, uint32_t ssrc)
{
	for (int i = 0; i < ctx->n_ssrcs; i++)
		if (ctx->ssrcs[i] == ssrc)
			return;
	ctx->ssrcs[ctx->n_ssrcs++] = ssrc;
}

/*
 * RTP header length (fixed part, CSRCs, extension), or a verdict when the
 * packet is too short for a fixed header or the header is malformed.
 */
static enum dp_srtp_verdict rtp_header(const struct dp_srtp_pkt *pkt, uint32_t *hdr_len)
{
	const uint8_t *d = pkt->data;
	uint32_t n;

	if (pkt->len < RTP_HDR_LEN)
		return DP_SRTP_TOO_SHORT;
	if ((d[0] >> 6) != 2 || pkt->len > UINT16_MAX)
		return DP_SRTP_BAD_HEADER;
	n = RTP_HDR_LEN + 4 * (d[0] & 0x0f);
	if (d[0] & 0x10) {
		if (n + 4 > pkt->len)
			return DP_SRTP_BAD_HEADER;
		n += 4 + 4 * (((uint32_t)d[n + 2] << 8) | d[n + 3]);
	}
	if (n > pkt->len)
		return DP_SRTP_BAD_HEADER;
	*hdr_len = n;
	return DP_SRTP_OK;
}

static enum dp_srtp_verdict rtcp_header(const struct dp_srtp_pkt *pkt)
{
	if (pkt->len < RTCP_HDR_LEN)
		return DP_SRTP_TOO_SHORT;
	if ((pkt->data[0] >> 6) != 2 || pkt->len > UINT16_MAX)
		return DP_SRTP_BAD_HEADER;
	return DP_SRTP_OK;
}

static enum dp_srtp_verdict verdict_of(srtp_err_status_t st)
{
	switch (st) {
	case srtp_err_status_ok:
		return DP_SRTP_OK;
	case srtp_err_status_auth_fail:
	case srtp_err_status_cipher_fail: /* AEAD tag failures surface as this */
	case srtp_err_status_cant_check:  /* SRTCP E flag contradicts the policy */
		return DP_SRTP_AUTH_FAIL;
	case srtp_err_status_replay_fail:
		return DP_SRTP_REPLAY_DUP;
	case srtp_err_status_replay_old:
	case srtp_err_status_pkt_idx_old:
		return DP_SRTP_REPLAY_OLD;
	case srtp_err_status_key_expired:
		return DP_SRTP_KEY_EXHAUSTED;
	case srtp_err_status_bad_mki:
		return DP_SRTP_UNKNOWN_MKI;
	case srtp_err_status_no_ctx:
	case srtp_err_status_alloc_fail:
		return DP_SRTP_NO_STREAM;
	default:
		return DP_SRTP_BAD_HEADER;
	}
}

/* The key whose MKI this is, or -1. */
static int key_by_mki(const struct dp_srtp_ctx *ctx, const uint8_t *mki)
{
	for (int i = 0; i < ctx->n_keys; i++)
		if (memcmp(mki, ctx->mki[i], ctx->mki_len) == 0)
			return i;
	return -1;
}

/* Non-AEAD SRTCP with MKI: E|index, MKI, tag. Length checked by the caller. */
static srtp_err_status_t unprotect_rtcp_mki(struct dp_srtp_ctx *ctx, uint8_t *d, int *len)
{
	uint8_t *mki = d + *len - ctx->rtcp_tag - ctx->mki_len;
	int k = key_by_mki(ctx, mki);

	if (k < 0)
		return srtp_err_status_bad_mki;
	memmove(mki, mki + ctx->mki_len, ctx->rtcp_tag);
	*len -= ctx->mki_len;
	return srtp_unprotect_rtcp(ctx->rtcp_in[k], d, len);
}

static enum dp_srtp_verdict one(enum dp_srtp_op op, struct dp_srtp_pkt *pkt)
{
	struct dp_srtp_ctx *ctx = pkt->ctx;
	bool rtcp = op == DP_SRTP_PROTECT_RTCP || op == DP_SRTP_UNPROTECT_RTCP;
	uint32_t trailer = rtcp ? ctx->rtcp_trailer : ctx->rtp_trailer;
	enum dp_srtp_verdict v;
	uint32_t hdr_len = RTCP_HDR_LEN, ssrc;
	srtp_err_status_t st;
	int len;

	v = rtcp ? rtcp_header(pkt) : rtp_header(pkt, &hdr_len);
	if (v != DP_SRTP_OK)
		return v;
	if (op == DP_SRTP_PROTECT_RTP || op == DP_SRTP_PROTECT_RTCP) {
		/* libsrtp2 writes MKI + tag (+ index) past len unchecked. */
		if (pkt->room < pkt->len || pkt->room - pkt->len < trailer)
			return DP_SRTP_NO_ROOM;
	} else if (pkt->len < hdr_len + trailer) {
		return DP_SRTP_TOO_SHORT;
	}
	ssrc = read_ssrc(pkt->data + (rtcp ? 4 : 8));
	if (!ssrc_admit(ctx, ssrc))
		return DP_SRTP_NO_STREAM;
	if (op == DP_SRTP_UNPROTECT_RTCP && ctx->aead) {
		const uint8_t *mki = pkt->data + pkt->len - ctx->mki_len;

		if (ctx->use_mki && key_by_mki(ctx, mki) < 0)
			return DP_SRTP_UNKNOWN_MKI;
		if (!(mki[-SRTCP_INDEX_LEN] & 0x80) != !ctx->rtcp_conf)
			return DP_SRTP_AUTH_FAIL;
	}

	len = (int)pkt->len;
	switch (op) {
	case DP_SRTP_PROTECT_RTP:
		st = srtp_protect_mki(ctx->out, pkt->data, &len, ctx->use_mki, ctx->tx_key);
		break;
	case DP_SRTP_UNPROTECT_RTP:
		st = srtp_unprotect_mki(ctx->in, pkt->data, &len, ctx->use_mki);
		break;
	case DP_SRTP_PROTECT_RTCP:
		st = srtp_protect_rtcp_mki(ctx->out, pkt->data, &len, ctx->use_mki,
					   ctx->tx_key);
		break;
	case DP_SRTP_UNPROTECT_RTCP:
		st = ctx->rtcp_in[0] ? unprotect_rtcp_mki(ctx, pkt->data, &len) :
		     srtp_unprotect_rtcp_mki(ctx->in, pkt->data, &len, ctx->use_mki);
		break;
	default:
		return DP_SRTP_BAD_HEADER;
	}
	v = verdict_of(st);
	if (v != DP_SRTP_OK)
		return v;
	ssrc_note(ctx, ssrc);
	pkt->len = (uint32_t)len;
	if (rtcp)
		ctx->rtcp_packets++;
	else
		ctx->packets++;
	return DP_SRTP_OK;
}

static uint16_t burst(enum dp_srtp_op op, struct dp_srtp_pkt *pkts, uint16_t n,
		      uint8_t *verdicts)
{
	uint16_t ok = 0;

	for (uint16_t i = 0; i < n; i++) {
		verdicts[i] = (uint8_t)one(op, &pkts[i]);
		ok += verdicts[i] == DP_SRTP_OK;
	}
	return ok;
}

const struct dp_srtp_engine dp_srtp_engine_libsrtp2 = {
	.name = "libsrtp2",
	.thread_init = thread_init,
	.ctx_create = ctx_create,
	.ctx_free = ctx_free,
	.ctx_stats = ctx_stats,
	.burst = burst,
};
