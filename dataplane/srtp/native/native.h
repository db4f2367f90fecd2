/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of the native SRTP engine, shared by the files of native/ and by
 * the unit tests (tests/unit/srtp). Nothing here is API: srtp.h is.
 *
 * A burst flows in three steps: rtp.c/rtcp.c "prepare" each packet (parse,
 * pick stream and key, estimate the index, check replay, lay out one
 * struct crypto_op), the selected crypto backend runs all ops of the burst
 * at once, then rtp.c/rtcp.c "finish" each packet (tag check, replay window
 * commit, MKI and tag placement, length).
 */
#ifndef MEDIASEC_DATAPLANE_SRTP_NATIVE_NATIVE_H
#define MEDIASEC_DATAPLANE_SRTP_NATIVE_NATIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../srtp.h"

#define SRTP_AUTH_KEY_LEN	20	/* HMAC-SHA1 session key */
#define SRTP_SALT_LEN		14	/* AES-CM session salt (GCM uses 12) */
#define SRTP_SALT_STORE		16	/* zero-padded: the IV is built wordwise */
#define SRTP_GCM_TAG_LEN	16
#define SRTCP_E_FLAG		0x80000000u
#define SRTCP_INDEX_MAX		0x7fffffffu
#define SRTP_LIFETIME		(1ULL << 48)
#define SRTCP_LIFETIME		(1ULL << 31)
#define SRTP_NEAR_LIMIT		(1ULL << 16)
#define RTCP_WINDOW		128	/* libsrtp's fixed SRTCP replay window */

/*
 * Session keys (RFC 3711 §4.3) as derived, before the context stores only
 * what its backend needs. Control path only, wiped after use.
 */
struct session_raw {
	uint8_t enc[MS_SRTP_MASTER_KEY_MAX];
	uint8_t salt[SRTP_SALT_STORE];	/* 14 (GCM: 12) bytes, then zeros */
	uint8_t auth[SRTP_AUTH_KEY_LEN];
};

/*
 * One master key in a context: the backend's SRTP key schedule (prep_len
 * bytes) sits right before it, then this, then the raw session keys that are
 * still needed: SRTCP's (its schedule is expanded per packet) and, only when
 * the backend keeps no schedule (EVP), SRTP's. Raw keys are enc[key_len]
 * then, unless AEAD, auth[20]. key_size bytes from one key to the next.
 */
struct master_key {
	uint64_t srtp_used;		/* packets protected or accepted */
	uint32_t srtcp_used;
	uint8_t mki[MS_SRTP_MKI_MAX];	/* ctx->mki_len bytes */
	uint8_t rtp_salt[SRTP_SALT_STORE];
	uint8_t rtcp_salt[SRTP_SALT_STORE];
	uint8_t raw[];			/* SRTCP enc+auth, then SRTP's if no prep */
};

enum stream_state { STREAM_FREE = 0, STREAM_LIVE, STREAM_PENDING };

/*
 * One SSRC of a context: SRTP index + window, SRTCP index + window. The
 * first lives in the context, the others (up to DP_SRTP_MAX_STREAMS - 1)
 * come from the overflow pool (streams.c) when their SSRC first shows up and
 * are chained through next. Its SRTP ring of ctx->ring_bits bits: see
 * stream_ring().
 */
struct stream {
	uint64_t index;			/* highest RTP index seen (ROC << 16 | SEQ) */
	uint64_t rtcp_bits[RTCP_WINDOW / 64];
	uint32_t ssrc;			/* network byte order, as on the wire */
	uint32_t rtcp_start;		/* libsrtp rdb window_start / last sent */
	uint32_t next;			/* next overflow stream's pool id, 0: none */
	uint8_t state;			/* enum stream_state */
	uint8_t in_burst;		/* 0, or 1 + chunk slot of its last packet
					 * in flight (see struct pkt_state) */
};

/* An overflow stream as the pool holds it. */
struct ovf_stream {
	struct stream s;
	uint32_t id;			/* own pool id, never 0 */
	uint32_t free_next;		/* pool free list link (atomic access) */
	uint64_t ring[];
};

/*
 * Kept small on purpose (a live leg holds two): every field earns its bytes.
 * Layout of the one pool allocation:
 *   this | ring0 | pad | (prep | master_key) * n_keys
 */
struct dp_srtp_ctx {
	const struct ms_suite_info *si;
	uint16_t alloc_size;		/* pool bytes, what a context costs */
	uint16_t window;		/* RTP replay window, packets */
	uint16_t ring_bits;		/* power of two >= window */
	uint16_t keys_off;		/* first struct master_key */
	uint16_t key_size;		/* stride between master keys */
	uint16_t prep_len;		/* schedule bytes before each key, 0: none */
	uint8_t flags;			/* MS_SRTP_F_* */
	uint8_t n_keys, tx_key, mki_len;
	struct stream s0;
	uint64_t ring0[];		/* s0's SRTP replay ring */
};

static inline struct master_key *ctx_key(const struct dp_srtp_ctx *c, unsigned int i)
{
	return (struct master_key *)((uint8_t *)c + c->keys_off + i * (size_t)c->key_size);
}

/* The SRTP key schedule of k, NULL when the backend keeps none. */
static inline const void *key_prep(const struct dp_srtp_ctx *c, const struct master_key *k)
{
	return c->prep_len ? (const uint8_t *)k - c->prep_len : NULL;
}

/* Raw session keys: SRTCP's always, SRTP's only without a schedule. */
static inline size_t raw_len(const struct ms_suite_info *si)
{
	return si->key_len + (si->aead ? 0 : SRTP_AUTH_KEY_LEN);
}

static inline uint8_t *key_raw(const struct dp_srtp_ctx *c, struct master_key *k,
			       bool rtcp)
{
	return rtcp ? k->raw : k->raw + raw_len(c->si);
}

static inline uint64_t *stream_ring(struct dp_srtp_ctx *c, struct stream *s)
{
	return s == &c->s0 ? c->ring0 : ((struct ovf_stream *)s)->ring;
}

/* What the backends do: one AES-CM/HMAC or AES-GCM transform over a buffer. */
enum crypto_kind { OP_CM_PROTECT, OP_CM_UNPROTECT, OP_GCM_PROTECT, OP_GCM_UNPROTECT };

struct crypto_op {
	const void *prep;		/* backend key schedule, NULL: expand */
	const uint8_t *enc, *auth;	/* raw session keys when prep is NULL */
	uint8_t *buf;
	uint32_t cipher_off, cipher_len; /* cipher_len 0: nothing to cipher */
	uint32_t auth_len;		/* CM: bytes from buf into HMAC, 0: none */
	const uint8_t *aad;		/* GCM */
	uint32_t aad_len;
	uint8_t kind;			/* enum crypto_kind */
	uint8_t key_len;		/* AES key bytes, 0 for the NULL cipher */
	uint8_t tag_len;
	uint8_t mac_len;		/* the suite's key length: where the
					 * ipsec-mb HMAC states sit */
	uint8_t ok;			/* done and, on unprotect, tag verified */
	uint8_t iv[16];
	uint8_t tag[20];		/* protect: computed; unprotect: received */
	uint8_t calc[20];		/* unprotect: computed */
	uint8_t *tag_out;		/* GCM protect: tag written here, not in tag */
	uint8_t aad_buf[12];		/* SRTCP GCM: header || E + index */
};

struct crypto_backend {
	const char *name;
	bool (*usable)(void);		/* this CPU runs it well; NULL: always */
	/* Bytes of SRTP key schedule per master key, 0: none stored. */
	size_t (*prep_size)(const struct ms_suite_info *si);
	/*
	 * Fill prep (prep_size bytes, aligned to prep_align) from raw session
	 * keys; auth NULL keeps prep's HMAC part (unit tests).
	 */
	int (*prepare)(const struct ms_suite_info *si, const uint8_t *enc,
		       const uint8_t *auth, void *prep);
	int (*thread_init)(void);
	/* Run every op; sets op->ok. Lazily does thread_init if needed. */
	void (*run)(struct crypto_op *ops, unsigned int n);
};

extern const struct crypto_backend dp_srtp_crypto_ipsecmb, dp_srtp_crypto_evp;

/*
 * crypto.c: the backend chosen once per process: intel-ipsec-mb when the CPU
 * has AES-NI, else OpenSSL EVP; MEDIASEC_SRTP_CRYPTO=evp forces EVP.
 */
const struct crypto_backend *dp_srtp_native_backend(void);
/* crypto.c: sets op->ok from a constant-time compare with the received tag. */
void dp_srtp_crypto_verify(struct crypto_op *op);

/* kdf.c: RFC 3711 §4.3.3 AES-CM PRF, key derivation rate 0. */
int dp_srtp_kdf_prf(const uint8_t *key, unsigned int key_len, const uint8_t *iv16,
		    uint8_t *out, unsigned int out_len);
int dp_srtp_kdf_derive(const uint8_t *mkey, unsigned int mkey_len,
		       const uint8_t *msalt, unsigned int msalt_len,
		       uint8_t label, uint8_t *out, unsigned int out_len);
int dp_srtp_kdf_session(const struct ms_suite_info *si,
			const struct dp_srtp_master_key *mk, struct session_raw *rtp,
			struct session_raw *rtcp);

/* index.c: RFC 3711 App. A, as libsrtp's rdbx computes it. */
int32_t dp_srtp_index_estimate(uint64_t local, uint16_t seq, uint64_t *est);
void dp_srtp_iv_cm(uint8_t iv[16], const uint8_t salt[SRTP_SALT_STORE],
		   uint32_t ssrc_be, uint64_t index);
void dp_srtp_iv_gcm(uint8_t iv[12], const uint8_t salt[12], uint32_t ssrc_be,
		    uint64_t index_field);

/* replay.c: the SRTP window (libsrtp rdbx) and the SRTCP window (rdb). */
enum dp_srtp_verdict dp_srtp_replay_check(struct dp_srtp_ctx *ctx,
					  struct stream *s, int32_t delta);
void dp_srtp_replay_add(struct dp_srtp_ctx *ctx, struct stream *s,
			int32_t delta);
enum dp_srtp_verdict dp_srtp_replay_rtcp_check(const struct stream *s,
					       uint32_t index);
void dp_srtp_replay_rtcp_add(struct stream *s, uint32_t index);

/* streams.c: the per-SSRC streams of a context and the overflow pool. */
struct stream *dp_srtp_stream_find(struct dp_srtp_ctx *ctx, uint32_t ssrc_be);
struct stream *dp_srtp_stream_claim(struct dp_srtp_ctx *ctx, uint32_t ssrc_be);
void dp_srtp_stream_reset(struct dp_srtp_ctx *ctx, struct stream *s);
/* s was claimed and never accepted a packet: FREE, back to the pool. */
void dp_srtp_stream_release(struct dp_srtp_ctx *ctx, struct stream *s);
unsigned int dp_srtp_stream_count_live(struct dp_srtp_ctx *ctx);
/* Control path: reserve overflow streams for one more context / give back. */
void dp_srtp_streams_ctx_added(const struct dp_srtp_ctx *ctx);
void dp_srtp_streams_ctx_removed(struct dp_srtp_ctx *ctx);

/* ctx.c */
struct master_key *dp_srtp_key_by_mki(struct dp_srtp_ctx *ctx, const uint8_t *mki);

/* pool.c: key-holding memory, excluded from core dumps. */
void *dp_srtp_pool_alloc(size_t size);
void dp_srtp_pool_free(void *p, size_t size);

/* Per-packet state between prepare and finish. */
struct pkt_state {
	struct stream *stream;
	struct master_key *key;
	uint64_t index;			/* RTP estimated index / SRTCP index */
	uint64_t spec;			/* RTP: stream's index once in flight lands */
	uint32_t new_len;
	uint16_t op;			/* slot in the ops array */
	uint8_t slot;			/* this entry's place in the chunk */
};

/*
 * prepare() result asking the engine to finish the packets in flight first:
 * this packet's index guess depends on whether they are accepted.
 */
#define PREP_FLUSH	0xff

/* ctx.c: the engine's ops. */
struct dp_srtp_ctx *dp_srtp_ctx_create(const struct dp_srtp_policy *pol);
void dp_srtp_ctx_free(struct dp_srtp_ctx *ctx);
void dp_srtp_ctx_stats(const struct dp_srtp_ctx *ctx, struct dp_srtp_ctx_stats *st);

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The SSRC as stored: the wire bytes, never swapped. */
static inline uint32_t ssrc_raw(const uint8_t *p)
{
	uint32_t v;

	__builtin_memcpy(&v, p, 4);
	return v;
}

/* rtp.c / rtcp.c */
enum dp_srtp_verdict dp_srtp_rtp_prepare(bool protect, struct dp_srtp_pkt *p,
					 struct pkt_state *st, struct crypto_op *op);
enum dp_srtp_verdict dp_srtp_rtp_finish(bool protect, struct dp_srtp_pkt *p,
					struct pkt_state *st, struct crypto_op *op);
enum dp_srtp_verdict dp_srtp_rtcp_prepare(bool protect, struct dp_srtp_pkt *p,
					  struct pkt_state *st, struct crypto_op *op);
enum dp_srtp_verdict dp_srtp_rtcp_finish(bool protect, struct dp_srtp_pkt *p,
					 struct pkt_state *st, struct crypto_op *op);

/*
 * For the unit tests only: replace the session keys of key 0 (the RFC 7714
 * vectors give session keys, not master keys), preset the lifetime counters
 * and a stream's last SRTCP index, read a stream's RTP index. SSRCs are in
 * network byte order, as stored.
 */
int dp_srtp_native_test_set_session(struct dp_srtp_ctx *ctx, bool rtcp,
				    const uint8_t *enc, const uint8_t *salt,
				    const uint8_t *auth);
void dp_srtp_native_test_set_used(struct dp_srtp_ctx *ctx, unsigned int key,
				  uint64_t srtp, uint64_t srtcp);
int dp_srtp_native_test_set_rtcp_index(struct dp_srtp_ctx *ctx, uint32_t ssrc,
				       uint32_t index);
int dp_srtp_native_test_get_index(struct dp_srtp_ctx *ctx, uint32_t ssrc,
				  uint64_t *index);
/* Pool bytes of a context; free overflow streams for a ring size. */
size_t dp_srtp_native_ctx_size(const struct dp_srtp_ctx *ctx);
unsigned int dp_srtp_native_test_streams_free(uint32_t ring_bits);

#endif /* MEDIASEC_DATAPLANE_SRTP_NATIVE_NATIVE_H */
