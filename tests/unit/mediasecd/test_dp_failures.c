/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec-dp's failure reports in mediasecd (controlplane/mediasecd/
 * dp_failures.c, dyn_block.c), on the daemon's real lists with no XDP filter
 * and no dataplane: a source denied at the threshold and not before, with
 * an auth-failure and an addr-denied event and a dynamic entry of the
 * policy's block time; its later reports ignored; an allowlisted source
 * never denied; a repeat offender blocked twice as long; the threshold
 * taken from the running policy; reports that are not failures ignored.
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
#include "denylist.h"
#include "deny_policy.h"
#include "dp_failures.h"
#include "dyn_deny.h"
#include "events.h"
#include "fail_window.h"
#include "nl_msg.h"
#include "test_addr.h"

#define B MS_BIT

static struct cp_config cfg;	/* large: not on the stack */

/* count failures of src, as mediasec-dp reports them. */
static void report(const char *src, __u32 count)
{
	struct ms_event e = {
		.present = B(MS_EVENT_A_TYPE) | B(MS_EVENT_A_SEVERITY) | B(MS_EVENT_A_SOURCE) |
			   B(MS_EVENT_A_LEG_ID) | B(MS_EVENT_A_COUNT) | B(MS_EVENT_A_REASON),
		.type = MS_EVENT_AUTH_FAILURE, .severity = MS_SEV_WARNING, .leg_id = 3,
		.count = count, .reason = MS_DROP_SRTP_AUTH,
	};

	e.source = strchr(src, ':') ? v6(src) : v4(src);
	e.source.present = B(MS_ADDR_A_FAMILY) |
			   B(e.source.family == AF_INET ? MS_ADDR_A_IN4 : MS_ADDR_A_IN6);
	cp_dp_failures_report(&e);
}

/* The dynamic entry of host src: its seconds left, or -1 when there is none. */
static int blocked_for(const char *src)
{
	struct ms_prefix p = { .present = B(MS_PREFIX_A_ADDR) | B(MS_PREFIX_A_LEN) };
	const struct cp_list_entry *e;

	p.addr = strchr(src, ':') ? v6(src) : v4(src);
	p.addr.present = B(MS_ADDR_A_FAMILY) |
			 B(p.addr.family == AF_INET ? MS_ADDR_A_IN4 : MS_ADDR_A_IN6);
	p.len = p.addr.family == AF_INET ? 32 : 128;
	e = cp_list_find(CP_LIST_DENY, &p);
	if (!e)
		return -1;
	assert_true(e->flags & MS_PREFIX_F_DYNAMIC);
	if (e->expires_ns == 0)
		return 0;
	return (int)cp_list_expires_in(e);
}

static void unblock(const char *src)
{
	struct ms_prefix p = { .present = B(MS_PREFIX_A_ADDR) | B(MS_PREFIX_A_LEN) };

	p.addr = v4(src);
	p.addr.present = B(MS_ADDR_A_FAMILY) | B(MS_ADDR_A_IN4);
	p.len = 32;
	assert_int_equal(cp_list_del(CP_LIST_DENY, &p), 0);
}

static int setup(void **state)
{
	(void)state;
	cp_deny_policy_init(&cfg.pf);
	cp_fail_reset();
	cp_dyn_reset();
	return 0;
}

static void test_threshold(void **state)
{
	__u64 auth = cp_events_count(MS_EVENT_AUTH_FAILURE);
	__u64 denied = cp_events_count(MS_EVENT_ADDR_DENIED);

	(void)state;
	report("203.0.113.66", 6);
	report("203.0.113.66", 3);
	assert_int_equal(blocked_for("203.0.113.66"), -1);
	assert_int_equal(cp_events_count(MS_EVENT_AUTH_FAILURE), auth);
	report("203.0.113.66", 1);
	assert_in_range(blocked_for("203.0.113.66"), 599, 600);
	assert_int_equal(cp_events_count(MS_EVENT_AUTH_FAILURE), auth + 1);
	assert_int_equal(cp_events_count(MS_EVENT_ADDR_DENIED), denied + 1);
	/* reports still in flight: nothing more */
	report("203.0.113.66", 50);
	assert_int_equal(cp_events_count(MS_EVENT_AUTH_FAILURE), auth + 1);
	assert_int_equal(cp_events_count(MS_EVENT_ADDR_DENIED), denied + 1);
	/* IPv6 the same */
	report("2001:db8::66", 10);
	assert_in_range(blocked_for("2001:db8::66"), 599, 600);
}

static void test_allowlist_wins(void **state)
{
	__u64 denied = cp_events_count(MS_EVENT_ADDR_DENIED);

	(void)state;
	for (int i = 0; i < 5; i++)
		report("198.51.100.7", 20);
	assert_int_equal(blocked_for("198.51.100.7"), -1);
	assert_int_equal(cp_events_count(MS_EVENT_ADDR_DENIED), denied);
}

static void test_repeat_doubles(void **state)
{
	(void)state;
	report("203.0.113.67", 10);
	assert_in_range(blocked_for("203.0.113.67"), 599, 600);
	unblock("203.0.113.67");
	report("203.0.113.67", 10);
	assert_in_range(blocked_for("203.0.113.67"), 1199, 1200);
}

static void test_policy_threshold(void **state)
{
	struct ms_policy req = { .present = B(MS_POLICY_A_DENY_THRESHOLD) |
					    B(MS_POLICY_A_DENY_TIME),
				 .deny_threshold = 3, .deny_time = 30 };

	(void)state;
	cp_deny_policy_apply(&req);
	report("203.0.113.68", 2);
	assert_int_equal(blocked_for("203.0.113.68"), -1);
	report("203.0.113.68", 1);
	assert_in_range(blocked_for("203.0.113.68"), 29, 30);
}

static void test_not_failures(void **state)
{
	struct ms_event e = { .present = B(MS_EVENT_A_TYPE) | B(MS_EVENT_A_COUNT),
			      .type = MS_EVENT_AUTH_FAILURE, .count = 100 };

	(void)state;
	/* no source: nothing to count */
	cp_dp_failures_report(&e);
	/* another type, with a source */
	e.type = MS_EVENT_PORT_SCAN;
	e.present |= B(MS_EVENT_A_SOURCE);
	e.source = v4("203.0.113.69");
	e.source.present = B(MS_ADDR_A_FAMILY) | B(MS_ADDR_A_IN4);
	cp_dp_failures_report(&e);
	assert_int_equal(blocked_for("203.0.113.69"), -1);
	/* a source with a port: the host is denied, without it */
	e.type = MS_EVENT_AUTH_FAILURE;
	e.source.present |= B(MS_ADDR_A_PORT);
	e.source.port = 40000;
	cp_dp_failures_report(&e);
	assert_in_range(blocked_for("203.0.113.69"), 599, 600);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_threshold, setup),
		cmocka_unit_test_setup(test_allowlist_wins, setup),
		cmocka_unit_test_setup(test_repeat_doubles, setup),
		cmocka_unit_test_setup(test_policy_threshold, setup),
		cmocka_unit_test_setup(test_not_failures, setup),
	};
	int ret;

	cfg.pf = (struct cp_filter_conf){ .block_s = 600, .block_max_s = 86400,
					  .repeat_s = 86400, .fail_threshold = 10,
					  .fail_window_s = 60 };
	cfg.allow[0].present = B(MS_PREFIX_A_ADDR) | B(MS_PREFIX_A_LEN);
	cfg.allow[0].addr = v4("198.51.100.0");
	cfg.allow[0].addr.present = B(MS_ADDR_A_FAMILY) | B(MS_ADDR_A_IN4);
	cfg.allow[0].len = 24;
	cfg.nallow = 1;
	if (cp_list_init(&cfg)) {
		fprintf(stderr, "cp_list_init failed\n");
		return 1;
	}
	ret = cmocka_run_group_tests_name("mediasecd-dp-failures", tests, NULL, NULL);
	cp_list_fini();
	return ret;
}
