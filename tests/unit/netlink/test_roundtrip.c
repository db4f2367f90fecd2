/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Every command (and the replies) survives build -> bytes -> parse -> build
 * unchanged; cutting the bytes anywhere is an error, never a crash (the
 * test build runs under ASan/UBSan, and each cut is copied into a buffer of
 * exactly its length so an overread is caught).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <cmocka.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "nl_cmd.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "samples.h"
#include "suite.h"

/* Pointers into the parsed buffer cannot compare equal: compare bytes. */
static void same_refs(struct ms_msg *want, struct ms_msg *got, const char *name)
{
	const void **wp[] = { &want->cert.data, &want->packet.data };
	const void **gp[] = { &got->cert.data, &got->packet.data };
	const __u32 *wl[] = { &want->cert.data_len, &want->packet.data_len };

	for (size_t i = 0; i < 2; i++) {
		if (*wp[i]) {
			if (!*gp[i] || memcmp(*wp[i], *gp[i], *wl[i]))
				fail_msg("%s: referenced bytes differ", name);
		}
		*wp[i] = *gp[i] = NULL;
	}
}

static void test_every_command_has_a_sample(void **state)
{
	(void)state;
	for (unsigned int cmd = 1; cmd <= MS_CMD_MAX; cmd++) {
		const struct ms_nl_cmd *c = ms_nl_cmd_get(cmd);
		bool found = false;

		assert_non_null(c);
		for (size_t i = 0; i < nsamples; i++)
			if (samples[i].cmd == cmd &&
			    ((c->flags & MS_NL_CMD_F_NOTIFY) ||
			     (samples[i].nl_flags & NLM_F_REQUEST)))
				found = true;
		if (!found)
			fail_msg("no request sample for %s", c->name);
	}
}

static void test_roundtrip(void **state)
{
	char err[256];

	(void)state;
	for (size_t i = 0; i < nsamples; i++) {
		struct ms_msg *want = sample_new(&samples[i]);
		struct ms_msg *got = calloc(1, sizeof(*got));
		size_t len, len2;
		void *bytes = sample_bytes(want, &len), *bytes2;
		int ret;

		assert_non_null(got);
		if (!bytes)
			fail_msg("%s: build failed", samples[i].name);
		ret = ms_nl_msg_parse(bytes, len, got, err, sizeof(err));
		if (ret)
			fail_msg("%s: parse failed %d: %s", samples[i].name, ret, err);

		/* built again from the parse, the bytes are the same */
		bytes2 = sample_bytes(got, &len2);
		assert_non_null(bytes2);
		if (len != len2 || memcmp(bytes, bytes2, len))
			fail_msg("%s: rebuilt bytes differ", samples[i].name);

		same_refs(want, got, samples[i].name);
		if (memcmp(want, got, sizeof(*want)))
			fail_msg("%s: parsed struct differs", samples[i].name);

		ms_nl_msg_clear(want);
		ms_nl_msg_clear(got);
		free(want);
		free(got);
		free(bytes);
		free(bytes2);
	}
}

/* Offsets where a top-level attribute ends: a message cut there is whole. */
static bool attr_boundary(const void *bytes, size_t len, size_t cut)
{
	const struct nlmsghdr *nlh = bytes;
	struct nlattr *nla;
	int rem;

	if (cut == NLMSG_HDRLEN + GENL_HDRLEN)
		return true;
	nla_for_each_attr(nla, (struct nlattr *)((char *)nlmsg_data(nlh) + GENL_HDRLEN),
			  (int)(len - NLMSG_HDRLEN - GENL_HDRLEN), rem) {
		size_t end = (char *)nla - (char *)bytes + nla->nla_len;

		/* a cut in the padding leaves the attribute whole */
		if (cut >= end && cut <= NLA_ALIGN(end))
			return true;
	}
	return false;
}

static void test_truncated(void **state)
{
	char err[256];

	(void)state;
	for (size_t i = 0; i < nsamples; i++) {
		struct ms_msg *want = sample_new(&samples[i]);
		struct ms_msg *got = calloc(1, sizeof(*got));
		size_t len;
		void *bytes = sample_bytes(want, &len);

		assert_non_null(bytes);
		for (size_t cut = 0; cut < len; cut++) {
			void *buf = malloc(cut ? cut : 1);

			memcpy(buf, bytes, cut);
			/* as received: the header says more than arrived */
			err[0] = '\0';
			if (ms_nl_msg_parse(buf, cut, got, err, sizeof(err)) == 0)
				fail_msg("%s: cut at %zu of %zu accepted", samples[i].name, cut, len);
			assert_true(err[0] != '\0');

			/* as a lying sender: the header agrees with the cut */
			if (cut >= NLMSG_HDRLEN) {
				((struct nlmsghdr *)buf)->nlmsg_len = cut;
				err[0] = '\0';
				if (ms_nl_msg_parse(buf, cut, got, err, sizeof(err)) == 0 &&
				    !attr_boundary(bytes, len, cut))
					fail_msg("%s: cut inside an attribute at %zu of %zu accepted",
						 samples[i].name, cut, len);
			}
			free(buf);
		}
		ms_nl_msg_clear(want);
		free(want);
		free(got);
		free(bytes);
	}
}

/*
 * Every byte of every sample replaced by values that tend to break parsers
 * (0, 0xff, +-1, lengths of neighbours): refused or parsed, never a crash,
 * and a parsed result always builds again.
 */
static void test_byte_flips(void **state)
{
	static const int deltas[] = { 1, -1, 4, -4, 0x80 };
	unsigned long parsed = 0, refused = 0;
	char err[256];

	(void)state;
	for (size_t i = 0; i < nsamples; i++) {
		struct ms_msg *m = sample_new(&samples[i]);
		struct ms_msg *got = calloc(1, sizeof(*got));
		size_t len;
		unsigned char *bytes = sample_bytes(m, &len);
		unsigned char *buf = malloc(len);

		assert_non_null(bytes);
		for (size_t at = 0; at < len; at++) {
			for (size_t d = 0; d < 2 + sizeof(deltas) / sizeof(deltas[0]); d++) {
				memcpy(buf, bytes, len);
				buf[at] = d == 0 ? 0 : d == 1 ? 0xff : (unsigned char)(bytes[at] + deltas[d - 2]);
				if (ms_nl_msg_parse(buf, len, got, err, sizeof(err)) == 0) {
					size_t len2;
					void *again = sample_bytes(got, &len2);

					assert_non_null(again);
					free(again);
					parsed++;
				} else {
					assert_true(err[0] != '\0');
					refused++;
				}
				ms_nl_msg_clear(got);
			}
		}
		free(buf);
		free(bytes);
		free(got);
		ms_nl_msg_clear(m);
		free(m);
	}
	print_message("byte flips: %lu parsed, %lu refused\n", parsed, refused);
}

static void test_clear_wipes_keys(void **state)
{
	const struct sample *s = NULL;
	struct ms_msg *m;
	static const struct ms_msg zero;

	(void)state;
	for (size_t i = 0; i < nsamples; i++)
		if (samples[i].cmd == MS_CMD_KEY_SET)
			s = &samples[i];
	assert_non_null(s);
	m = sample_new(s);
	assert_true(m->leg.in.keys[0].key_len == 16);
	ms_nl_srtp_dir_clear(&m->leg.in);
	for (size_t i = 0; i < sizeof(m->leg.in); i++)
		assert_int_equal(((unsigned char *)&m->leg.in)[i], 0);
	ms_nl_msg_clear(m);
	assert_memory_equal(m, &zero, sizeof(zero));
	free(m);
}

static void test_error_reply(void **state)
{
	struct nlmsghdr req = {
		.nlmsg_len = 200, .nlmsg_type = MS_NL_USERSOCK_TYPE,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK, .nlmsg_seq = 99, .nlmsg_pid = 1234,
	};
	char text[MS_ERROR_MSG_MAX], longtext[400];
	struct nl_msg *msg;
	int error = 1;

	(void)state;
	assert_int_equal(ms_nl_error_build(&req, MS_NL_PORT_DAEMON, -EINVAL,
					   "MS_LEG_A_REMOTE: missing in MS_CMD_LEG_NEW", &msg), 0);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_seq, 99);
	assert_int_equal(ms_nl_error_parse(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len,
					   &error, text, sizeof(text)), 0);
	assert_int_equal(error, -EINVAL);
	assert_string_equal(text, "MS_LEG_A_REMOTE: missing in MS_CMD_LEG_NEW");
	/* every cut of the reply is refused or parsed, never overread */
	for (size_t cut = 0; cut < nlmsg_hdr(msg)->nlmsg_len; cut++) {
		void *buf = malloc(cut ? cut : 1);

		memcpy(buf, nlmsg_hdr(msg), cut);
		assert_int_not_equal(ms_nl_error_parse(buf, cut, &error, text, sizeof(text)), 0);
		free(buf);
	}
	nlmsg_free(msg);

	/* a plain ACK */
	assert_int_equal(ms_nl_error_build(&req, MS_NL_PORT_DAEMON, 0, NULL, &msg), 0);
	assert_int_equal(ms_nl_error_parse(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len,
					   &error, text, sizeof(text)), 0);
	assert_int_equal(error, 0);
	assert_string_equal(text, "");
	nlmsg_free(msg);

	/* an overlong text is cut, not refused */
	memset(longtext, 'x', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = '\0';
	assert_int_equal(ms_nl_error_build(&req, 0, -EPERM, longtext, &msg), 0);
	assert_int_equal(ms_nl_error_parse(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len,
					   &error, text, sizeof(text)), 0);
	assert_int_equal(error, -EPERM);
	assert_int_equal(strlen(text), MS_ERROR_MSG_MAX - 1);
	nlmsg_free(msg);

	assert_int_equal(ms_nl_error_build(&req, 0, 5, NULL, &msg), -EINVAL);
}

static void test_names(void **state)
{
	/* kinds whose value 0 is a real value rather than UNSPEC */
	static const bool zero_named[__MS_NAME_MAX] = {
		[MS_NAME_ROLE] = true, [MS_NAME_SEVERITY] = true,
	};
	static const unsigned int max[__MS_NAME_MAX] = {
		[MS_NAME_CMD] = MS_CMD_MAX, [MS_NAME_SUITE] = MS_SUITE_MAX,
		[MS_NAME_MODE] = MS_MODE_MAX, [MS_NAME_SIDE] = MS_SIDE_MAX,
		[MS_NAME_ROLE] = MS_ROLE_MAX, [MS_NAME_EVENT] = MS_EVENT_MAX,
		[MS_NAME_SEVERITY] = MS_SEV_MAX, [MS_NAME_DROP] = MS_DROP_MAX,
		[MS_NAME_TLS] = MS_TLS_MAX, [MS_NAME_CERT_CHECK] = MS_CERT_CHECK_MAX,
		[MS_NAME_CERT_KEY] = MS_CERT_KEY_MAX, [MS_NAME_CERT_FORMAT] = MS_CERT_FMT_MAX,
		[MS_NAME_CERT_PURPOSE] = MS_CERT_PURPOSE_MAX, [MS_NAME_PACKET] = MS_PACKET_KIND_MAX,
		[MS_NAME_ACCEPT] = MS_PF_ACCEPT_MAX,
	};
	unsigned int v;

	(void)state;
	for (int k = 0; k < __MS_NAME_MAX; k++) {
		assert_int_equal(ms_nl_name_max(k), max[k]);
		if (!zero_named[k])
			assert_null(ms_nl_name_get(k, 0));
		for (unsigned int i = zero_named[k] ? 0 : 1; i <= max[k]; i++) {
			const char *n = ms_nl_name_get(k, i);

			if (!n)
				fail_msg("kind %d value %u has no name", k, i);
			assert_int_equal(ms_nl_name_parse(k, n, &v), 0);
			assert_int_equal(v, i);
		}
		assert_null(ms_nl_name_get(k, max[k] + 1));
		assert_int_equal(ms_nl_name_parse(k, "", &v), -EINVAL);
	}
	/* full words only, as iproute2 */
	assert_int_equal(ms_nl_name_parse(MS_NAME_MODE, "enf", &v), -EINVAL);
	assert_int_equal(ms_nl_name_parse(MS_NAME_MODE, "enforce ", &v), -EINVAL);
	assert_int_equal(ms_nl_name_parse(MS_NAME_SUITE, "AEAD_AES_256_GCM", &v), 0);
	assert_int_equal(v, MS_SUITE_AEAD_AES_256_GCM);

	for (unsigned int s = 1; s <= MS_SUITE_MAX; s++)
		assert_non_null(ms_suite_info_get(s));
	assert_null(ms_suite_info_get(0));
	assert_null(ms_suite_info_get(MS_SUITE_MAX + 1));
	assert_int_equal(ms_suite_info_get(MS_SUITE_AEAD_AES_128_GCM)->salt_len, 12);
	assert_int_equal(ms_suite_info_get(MS_SUITE_AES_256_CM_HMAC_SHA1_32)->key_len, 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_command_has_a_sample),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_byte_flips),
		cmocka_unit_test(test_clear_wipes_keys),
		cmocka_unit_test(test_error_reply),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("netlink-roundtrip", tests, NULL, NULL);
}
