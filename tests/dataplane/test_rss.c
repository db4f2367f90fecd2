/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The RSS decision (dataplane/rss.c) on the hash types PMDs offer: the IP
 * addresses alone when the PMD hashes plain IPv4/IPv6, so that a leg's RTP
 * (port p) and RTCP (p + 1) reach one worker; with the UDP ports when that
 * is all there is; nothing when neither.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <rte_ethdev.h>

#include "dataplane/rss.h"

static const struct {
	const char *what;
	uint64_t offloads;
	uint64_t hf;
	enum dp_rss_fit fit;
} cases[] = {
	{ "everything (ixgbe, mlx5 alike)",
	  RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_SCTP,
	  RTE_ETH_RSS_IP, DP_RSS_PER_LEG },
	{ "IPv4 only", RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_UDP,
	  RTE_ETH_RSS_IPV4, DP_RSS_PER_LEG },
	{ "IPv6 only", RTE_ETH_RSS_IPV6, RTE_ETH_RSS_IPV6, DP_RSS_PER_LEG },
	/* i40e alike: UDP datagrams are not "other" IPv4, so not hashed by these */
	{ "fragments and other IPv4, UDP",
	  RTE_ETH_RSS_FRAG_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_OTHER |
	  RTE_ETH_RSS_NONFRAG_IPV4_UDP | RTE_ETH_RSS_NONFRAG_IPV4_TCP,
	  RTE_ETH_RSS_NONFRAG_IPV4_UDP, DP_RSS_PER_FLOW },
	{ "UDP both families", RTE_ETH_RSS_UDP,
	  RTE_ETH_RSS_NONFRAG_IPV4_UDP | RTE_ETH_RSS_NONFRAG_IPV6_UDP, DP_RSS_PER_FLOW },
	{ "TCP only", RTE_ETH_RSS_TCP, 0, DP_RSS_NONE },
	{ "no RSS (net_ring, net_null)", 0, 0, DP_RSS_NONE },
};

static void test_decision(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum dp_rss_fit fit = -1;
		uint64_t hf = dp_rss_hash_types(cases[i].offloads, &fit);

		print_message("%s\n", cases[i].what);
		assert_int_equal(hf, cases[i].hf);
		assert_int_equal(fit, cases[i].fit);
		/* never a type the PMD did not offer, never the UDP ports when avoidable */
		assert_int_equal(hf & ~cases[i].offloads, 0);
		if (fit == DP_RSS_PER_LEG)
			assert_int_equal(hf & RTE_ETH_RSS_UDP, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decision),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
