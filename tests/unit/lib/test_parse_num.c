/* SPDX-License-Identifier: BSD-3-Clause */
/* ms_parse_ulong: the strict number parser every command line uses. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "parse_num.h"

static const struct {
	const char *s;
	int base;
	unsigned long min, max;
	int err;
	unsigned long v;
} cases[] = {
	{ "0", 10, 0, 10, 0, 0 },
	{ "10", 10, 0, 10, 0, 10 },
	{ "11", 10, 0, 10, -ERANGE, 0 },
	{ "0", 10, 1, 10, -ERANGE, 0 },
	{ "0x4D530001", 0, 1, 0xffffffffUL, 0, 0x4D530001 },
	{ "0x100000000", 0, 1, 0xffffffffUL, -ERANGE, 0 },
	{ "99999999999999999999999", 10, 0, ULONG_MAX, -ERANGE, 0 },
	{ "", 10, 0, 10, -EINVAL, 0 },
	{ " 7", 10, 0, 10, -EINVAL, 0 },
	{ "+7", 10, 0, 10, -EINVAL, 0 },
	{ "-7", 10, 0, ULONG_MAX, -EINVAL, 0 },
	{ "7x", 10, 0, 10, -EINVAL, 0 },
	{ "7 ", 10, 0, 10, -EINVAL, 0 },
	{ "0x10", 10, 0, 100, -EINVAL, 0 },
	{ "ff", 16, 0, 255, 0, 255 },
};

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned long v = 12345;
		int err = ms_parse_ulong(cases[i].s, cases[i].base, cases[i].min,
					 cases[i].max, &v);

		if (err != cases[i].err)
			fail_msg("\"%s\": got %d, want %d", cases[i].s, err, cases[i].err);
		/* On failure the output is left alone. */
		assert_int_equal(v, err ? 12345 : cases[i].v);
	}
	assert_int_equal(ms_parse_ulong(NULL, 10, 0, 1, NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
