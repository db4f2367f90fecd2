/* SPDX-License-Identifier: BSD-3-Clause */
/* Addresses from text for mediasecd's unit tests; include after <cmocka.h>. */
#ifndef MEDIASEC_TESTS_UNIT_MEDIASECD_TEST_ADDR_H
#define MEDIASEC_TESTS_UNIT_MEDIASECD_TEST_ADDR_H

#include <arpa/inet.h>
#include <sys/socket.h>

#include "nl_msg.h"

static inline struct ms_addr v4(const char *text)
{
	struct ms_addr a = { .family = AF_INET };

	assert_int_equal(inet_pton(AF_INET, text, a.in4), 1);
	return a;
}

static inline struct ms_addr v6(const char *text)
{
	struct ms_addr a = { .family = AF_INET6 };

	assert_int_equal(inet_pton(AF_INET6, text, a.in6), 1);
	return a;
}

#endif /* MEDIASEC_TESTS_UNIT_MEDIASECD_TEST_ADDR_H */
