/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Untrusted bytes into the receive side of both SRTP engines.
 *
 * Input: one selector byte, the fixed context (srtp_pair.h: every suite,
 * without and with MKI), then a burst of packets (srtp_input.h). The burst
 * is unprotected as SRTP and again as SRTCP, by "native" and by "libsrtp2",
 * each on its own exact-size copies. Properties: no crash or sanitizer
 * report, the API's promises (fz_burst_run), and the engines agree per
 * packet on OK vs refused, with identical plaintext when OK.
 *
 * The contexts are made once and live for the whole run, as on a real leg:
 * replay windows and streams carry over from one input to the next, so the
 * seed packets (valid SRTP/SRTCP for these contexts, from gen_corpus.c) are
 * accepted once and are replays afterwards. Both engines see the same
 * history, so they must still agree; a failure found this way may need the
 * inputs before it to reproduce (replay_main.c saves and prints its seed).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "srtp_pair.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct dp_srtp_policy policies[FZ_FIXED_N];
static struct dp_srtp_ctx *ctxs[FZ_FIXED_N][FZ_N_ENGINES];

static void contexts_init(void)
{
	static int done;

	if (done)
		return;
	for (unsigned int k = 0; k < FZ_FIXED_N; k++) {
		fz_policy_fixed(&policies[k], k);
		for (int e = 0; e < FZ_N_ENGINES; e++) {
			ctxs[k][e] = fz_engine(e)->ctx_create(&policies[k]);
			if (!ctxs[k][e]) {
				fprintf(stderr, "fuzz: %s refuses fixed policy %u\n",
					fz_engine(e)->name, k);
				fz_policy_print(&policies[k]);
				abort();
			}
		}
	}
	done = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum dp_srtp_op ops[] = { DP_SRTP_UNPROTECT_RTP, DP_SRTP_UNPROTECT_RTCP };
	struct fz_span pkts[FZ_BURST_MAX];
	unsigned int k;
	uint16_t n;

	if (size < 1)
		return 0;
	contexts_init();
	k = data[0] % FZ_FIXED_N;
	n = fz_input_split(data + 1, size - 1, pkts, FZ_BURST_MAX);

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		struct fz_burst b[FZ_N_ENGINES];

		/* Unprotect only shrinks a packet: no tailroom. */
		for (int e = 0; e < FZ_N_ENGINES; e++)
			fz_burst_run(&b[e], fz_engine(e), &policies[k], ctxs[k][e],
				     ops[i], pkts, n, 0);
		fz_burst_agree(&b[FZ_NATIVE], &b[FZ_REF]);
		for (int e = 0; e < FZ_N_ENGINES; e++)
			fz_burst_free(&b[e]);
	}
	return 0;
}
