/* SPDX-License-Identifier: BSD-3-Clause */
/* SDES key-params: what parses, what is refused, and the file reader's errors. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "nl_msg.h"
#include "sdes_key.h"

/* 30 bytes 0x00..0x1d: key 00..0f, salt 10..1d */
#define KEY30 "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"

static void test_parse_ok(void **state)
{
	struct ms_srtp_key k;
	char why[160];

	(void)state;
	assert_int_equal(ms_sdes_key_parse(KEY30, MS_SUITE_AES_CM_128_HMAC_SHA1_80, &k,
					   why, sizeof(why)), 0);
	assert_int_equal(k.key_len, 16);
	assert_int_equal(k.salt_len, 14);
	assert_int_equal(k.key[15], 0x0f);
	assert_int_equal(k.salt[0], 0x10);
	assert_int_equal(k.salt[13], 0x1d);
	assert_int_equal(k.mki_len, 0);

	assert_int_equal(ms_sdes_key_parse(KEY30 "|2^31|258:2", MS_SUITE_AES_CM_128_HMAC_SHA1_32,
					   &k, why, sizeof(why)), 0);
	assert_int_equal(k.mki_len, 2);
	assert_int_equal(k.mki[0], 1);
	assert_int_equal(k.mki[1], 2);
}

static void test_parse_bad(void **state)
{
	static const struct {
		const char *text;
		unsigned int suite;
		const char *why;
	} cases[] = {
		{ KEY30, MS_SUITE_AES_256_CM_HMAC_SHA1_80, "30 bytes" },
		{ KEY30, MS_SUITE_AEAD_AES_128_GCM, "needs 28" },
		{ "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd", MS_SUITE_AES_CM_128_HMAC_SHA1_80,
		  "inline:" },
		{ "inline:AAEC*wQF", MS_SUITE_AES_CM_128_HMAC_SHA1_80, "base64" },
		{ "inline:", MS_SUITE_AES_CM_128_HMAC_SHA1_80, "base64" },
		{ KEY30 "|1:5", MS_SUITE_AES_CM_128_HMAC_SHA1_80, "bad MKI" },
		{ KEY30 "|256:1", MS_SUITE_AES_CM_128_HMAC_SHA1_80, "does not fit" },
		{ KEY30 "|2^x", MS_SUITE_AES_CM_128_HMAC_SHA1_80, "lifetime" },
		{ KEY30 "|1:1|2^20", MS_SUITE_AES_CM_128_HMAC_SHA1_80, "follow the MKI" },
		{ KEY30 "||", MS_SUITE_AES_CM_128_HMAC_SHA1_80, "empty" },
	};
	struct ms_srtp_key k;
	char why[160];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		why[0] = '\0';
		assert_int_equal(ms_sdes_key_parse(cases[i].text, cases[i].suite, &k, why,
						   sizeof(why)), -EINVAL);
		if (!strstr(why, cases[i].why))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, why, cases[i].why);
		assert_int_equal(k.key_len, 0);	/* wiped on error */
	}
}

/* Write text to a temp file; the caller unlinks path. */
static void write_file(char path[32], const char *text)
{
	int fd;

	strcpy(path, "/tmp/sdes-key-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void test_file(void **state)
{
	static const struct {
		const char *text;
		int ret;
		const char *err;	/* after the path */
		unsigned int nkeys;
	} cases[] = {
		{ "# two keys\n\n" KEY30 "|1:1\n  " KEY30 "|2:1  \n", 0, NULL, 2 },
		{ KEY30 "\n", 0, NULL, 1 },
		{ "# nothing\n", -EINVAL, ": no key", 0 },
		{ KEY30 "|1:1\n" KEY30 "\n", -EINVAL, ": key 2: several keys need an MKI", 0 },
		{ KEY30 "|1:1\n" KEY30 "|1:1\n", -EINVAL, ": keys 1 and 2 have the same MKI", 0 },
		{ "\n\ninline:QUJD\n", -EINVAL, ":3: key is 3 bytes", 0 },
	};
	struct ms_srtp_dir d;
	char path[32], err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char want[300];

		memset(&d, 0, sizeof(d));
		write_file(path, cases[i].text);
		err[0] = '\0';
		assert_int_equal(ms_sdes_key_file_read(path, MS_SUITE_AES_CM_128_HMAC_SHA1_80, &d,
						       err, sizeof(err)), cases[i].ret);
		if (cases[i].err) {
			snprintf(want, sizeof(want), "%s%s", path, cases[i].err);
			if (strncmp(err, want, strlen(want)))
				fail_msg("case %zu: \"%s\" is not \"%s...\"", i, err, want);
		} else {
			assert_int_equal(d.nkeys, cases[i].nkeys);
			assert_int_equal(d.suite, MS_SUITE_AES_CM_128_HMAC_SHA1_80);
		}
		unlink(path);
	}
	assert_int_equal(ms_sdes_key_file_read("/nonexistent/k", 1, &d, err, sizeof(err)),
			 -ENOENT);
	assert_string_equal(err, "/nonexistent/k: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
