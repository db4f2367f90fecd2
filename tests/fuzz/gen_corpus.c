/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Writes the seed corpora of the fuzz targets, OUTDIR/<target>/<name>. Meson
 * runs it at build time, so the tree holds no binary blobs and the seeds
 * follow the schema and the engines as they change.
 *
 *   nl_parse        every message of tests/unit/netlink/samples.c (at
 *                   least one per command, and the replies), an ACK and an
 *                   error reply;
 *   srtp_unprotect  per fixed context, a burst of SRTP and one of SRTCP
 *                   protected by the reference engine with that context's
 *                   keys: input the target's receivers accept (once);
 *   srtp_roundtrip  plain SRTP and SRTCP bursts under each suite, with and
 *                   without MKI, and with each flag.
 *
 * The bursts cross a sequence number wrap, carry CSRCs and a header
 * extension, and use several SSRCs (at most DP_SRTP_MAX_STREAMS per context).
 *
 * usage: fuzz-gen-corpus OUTDIR
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <linux/netlink.h>

#include <netlink/msg.h>

#include "nl_msg.h"
#include "samples.h"
#include "srtp_pair.h"
#include "tests/wire.h"

#define SEED_MAX	4096
#define PKT_MAX		512
#define SSRC_A		0x11223344u
#define SSRC_B		0x55667788u
#define SSRC_C		0x99aabbccu

struct plain {
	uint8_t buf[4][PKT_MAX];
	struct fz_span span[4];
	uint16_t n;
};

static const char *outdir;

static void make_dir(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "fuzz-gen-corpus: %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

static void write_seed(const char *target, const char *name, const void *p, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", outdir, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "fuzz-gen-corpus: %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

/* RTP: V=2, cc CSRCs, ext_words of header extension (-1: none), payload bytes. */
static uint32_t rtp(uint8_t *b, uint32_t ssrc, uint16_t seq, unsigned int cc,
		    int ext_words, uint32_t payload)
{
	uint32_t n = 12;

	b[0] = (uint8_t)(0x80 | (ext_words >= 0 ? 0x10 : 0) | cc);
	b[1] = 96;
	put16(b + 2, seq);
	put32(b + 4, 160u * seq);
	put32(b + 8, ssrc);
	for (unsigned int i = 0; i < cc; i++, n += 4)
		put32(b + n, 0xc0000000u + i);
	if (ext_words >= 0) {
		put16(b + n, 0xbede);
		put16(b + n + 2, (uint16_t)ext_words);
		memset(b + n + 4, 0x22, 4 * (size_t)ext_words);
		n += 4 + 4 * (uint32_t)ext_words;
	}
	for (uint32_t i = 0; i < payload; i++)
		b[n + i] = (uint8_t)(i * 3);
	return n + payload;
}

/* RTCP: V=2, packet type pt, length field consistent with words of body. */
static uint32_t rtcp(uint8_t *b, uint8_t pt, uint32_t ssrc, unsigned int words)
{
	uint32_t len = 8 + 4 * words;

	b[0] = 0x80;
	b[1] = pt;
	put16(b + 2, (uint16_t)(len / 4 - 1));
	put32(b + 4, ssrc);
	for (uint32_t i = 8; i < len; i++)
		b[i] = (uint8_t)(i * 5);
	return len;
}

static void plain_rtp(struct plain *p)
{
	p->n = 4;
	p->span[0].len = rtp(p->buf[0], SSRC_A, 65534, 0, -1, 20);
	p->span[1].len = rtp(p->buf[1], SSRC_A, 65535, 2, 1, 7);
	p->span[2].len = rtp(p->buf[2], SSRC_A, 0, 0, 0, 160);	/* ROC 1 */
	p->span[3].len = rtp(p->buf[3], SSRC_B, 1000, 0, -1, 0);
	for (int i = 0; i < p->n; i++)
		p->span[i].p = p->buf[i];
}

static void plain_rtcp(struct plain *p)
{
	p->n = 3;
	p->span[0].len = rtcp(p->buf[0], 200, SSRC_A, 5);	/* SR */
	p->span[1].len = rtcp(p->buf[1], 201, SSRC_A, 6);	/* RR, one block */
	p->span[2].len = rtcp(p->buf[2], 202, SSRC_C, 0);	/* empty SDES */
	for (int i = 0; i < p->n; i++)
		p->span[i].p = p->buf[i];
}

/* Selector bytes, then the packets as records. */
static void write_burst(const char *target, const char *name, const uint8_t *sel,
			size_t nsel, const struct fz_span *pkts, uint16_t n)
{
	uint8_t seed[SEED_MAX];
	size_t off = nsel;

	memcpy(seed, sel, nsel);
	for (uint16_t i = 0; i < n; i++)
		if (fz_input_put(seed, &off, sizeof(seed), pkts[i].p, pkts[i].len)) {
			fprintf(stderr, "fuzz-gen-corpus: %s/%s too long\n", target, name);
			exit(1);
		}
	write_seed(target, name, seed, off);
}

static void gen_nl_parse(void)
{
	struct nlmsghdr req = {
		.nlmsg_len = 64, .nlmsg_type = MS_NL_USERSOCK_TYPE,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK, .nlmsg_seq = 7, .nlmsg_pid = 4242,
	};
	struct nl_msg *msg;
	char name[128];

	for (size_t i = 0; i < nsamples; i++) {
		struct ms_msg *m = sample_new(&samples[i]);
		size_t len;
		void *bytes = sample_bytes(m, &len);

		if (!bytes) {
			fprintf(stderr, "fuzz-gen-corpus: sample %s does not build\n",
				samples[i].name);
			exit(1);
		}
		snprintf(name, sizeof(name), "msg-%s", samples[i].name);
		write_seed("nl_parse", name, bytes, len);
		ms_nl_msg_clear(m);
		free(m);
		free(bytes);
	}
	for (int error = 0; error >= -EINVAL; error -= EINVAL) {
		if (ms_nl_error_build(&req, MS_NL_PORT_DAEMON, error,
				      error ? "MS_LEG_A_REMOTE: missing in MS_CMD_LEG_NEW" : NULL,
				      &msg)) {
			fprintf(stderr, "fuzz-gen-corpus: ms_nl_error_build failed\n");
			exit(1);
		}
		write_seed("nl_parse", error ? "error-einval" : "error-ack",
			   nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len);
		nlmsg_free(msg);
	}
}

/* Protect with the reference engine on a fresh context of the fixed policy. */
static void protect_fixed(unsigned int k, enum dp_srtp_op op, const struct plain *p,
			  const char *name)
{
	const struct dp_srtp_engine *ref = fz_engine(FZ_REF);
	struct dp_srtp_policy pol;
	struct dp_srtp_ctx *tx;
	struct fz_burst b;
	struct fz_span out[4];
	uint8_t sel = (uint8_t)k;

	fz_policy_fixed(&pol, k);
	tx = ref->ctx_create(&pol);
	if (!tx) {
		fprintf(stderr, "fuzz-gen-corpus: %s refuses fixed policy %u\n", ref->name, k);
		exit(1);
	}
	fz_burst_run(&b, ref, &pol, tx, op, p->span, p->n,
		     fz_trailer_len(&pol, fz_op_is_rtcp(op)));
	for (uint16_t i = 0; i < b.n; i++) {
		if (b.verdicts[i] != DP_SRTP_OK)
			fz_fail(&b, "seed packet %u refused", i);
		out[i] = (struct fz_span){ b.pkts[i].data, b.pkts[i].len };
	}
	write_burst("srtp_unprotect", name, &sel, 1, out, b.n);
	fz_burst_free(&b);
	ref->ctx_free(tx);
}

static void gen_srtp_unprotect(void)
{
	struct plain r, c;
	char name[128];

	plain_rtp(&r);
	plain_rtcp(&c);
	for (unsigned int k = 0; k < FZ_FIXED_N; k++) {
		const char *suite = ms_suite_name(1 + k / 2);

		snprintf(name, sizeof(name), "%s%s-srtp", suite, k & 1 ? "-mki" : "");
		protect_fixed(k, DP_SRTP_PROTECT_RTP, &r, name);
		snprintf(name, sizeof(name), "%s%s-srtcp", suite, k & 1 ? "-mki" : "");
		protect_fixed(k, DP_SRTP_PROTECT_RTCP, &c, name);
	}
}

/* The selector layout is fuzz_srtp_roundtrip.c's. */
static void gen_srtp_roundtrip(void)
{
	static const struct {
		const char *name;
		uint8_t b1;
	} variants[] = {
		{ "", 0x00 },
		{ "-mki2-2keys-tx1", 0x78 },		/* MKI of 2 bytes, two keys, second sends */
		{ "-unencrypted-srtp", MS_SRTP_F_UNENCRYPTED_SRTP },
		{ "-unencrypted-srtcp", MS_SRTP_F_UNENCRYPTED_SRTCP },
		{ "-unauthenticated-srtp", MS_SRTP_F_UNAUTHENTICATED_SRTP },
	};
	struct plain r, c;
	char name[128];

	plain_rtp(&r);
	plain_rtcp(&c);
	for (unsigned int s = 1; s <= MS_SUITE_MAX; s++) {
		bool aead = ms_suite_info_get(s)->aead;

		for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
			uint8_t sel[2] = { (uint8_t)(s - 1), variants[v].b1 };

			/* Policies every engine refuses make no seed. */
			if (aead && (sel[1] & (MS_SRTP_F_UNENCRYPTED_SRTP |
					       MS_SRTP_F_UNAUTHENTICATED_SRTP)))
				continue;
			snprintf(name, sizeof(name), "%s%s-srtp", ms_suite_name(s),
				 variants[v].name);
			write_burst("srtp_roundtrip", name, sel, 2, r.span, r.n);
			sel[0] |= 0x40;
			snprintf(name, sizeof(name), "%s%s-srtcp", ms_suite_name(s),
				 variants[v].name);
			write_burst("srtp_roundtrip", name, sel, 2, c.span, c.n);
		}
	}
}

int main(int argc, char **argv)
{
	static const char *const targets[] = { "nl_parse", "srtp_unprotect", "srtp_roundtrip" };
	char path[4096];

	if (argc != 2) {
		fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
		return 2;
	}
	outdir = argv[1];
	make_dir(outdir);
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", outdir, targets[i]);
		make_dir(path);
	}
	gen_nl_parse();
	gen_srtp_unprotect();
	gen_srtp_roundtrip();
	return 0;
}
