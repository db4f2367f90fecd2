/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The dynamic denylist's block times (controlplane/mediasecd/dyn_deny.c):
 * doubling per repeat, the cap, no cap growing to permanent, the repeat
 * window measured from the end of the last block, and the offender table
 * when it is full.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "config.h"
#include "dyn_deny.h"
#include "nl_msg.h"
#include "test_addr.h"

#define S 1000000000ULL

static const struct cp_filter_conf defaults = {
	.block_s = 600, .block_max_s = 86400, .repeat_s = 86400,
};

static int reset(void **state)
{
	(void)state;
	cp_dyn_reset();
	return 0;
}

static void test_block_time(void **state)
{
	static const struct {
		struct cp_filter_conf conf;
		unsigned int strikes;
		__u32 want;
	} cases[] = {
		{ defaults, 1, 600 },
		{ defaults, 2, 1200 },
		{ defaults, 3, 2400 },
		{ defaults, 8, 76800 },
		{ defaults, 9, 86400 },		/* 153600 capped at a day */
		{ defaults, 1000, 86400 },	/* no overflow on the way */
		{ { .block_s = 600, .block_max_s = 600 }, 5, 600 },	/* no doubling */
		/* no cap: doubles until past a year, then permanent (0) */
		{ { .block_s = 600 }, 16, 600U << 15 },
		{ { .block_s = 600 }, 17, 0 },
		{ { .block_s = 600 }, 4000000000U, 0 },
		{ { .block_s = CP_BLOCK_MAX_S }, 1, CP_BLOCK_MAX_S },
		{ { .block_s = CP_BLOCK_MAX_S }, 2, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (cp_dyn_block_time(&cases[i].conf, cases[i].strikes) != cases[i].want)
			fail_msg("case %zu: strikes %u: %u s, want %u", i, cases[i].strikes,
				 cp_dyn_block_time(&cases[i].conf, cases[i].strikes),
				 cases[i].want);
}

static void test_repeat_doubles(void **state)
{
	struct ms_addr a = v4("198.51.100.7"), b = v6("fd00::7");
	unsigned int n;
	__u64 t = 1000 * S;

	(void)state;
	assert_int_equal(cp_dyn_strike(&defaults, &a, t, &n), 600);
	assert_int_equal(n, 1);
	/* another source is another offender */
	assert_int_equal(cp_dyn_strike(&defaults, &b, t, &n), 600);
	assert_int_equal(n, 1);
	/* right after the block: doubled, and again */
	t += 601 * S;
	assert_int_equal(cp_dyn_strike(&defaults, &a, t, &n), 1200);
	assert_int_equal(n, 2);
	t += 1201 * S;
	assert_int_equal(cp_dyn_strike(&defaults, &a, t, &n), 2400);
	assert_int_equal(n, 3);
	/* the window runs from the end of the last block (2400 s) */
	t += (2400 + 86400 - 1) * S;
	assert_int_equal(cp_dyn_strike(&defaults, &a, t, &n), 4800);
	assert_int_equal(n, 4);
	/* quiet for a whole repeat window after it: a first offence again */
	t += (4800 + 86400) * S;
	assert_int_equal(cp_dyn_strike(&defaults, &a, t, &n), 600);
	assert_int_equal(n, 1);
}

static void test_no_repeat_window(void **state)
{
	struct cp_filter_conf c = defaults;
	struct ms_addr a = v4("198.51.100.8");
	unsigned int n;

	(void)state;
	c.repeat_s = 0;
	assert_int_equal(cp_dyn_strike(&c, &a, 10 * S, &n), 600);
	/* still blocked (a report in flight): counts as a repeat */
	assert_int_equal(cp_dyn_strike(&c, &a, 20 * S, &n), 1200);
	/* after the block: forgotten at once */
	assert_int_equal(cp_dyn_strike(&c, &a, (20 + 1201) * S, &n), 600);
	assert_int_equal(n, 1);
}

static void test_permanent_is_remembered(void **state)
{
	struct cp_filter_conf c = { .block_s = CP_BLOCK_MAX_S, .repeat_s = 60 };
	struct ms_addr a = v4("198.51.100.9");
	unsigned int n;

	(void)state;
	assert_int_equal(cp_dyn_strike(&c, &a, S, &n), CP_BLOCK_MAX_S);
	assert_int_equal(cp_dyn_strike(&c, &a, 2 * S, &n), 0);
	assert_int_equal(n, 2);
	/* an operator lifted it a year later: still a repeat offender */
	assert_int_equal(cp_dyn_strike(&c, &a, (2ULL + CP_BLOCK_MAX_S) * S, &n), 0);
	assert_int_equal(n, 3);
}

/* A full table forgets the offender whose memory ends first, nobody else. */
static void test_table_full(void **state)
{
	struct ms_addr a;
	unsigned int n;
	char text[32];

	(void)state;
	for (unsigned int i = 0; i < CP_DYN_OFFENDERS_MAX; i++) {
		snprintf(text, sizeof(text), "10.%u.%u.1", i >> 8, i & 255);
		a = v4(text);
		/* the first one struck earliest: its memory ends first */
		assert_int_equal(cp_dyn_strike(&defaults, &a, (i ? 100 : 1) * S, &n), 600);
	}
	a = v4("192.0.2.1");
	assert_int_equal(cp_dyn_strike(&defaults, &a, 200 * S, &n), 600);
	/* 10.0.1.1 is remembered; 10.0.0.1 was forgotten */
	a = v4("10.0.1.1");
	cp_dyn_strike(&defaults, &a, 300 * S, &n);
	assert_int_equal(n, 2);
	a = v4("10.0.0.1");
	cp_dyn_strike(&defaults, &a, 300 * S, &n);
	assert_int_equal(n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_block_time),
		cmocka_unit_test_setup(test_repeat_doubles, reset),
		cmocka_unit_test_setup(test_no_repeat_window, reset),
		cmocka_unit_test_setup(test_permanent_is_remembered, reset),
		cmocka_unit_test_setup(test_table_full, reset),
	};

	return cmocka_run_group_tests_name("mediasecd-dyn-deny", tests, NULL, NULL);
}
