/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRTP (RFC 3711 §3, RFC 7714 §8): packet layout, index and replay around
 * one crypto op per packet.
 *
 *   AES-CM:  header | payload | MKI | tag    auth = header | payload | ROC
 *   AEAD:    header | payload | tag | MKI    AAD = header (libsrtp's order)
 *
 * The ROC is appended for HMAC by writing it where MKI/tag go (protect: the
 * tailroom; unprotect: after the tag has been copied out), so the hash runs
 * over one contiguous buffer.
 */
#include <string.h>

#include "native.h"

/* Header length including CSRCs and extension, or 0 when malformed. */
static uint32_t header_len(const uint8_t *d, uint32_t len)
{
	uint32_t hl = 12 + 4 * (d[0] & 0x0f);

	if (d[0] >> 6 != 2)
		return 0;
	if (d[0] & 0x10) {
		if (hl + 4 > len)
			return 0;
		hl += 4 + 4 * (uint32_t)rd16(d + hl + 2);
	}
	return hl <= len ? hl : 0;
}

static uint32_t rtp_tag_len(const struct dp_srtp_ctx *c)
{
	return c->flags & MS_SRTP_F_UNAUTHENTICATED_SRTP ? 0 : c->si->tag_len;
}

/*
 * Stream lookup, index guess and replay pre-check. A new SSRC gets a fresh
 * stream; on unprotect it stays pending until a packet authenticates.
 */
static enum dp_srtp_verdict locate(struct dp_srtp_ctx *c, const uint8_t *d,
				   bool protect, struct pkt_state *st)
{
	struct stream *s = dp_srtp_stream_find(c, ssrc_raw(d + 8));
	uint64_t est, spec_est;
	int32_t delta;

	if (!s) {
		s = dp_srtp_stream_claim(c, ssrc_raw(d + 8));
		if (!s)
			return DP_SRTP_NO_STREAM;
		/* libsrtp creates the sender's stream before anything can fail. */
		if (protect)
			s->state = STREAM_LIVE;
	}
	delta = dp_srtp_index_estimate(s->index, rd16(d + 2), &est);
	/*
	 * The guess is made against the window as committed; if the packets
	 * in flight would change it once accepted, let them land first.
	 */
	if (s->in_burst) {
		const struct pkt_state *last = st - (st->slot - (s->in_burst - 1));

		dp_srtp_index_estimate(last->spec, rd16(d + 2), &spec_est);
		if (spec_est != est)
			return PREP_FLUSH;
	}
	st->stream = s;
	st->index = est;
	return dp_srtp_replay_check(c, s, delta);
}

/* The packet goes to the crypto: later guesses must see it as landed. */
static enum dp_srtp_verdict in_flight(struct pkt_state *st)
{
	struct stream *s = st->stream;
	uint64_t base = s->in_burst ?
			(st - (st->slot - (s->in_burst - 1)))->spec : s->index;

	st->spec = base > st->index ? base : st->index;
	s->in_burst = (uint8_t)(st->slot + 1);
	return DP_SRTP_OK;
}

/* The SRTP key of k into op, and the packet's IV. */
static void op_key(struct crypto_op *op, struct dp_srtp_ctx *c,
		   struct master_key *k, const uint8_t *d, uint64_t index)
{
	op->prep = key_prep(c, k);
	op->mac_len = c->si->key_len;
	if (!op->prep) {
		op->enc = key_raw(c, k, false);
		op->auth = op->enc + c->si->key_len;
	}
	if (c->si->aead)
		dp_srtp_iv_gcm(op->iv, k->rtp_salt, ssrc_raw(d + 8), index);
	else
		dp_srtp_iv_cm(op->iv, k->rtp_salt, ssrc_raw(d + 8), index);
}

static enum dp_srtp_verdict prepare_protect(struct dp_srtp_ctx *c,
					    struct dp_srtp_pkt *p, uint32_t hl,
					    struct pkt_state *st,
					    struct crypto_op *op)
{
	const struct ms_suite_info *si = c->si;
	uint32_t tag_len = rtp_tag_len(c), len = p->len;
	uint8_t *d = p->data;
	enum dp_srtp_verdict v;

	if ((uint64_t)p->room < (uint64_t)len + c->mki_len + tag_len)
		return DP_SRTP_NO_ROOM;
	v = locate(c, d, true, st);
	if (v != DP_SRTP_OK)
		return v;
	st->key = ctx_key(c, c->tx_key);
	st->new_len = len + c->mki_len + tag_len;
	op->buf = d;
	op->tag_len = (uint8_t)tag_len;
	op->cipher_off = hl;
	op_key(op, c, st->key, d, st->index);
	if (si->aead) {
		op->kind = OP_GCM_PROTECT;
		op->key_len = si->key_len;
		op->cipher_len = len - hl;
		op->aad = d;
		op->aad_len = hl;
		op->tag_out = d + len;
		return in_flight(st);
	}
	op->kind = OP_CM_PROTECT;
	op->key_len = si->null_cipher ? 0 : si->key_len;
	op->cipher_len = si->null_cipher || (c->flags & MS_SRTP_F_UNENCRYPTED_SRTP) ?
			 0 : len - hl;
	op->auth_len = 0;
	if (tag_len) {
		wr32(d + len, (uint32_t)(st->index >> 16));
		op->auth_len = len + 4;
	}
	return in_flight(st);
}

static enum dp_srtp_verdict prepare_unprotect(struct dp_srtp_ctx *c,
					      struct dp_srtp_pkt *p, uint32_t hl,
					      struct pkt_state *st,
					      struct crypto_op *op)
{
	const struct ms_suite_info *si = c->si;
	uint32_t tag_len = rtp_tag_len(c), len = p->len, body;
	uint8_t *d = p->data;
	enum dp_srtp_verdict v;

	if (len < hl + tag_len + c->mki_len)
		return DP_SRTP_TOO_SHORT;
	v = locate(c, d, false, st);
	if (v != DP_SRTP_OK)
		return v;
	body = len - c->mki_len - (si->aead ? 0 : tag_len);
	st->key = c->mki_len ? dp_srtp_key_by_mki(c, d + body) : ctx_key(c, 0);
	if (!st->key)
		return DP_SRTP_UNKNOWN_MKI;
	body = len - c->mki_len - tag_len;	/* header + payload */
	st->new_len = body;
	op->buf = d;
	op->tag_len = (uint8_t)tag_len;
	op->cipher_off = hl;
	op_key(op, c, st->key, d, st->index);
	if (si->aead) {
		memcpy(op->tag, d + body, SRTP_GCM_TAG_LEN);
		op->kind = OP_GCM_UNPROTECT;
		op->key_len = si->key_len;
		op->cipher_len = body - hl;
		op->aad = d;
		op->aad_len = hl;
		return in_flight(st);
	}
	op->kind = OP_CM_UNPROTECT;
	op->key_len = si->null_cipher ? 0 : si->key_len;
	op->cipher_len = si->null_cipher || (c->flags & MS_SRTP_F_UNENCRYPTED_SRTP) ?
			 0 : body - hl;
	op->auth_len = 0;
	if (tag_len) {
		memcpy(op->tag, d + len - tag_len, tag_len);
		wr32(d + body, (uint32_t)(st->index >> 16));
		op->auth_len = body + 4;
	}
	return in_flight(st);
}

enum dp_srtp_verdict dp_srtp_rtp_prepare(bool protect, struct dp_srtp_pkt *p,
					 struct pkt_state *st, struct crypto_op *op)
{
	struct dp_srtp_ctx *c = p->ctx;
	uint32_t hl;

	if (p->len < 12)
		return DP_SRTP_TOO_SHORT;
	hl = header_len(p->data, p->len);
	if (!hl)
		return DP_SRTP_BAD_HEADER;
	return protect ? prepare_protect(c, p, hl, st, op) :
			 prepare_unprotect(c, p, hl, st, op);
}

/*
 * After the crypto: the replay check again (packets earlier in the burst may
 * have moved the window), the tag, the lifetime, then commit.
 */
enum dp_srtp_verdict dp_srtp_rtp_finish(bool protect, struct dp_srtp_pkt *p,
					struct pkt_state *st, struct crypto_op *op)
{
	struct dp_srtp_ctx *c = p->ctx;
	struct stream *s = st->stream;
	struct master_key *k = st->key;
	int32_t delta = (int32_t)((int64_t)st->index - (int64_t)s->index);
	enum dp_srtp_verdict v = dp_srtp_replay_check(c, s, delta);

	if (v != DP_SRTP_OK)
		return v;
	/* Not ok: tag mismatch, or (never seen) a crypto library failure. */
	if (!op->ok)
		return DP_SRTP_AUTH_FAIL;
	if (k->srtp_used >= SRTP_LIFETIME)
		return DP_SRTP_KEY_EXHAUSTED;
	if (protect) {
		uint8_t *mki = p->data + p->len + (c->si->aead ? op->tag_len : 0);

		memcpy(mki, k->mki, c->mki_len);
		if (!c->si->aead)
			memcpy(mki + c->mki_len, op->tag, op->tag_len);
	}
	dp_srtp_replay_add(c, s, delta);
	s->state = STREAM_LIVE;
	k->srtp_used++;
	p->len = st->new_len;
	return DP_SRTP_OK;
}
