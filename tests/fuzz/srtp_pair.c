/* SPDX-License-Identifier: BSD-3-Clause */
/* Both SRTP engines side by side: see srtp_pair.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srtp_pair.h"

static const char *const op_names[] = {
	[DP_SRTP_PROTECT_RTP] = "protect-rtp",
	[DP_SRTP_UNPROTECT_RTP] = "unprotect-rtp",
	[DP_SRTP_PROTECT_RTCP] = "protect-rtcp",
	[DP_SRTP_UNPROTECT_RTCP] = "unprotect-rtcp",
};

const struct dp_srtp_engine *fz_engine(enum fz_engine_id id)
{
	static const char *const names[FZ_N_ENGINES] = { "native", "libsrtp2" };
	static const struct dp_srtp_engine *engines[FZ_N_ENGINES];
	static struct dp_srtp_ctx *keep[FZ_N_ENGINES];

	if (!engines[id]) {
		const struct dp_srtp_engine *e = dp_srtp_engine_find(names[id]);
		struct dp_srtp_policy pol;

		if (!e || e->thread_init() != 0) {
			fprintf(stderr, "fuzz: SRTP engine %s unavailable\n", names[id]);
			abort();
		}
		/*
		 * One context kept for the whole run: libsrtp2's NSS backend
		 * shuts NSS down (and unloads it) when its last context goes;
		 * loading it again for every input made srtp_roundtrip four
		 * times slower.
		 */
		fz_policy_fixed(&pol, 0);
		keep[id] = e->ctx_create(&pol);
		if (!keep[id])
			abort();
		engines[id] = e;
	}
	return engines[id];
}

void fz_policy_keys(struct dp_srtp_policy *pol, unsigned int tag)
{
	for (unsigned int i = 0; i < DP_SRTP_MAX_KEYS; i++) {
		struct dp_srtp_master_key *k = &pol->keys[i];

		for (unsigned int j = 0; j < sizeof(k->key); j++)
			k->key[j] = (uint8_t)(tag * 131 + i * 17 + j * 7 + 1);
		for (unsigned int j = 0; j < sizeof(k->salt); j++)
			k->salt[j] = (uint8_t)(tag * 29 + i * 5 + j * 13 + 3);
	}
}

void fz_policy_mki(struct dp_srtp_policy *pol, uint8_t n_keys, uint8_t mki_len)
{
	pol->n_keys = n_keys;
	for (unsigned int i = 0; i < DP_SRTP_MAX_KEYS; i++) {
		struct dp_srtp_master_key *k = &pol->keys[i];

		memset(k->mki, 0, sizeof(k->mki));
		k->mki_len = i < n_keys ? mki_len : 0;
		for (unsigned int j = 0; j < k->mki_len; j++)
			k->mki[j] = (uint8_t)(j + 1 == mki_len ? i + 1 : 0x4d + j);
	}
}

void fz_policy_fixed(struct dp_srtp_policy *pol, unsigned int idx)
{
	memset(pol, 0, sizeof(*pol));
	pol->suite = (enum ms_srtp_suite)(1 + idx / 2);
	fz_policy_mki(pol, 1, 0);
	if (idx & 1) {
		/* MKI lengths 1..4 across the suites; protect uses the second key. */
		fz_policy_mki(pol, 2, (uint8_t)(1 + (idx / 2) % MS_SRTP_MKI_MAX));
		pol->tx_key = 1;
	}
	fz_policy_keys(pol, idx);
}

uint32_t fz_trailer_len(const struct dp_srtp_policy *pol, bool rtcp)
{
	const struct ms_suite_info *si = ms_suite_info_get(pol->suite);
	uint32_t mki = pol->keys[0].mki_len;

	if (!si)
		return 0;
	if (rtcp)
		return 4 + mki + si->rtcp_tag_len;
	if (pol->flags & MS_SRTP_F_UNAUTHENTICATED_SRTP)
		return mki;
	return mki + si->tag_len;
}

void fz_policy_print(const struct dp_srtp_policy *pol)
{
	const char *name = ms_suite_name(pol->suite);

	fprintf(stderr, "fuzz: policy suite %s flags 0x%x window %u keys %u tx_key %u mki_len %u\n",
		name ? name : "?", pol->flags, pol->replay_window, pol->n_keys,
		pol->tx_key, pol->keys[0].mki_len);
}

void fz_fail(const struct fz_burst *b, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz: FAILED: %s on %s: ", op_names[b->op], b->e->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fz_policy_print(b->pol);
	for (uint16_t i = 0; i < b->n; i++)
		fprintf(stderr, "fuzz:   packet %u: %s, len %u\n", i,
			dp_srtp_verdict_name(b->verdicts[i]), b->pkts[i].len);
	abort();
}

void fz_burst_run(struct fz_burst *b, const struct dp_srtp_engine *e,
		  const struct dp_srtp_policy *pol, struct dp_srtp_ctx *ctx,
		  enum dp_srtp_op op, const struct fz_span *in, uint16_t n,
		  uint32_t tailroom)
{
	uint16_t ok, counted = 0;

	b->e = e;
	b->pol = pol;
	b->op = op;
	b->n = n;
	for (uint16_t i = 0; i < n; i++) {
		size_t size = (size_t)in[i].len + tailroom;
		uint8_t *buf = malloc(size);

		if (!buf && size)
			abort();
		if (in[i].len)
			memcpy(buf, in[i].p, in[i].len);
		b->pkts[i] = (struct dp_srtp_pkt){
			.data = buf, .len = in[i].len, .room = (uint32_t)size, .ctx = ctx,
		};
	}
	/* A verdict the engine forgot to write shows up as out of range. */
	memset(b->verdicts, 0xee, sizeof(b->verdicts));
	ok = e->burst(op, b->pkts, n, b->verdicts);

	for (uint16_t i = 0; i < n; i++) {
		if (b->verdicts[i] >= __DP_SRTP_VERDICT_MAX)
			fz_fail(b, "packet %u: verdict %u out of range", i, b->verdicts[i]);
		if (b->verdicts[i] != DP_SRTP_OK)
			continue;
		counted++;
		if (b->pkts[i].len > b->pkts[i].room)
			fz_fail(b, "packet %u: OK with len %u > room %u", i,
				b->pkts[i].len, b->pkts[i].room);
	}
	if (ok != counted)
		fz_fail(b, "burst returned %u, %u verdicts are OK", ok, counted);
}

void fz_burst_free(struct fz_burst *b)
{
	for (uint16_t i = 0; i < b->n; i++)
		free(b->pkts[i].data);
	b->n = 0;
}

void fz_burst_agree(const struct fz_burst *a, const struct fz_burst *b)
{
	for (uint16_t i = 0; i < a->n; i++) {
		const struct dp_srtp_pkt *pa = &a->pkts[i], *pb = &b->pkts[i];
		uint8_t va = a->verdicts[i], vb = b->verdicts[i];

		if ((va == DP_SRTP_OK) != (vb == DP_SRTP_OK))
			fz_fail(a, "packet %u of %u: %s says %s, %s says %s", i, a->n,
				a->e->name, dp_srtp_verdict_name(va),
				b->e->name, dp_srtp_verdict_name(vb));
		if (va != DP_SRTP_OK)
			continue;
		if (pa->len != pb->len)
			fz_fail(a, "packet %u: both OK, len %u on %s, %u on %s", i,
				pa->len, a->e->name, pb->len, b->e->name);
		if (memcmp(pa->data, pb->data, pa->len)) {
			uint32_t at = 0;

			while (pa->data[at] == pb->data[at])
				at++;
			fz_fail(a, "packet %u: both OK, bytes differ from offset %u of %u",
				i, at, pa->len);
		}
	}
}
