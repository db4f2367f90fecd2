/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Plaintext through both SRTP engines and back: protect with "native",
 * unprotect with "libsrtp2", and the other way round.
 *
 * Input: two selector bytes, then a burst of plain packets (srtp_input.h):
 *   byte 0: bits 0-3 suite (modulo the suite count), bits 4-5 replay window
 *           (default, 64, 1000, maximum), bit 6 SRTCP instead of SRTP
 *   byte 1: bits 0-2 MS_SRTP_F_* flags, bit 3 MKI, bit 4 a second key,
 *           bit 5 protect with the second key, bits 6-7 MKI length - 1
 * Each plain packet gets version 2 in its first byte, or nearly every input
 * would stop at the version check; the rest of the header (CSRC count,
 * extension, SSRC, sequence number) is the fuzzer's.
 *
 * Properties: both engines accept or refuse the policy alike; protect gives
 * the same verdict class and byte-identical output on both; every packet
 * one engine protected unprotects on the other's receiver to the plaintext.
 * Contexts are made per input, so each input reproduces on its own.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srtp_pair.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SELECTOR_LEN	2

struct pair {
	struct dp_srtp_ctx *tx[FZ_N_ENGINES], *rx[FZ_N_ENGINES];
};

static void policy_from(struct dp_srtp_policy *pol, uint8_t b0, uint8_t b1)
{
	static const uint32_t windows[] = { 0, 64, 1000, MS_SRTP_REPLAY_MAX };

	memset(pol, 0, sizeof(*pol));
	pol->suite = (enum ms_srtp_suite)(1 + (b0 & 0x0f) % MS_SUITE_MAX);
	pol->replay_window = windows[(b0 >> 4) & 3];
	pol->flags = b1 & MS_SRTP_F_ALL;
	fz_policy_mki(pol, 1, 0);
	if (b1 & 0x08) {
		fz_policy_mki(pol, (b1 & 0x10) ? 2 : 1, (uint8_t)(1 + (b1 >> 6)));
		pol->tx_key = (b1 & 0x20) && pol->n_keys == 2;
	}
	fz_policy_keys(pol, (unsigned int)b0 << 8 | b1);
}

static void pair_free(struct pair *p)
{
	for (int e = 0; e < FZ_N_ENGINES; e++) {
		fz_engine(e)->ctx_free(p->tx[e]);
		fz_engine(e)->ctx_free(p->rx[e]);
	}
}

/*
 * 1: contexts made; 0: both engines refuse the policy; aborts if only one
 * does. pair_free() either way.
 */
static int pair_open(struct pair *p, const struct dp_srtp_policy *pol)
{
	int err[FZ_N_ENGINES];

	memset(p, 0, sizeof(*p));
	for (int e = 0; e < FZ_N_ENGINES; e++) {
		errno = 0;
		p->tx[e] = fz_engine(e)->ctx_create(pol);
		err[e] = errno;
		p->rx[e] = fz_engine(e)->ctx_create(pol);
	}
	if (!p->tx[FZ_NATIVE] != !p->tx[FZ_REF]) {
		fprintf(stderr, "fuzz: FAILED: policy accepted by one engine only "
			"(native errno %d, libsrtp2 errno %d)\n", err[FZ_NATIVE], err[FZ_REF]);
		fz_policy_print(pol);
		abort();
	}
	if (!p->tx[FZ_NATIVE])
		return 0;
	for (int e = 0; e < FZ_N_ENGINES; e++)
		if (!p->rx[e])
			abort();	/* accepted once, refused the second time */
	return 1;
}

/*
 * The packets engine `from` protected, unprotected by the other engine's
 * receiver: each must come back OK and equal to its plaintext.
 */
static void cross_unprotect(const struct pair *p, const struct dp_srtp_policy *pol,
			    enum dp_srtp_op op, int from, const struct fz_burst *prot,
			    const struct fz_span *plain)
{
	int to = FZ_N_ENGINES - 1 - from;
	struct fz_span sent[FZ_BURST_MAX];
	uint16_t idx[FZ_BURST_MAX], m = 0;
	struct fz_burst u;

	for (uint16_t i = 0; i < prot->n; i++) {
		if (prot->verdicts[i] != DP_SRTP_OK)
			continue;
		sent[m] = (struct fz_span){ prot->pkts[i].data, prot->pkts[i].len };
		idx[m++] = i;
	}
	fz_burst_run(&u, fz_engine(to), pol, p->rx[to], op, sent, m, 0);
	for (uint16_t j = 0; j < m; j++) {
		const struct fz_span *want = &plain[idx[j]];

		if (u.verdicts[j] != DP_SRTP_OK)
			fz_fail(&u, "packet %u (plain %u) from %s refused: %s", j, idx[j],
				fz_engine(from)->name, dp_srtp_verdict_name(u.verdicts[j]));
		if (u.pkts[j].len != want->len || memcmp(u.pkts[j].data, want->p, want->len))
			fz_fail(&u, "packet %u (plain %u) from %s: plaintext differs "
				"(len %u, want %u)", j, idx[j], fz_engine(from)->name,
				u.pkts[j].len, want->len);
	}
	fz_burst_free(&u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_span plain[FZ_BURST_MAX];
	struct fz_burst prot[FZ_N_ENGINES];
	struct dp_srtp_policy pol;
	enum dp_srtp_op protect, unprotect;
	uint8_t *copy;
	struct pair p;
	uint16_t n;
	bool rtcp;

	if (size < SELECTOR_LEN)
		return 0;
	policy_from(&pol, data[0], data[1]);
	rtcp = data[0] & 0x40;
	protect = rtcp ? DP_SRTP_PROTECT_RTCP : DP_SRTP_PROTECT_RTP;
	unprotect = rtcp ? DP_SRTP_UNPROTECT_RTCP : DP_SRTP_UNPROTECT_RTP;

	copy = malloc(size - SELECTOR_LEN + 1);
	if (!copy)
		abort();
	memcpy(copy, data + SELECTOR_LEN, size - SELECTOR_LEN);
	n = fz_input_split(copy, size - SELECTOR_LEN, plain, FZ_BURST_MAX);
	for (uint16_t i = 0; i < n; i++)
		if (plain[i].len)
			copy[plain[i].p - copy] = (uint8_t)(0x80 | (plain[i].p[0] & 0x3f));

	if (pair_open(&p, &pol)) {
		for (int e = 0; e < FZ_N_ENGINES; e++)
			fz_burst_run(&prot[e], fz_engine(e), &pol, p.tx[e], protect, plain, n,
				     fz_trailer_len(&pol, rtcp));
		fz_burst_agree(&prot[FZ_NATIVE], &prot[FZ_REF]);
		for (int e = 0; e < FZ_N_ENGINES; e++) {
			cross_unprotect(&p, &pol, unprotect, e, &prot[e], plain);
			fz_burst_free(&prot[e]);
		}
	}
	pair_free(&p);
	free(copy);
	return 0;
}
