/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The mediasec SRTP/SRTCP engine (RFC 3711, RFC 6188, RFC 7714).
 *
 * One dp_srtp_ctx is one direction of one leg: the master key(s), the derived
 * session keys, and up to DP_SRTP_MAX_STREAMS per-SSRC streams (ROC, replay
 * window, SRTCP index, packet counts): the first inline, the others taken
 * lock-free from a spare pool the control path keeps filled. Contexts are
 * created and freed on the control path (they allocate); the burst functions
 * run on the packet path and never allocate, lock, log or make system calls.
 *
 * A context is used by one lcore at a time: the dataplane pins each leg's
 * inbound context to the lcore that receives it.
 *
 * Engines: "native" (intel-ipsec-mb multi-buffer, OpenSSL EVP fallback when the
 * CPU lacks AES-NI) and "libsrtp2" (the reference, used as the test oracle).
 * They share this API through struct dp_srtp_engine.
 */
#ifndef MEDIASEC_DATAPLANE_SRTP_SRTP_H
#define MEDIASEC_DATAPLANE_SRTP_SRTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mediasec/enums.h>

#include "lib/suite.h"

#define DP_SRTP_MAX_STREAMS	4	/* SSRCs per context */
#define DP_SRTP_MAX_KEYS	2	/* master keys per context, chosen by MKI */
#define DP_SRTP_MAX_TRAILER	(MS_SRTP_MKI_MAX + 16 + 4) /* MKI + tag + SRTCP index */

/* Per-packet outcome of a burst call. */
enum dp_srtp_verdict {
	DP_SRTP_OK = 0,
	DP_SRTP_AUTH_FAIL,	/* tag mismatch */
	DP_SRTP_REPLAY_DUP,	/* index already seen within the window */
	DP_SRTP_REPLAY_OLD,	/* index left of the window */
	DP_SRTP_BAD_HEADER,	/* not RTP v2 / RTCP, bad CSRC or extension length */
	DP_SRTP_TOO_SHORT,	/* shorter than header + trailer */
	DP_SRTP_NO_ROOM,	/* tailroom too small for MKI + tag (+ index) */
	DP_SRTP_KEY_EXHAUSTED,	/* 2^48 SRTP / 2^31 SRTCP packets reached */
	DP_SRTP_UNKNOWN_MKI,
	DP_SRTP_NO_STREAM,	/* more SSRCs than DP_SRTP_MAX_STREAMS, or the
				 * engine's spare-stream pool is empty */
	__DP_SRTP_VERDICT_MAX
};

enum dp_srtp_op {
	DP_SRTP_PROTECT_RTP = 0,
	DP_SRTP_UNPROTECT_RTP,
	DP_SRTP_PROTECT_RTCP,
	DP_SRTP_UNPROTECT_RTCP,
};

struct dp_srtp_master_key {
	uint8_t key[MS_SRTP_MASTER_KEY_MAX];
	uint8_t salt[MS_SRTP_MASTER_SALT_MAX];
	uint8_t mki[MS_SRTP_MKI_MAX];
	uint8_t mki_len;	/* 0: no MKI on the wire */
};

/* What the control plane asks for one direction of one leg. */
struct dp_srtp_policy {
	enum ms_srtp_suite suite;
	uint32_t flags;		/* MS_SRTP_F_* */
	uint32_t replay_window;	/* packets; 0 means MS_SRTP_REPLAY_DEFAULT */
	uint8_t n_keys;		/* 1..DP_SRTP_MAX_KEYS; MKI required when > 1 */
	uint8_t tx_key;		/* index of the key that protect uses */
	struct dp_srtp_master_key keys[DP_SRTP_MAX_KEYS];
};

/*
 * One packet of a burst. data points at the RTP/RTCP header; len is the
 * packet length; room is how many bytes may be written from data (len plus
 * tailroom). On DP_SRTP_OK, len is updated (tag and MKI added or removed).
 * On any other verdict the packet's bytes are unspecified (drop it).
 */
struct dp_srtp_pkt {
	uint8_t *data;
	uint32_t len;
	uint32_t room;
	struct dp_srtp_ctx *ctx;
};

/* Read by the control thread; a consistent-enough snapshot, not atomic. */
struct dp_srtp_ctx_stats {
	uint64_t packets;	/* RTP packets accepted on this context */
	uint64_t rtcp_packets;
	bool key_near_exhaustion; /* within 2^16 packets of a lifetime limit */
	uint8_t n_streams;
};

struct dp_srtp_engine {
	const char *name;
	/*
	 * Once per thread that calls burst, before its loop (sets up per-thread
	 * crypto state, e.g. the intel-ipsec-mb manager). 0 or -errno.
	 */
	int (*thread_init)(void);
	/* Control path. Returns NULL with errno set on bad policy or no memory. */
	struct dp_srtp_ctx *(*ctx_create)(const struct dp_srtp_policy *pol);
	/* Wipes every key byte (OPENSSL_cleanse) before freeing. NULL is a no-op. */
	void (*ctx_free)(struct dp_srtp_ctx *ctx);
	void (*ctx_stats)(const struct dp_srtp_ctx *ctx, struct dp_srtp_ctx_stats *st);
	/*
	 * Packet path: apply op to n packets, each with its own context (all
	 * created by this engine). Writes one verdict per packet, returns how
	 * many were DP_SRTP_OK.
	 */
	uint16_t (*burst)(enum dp_srtp_op op, struct dp_srtp_pkt *pkts,
			  uint16_t n, uint8_t *verdicts);
	/*
	 * Packet path, optional: start loading what burst() will read of ctx,
	 * a stage ahead of the call. NULL when the engine has no use for it.
	 */
	void (*ctx_prefetch)(const struct dp_srtp_ctx *ctx);
};

/*
 * Control path: a copy of pol, keys included, in memory kept out of core
 * dumps; NULL with errno set. dp_srtp_policy_free() wipes it (NULL: no-op).
 */
struct dp_srtp_policy *dp_srtp_policy_dup(const struct dp_srtp_policy *pol);
void dp_srtp_policy_free(struct dp_srtp_policy *pol);

/* "native" or "libsrtp2"; NULL when the name is unknown. */
const struct dp_srtp_engine *dp_srtp_engine_find(const char *name);

const char *dp_srtp_verdict_name(enum dp_srtp_verdict v);

#endif /* MEDIASEC_DATAPLANE_SRTP_SRTP_H */
