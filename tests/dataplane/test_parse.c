/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dp_pkt_parse_burst(): one table of frames, each a valid frame with one
 * field broken, and the drop reason it must get; every truncation of valid
 * frames; the metadata of the good ones.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <rte_mbuf.h>

#include "dataplane/parse.h"
#include "frame.h"

static struct rte_mempool *pool;
static uint8_t payload[172];

static struct frame_spec spec(int family, bool vlan)
{
	return (struct frame_spec){
		.family = family,
		.src = family == AF_INET ? "192.0.2.10" : "2001:db8::10",
		.dst = family == AF_INET ? "10.0.0.1" : "2001:db8:1::1",
		.sport = 20000, .dport = 10000,
		.vlan = vlan, .vlan_tci = 0x2064,
		.tos = 0xb8,	/* EF */
		.payload = payload, .payload_len = sizeof(payload),
	};
}

static uint8_t *at(struct rte_mbuf *m, uint16_t off)
{
	return rte_pktmbuf_mtod_offset(m, uint8_t *, off);
}

static void set16(struct rte_mbuf *m, uint16_t off, uint16_t v)
{
	at(m, off)[0] = v >> 8;
	at(m, off)[1] = v & 0xff;
}

/* The breakages; each edits a valid frame and keeps what it does not test valid. */
static void v4_ihl_4(struct rte_mbuf *m, const struct frame_layout *lo)
{ *at(m, lo->l3) = 0x44; frame_fix_ip4_cksum(m, lo->l3); }
static void v4_ihl_6(struct rte_mbuf *m, const struct frame_layout *lo)
{ *at(m, lo->l3) = 0x46; frame_fix_ip4_cksum(m, lo->l3); }
static void v4_ihl_15(struct rte_mbuf *m, const struct frame_layout *lo)
{ *at(m, lo->l3) = 0x4f; frame_fix_ip4_cksum(m, lo->l3); }
static void v4_version_5(struct rte_mbuf *m, const struct frame_layout *lo)
{ *at(m, lo->l3) = 0x55; frame_fix_ip4_cksum(m, lo->l3); }
static void v4_cksum(struct rte_mbuf *m, const struct frame_layout *lo)
{ at(m, lo->l3)[11] ^= 0x01; }
static void v4_cksum_hw_bad(struct rte_mbuf *m, const struct frame_layout *lo)
{ (void)lo; m->ol_flags |= RTE_MBUF_F_RX_IP_CKSUM_BAD; }
static void v4_mf(struct rte_mbuf *m, const struct frame_layout *lo)
{ set16(m, lo->l3 + 6, 0x2000); frame_fix_ip4_cksum(m, lo->l3); }
static void v4_offset(struct rte_mbuf *m, const struct frame_layout *lo)
{ set16(m, lo->l3 + 6, 0x0001); frame_fix_ip4_cksum(m, lo->l3); }
static void v4_tcp(struct rte_mbuf *m, const struct frame_layout *lo)
{ at(m, lo->l3)[9] = IPPROTO_TCP; frame_fix_ip4_cksum(m, lo->l3); }
static void v4_tot_long(struct rte_mbuf *m, const struct frame_layout *lo)
{ set16(m, lo->l3 + 2, lo->len - lo->l3 + 1); frame_fix_ip4_cksum(m, lo->l3); }
static void v4_tot_short(struct rte_mbuf *m, const struct frame_layout *lo)
{ set16(m, lo->l3 + 2, 19); frame_fix_ip4_cksum(m, lo->l3); }
static void udp_len_long(struct rte_mbuf *m, const struct frame_layout *lo)
{ set16(m, lo->l4 + 4, lo->len - lo->l4 + 1); }
static void udp_len_short(struct rte_mbuf *m, const struct frame_layout *lo)
{ set16(m, lo->l4 + 4, lo->len - lo->l4 - 1); }
static void udp_len_7(struct rte_mbuf *m, const struct frame_layout *lo)
{ set16(m, lo->l4 + 4, 7); }
static void v6_frag(struct rte_mbuf *m, const struct frame_layout *lo)
{ at(m, lo->l3)[6] = IPPROTO_FRAGMENT; }
static void v6_hopopts(struct rte_mbuf *m, const struct frame_layout *lo)
{ at(m, lo->l3)[6] = IPPROTO_HOPOPTS; }
static void v6_dstopts(struct rte_mbuf *m, const struct frame_layout *lo)
{ at(m, lo->l3)[6] = IPPROTO_DSTOPTS; }
static void v6_routing(struct rte_mbuf *m, const struct frame_layout *lo)
{ at(m, lo->l3)[6] = IPPROTO_ROUTING; }
static void v6_icmp(struct rte_mbuf *m, const struct frame_layout *lo)
{ at(m, lo->l3)[6] = IPPROTO_ICMPV6; }
static void v6_version_4(struct rte_mbuf *m, const struct frame_layout *lo)
{ at(m, lo->l3)[0] = 0x40; }
static void v6_plen_long(struct rte_mbuf *m, const struct frame_layout *lo)
{ set16(m, lo->l3 + 4, lo->len - lo->l4 + 1); }
static void eth_arp(struct rte_mbuf *m, const struct frame_layout *lo)
{ set16(m, lo->l3 - 2, 0x0806); }
static void qinq(struct rte_mbuf *m, const struct frame_layout *lo)
{ set16(m, lo->l3 - 2, 0x8100); }
static void hw_stripped_then_tag(struct rte_mbuf *m, const struct frame_layout *lo)
{ (void)lo; m->ol_flags |= RTE_MBUF_F_RX_VLAN_STRIPPED; }

struct drop_case {
	const char *name;
	int family;
	bool vlan;
	void (*brk)(struct rte_mbuf *m, const struct frame_layout *lo);
	enum ms_drop_reason want;
};

static const struct drop_case drop_cases[] = {
	{ "v4 ihl 4",		AF_INET,  false, v4_ihl_4,	MS_DROP_MALFORMED },
	{ "v4 ihl 6",		AF_INET,  false, v4_ihl_6,	MS_DROP_IP_OPTIONS },
	{ "v4 ihl 15",		AF_INET,  true,  v4_ihl_15,	MS_DROP_IP_OPTIONS },
	{ "v4 version 5",	AF_INET,  false, v4_version_5,	MS_DROP_MALFORMED },
	{ "v4 checksum",	AF_INET,  false, v4_cksum,	MS_DROP_IP_CHECKSUM },
	{ "v4 checksum vlan",	AF_INET,  true,  v4_cksum,	MS_DROP_IP_CHECKSUM },
	{ "v4 checksum hw bad",	AF_INET,  false, v4_cksum_hw_bad, MS_DROP_IP_CHECKSUM },
	{ "v4 more fragments",	AF_INET,  false, v4_mf,		MS_DROP_FRAGMENT },
	{ "v4 fragment offset",	AF_INET,  false, v4_offset,	MS_DROP_FRAGMENT },
	{ "v4 tcp",		AF_INET,  false, v4_tcp,	MS_DROP_PROTOCOL },
	{ "v4 total > frame",	AF_INET,  false, v4_tot_long,	MS_DROP_MALFORMED },
	{ "v4 total < ihl",	AF_INET,  false, v4_tot_short,	MS_DROP_MALFORMED },
	{ "v4 udp len long",	AF_INET,  false, udp_len_long,	MS_DROP_MALFORMED },
	{ "v4 udp len short",	AF_INET,  false, udp_len_short,	MS_DROP_MALFORMED },
	{ "v4 udp len 7",	AF_INET,  false, udp_len_7,	MS_DROP_MALFORMED },
	{ "v6 fragment",	AF_INET6, false, v6_frag,	MS_DROP_FRAGMENT },
	{ "v6 hop-by-hop",	AF_INET6, false, v6_hopopts,	MS_DROP_IP_OPTIONS },
	{ "v6 dst options",	AF_INET6, true,  v6_dstopts,	MS_DROP_IP_OPTIONS },
	{ "v6 routing",		AF_INET6, false, v6_routing,	MS_DROP_IP_OPTIONS },
	{ "v6 icmp",		AF_INET6, false, v6_icmp,	MS_DROP_PROTOCOL },
	{ "v6 version 4",	AF_INET6, false, v6_version_4,	MS_DROP_MALFORMED },
	{ "v6 payload > frame",	AF_INET6, false, v6_plen_long,	MS_DROP_MALFORMED },
	{ "v6 udp len long",	AF_INET6, false, udp_len_long,	MS_DROP_MALFORMED },
	{ "v6 udp len short",	AF_INET6, true,  udp_len_short,	MS_DROP_MALFORMED },
	{ "arp",		AF_INET,  false, eth_arp,	MS_DROP_PROTOCOL },
	{ "qinq",		AF_INET,  true,  qinq,		MS_DROP_PROTOCOL },
	{ "stripped + tag",	AF_INET,  true,  hw_stripped_then_tag, MS_DROP_PROTOCOL },
};

static void test_drops(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof(drop_cases) / sizeof(drop_cases[0]); c++) {
		const struct drop_case *dc = &drop_cases[c];
		struct frame_spec fs = spec(dc->family, dc->vlan);
		struct frame_layout lo;
		struct rte_mbuf *m = frame_build(pool, &fs, &lo);
		struct dp_pkt_meta meta;

		dc->brk(m, &lo);
		if (dp_pkt_parse_burst(&m, 1, &meta) != 0 || meta.drop != dc->want)
			fail_msg("%s: drop %u, want %u", dc->name, meta.drop, dc->want);
		rte_pktmbuf_free(m);
	}
}

/* Every proper prefix of a valid frame is malformed. */
static void test_truncated(void **state)
{
	static const struct { int family; bool vlan; } kinds[] = {
		{ AF_INET, false }, { AF_INET, true }, { AF_INET6, false }, { AF_INET6, true },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct frame_spec fs = spec(kinds[k].family, kinds[k].vlan);
		struct frame_layout lo;
		struct rte_mbuf *m = frame_build(pool, &fs, &lo);

		for (uint16_t len = 0; len < lo.len; len++) {
			struct dp_pkt_meta meta;

			m->data_len = m->pkt_len = len;
			assert_int_equal(dp_pkt_parse_burst(&m, 1, &meta), 0);
			if (meta.drop != MS_DROP_MALFORMED)
				fail_msg("family %d vlan %d len %u: drop %u",
					 kinds[k].family, kinds[k].vlan, len, meta.drop);
		}
		rte_pktmbuf_free(m);
	}
}

static void check_good(int family, bool vlan, uint16_t padding)
{
	struct frame_spec fs = spec(family, vlan);
	struct frame_layout lo;
	struct rte_mbuf *m = frame_build(pool, &fs, &lo);
	struct dp_pkt_meta meta;
	struct dp_endpoint want = { .family = family };

	assert_non_null(rte_pktmbuf_append(m, padding));	/* Ethernet padding */
	assert_int_equal(dp_pkt_parse_burst(&m, 1, &meta), 1);
	assert_int_equal(meta.drop, MS_DROP_NONE);
	assert_int_equal(meta.l3_off, lo.l3);
	assert_int_equal(meta.l4_off, lo.l4);
	assert_int_equal(dp_pkt_meta_payload_off(&meta), lo.payload);
	assert_int_equal(meta.payload_len, sizeof(payload));
	assert_int_equal(!!(meta.flags & DP_META_VLAN), vlan);
	if (vlan)
		assert_int_equal(meta.vlan_tci, 0x2064);
	assert_int_equal(meta.tos, 0xb8);
	assert_int_equal(inet_pton(family, fs.dst, want.addr), 1);
	want.port = rte_cpu_to_be_16(10000);
	assert_memory_equal(&meta.dst, &want, sizeof(want));
	memset(&want, 0, sizeof(want));
	want.family = family;
	assert_int_equal(inet_pton(family, fs.src, want.addr), 1);
	want.port = rte_cpu_to_be_16(20000);
	assert_memory_equal(&meta.src, &want, sizeof(want));
	rte_pktmbuf_free(m);
}

static void test_good(void **state)
{
	(void)state;
	check_good(AF_INET, false, 0);
	check_good(AF_INET, true, 0);
	check_good(AF_INET6, false, 0);
	check_good(AF_INET6, true, 0);
	check_good(AF_INET, false, 18);
}

/* A header checksum the NIC vouched for is not recomputed. */
static void test_hw_cksum_good(void **state)
{
	struct frame_spec fs = spec(AF_INET, false);
	struct frame_layout lo;
	struct rte_mbuf *m = frame_build(pool, &fs, &lo);
	struct dp_pkt_meta meta;

	(void)state;
	at(m, lo.l3)[11] ^= 1;
	m->ol_flags |= RTE_MBUF_F_RX_IP_CKSUM_GOOD;
	assert_int_equal(dp_pkt_parse_burst(&m, 1, &meta), 1);
	rte_pktmbuf_free(m);
}

static void test_multiseg(void **state)
{
	struct frame_spec fs = spec(AF_INET, false);
	struct rte_mbuf *m = frame_build(pool, &fs, NULL);
	struct rte_mbuf *tail = rte_pktmbuf_alloc(pool);
	struct dp_pkt_meta meta;

	(void)state;
	assert_non_null(tail);
	assert_int_equal(rte_pktmbuf_chain(m, tail), 0);
	assert_int_equal(dp_pkt_parse_burst(&m, 1, &meta), 0);
	assert_int_equal(meta.drop, MS_DROP_PROTOCOL);
	rte_pktmbuf_free(m);
}

/* A burst mixes verdicts; each packet gets its own. */
static void test_burst(void **state)
{
	struct rte_mbuf *m[32];
	struct dp_pkt_meta meta[32];
	struct frame_layout lo;
	uint16_t good = 0;

	(void)state;
	for (int i = 0; i < 32; i++) {
		struct frame_spec fs = spec(i & 1 ? AF_INET6 : AF_INET, i & 2);

		m[i] = frame_build(pool, &fs, &lo);
		if (i % 3 == 0)
			udp_len_7(m[i], &lo);
		else
			good++;
	}
	assert_int_equal(dp_pkt_parse_burst(m, 32, meta), good);
	for (int i = 0; i < 32; i++) {
		assert_int_equal(meta[i].drop, i % 3 ? MS_DROP_NONE : MS_DROP_MALFORMED);
		rte_pktmbuf_free(m[i]);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_drops),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_hw_cksum_good),
		cmocka_unit_test(test_multiseg),
		cmocka_unit_test(test_burst),
	};

	(void)argc;
	pool = test_eal_init(argv[0], "0");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
