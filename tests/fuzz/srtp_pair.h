/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The two SRTP engines side by side, for the SRTP fuzz targets and their
 * corpus generator: engine set-up, the fixed policies, bursts on exact-size
 * copies, and the check that both engines agree. Violations print what
 * differs and abort(), which is how libFuzzer (and replay_main.c) report.
 */
#ifndef MEDIASEC_TESTS_FUZZ_SRTP_PAIR_H
#define MEDIASEC_TESTS_FUZZ_SRTP_PAIR_H

#include <stdbool.h>
#include <stdint.h>

#include "srtp.h"
#include "srtp_input.h"

enum fz_engine_id { FZ_NATIVE = 0, FZ_REF, FZ_N_ENGINES };

/* Every suite, without and with MKI (two keys, protect uses the second). */
#define FZ_FIXED_N	(2 * MS_SUITE_MAX)

/* "native" or "libsrtp2" (the reference), thread_init done; aborts if absent. */
const struct dp_srtp_engine *fz_engine(enum fz_engine_id id);

/* Fixed policy idx (< FZ_FIXED_N): same keys in every process. */
void fz_policy_fixed(struct dp_srtp_policy *pol, unsigned int idx);
/*
 * n_keys keys with MKIs of mki_len bytes (0: one key, no MKI). The MKIs
 * differ in their last byte only, so a lookup must compare them whole.
 */
void fz_policy_mki(struct dp_srtp_policy *pol, uint8_t n_keys, uint8_t mki_len);
/* Fill every key and salt of pol with a pattern derived from tag. */
void fz_policy_keys(struct dp_srtp_policy *pol, unsigned int tag);
/* Bytes protect appends: MKI + tag (RTP); E|index + MKI + tag (RTCP). */
uint32_t fz_trailer_len(const struct dp_srtp_policy *pol, bool rtcp);
/* One line naming the policy, on stderr, for failure reports. */
void fz_policy_print(const struct dp_srtp_policy *pol);

/*
 * A burst run on private copies, each in a heap buffer of exactly len +
 * tailroom bytes, so that ASan sees any access past what the API allows.
 */
struct fz_burst {
	const struct dp_srtp_engine *e;
	const struct dp_srtp_policy *pol;	/* for failure reports */
	enum dp_srtp_op op;
	uint16_t n;
	uint8_t verdicts[FZ_BURST_MAX];
	struct dp_srtp_pkt pkts[FZ_BURST_MAX];
};

/*
 * Copy n (<= FZ_BURST_MAX) packets and run op on them with engine e and
 * ctx (made from pol). Aborts when the result breaks the API's promises:
 * return value = number of OK verdicts, verdicts in range, OK lengths
 * within room.
 */
void fz_burst_run(struct fz_burst *b, const struct dp_srtp_engine *e,
		  const struct dp_srtp_policy *pol, struct dp_srtp_ctx *ctx,
		  enum dp_srtp_op op, const struct fz_span *in, uint16_t n,
		  uint32_t tailroom);
void fz_burst_free(struct fz_burst *b);

/*
 * Two engines ran the same op on the same packets: per packet, both OK
 * with identical bytes, or both not OK (the refusal reason may differ:
 * each engine checks in its own order). Aborts otherwise.
 */
void fz_burst_agree(const struct fz_burst *a, const struct fz_burst *b);

/* Print the policy, the op and the message about burst b, then abort(). */
void fz_fail(const struct fz_burst *b, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

static inline bool fz_op_is_rtcp(enum dp_srtp_op op)
{
	return op == DP_SRTP_PROTECT_RTCP || op == DP_SRTP_UNPROTECT_RTCP;
}

#endif /* MEDIASEC_TESTS_FUZZ_SRTP_PAIR_H */
