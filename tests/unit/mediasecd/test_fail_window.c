/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Security failures per source in a sliding window
 * (controlplane/mediasecd/fail_window.c): the count within the window, a
 * failure leaving it with its slot, sources apart, forgetting, a change of
 * window, and the bounded table under a flood of sources (the least recently
 * seen go, a recent one stays). Then the running deny policy's checks
 * (deny_policy.c): the limits of each MS_POLICY_A_DENY_*, a cap below the
 * first block, and nothing changed by a refused request.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "config.h"
#include "deny_policy.h"
#include "fail_window.h"
#include "nl_msg.h"
#include "test_addr.h"

#define S 1000000000ULL
#define B MS_BIT

static struct ms_addr v4n(__u32 n)
{
	struct ms_addr a = { .family = AF_INET };
	__u32 be = htonl(n);

	memcpy(a.in4, &be, 4);
	return a;
}

static int reset(void **state)
{
	(void)state;
	cp_fail_reset();
	return 0;
}

/* 10 within 60 s reach 10; 9 do not. */
static void test_counts_within_window(void **state)
{
	struct ms_addr a = v4("203.0.113.9");

	(void)state;
	for (unsigned int i = 1; i <= 9; i++)
		assert_int_equal(cp_fail_add(&a, 1, 60, 1000 * S + i * 5 * S), i);
	assert_int_equal(cp_fail_add(&a, 1, 60, 1000 * S + 50 * S), 10);
	/* a report of many counts them all */
	assert_int_equal(cp_fail_add(&a, 25, 60, 1000 * S + 51 * S), 35);
}

/* A failure leaves the window with its slot of 60/8 = 7.5 s. */
static void test_old_failures_leave(void **state)
{
	struct ms_addr a = v4("203.0.113.9");
	__u64 t0 = 7500 * S;	/* the start of a slot */

	(void)state;
	assert_int_equal(cp_fail_add(&a, 5, 60, t0), 5);
	/* still in: 52.5 s later is the last slot of the window */
	assert_int_equal(cp_fail_add(&a, 1, 60, t0 + 52 * S), 6);
	/* 60 s after, the first slot has gone: 1 + 1 */
	assert_int_equal(cp_fail_add(&a, 1, 60, t0 + 60 * S), 2);
	/* long after, only the new one */
	assert_int_equal(cp_fail_add(&a, 1, 60, t0 + 3600 * S), 1);
}

static void test_sources_apart(void **state)
{
	struct ms_addr a = v4("203.0.113.9"), b = v4("203.0.113.10");
	struct ms_addr c = v6("2001:db8::9"), d = v6("2001:db8::a");

	(void)state;
	assert_int_equal(cp_fail_add(&a, 4, 60, 10 * S), 4);
	assert_int_equal(cp_fail_add(&b, 1, 60, 10 * S), 1);
	assert_int_equal(cp_fail_add(&c, 7, 60, 10 * S), 7);
	assert_int_equal(cp_fail_add(&d, 2, 60, 10 * S), 2);
	assert_int_equal(cp_fail_add(&a, 1, 60, 11 * S), 5);
	assert_int_equal(cp_fail_add(&c, 1, 60, 11 * S), 8);
}

static void test_forget(void **state)
{
	struct ms_addr a = v4("203.0.113.9"), b = v4("203.0.113.10");

	(void)state;
	assert_int_equal(cp_fail_add(&a, 10, 60, 10 * S), 10);
	assert_int_equal(cp_fail_add(&b, 3, 60, 10 * S), 3);
	cp_fail_forget(&a);
	assert_int_equal(cp_fail_add(&a, 1, 60, 11 * S), 1);
	assert_int_equal(cp_fail_add(&b, 1, 60, 11 * S), 4);
}

/* Counts made with another window start over rather than be misread. */
static void test_window_change(void **state)
{
	struct ms_addr a = v4("203.0.113.9");

	(void)state;
	assert_int_equal(cp_fail_add(&a, 8, 60, 100 * S), 8);
	assert_int_equal(cp_fail_add(&a, 1, 30, 101 * S), 1);
	assert_int_equal(cp_fail_add(&a, 1, 30, 102 * S), 2);
}

/*
 * Three tables' worth of sources: the table stays bounded (the first
 * source's count is gone), and a source seen after the flood keeps its
 * count while fewer new sources than a set's ways follow it.
 */
static void test_flood_of_sources(void **state)
{
	struct ms_addr first = v4n(0x0a000001), recent = v4("198.51.100.77");
	__u64 t = 10 * S;

	(void)state;
	assert_int_equal(cp_fail_add(&first, 9, 60, t), 9);
	for (__u32 i = 1; i <= 3 * CP_FAIL_SOURCES_MAX; i++) {
		struct ms_addr other = v4n(0x0a000001 + i);

		assert_int_equal(cp_fail_add(&other, 1, 60, t + i), 1);
	}
	t += S;
	assert_int_equal(cp_fail_add(&recent, 9, 60, t), 9);
	for (__u32 i = 1; i < CP_FAIL_WAYS; i++) {
		struct ms_addr other = v4n(0xc0000200 + i);

		cp_fail_add(&other, 1, 60, t + i);
	}
	assert_int_equal(cp_fail_add(&recent, 1, 60, t + S), 10);
	assert_int_equal(cp_fail_add(&first, 1, 60, t + S), 1);
}

static const struct cp_filter_conf running = {
	.block_s = 600, .block_max_s = 86400, .repeat_s = 86400,
	.fail_threshold = 10, .fail_window_s = 60,
};

static void test_policy_limits(void **state)
{
	static const struct {
		int attr;
		__u32 value;
		const char *err;
	} bad[] = {
		{ MS_POLICY_A_DENY_THRESHOLD, 0, "MS_POLICY_A_DENY_THRESHOLD: 0 is not 1..1000000" },
		{ MS_POLICY_A_DENY_THRESHOLD, 1000001,
		  "MS_POLICY_A_DENY_THRESHOLD: 1000001 is not 1..1000000" },
		{ MS_POLICY_A_DENY_WINDOW, 0, "MS_POLICY_A_DENY_WINDOW: 0 s is not 1..86400" },
		{ MS_POLICY_A_DENY_WINDOW, 86401, "MS_POLICY_A_DENY_WINDOW: 86401 s is not 1..86400" },
		{ MS_POLICY_A_DENY_TIME, 0, "MS_POLICY_A_DENY_TIME: 0 s is not 1..31622400" },
		{ MS_POLICY_A_DENY_TIME, 90000,
		  "MS_POLICY_A_DENY_TIME_MAX: 86400 s shorter than the first block (90000 s)" },
		{ MS_POLICY_A_DENY_TIME_MAX, 31622401,
		  "MS_POLICY_A_DENY_TIME_MAX: 31622401 s is not 0 (no cap)..31622400" },
		{ MS_POLICY_A_DENY_TIME_MAX, 599,
		  "MS_POLICY_A_DENY_TIME_MAX: 599 s shorter than the first block (600 s)" },
	};
	struct ms_policy req, out;
	char err[256];

	(void)state;
	cp_deny_policy_init(&running);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&req, 0, sizeof(req));
		req.present = B(bad[i].attr);
		req.deny_threshold = req.deny_window = req.deny_time = req.deny_time_max =
			bad[i].value;
		assert_int_equal(cp_deny_policy_check(&req, err, sizeof(err)), -EINVAL);
		assert_string_equal(err, bad[i].err);
	}
	memset(&out, 0, sizeof(out));
	cp_deny_policy_get(&out);
	assert_int_equal(out.deny_threshold, 10);
	assert_int_equal(out.deny_window, 60);
	assert_int_equal(out.deny_time, 600);
	assert_int_equal(out.deny_time_max, 86400);
}

static void test_policy_set(void **state)
{
	struct ms_policy req = { 0 }, out = { 0 };
	char err[256] = "";

	(void)state;
	cp_deny_policy_init(&running);
	/* a longer first block is fine with a cap given in the same request */
	req.present = B(MS_POLICY_A_DENY_THRESHOLD) | B(MS_POLICY_A_DENY_TIME) |
		      B(MS_POLICY_A_DENY_TIME_MAX);
	req.deny_threshold = 3;
	req.deny_time = 90000;
	req.deny_time_max = 0;
	assert_int_equal(cp_deny_policy_check(&req, err, sizeof(err)), 0);
	cp_deny_policy_apply(&req);
	cp_deny_policy_get(&out);
	assert_int_equal(out.present & (B(MS_POLICY_A_DENY_THRESHOLD) | B(MS_POLICY_A_DENY_WINDOW) |
					B(MS_POLICY_A_DENY_TIME) | B(MS_POLICY_A_DENY_TIME_MAX)),
			 B(MS_POLICY_A_DENY_THRESHOLD) | B(MS_POLICY_A_DENY_WINDOW) |
			 B(MS_POLICY_A_DENY_TIME) | B(MS_POLICY_A_DENY_TIME_MAX));
	assert_int_equal(out.deny_threshold, 3);
	assert_int_equal(out.deny_window, 60);	/* not in the request: kept */
	assert_int_equal(out.deny_time, 90000);
	assert_int_equal(out.deny_time_max, 0);
	assert_int_equal(cp_deny_policy()->fail_threshold, 3);
	assert_int_equal(cp_deny_policy()->block_s, 90000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_counts_within_window, reset),
		cmocka_unit_test_setup(test_old_failures_leave, reset),
		cmocka_unit_test_setup(test_sources_apart, reset),
		cmocka_unit_test_setup(test_forget, reset),
		cmocka_unit_test_setup(test_window_change, reset),
		cmocka_unit_test_setup(test_flood_of_sources, reset),
		cmocka_unit_test(test_policy_limits),
		cmocka_unit_test(test_policy_set),
	};

	return cmocka_run_group_tests_name("mediasecd-fail-window", tests, NULL, NULL);
}
