/* SPDX-License-Identifier: BSD-3-Clause */
/* ms_addr_port_parse / _format: IPV4:PORT and [IPV6]:PORT, and what is refused. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "addr_port.h"
#include "nl_msg.h"

static void test_round_trip(void **state)
{
	static const char *const ok[] = {
		"203.0.113.1:20000", "[fd00::1]:1", "[::ffff:198.51.100.7]:65535",
	};
	char text[MS_ADDR_PORT_TEXT_MAX], why[64];
	struct ms_addr a;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(ms_addr_port_parse(ok[i], &a, why, sizeof(why)), 0);
		assert_true(a.present & MS_BIT(MS_ADDR_A_PORT));
		ms_addr_port_format(&a, text, sizeof(text));
		assert_string_equal(text, ok[i]);
	}
	assert_int_equal(ms_addr_port_parse("198.51.100.10:30002", &a, why, sizeof(why)), 0);
	assert_int_equal(a.family, AF_INET);
	assert_int_equal(a.port, 30002);
	assert_int_equal(a.in4[0], 198);
	assert_int_equal(a.in4[3], 10);
}

static void test_refused(void **state)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "203.0.113.1", "expected IPV4:PORT" },
		{ "fd00::1:20000", "expected IPV4:PORT" },
		{ "[fd00::1]", "expected [IPV6]:PORT" },
		{ "[fd00::1]20000", "expected [IPV6]:PORT" },
		{ "203.0.113.300:1", "bad IPv4 address" },
		{ "[203.0.113.1]:1", "bad IPv6 address" },
		{ ":1", "bad address" },
		{ "203.0.113.1:0", "1..65535" },
		{ "203.0.113.1:65536", "1..65535" },
		{ "203.0.113.1:+5", "1..65535" },
		{ "203.0.113.1:", "1..65535" },
	};
	struct ms_addr a;
	char why[64];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		assert_int_equal(ms_addr_port_parse(bad[i].text, &a, why, sizeof(why)), -EINVAL);
		if (!strstr(why, bad[i].why))
			fail_msg("\"%s\": \"%s\" lacks \"%s\"", bad[i].text, why, bad[i].why);
		assert_int_equal(a.present, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
