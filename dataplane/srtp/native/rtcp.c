/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRTCP (RFC 3711 §3.4, RFC 7714 §9): packet layout, index and replay around
 * one crypto op per packet.
 *
 *   AES-CM:  header | payload | E+index | MKI | tag   auth = up to E+index
 *   AEAD:    header | payload | tag | E+index | MKI   AAD = header | E+index
 *            (E = 0: AAD = header | payload | E+index, nothing encrypted)
 *
 * Like libsrtp, the sender pre-increments the index, so the first SRTCP
 * packet of a stream carries index 1.
 */
#include <string.h>

#include "native.h"

/* libsrtp's NULL-cipher policies offer no confidentiality: E = 0. */
static bool rtcp_encrypted(const struct dp_srtp_ctx *c)
{
	return !c->si->null_cipher && !(c->flags & MS_SRTP_F_UNENCRYPTED_SRTCP);
}

static struct stream *rtcp_stream(struct dp_srtp_ctx *c, const uint8_t *d,
				  bool protect)
{
	struct stream *s = dp_srtp_stream_find(c, ssrc_raw(d + 4));

	if (!s) {
		s = dp_srtp_stream_claim(c, ssrc_raw(d + 4));
		if (s && protect)
			s->state = STREAM_LIVE;
	}
	return s;
}

/* SRTCP keys are always raw: the backend expands them per packet. */
static void op_key(struct crypto_op *op, struct dp_srtp_ctx *c,
		   struct master_key *k)
{
	op->enc = key_raw(c, k, true);
	op->auth = op->enc + c->si->key_len;
	op->mac_len = c->si->key_len;
}

/* GCM with E = 1 authenticates header and trailer only: not contiguous. */
static void gcm_aad_split(struct crypto_op *op, const uint8_t *d, uint32_t trailer)
{
	memcpy(op->aad_buf, d, 8);
	wr32(op->aad_buf + 8, trailer);
	op->aad = op->aad_buf;
	op->aad_len = 12;
}

static enum dp_srtp_verdict prepare_protect(struct dp_srtp_ctx *c,
					    struct dp_srtp_pkt *p,
					    struct pkt_state *st,
					    struct crypto_op *op)
{
	const struct ms_suite_info *si = c->si;
	uint32_t len = p->len, tag_len = si->rtcp_tag_len, trailer;
	bool enc = rtcp_encrypted(c);
	uint8_t *d = p->data;
	struct stream *s;
	struct master_key *k = ctx_key(c, c->tx_key);

	if ((uint64_t)p->room < (uint64_t)len + 4 + c->mki_len + tag_len)
		return DP_SRTP_NO_ROOM;
	s = rtcp_stream(c, d, true);
	if (!s)
		return DP_SRTP_NO_STREAM;
	/* Sending cannot fail past this point: commit the index now. */
	if (s->rtcp_start >= SRTCP_INDEX_MAX || k->srtcp_used >= SRTCP_LIFETIME)
		return DP_SRTP_KEY_EXHAUSTED;
	s->rtcp_start++;
	k->srtcp_used++;
	trailer = (enc ? SRTCP_E_FLAG : 0) | s->rtcp_start;
	st->stream = s;
	st->key = k;
	st->index = s->rtcp_start;
	st->new_len = len + 4 + c->mki_len + tag_len;
	op_key(op, c, k);
	op->buf = d;
	op->tag_len = (uint8_t)tag_len;
	op->cipher_off = 8;
	op->cipher_len = enc ? len - 8 : 0;
	if (si->aead) {
		dp_srtp_iv_gcm(op->iv, st->key->rtcp_salt, ssrc_raw(d + 4), st->index);
		op->kind = OP_GCM_PROTECT;
		op->key_len = si->key_len;
		wr32(d + len + (enc ? tag_len : 0), trailer);
		if (enc) {
			gcm_aad_split(op, d, trailer);
			op->tag_out = d + len;
		} else {
			/* Trailer parked after the payload; finish moves it. */
			op->aad = d;
			op->aad_len = len + 4;
		}
		return DP_SRTP_OK;
	}
	dp_srtp_iv_cm(op->iv, st->key->rtcp_salt, ssrc_raw(d + 4), st->index);
	op->kind = OP_CM_PROTECT;
	op->key_len = si->null_cipher ? 0 : si->key_len;
	wr32(d + len, trailer);
	op->auth_len = len + 4;
	return DP_SRTP_OK;
}

static enum dp_srtp_verdict prepare_unprotect(struct dp_srtp_ctx *c,
					      struct dp_srtp_pkt *p,
					      struct pkt_state *st,
					      struct crypto_op *op)
{
	const struct ms_suite_info *si = c->si;
	uint32_t len = p->len, tag_len = si->rtcp_tag_len, tpos, trailer;
	uint8_t *d = p->data;
	enum dp_srtp_verdict v;

	if (len < 8 + 4 + tag_len + c->mki_len)
		return DP_SRTP_TOO_SHORT;
	st->stream = rtcp_stream(c, d, false);
	if (!st->stream)
		return DP_SRTP_NO_STREAM;
	tpos = len - c->mki_len - 4 - (si->aead ? 0 : tag_len);
	st->key = c->mki_len ? dp_srtp_key_by_mki(c, d + tpos + 4) : ctx_key(c, 0);
	if (!st->key)
		return DP_SRTP_UNKNOWN_MKI;
	trailer = rd32(d + tpos);
	/* An E flag other than the policy's is a downgrade, never accepted. */
	if (!(trailer & SRTCP_E_FLAG) != !rtcp_encrypted(c))
		return DP_SRTP_AUTH_FAIL;
	st->index = trailer & SRTCP_INDEX_MAX;
	v = dp_srtp_replay_rtcp_check(st->stream, (uint32_t)st->index);
	if (v != DP_SRTP_OK)
		return v;
	op_key(op, c, st->key);
	op->buf = d;
	op->tag_len = (uint8_t)tag_len;
	op->cipher_off = 8;
	if (si->aead) {
		uint32_t tagpos = tpos - tag_len;

		st->new_len = tagpos;
		dp_srtp_iv_gcm(op->iv, st->key->rtcp_salt, ssrc_raw(d + 4), st->index);
		op->kind = OP_GCM_UNPROTECT;
		op->key_len = si->key_len;
		memcpy(op->tag, d + tagpos, tag_len);
		if (trailer & SRTCP_E_FLAG) {
			op->cipher_len = tagpos - 8;
			gcm_aad_split(op, d, trailer);
		} else {
			op->cipher_len = 0;
			wr32(d + tagpos, trailer);
			op->aad = d;
			op->aad_len = tagpos + 4;
		}
		return DP_SRTP_OK;
	}
	st->new_len = tpos;
	dp_srtp_iv_cm(op->iv, st->key->rtcp_salt, ssrc_raw(d + 4), st->index);
	op->kind = OP_CM_UNPROTECT;
	op->key_len = si->null_cipher ? 0 : si->key_len;
	op->cipher_len = trailer & SRTCP_E_FLAG ? tpos - 8 : 0;
	memcpy(op->tag, d + len - tag_len, tag_len);
	op->auth_len = len - tag_len - c->mki_len;
	return DP_SRTP_OK;
}

enum dp_srtp_verdict dp_srtp_rtcp_prepare(bool protect, struct dp_srtp_pkt *p,
					  struct pkt_state *st, struct crypto_op *op)
{
	if (p->len < 8)
		return DP_SRTP_TOO_SHORT;
	if (p->data[0] >> 6 != 2)
		return DP_SRTP_BAD_HEADER;
	return protect ? prepare_protect(p->ctx, p, st, op) :
			 prepare_unprotect(p->ctx, p, st, op);
}

static void finish_protect(struct dp_srtp_ctx *c, struct dp_srtp_pkt *p,
			   struct pkt_state *st, struct crypto_op *op)
{
	uint8_t *end = p->data + p->len;

	if (c->si->aead) {
		if (!op->tag_out) {
			memcpy(end, op->tag, op->tag_len);
			wr32(end + op->tag_len, (uint32_t)st->index);
		}
		memcpy(end + op->tag_len + 4, st->key->mki, c->mki_len);
	} else {
		memcpy(end + 4, st->key->mki, c->mki_len);
		memcpy(end + 4 + c->mki_len, op->tag, op->tag_len);
	}
}

enum dp_srtp_verdict dp_srtp_rtcp_finish(bool protect, struct dp_srtp_pkt *p,
					 struct pkt_state *st, struct crypto_op *op)
{
	struct dp_srtp_ctx *c = p->ctx;
	enum dp_srtp_verdict v;

	/* Replay first, as in the pre-check: earlier packets may have landed. */
	if (!protect) {
		v = dp_srtp_replay_rtcp_check(st->stream, (uint32_t)st->index);
		if (v != DP_SRTP_OK)
			return v;
	}
	/* Not ok: tag mismatch, or (never seen) a crypto library failure. */
	if (!op->ok)
		return DP_SRTP_AUTH_FAIL;
	if (protect) {
		finish_protect(c, p, st, op);
	} else {
		if (st->key->srtcp_used >= SRTCP_LIFETIME)
			return DP_SRTP_KEY_EXHAUSTED;
		dp_srtp_replay_rtcp_add(st->stream, (uint32_t)st->index);
		st->stream->state = STREAM_LIVE;
		st->key->srtcp_used++;
	}
	p->len = st->new_len;
	return DP_SRTP_OK;
}
