/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Untrusted bytes into the netlink parsers of lib/: ms_nl_msg_parse(), which
 * mediasecd, mediasec-dp and the remote listener run on every request, and
 * ms_nl_error_parse(), which clients run on every reply. The input is one
 * message as recv() would return it (the corpus: tests/unit/netlink's
 * samples, built by gen_corpus.c).
 *
 * Properties, besides no crash or sanitizer report:
 * - refused: a negative errno, a message in err, m left wiped;
 * - parsed: m builds again, that parses to the same struct, and that builds
 *   to the same bytes (the builder's output is a fixed point of the pair);
 * - ms_nl_msg_clear() leaves no byte behind (m may hold keys);
 * - an error reply parses to 0 or -errno and NUL-terminated text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/msg.h>

#include "nl_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAIL(...) do {							\
	fprintf(stderr, "fuzz: FAILED: " __VA_ARGS__);			\
	fputc('\n', stderr);						\
	abort();							\
} while (0)

static const struct ms_msg zero;

/*
 * A copy in a heap buffer of exactly len bytes: ASan then sees any read
 * past the message, and malloc gives the 4-byte alignment parse wants.
 */
static void *exact_copy(const void *p, size_t len)
{
	void *c = malloc(len);

	if (!c && len)
		abort();
	if (len)
		memcpy(c, p, len);
	return c;
}

static void check_wiped(const struct ms_msg *m, const char *when)
{
	if (memcmp(m, &zero, sizeof(zero)))
		FAIL("struct ms_msg not wiped %s", when);
}

/* Serialise m into an exact-size heap copy; aborts if the builder refuses. */
static void *build(const struct ms_msg *m, size_t *len, const char *what)
{
	struct nl_msg *msg;
	void *bytes;
	int ret = ms_nl_msg_build(m, &msg);

	if (ret)
		FAIL("%s: ms_nl_msg_build() = %d on a parsed message", what, ret);
	*len = nlmsg_hdr(msg)->nlmsg_len;
	bytes = exact_copy(nlmsg_hdr(msg), *len);
	ms_nl_msg_free(msg);
	return bytes;
}

/* Pointers into the parsed buffers cannot be equal: compare the bytes, then drop them. */
static void same_refs(struct ms_msg *a, struct ms_msg *b)
{
	const void **ap[] = { &a->cert.data, &a->packet.data };
	const void **bp[] = { &b->cert.data, &b->packet.data };
	const __u32 *al[] = { &a->cert.data_len, &a->packet.data_len };
	const __u32 *bl[] = { &b->cert.data_len, &b->packet.data_len };

	for (size_t i = 0; i < sizeof(ap) / sizeof(ap[0]); i++) {
		if (*al[i] != *bl[i] || !*ap[i] != !*bp[i] ||
		    (*al[i] && memcmp(*ap[i], *bp[i], *al[i])))
			FAIL("referenced bytes (cert/packet data) differ after a rebuild");
		*ap[i] = *bp[i] = NULL;
	}
}

static void fuzz_msg(const void *buf, size_t len)
{
	struct ms_msg *m = calloc(1, sizeof(*m)), *again = calloc(1, sizeof(*again));
	size_t len1, len2;
	void *bytes1, *bytes2;
	char err[256];
	int ret;

	if (!m || !again)
		abort();
	ret = ms_nl_msg_parse(buf, len, m, err, sizeof(err));
	if (ret) {
		if (ret > 0 || !err[0] || strnlen(err, sizeof(err)) == sizeof(err))
			FAIL("refused with %d and err \"%.*s\"", ret, (int)sizeof(err), err);
		check_wiped(m, "after a refusal");
		goto out;
	}

	bytes1 = build(m, &len1, "first");
	ret = ms_nl_msg_parse(bytes1, len1, again, err, sizeof(err));
	if (ret)
		FAIL("a rebuilt message is refused (%d): %s", ret, err);
	bytes2 = build(again, &len2, "second");
	if (len1 != len2 || memcmp(bytes1, bytes2, len1))
		FAIL("rebuilding a rebuilt message changes its bytes (%zu -> %zu)", len1, len2);
	same_refs(m, again);
	if (memcmp(m, again, sizeof(*m))) {
		size_t at = 0;

		while (((const char *)m)[at] == ((const char *)again)[at])
			at++;
		FAIL("struct ms_msg differs after build and parse, from byte %zu of %zu",
		     at, sizeof(*m));
	}
	free(bytes1);
	free(bytes2);
out:
	ms_nl_msg_clear(m);
	ms_nl_msg_clear(again);
	check_wiped(m, "by ms_nl_msg_clear()");
	free(m);
	free(again);
}

static void fuzz_error(const void *buf, size_t len)
{
	char text[MS_ERROR_MSG_MAX];
	int error = 1, ret;

	ret = ms_nl_error_parse(buf, len, &error, text, sizeof(text));
	if (ret > 0)
		FAIL("ms_nl_error_parse() = %d", ret);
	if (ret == 0 && (error > 0 || error < -4095 ||
			 strnlen(text, sizeof(text)) == sizeof(text)))
		FAIL("ms_nl_error_parse() accepted error %d or unterminated text", error);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *buf = exact_copy(data, size);

	fuzz_msg(buf, size);
	fuzz_error(buf, size);
	free(buf);
	return 0;
}
