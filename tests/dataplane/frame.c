/* SPDX-License-Identifier: BSD-3-Clause */
/* Test helpers for the dataplane (frame.h). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#include "dataplane/srtp/srtp.h"
#include "frame.h"

struct rte_mempool *test_eal_init(const char *prog, const char *lcores)
{
	return test_eal_init_mem(prog, lcores, 256);
}

struct rte_mempool *test_eal_init_mem(const char *prog, const char *lcores,
				      unsigned int mem_mb)
{
	char prefix[64], mem[16];
	char *argv[] = {
		(char *)prog, "--no-huge", "-m", mem, "--no-pci", "--no-shconf",
		"--no-telemetry", "-l", (char *)lcores, "--log-level=lib.eal:error", prefix,
	};
	int argc = sizeof(argv) / sizeof(argv[0]);

	/* Tests run in parallel: each keeps its runtime files to itself. */
	snprintf(prefix, sizeof(prefix), "--file-prefix=ms-dp-test-%d", (int)getpid());
	snprintf(mem, sizeof(mem), "%u", mem_mb);
	struct rte_mempool *pool = NULL;

	if (rte_eal_init(argc, argv) >= 0)
		pool = rte_pktmbuf_pool_create("test_pool", 4095, 0, 0,
					       RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	/* As root on this machine both must work: a failure is the test's. */
	if (!pool) {
		fprintf(stderr, "set-up failed: EAL on lcores %s or the mbuf pool\n", lcores);
		exit(EXIT_FAILURE);
	}
	return pool;
}

uint16_t inet_cksum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* Sum of the UDP pseudo-header, host order, not folded. */
static uint32_t pseudo_sum(int family, const uint8_t *src, const uint8_t *dst,
			   uint16_t udp_len)
{
	return inet_cksum(src, addr_len(family), 0) + inet_cksum(dst, addr_len(family), 0) +
	       IPPROTO_UDP + udp_len;
}

static void pton(int family, const char *s, uint8_t *out)
{
	assert_int_equal(inet_pton(family, s, out), 1);
}

struct rte_mbuf *frame_build(struct rte_mempool *mp, const struct frame_spec *fs,
			     struct frame_layout *lo)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	uint16_t l2 = RTE_ETHER_HDR_LEN + (fs->vlan ? 4 : 0);
	uint16_t l3 = fs->family == AF_INET ? 20 : 40;
	uint16_t udp_len = 8 + fs->payload_len;
	uint8_t src[16], dst[16], *p;
	uint16_t ck;

	assert_non_null(m);
	p = (uint8_t *)rte_pktmbuf_append(m, l2 + l3 + udp_len);
	assert_non_null(p);
	memset(p, 0, l2 + l3 + 8);
	pton(fs->family, fs->src, src);
	pton(fs->family, fs->dst, dst);
	/* Ethernet: 02:00:00:00:00:01 <- 02:00:00:00:00:02 */
	p[0] = 2; p[5] = 1; p[6] = 2; p[11] = 2;
	if (fs->vlan) {
		p[12] = 0x81; p[13] = 0x00;
		p[14] = fs->vlan_tci >> 8; p[15] = fs->vlan_tci & 0xff;
	}
	p[l2 - 2] = fs->family == AF_INET ? 0x08 : 0x86;
	p[l2 - 1] = fs->family == AF_INET ? 0x00 : 0xdd;
	if (fs->family == AF_INET) {
		uint8_t *ip = p + l2;
		uint16_t tot = l3 + udp_len;

		ip[0] = 0x45;
		ip[1] = fs->tos;
		ip[2] = tot >> 8; ip[3] = tot & 0xff;
		ip[6] = 0x40;		/* DF */
		ip[8] = 64;
		ip[9] = IPPROTO_UDP;
		memcpy(ip + 12, src, 4);
		memcpy(ip + 16, dst, 4);
		frame_fix_ip4_cksum(m, l2);
	} else {
		uint8_t *ip = p + l2;

		ip[0] = 0x60 | fs->tos >> 4;
		ip[1] = (uint8_t)(fs->tos << 4);
		ip[4] = udp_len >> 8; ip[5] = udp_len & 0xff;
		ip[6] = IPPROTO_UDP;
		ip[7] = 64;
		memcpy(ip + 8, src, 16);
		memcpy(ip + 24, dst, 16);
	}
	p += l2 + l3;
	p[0] = fs->sport >> 8; p[1] = fs->sport & 0xff;
	p[2] = fs->dport >> 8; p[3] = fs->dport & 0xff;
	p[4] = udp_len >> 8; p[5] = udp_len & 0xff;
	if (fs->payload_len)
		memcpy(p + 8, fs->payload, fs->payload_len);
	ck = ~inet_cksum(p, udp_len, pseudo_sum(fs->family, src, dst, udp_len));
	if (ck == 0)
		ck = 0xffff;
	p[6] = ck >> 8; p[7] = ck & 0xff;
	if (lo)
		*lo = (struct frame_layout){ .l3 = l2, .l4 = l2 + l3,
					     .payload = l2 + l3 + 8,
					     .len = l2 + l3 + udp_len };
	return m;
}

void frame_fix_ip4_cksum(struct rte_mbuf *m, uint16_t l3)
{
	uint8_t *ip = rte_pktmbuf_mtod_offset(m, uint8_t *, l3);
	uint16_t ck;

	ip[10] = ip[11] = 0;
	ck = ~inet_cksum(ip, (ip[0] & 0xf) * 4u, 0);
	ip[10] = ck >> 8;
	ip[11] = ck & 0xff;
}

const uint8_t *frame_check(const struct rte_mbuf *m, int family, const char *src,
			   uint16_t sport, const char *dst, uint16_t dport,
			   bool vlan, uint16_t *payload_len)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	uint16_t l2 = RTE_ETHER_HDR_LEN + (vlan ? 4 : 0);
	uint16_t l3 = family == AF_INET ? 20 : 40;
	uint8_t want_src[16], want_dst[16];
	const uint8_t *ip = p + l2, *udp = p + l2 + l3;
	uint16_t udp_len;

	assert_int_equal(m->nb_segs, 1);
	assert_true(m->pkt_len >= l2 + l3 + 8u);
	if (vlan)
		assert_int_equal(p[12] << 8 | p[13], 0x8100);
	assert_int_equal(p[l2 - 2] << 8 | p[l2 - 1], family == AF_INET ? 0x0800 : 0x86dd);
	pton(family, src, want_src);
	pton(family, dst, want_dst);
	udp_len = udp[4] << 8 | udp[5];
	assert_int_equal(l2 + l3 + udp_len, m->pkt_len);
	if (family == AF_INET) {
		assert_int_equal(ip[0], 0x45);
		assert_int_equal(ip[2] << 8 | ip[3], l3 + udp_len);
		assert_int_equal(ip[9], IPPROTO_UDP);
		assert_int_equal(inet_cksum(ip, 20, 0), 0xffff);
		assert_memory_equal(ip + 12, want_src, 4);
		assert_memory_equal(ip + 16, want_dst, 4);
	} else {
		assert_int_equal(ip[0] >> 4, 6);
		assert_int_equal(ip[4] << 8 | ip[5], udp_len);
		assert_int_equal(ip[6], IPPROTO_UDP);
		assert_memory_equal(ip + 8, want_src, 16);
		assert_memory_equal(ip + 24, want_dst, 16);
	}
	assert_int_equal(udp[0] << 8 | udp[1], sport);
	assert_int_equal(udp[2] << 8 | udp[3], dport);
	assert_int_not_equal(udp[6] << 8 | udp[7], 0);
	assert_int_equal(inet_cksum(udp, udp_len,
				    pseudo_sum(family, want_src, want_dst, udp_len)),
			 0xffff);
	*payload_len = udp_len - 8;
	return udp + 8;
}

uint16_t rtp_make(uint8_t *buf, uint32_t ssrc, uint16_t seq, uint16_t n)
{
	memset(buf, 0, 12);
	buf[0] = 0x80;
	buf[2] = seq >> 8;
	buf[3] = seq & 0xff;
	buf[7] = 0xa0;
	buf[8] = ssrc >> 24; buf[9] = ssrc >> 16; buf[10] = ssrc >> 8; buf[11] = ssrc;
	memset(buf + 12, 0xab, n);
	return 12 + n;
}

uint16_t rtcp_make(uint8_t *buf, uint32_t ssrc, uint16_t n)
{
	memset(buf, 0, 8);
	buf[0] = 0x80;
	buf[1] = 200;		/* SR */
	buf[3] = (uint8_t)((8 + n) / 4 - 1);
	buf[4] = ssrc >> 24; buf[5] = ssrc >> 16; buf[6] = ssrc >> 8; buf[7] = ssrc;
	memset(buf + 8, 0xcd, n);
	return 8 + n;
}

static struct ms_addr addr_msg(int family, const char *a, uint16_t port)
{
	struct ms_addr ad = {
		.present = MS_BIT(MS_ADDR_A_FAMILY) | MS_BIT(MS_ADDR_A_PORT) |
			   MS_BIT(family == AF_INET ? MS_ADDR_A_IN4 : MS_ADDR_A_IN6),
		.family = family,
		.port = port,
	};

	pton(family, a, family == AF_INET ? ad.in4 : ad.in6);
	return ad;
}

struct ms_leg leg_msg(uint32_t id, uint32_t peer, int family, const char *local,
		      uint16_t lport, const char *remote, uint16_t rport,
		      enum ms_leg_mode mode, uint32_t flags)
{
	struct ms_leg ml = {
		.present = MS_BIT(MS_LEG_A_ID) | MS_BIT(MS_LEG_A_PEER_ID) |
			   MS_BIT(MS_LEG_A_MODE) | MS_BIT(MS_LEG_A_FLAGS) |
			   MS_BIT(MS_LEG_A_LOCAL),
		.id = id, .peer_id = peer, .mode = mode, .flags = flags,
		.local = addr_msg(family, local, lport),
	};

	if (remote) {
		ml.present |= MS_BIT(MS_LEG_A_REMOTE);
		ml.remote = addr_msg(family, remote, rport);
	}
	return ml;
}

void leg_msg_srtp(struct ms_leg *ml, bool in, enum ms_srtp_suite suite,
		  uint8_t key_byte)
{
	const struct ms_suite_info *si = ms_suite_info_get(suite);
	struct ms_srtp_dir *d = in ? &ml->in : &ml->out;

	ml->present |= MS_BIT(in ? MS_LEG_A_SRTP_IN : MS_LEG_A_SRTP_OUT);
	*d = (struct ms_srtp_dir){
		.present = MS_BIT(MS_SRTP_A_SUITE) | MS_BIT(MS_SRTP_A_KEYS),
		.suite = suite,
		.nkeys = 1,
	};
	memset(d->keys[0].key, key_byte, si->key_len);
	memset(d->keys[0].salt, key_byte ^ 0x5a, si->salt_len);
	d->keys[0].present = MS_BIT(MS_KEY_A_MASTER_KEY) | MS_BIT(MS_KEY_A_MASTER_SALT);
	d->keys[0].key_len = si->key_len;
	d->keys[0].salt_len = si->salt_len;
}

void far_policy(struct dp_srtp_policy *pol, enum ms_srtp_suite suite,
		uint8_t key_byte)
{
	const struct ms_suite_info *si = ms_suite_info_get(suite);

	memset(pol, 0, sizeof(*pol));
	pol->suite = suite;
	pol->n_keys = 1;
	memset(pol->keys[0].key, key_byte, si->key_len);
	memset(pol->keys[0].salt, key_byte ^ 0x5a, si->salt_len);
}
