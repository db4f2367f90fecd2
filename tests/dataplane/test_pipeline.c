/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dp_pipeline_run() on crafted frames: relays between two legs with the
 * far ends played by the libsrtp2 engine (the pipeline runs "native"), so
 * every SRTP check is also a cross-engine check; drops, punts, RTCP on
 * both muxed and separate ports, latching, v4/v6 interworking, VLAN tags
 * and checksum offload flags.
 *
 *   far A 192.0.2.10:20000 ==SRTP==> [port 0] leg 1 10.0.0.1:10000 (Enforce, rtcp-mux)
 *                                           |  paired
 *   far B 198.51.100.20:40000 <--RTP-- [port 1] leg 2 10.0.1.1:30000 (plain, RTCP +1)
 */
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "dataplane/leg.h"
#include "dataplane/leg_table.h"
#include "dataplane/pipeline.h"
#include "dataplane/srtp/srtp.h"
#include "frame.h"

#define SUITE		MS_SUITE_AES_CM_128_HMAC_SHA1_80
#define KEY_A_IN	0x11	/* far A -> leg 1 */
#define KEY_A_OUT	0x22	/* leg 1 -> far A */
#define KEY_C_IN	0x33
#define KEY_C_OUT	0x44
#define ROOM		2048

static struct rte_mempool *pool;
static const struct dp_srtp_engine *native, *ref;
/* Static next hops of the remotes behind ports 0 and 1; frame.c's source MAC. */
static const uint8_t next_hop[2][6] = { { 2, 0, 0, 0, 0, 0xb0 }, { 2, 0, 0, 0, 0, 0xb1 } };
static const uint8_t frame_src_mac[6] = { 2, 0, 0, 0, 0, 2 };

struct fixture {
	struct dp_leg_table *t;
	struct dp_port_conf ports[DP_PORTS_MAX];
	struct dp_nh nh[2];
	struct dp_pipeline p;
	struct dp_srtp_ctx *far_a_tx;	/* protects what far A sends */
	struct dp_srtp_ctx *far_a_rx;	/* unprotects what leg 1 sends far A */
	uint16_t seq;
};

/* A leg with a configured remote reaches it through its port's next hop. */
static void add_leg(struct fixture *f, struct ms_leg ml, uint16_t port)
{
	struct dp_leg *leg = dp_leg_create(&ml, port, native, 1);

	assert_non_null(leg);
	if (dp_leg_remote_known(leg))
		dp_leg_set_nh(leg, &f->nh[port]);
	assert_int_equal(dp_leg_table_add(f->t, leg), 0);
}

static int setup(void **state)
{
	static struct fixture f;
	struct dp_srtp_policy pol;
	struct ms_leg a = leg_msg(1, 2, AF_INET, "10.0.0.1", 10000, "192.0.2.10", 20000,
				  MS_MODE_ENFORCE, MS_LEG_F_RTCP_MUX);
	struct ms_leg b = leg_msg(2, 1, AF_INET, "10.0.1.1", 30000, "198.51.100.20", 40000,
				  MS_MODE_DISABLED, 0);

	memset(&f, 0, sizeof(f));
	f.t = dp_leg_table_create("t_pipe", 1024, 1, SOCKET_ID_ANY);
	assert_non_null(f.t);
	for (int i = 0; i < 2; i++) {
		f.ports[i].mac = (struct rte_ether_addr){ { 2, 0, 0, 0, 0, 0xa0 + i } };
		dp_nh_set(&f.nh[i], dp_nh_pack(next_hop[i]));
	}
	leg_msg_srtp(&a, true, SUITE, KEY_A_IN);
	leg_msg_srtp(&a, false, SUITE, KEY_A_OUT);
	add_leg(&f, a, 0);
	add_leg(&f, b, 1);
	assert_int_equal(dp_pipeline_init(&f.p, f.t, native, f.ports, 0), 0);
	assert_int_equal(dp_leg_table_worker_register(f.t, 0), 0);
	assert_int_equal(ref->thread_init(), 0);
	far_policy(&pol, SUITE, KEY_A_IN);
	f.far_a_tx = ref->ctx_create(&pol);
	far_policy(&pol, SUITE, KEY_A_OUT);
	f.far_a_rx = ref->ctx_create(&pol);
	assert_non_null(f.far_a_tx);
	assert_non_null(f.far_a_rx);
	f.seq = 1000;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	dp_leg_table_worker_unregister(f->t, 0);
	dp_leg_table_free(f->t);
	ref->ctx_free(f->far_a_tx);
	ref->ctx_free(f->far_a_rx);
	return 0;
}

/* One far-end SRTP operation; returns the new length. */
static uint16_t far(struct dp_srtp_ctx *ctx, enum dp_srtp_op op, uint8_t *buf,
		    uint16_t len)
{
	struct dp_srtp_pkt p = { .data = buf, .len = len, .room = ROOM, .ctx = ctx };
	uint8_t v;

	assert_int_equal(ref->burst(op, &p, 1, &v), 1);
	return (uint16_t)p.len;
}

static struct rte_mbuf *frame(int family, const char *src, uint16_t sport,
			      const char *dst, uint16_t dport,
			      const uint8_t *payload, uint16_t len)
{
	struct frame_spec fs = {
		.family = family, .src = src, .dst = dst, .sport = sport, .dport = dport,
		.payload = payload, .payload_len = len, .tos = 0xb8,
	};

	return frame_build(pool, &fs, NULL);
}

/* What far A sends: RTP, protected with leg 1's inbound key. */
static struct rte_mbuf *from_far_a(struct fixture *f, uint8_t *rtp, uint16_t *rtp_len)
{
	uint8_t buf[ROOM];
	uint16_t len;

	*rtp_len = rtp_make(rtp, 0xcafe, f->seq++, 160);
	memcpy(buf, rtp, *rtp_len);
	len = far(f->far_a_tx, DP_SRTP_PROTECT_RTP, buf, *rtp_len);
	return frame(AF_INET, "192.0.2.10", 20000, "10.0.0.1", 10000, buf, len);
}

static uint16_t run(struct fixture *f, uint16_t port, struct rte_mbuf **m, uint16_t n,
		    struct dp_pkt_out *out)
{
	uint16_t tx = dp_pipeline_run(&f->p, port, m, n, out);

	dp_leg_table_quiescent(f->t, 0);
	return tx;
}

static void expect_drop(struct fixture *f, uint16_t port, struct rte_mbuf *m,
			enum ms_drop_reason r)
{
	struct dp_pkt_out out;
	uint64_t before = f->p.stats[port].drops[r];

	assert_int_equal(run(f, port, &m, 1, &out), 0);
	assert_int_equal(out.action, DP_ACT_DROP);
	assert_int_equal(out.reason, r);
	assert_int_equal(f->p.stats[port].drops[r], before + 1);
	rte_pktmbuf_free(m);
}

static void leg_counters(struct fixture *f, uint32_t id, struct ms_counters *c)
{
	struct dp_leg *leg = dp_leg_table_find(f->t, id);

	assert_non_null(leg);
	dp_leg_counters_read(leg, c);
}

static void test_srtp_to_rtp(void **state)
{
	struct fixture *f = *state;
	struct rte_mbuf *m[8];
	struct dp_pkt_out out[8];
	uint8_t rtp[8][ROOM];
	uint16_t rtp_len[8];
	struct ms_counters c;

	for (int i = 0; i < 8; i++)
		m[i] = from_far_a(f, rtp[i], &rtp_len[i]);
	assert_int_equal(run(f, 0, m, 8, out), 8);
	for (int i = 0; i < 8; i++) {
		const struct rte_ether_hdr *eh = rte_pktmbuf_mtod(m[i], void *);
		const uint8_t *pl;
		uint16_t len;

		assert_int_equal(out[i].action, DP_ACT_TX);
		assert_int_equal(out[i].port, 1);
		assert_memory_equal(&eh->dst_addr, next_hop[1], 6);
		assert_memory_equal(&eh->src_addr, &f->ports[1].mac, 6);
		pl = frame_check(m[i], AF_INET, "10.0.1.1", 30000, "198.51.100.20", 40000,
				 false, &len);
		assert_int_equal(len, rtp_len[i]);
		assert_memory_equal(pl, rtp[i], len);
		/* DSCP is carried across. */
		assert_int_equal(rte_pktmbuf_mtod_offset(m[i], uint8_t *, 15)[0], 0xb8);
		rte_pktmbuf_free(m[i]);
	}
	leg_counters(f, 1, &c);
	assert_int_equal(c.rx_packets, 8);
	assert_int_equal(c.tx_packets, 0);
	leg_counters(f, 2, &c);
	assert_int_equal(c.tx_packets, 8);
	assert_int_equal(f->p.stats[0].rx_packets, 8);
	assert_int_equal(f->p.stats[1].tx_packets, 8);
}

static void test_rtp_to_srtp(void **state)
{
	struct fixture *f = *state;
	struct dp_pkt_out out;
	uint8_t rtp[ROOM], buf[ROOM];
	uint16_t rtp_len = rtp_make(rtp, 0xbeef, 7, 160), len;
	struct rte_mbuf *m = frame(AF_INET, "198.51.100.20", 40000, "10.0.1.1", 30000,
				   rtp, rtp_len);
	const uint8_t *pl;

	assert_int_equal(run(f, 1, &m, 1, &out), 1);
	assert_int_equal(out.port, 0);
	pl = frame_check(m, AF_INET, "10.0.0.1", 10000, "192.0.2.10", 20000, false, &len);
	assert_int_equal(len, rtp_len + 10);	/* the 80-bit tag */
	memcpy(buf, pl, len);
	assert_int_equal(far(f->far_a_rx, DP_SRTP_UNPROTECT_RTP, buf, len), rtp_len);
	assert_memory_equal(buf, rtp, rtp_len);
	rte_pktmbuf_free(m);
}

/*
 * Plain RTP into an SRTP leg fails authentication. An Enforce leg without
 * SRTP contexts neither takes plain RTP nor has any sent to it:
 *   far 192.0.2.5:5000 --RTP--> leg 5 10.0.0.5:5000 (Enforce, no SRTP)
 *   far 198.51.100.6:6000 --RTP--> leg 6 10.0.1.6:6000 (plain) -> leg 5
 */
static void test_enforce_drops_plain(void **state)
{
	struct fixture *f = *state;
	uint8_t rtp[ROOM];
	uint16_t len = rtp_make(rtp, 0xcafe, 1, 160);
	struct ms_counters c;

	expect_drop(f, 0, frame(AF_INET, "192.0.2.10", 20000, "10.0.0.1", 10000, rtp, len),
		    MS_DROP_SRTP_AUTH);
	add_leg(f, leg_msg(5, 6, AF_INET, "10.0.0.5", 5000, "192.0.2.5", 5000,
			   MS_MODE_ENFORCE, MS_LEG_F_RTCP_MUX), 0);
	add_leg(f, leg_msg(6, 5, AF_INET, "10.0.1.6", 6000, "198.51.100.6", 6000,
			   MS_MODE_DISABLED, MS_LEG_F_RTCP_MUX), 1);
	expect_drop(f, 0, frame(AF_INET, "192.0.2.5", 5000, "10.0.0.5", 5000, rtp, len),
		    MS_DROP_PLAIN_ON_ENFORCE);
	expect_drop(f, 1, frame(AF_INET, "198.51.100.6", 6000, "10.0.1.6", 6000, rtp, len),
		    MS_DROP_PLAIN_ON_ENFORCE);
	leg_counters(f, 5, &c);
	assert_int_equal(c.drops.count[MS_DROP_PLAIN_ON_ENFORCE], 1);
	assert_true(c.drops.present & MS_BIT(MS_DROP_PLAIN_ON_ENFORCE));
	assert_int_equal(c.tx_packets, 0);
	leg_counters(f, 6, &c);
	assert_int_equal(c.rx_packets, 1);
	assert_int_equal(c.drops.count[MS_DROP_PLAIN_ON_ENFORCE], 1);
}

static void test_auth_fail(void **state)
{
	struct fixture *f = *state;
	uint8_t rtp[ROOM];
	uint16_t len;
	struct rte_mbuf *m = from_far_a(f, rtp, &len);
	struct ms_counters c;

	rte_pktmbuf_mtod_offset(m, uint8_t *, 14 + 20 + 8 + 20)[0] ^= 0x40;
	expect_drop(f, 0, m, MS_DROP_SRTP_AUTH);
	leg_counters(f, 1, &c);
	assert_int_equal(c.drops.count[MS_DROP_SRTP_AUTH], 1);
	leg_counters(f, 2, &c);
	assert_int_equal(c.tx_packets, 0);
}

static void test_replay(void **state)
{
	struct fixture *f = *state;
	uint8_t rtp[ROOM];
	uint16_t len;
	struct rte_mbuf *m[2];
	struct dp_pkt_out out[2];

	m[0] = from_far_a(f, rtp, &len);
	m[1] = rte_pktmbuf_copy(m[0], pool, 0, UINT32_MAX);
	assert_non_null(m[1]);
	/* Same index twice in one burst: the engine takes the first only. */
	assert_int_equal(run(f, 0, m, 2, out), 1);
	assert_int_equal(out[0].action, DP_ACT_TX);
	assert_int_equal(out[1].reason, MS_DROP_SRTP_REPLAY_DUP);
	rte_pktmbuf_free(m[0]);
	rte_pktmbuf_free(m[1]);
}

static void test_no_leg(void **state)
{
	struct fixture *f = *state;
	uint8_t rtp[ROOM];
	uint16_t len = rtp_make(rtp, 1, 1, 20);

	expect_drop(f, 0, frame(AF_INET, "192.0.2.10", 20000, "10.0.0.1", 10002, rtp, len),
		    MS_DROP_NO_LEG);
	expect_drop(f, 0, frame(AF_INET, "192.0.2.10", 20000, "10.0.0.2", 10000, rtp, len),
		    MS_DROP_NO_LEG);
	expect_drop(f, 0, frame(AF_INET6, "2001:db8::1", 20000, "::ffff:10.0.0.1", 10000,
				rtp, len), MS_DROP_NO_LEG);
}

static void test_bad_source(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[ROOM];
	uint16_t len = rtp_make(buf, 0xcafe, f->seq++, 160);

	len = far(f->far_a_tx, DP_SRTP_PROTECT_RTP, buf, len);
	expect_drop(f, 0, frame(AF_INET, "192.0.2.99", 20000, "10.0.0.1", 10000, buf, len),
		    MS_DROP_BAD_SOURCE);
	expect_drop(f, 0, frame(AF_INET, "192.0.2.10", 20001, "10.0.0.1", 10000, buf, len),
		    MS_DROP_BAD_SOURCE);
}

/* RFC 7983: STUN and DTLS go to the control plane untouched. */
static void test_demux(void **state)
{
	static const struct { uint8_t b0; uint8_t action, reason; } cases[] = {
		{ 0, DP_ACT_PUNT, MS_PACKET_STUN },  { 3, DP_ACT_PUNT, MS_PACKET_STUN },
		{ 20, DP_ACT_PUNT, MS_PACKET_DTLS }, { 22, DP_ACT_PUNT, MS_PACKET_DTLS },
		{ 63, DP_ACT_PUNT, MS_PACKET_DTLS }, { 4, DP_ACT_DROP, MS_DROP_PROTOCOL },
		{ 64, DP_ACT_DROP, MS_DROP_PROTOCOL }, { 127, DP_ACT_DROP, MS_DROP_PROTOCOL },
		{ 192, DP_ACT_DROP, MS_DROP_PROTOCOL },
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t pl[40];
		struct rte_mbuf *m;
		struct dp_pkt_out out;

		memset(pl, 0x55, sizeof(pl));
		pl[0] = cases[i].b0;
		m = frame(AF_INET, "192.0.2.10", 20000, "10.0.0.1", 10000, pl, sizeof(pl));
		assert_int_equal(run(f, 0, &m, 1, &out), 0);
		assert_int_equal(out.action, cases[i].action);
		assert_int_equal(out.reason, cases[i].reason);
		if (out.action == DP_ACT_PUNT) {
			assert_memory_equal(rte_pktmbuf_mtod_offset(m, void *, 42), pl, sizeof(pl));
			/* The control thread learns the leg from the mbuf. */
			assert_int_equal(m->hash.usr, 1);
		}
		rte_pktmbuf_free(m);
	}
	assert_int_equal(f->p.stats[0].punt_packets, 5);
	/* An empty datagram is not media either. */
	expect_drop(f, 0, frame(AF_INET, "192.0.2.10", 20000, "10.0.0.1", 10000, NULL, 0),
		    MS_DROP_PROTOCOL);
}

/* Muxed SRTCP in on leg 1, plain RTCP out of leg 2's RTCP port, and back. */
static void test_rtcp(void **state)
{
	struct fixture *f = *state;
	uint8_t rtcp[ROOM], buf[ROOM];
	uint16_t rtcp_len = rtcp_make(rtcp, 0xcafe, 24), len;
	struct rte_mbuf *m;
	struct dp_pkt_out out;
	const uint8_t *pl;

	memcpy(buf, rtcp, rtcp_len);
	len = far(f->far_a_tx, DP_SRTP_PROTECT_RTCP, buf, rtcp_len);
	m = frame(AF_INET, "192.0.2.10", 20000, "10.0.0.1", 10000, buf, len);
	assert_int_equal(run(f, 0, &m, 1, &out), 1);
	pl = frame_check(m, AF_INET, "10.0.1.1", 30001, "198.51.100.20", 40001, false, &len);
	assert_int_equal(len, rtcp_len);
	assert_memory_equal(pl, rtcp, len);
	rte_pktmbuf_free(m);

	m = frame(AF_INET, "198.51.100.20", 40001, "10.0.1.1", 30001, rtcp, rtcp_len);
	assert_int_equal(run(f, 1, &m, 1, &out), 1);
	pl = frame_check(m, AF_INET, "10.0.0.1", 10000, "192.0.2.10", 20000, false, &len);
	memcpy(buf, pl, len);
	assert_int_equal(far(f->far_a_rx, DP_SRTP_UNPROTECT_RTCP, buf, len), rtcp_len);
	assert_memory_equal(buf, rtcp, rtcp_len);
	rte_pktmbuf_free(m);

	/* RTCP from far B's RTP port is from the wrong source. */
	expect_drop(f, 1, frame(AF_INET, "198.51.100.20", 40000, "10.0.1.1", 30001,
				rtcp, rtcp_len), MS_DROP_BAD_SOURCE);
}

/* With the port's checksum offloads on, the NIC is told, and seeded. */
static void test_tx_offload(void **state)
{
	struct fixture *f = *state;
	uint8_t rtp[ROOM];
	uint16_t len;
	struct rte_mbuf *m = from_far_a(f, rtp, &len);
	struct dp_pkt_out out;
	const uint8_t *ip, *udp;
	uint16_t udp_len;
	uint32_t sum;

	f->ports[1].tx_offloads = RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM;
	assert_int_equal(run(f, 0, &m, 1, &out), 1);
	f->ports[1].tx_offloads = 0;
	assert_int_equal(m->ol_flags & (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
					RTE_MBUF_F_TX_UDP_CKSUM),
			 RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_UDP_CKSUM);
	assert_int_equal(m->l2_len, 14);
	assert_int_equal(m->l3_len, 20);
	ip = rte_pktmbuf_mtod_offset(m, uint8_t *, 14);
	udp = ip + 20;
	assert_int_equal(ip[10] << 8 | ip[11], 0);
	udp_len = udp[4] << 8 | udp[5];
	/* The seed is the folded pseudo-header sum, not complemented. */
	sum = inet_cksum(ip + 12, 8, 0) + IPPROTO_UDP + udp_len;
	assert_int_equal(udp[6] << 8 | udp[7], inet_cksum(NULL, 0, sum));
	rte_pktmbuf_free(m);
}

/*
 * Latching, v6 on one side and v4 + VLAN on the other:
 *   far C [2001:db8::77]:4444 <=SRTP=> [port 0] leg 3 [2001:db8:1::1]:5000 (latch)
 *   far D 198.51.100.30:7000 <--RTP-- [port 1, VLAN 100] leg 4 10.0.1.2:6000
 */
static void test_latch_v6_v4(void **state)
{
	struct fixture *f = *state;
	struct ms_leg c = leg_msg(3, 4, AF_INET6, "2001:db8:1::1", 5000, NULL, 0,
				  MS_MODE_ENFORCE, MS_LEG_F_LATCH | MS_LEG_F_RTCP_MUX);
	struct ms_leg d = leg_msg(4, 3, AF_INET, "10.0.1.2", 6000, "198.51.100.30", 7000,
				  MS_MODE_BEST_EFFORT, 0);
	struct dp_srtp_policy pol;
	struct dp_srtp_ctx *far_c, *far_c_rx;
	uint8_t rtp[ROOM], buf[ROOM];
	uint16_t rtp_len = rtp_make(rtp, 0xc0c0, 1, 160), len;
	struct dp_pkt_out out;
	struct rte_mbuf *m;
	const uint8_t *pl;

	leg_msg_srtp(&c, true, SUITE, KEY_C_IN);
	leg_msg_srtp(&c, false, SUITE, KEY_C_OUT);
	add_leg(f, c, 0);
	add_leg(f, d, 1);
	f->ports[1].vlan = 1;
	f->ports[1].vlan_tci = 100;
	far_policy(&pol, SUITE, KEY_C_IN);
	far_c = ref->ctx_create(&pol);
	far_policy(&pol, SUITE, KEY_C_OUT);
	far_c_rx = ref->ctx_create(&pol);
	assert_non_null(far_c);
	assert_non_null(far_c_rx);

	/* Leg 3 has no remote yet: nothing can go to it. */
	expect_drop(f, 1, frame(AF_INET, "198.51.100.30", 7000, "10.0.1.2", 6000, rtp, rtp_len),
		    MS_DROP_NO_PEER);
	/* A packet that fails authentication latches nothing. */
	memcpy(buf, rtp, rtp_len);
	len = far(far_c, DP_SRTP_PROTECT_RTP, buf, rtp_len);
	buf[len - 1] ^= 1;
	expect_drop(f, 0, frame(AF_INET6, "2001:db8::66", 1, "2001:db8:1::1", 5000, buf, len),
		    MS_DROP_SRTP_AUTH);
	assert_false(dp_leg_remote_known(dp_leg_table_find(f->t, 3)));
	/* The first that does latches. */
	rtp_len = rtp_make(rtp, 0xc0c0, 2, 160);
	memcpy(buf, rtp, rtp_len);
	len = far(far_c, DP_SRTP_PROTECT_RTP, buf, rtp_len);
	m = frame(AF_INET6, "2001:db8::77", 4444, "2001:db8:1::1", 5000, buf, len);
	assert_int_equal(run(f, 0, &m, 1, &out), 1);
	assert_int_equal(out.port, 1);
	pl = frame_check(m, AF_INET, "10.0.1.2", 6000, "198.51.100.30", 7000, true, &len);
	assert_int_equal(rte_pktmbuf_mtod_offset(m, uint8_t *, 15)[0], 100);
	assert_int_equal(len, rtp_len);
	assert_memory_equal(pl, rtp, len);
	rte_pktmbuf_free(m);
	/* Now the other way works, to the latched address. */
	m = frame(AF_INET, "198.51.100.30", 7000, "10.0.1.2", 6000, rtp, rtp_len);
	assert_int_equal(run(f, 1, &m, 1, &out), 1);
	assert_int_equal(out.port, 0);
	pl = frame_check(m, AF_INET6, "2001:db8:1::1", 5000, "2001:db8::77", 4444, false, &len);
	/* Back to the Ethernet address the latching packet came from. */
	assert_memory_equal(rte_pktmbuf_mtod(m, uint8_t *), frame_src_mac, 6);
	memcpy(buf, pl, len);
	assert_int_equal(far(far_c_rx, DP_SRTP_UNPROTECT_RTP, buf, len), rtp_len);
	assert_memory_equal(buf, rtp, rtp_len);
	rte_pktmbuf_free(m);
	/* And other sources are refused. */
	rtp_len = rtp_make(rtp, 0xc0c0, 3, 160);
	memcpy(buf, rtp, rtp_len);
	len = far(far_c, DP_SRTP_PROTECT_RTP, buf, rtp_len);
	expect_drop(f, 0, frame(AF_INET6, "2001:db8::77", 4445, "2001:db8:1::1", 5000, buf, len),
		    MS_DROP_BAD_SOURCE);
	ref->ctx_free(far_c);
	ref->ctx_free(far_c_rx);
}

/* Both directions for every suite, each pair of legs on its own ports. */
static void test_suites(void **state)
{
	static const enum ms_srtp_suite suites[] = {
		MS_SUITE_AES_CM_128_HMAC_SHA1_80, MS_SUITE_AES_CM_128_HMAC_SHA1_32,
		MS_SUITE_AES_256_CM_HMAC_SHA1_80, MS_SUITE_AES_256_CM_HMAC_SHA1_32,
		MS_SUITE_AEAD_AES_128_GCM, MS_SUITE_AEAD_AES_256_GCM,
		MS_SUITE_NULL_HMAC_SHA1_80, MS_SUITE_NULL_HMAC_SHA1_32,
	};
	struct fixture *f = *state;

	for (size_t s = 0; s < sizeof(suites) / sizeof(suites[0]); s++) {
		uint32_t id = 100 + 2 * (uint32_t)s;
		uint16_t lport = (uint16_t)(50000 + 2 * s);
		struct ms_leg a = leg_msg(id, id + 1, AF_INET, "10.0.0.1", lport,
					  "192.0.2.10", 20000, MS_MODE_ENFORCE, MS_LEG_F_RTCP_MUX);
		struct ms_leg b = leg_msg(id + 1, id, AF_INET, "10.0.1.1", lport,
					  "198.51.100.20", 40000, MS_MODE_DISABLED,
					  MS_LEG_F_RTCP_MUX);
		struct dp_srtp_ctx *far_tx, *far_rx;
		struct dp_srtp_policy pol;
		uint8_t rtp[ROOM], buf[ROOM];
		uint16_t rtp_len = rtp_make(rtp, 0x5eed, 1, 160), len;
		struct dp_pkt_out out;
		struct rte_mbuf *m;
		const uint8_t *pl;

		leg_msg_srtp(&a, true, suites[s], KEY_A_IN);
		leg_msg_srtp(&a, false, suites[s], KEY_A_OUT);
		add_leg(f, a, 0);
		add_leg(f, b, 1);
		far_policy(&pol, suites[s], KEY_A_IN);
		far_tx = ref->ctx_create(&pol);
		far_policy(&pol, suites[s], KEY_A_OUT);
		far_rx = ref->ctx_create(&pol);
		assert_non_null(far_tx);
		assert_non_null(far_rx);

		memcpy(buf, rtp, rtp_len);
		len = far(far_tx, DP_SRTP_PROTECT_RTP, buf, rtp_len);
		m = frame(AF_INET, "192.0.2.10", 20000, "10.0.0.1", lport, buf, len);
		if (run(f, 0, &m, 1, &out) != 1)
			fail_msg("%s in: verdict %u", ms_suite_name(suites[s]), out.reason);
		pl = frame_check(m, AF_INET, "10.0.1.1", lport, "198.51.100.20", 40000,
				 false, &len);
		assert_int_equal(len, rtp_len);
		assert_memory_equal(pl, rtp, len);
		rte_pktmbuf_free(m);

		m = frame(AF_INET, "198.51.100.20", 40000, "10.0.1.1", lport, rtp, rtp_len);
		assert_int_equal(run(f, 1, &m, 1, &out), 1);
		pl = frame_check(m, AF_INET, "10.0.0.1", lport, "192.0.2.10", 20000, false, &len);
		memcpy(buf, pl, len);
		assert_int_equal(far(far_rx, DP_SRTP_UNPROTECT_RTP, buf, len), rtp_len);
		assert_memory_equal(buf, rtp, rtp_len);
		rte_pktmbuf_free(m);
		ref->ctx_free(far_tx);
		ref->ctx_free(far_rx);
	}
}

/* A deleted peer stops the relay at once; the table refuses duplicates. */
/* A leg whose next hop is unknown or unresolved is sent nothing. */
static void test_no_neigh(void **state)
{
	struct fixture *f = *state;
	struct ms_leg a = leg_msg(7, 8, AF_INET, "10.0.0.7", 7000, "192.0.2.7", 7000,
				  MS_MODE_DISABLED, MS_LEG_F_RTCP_MUX);
	struct ms_leg b = leg_msg(8, 7, AF_INET, "10.0.1.8", 8000, "198.51.100.8", 8000,
				  MS_MODE_DISABLED, MS_LEG_F_RTCP_MUX);
	struct dp_nh pending = { 0 };
	uint8_t rtp[ROOM];
	uint16_t len = rtp_make(rtp, 7, 1, 20);
	struct dp_leg *leg;
	struct dp_pkt_out out;
	struct rte_mbuf *m;
	struct ms_counters c;

	add_leg(f, a, 0);
	add_leg(f, b, 1);
	leg = dp_leg_table_find(f->t, 8);
	dp_leg_set_nh(leg, NULL);
	expect_drop(f, 0, frame(AF_INET, "192.0.2.7", 7000, "10.0.0.7", 7000, rtp, len),
		    MS_DROP_NO_NEIGH);
	/* Known entry, address not resolved yet (no DP_NH_VALID). */
	dp_leg_set_nh(leg, &pending);
	expect_drop(f, 0, frame(AF_INET, "192.0.2.7", 7000, "10.0.0.7", 7000, rtp, len),
		    MS_DROP_NO_NEIGH);
	leg_counters(f, 7, &c);
	assert_int_equal(c.drops.count[MS_DROP_NO_NEIGH], 2);
	/* Resolved: the entry changes in place, the leg follows. */
	dp_nh_set(&pending, dp_nh_pack(next_hop[0]));
	m = frame(AF_INET, "192.0.2.7", 7000, "10.0.0.7", 7000, rtp, len);
	assert_int_equal(run(f, 0, &m, 1, &out), 1);
	assert_memory_equal(rte_pktmbuf_mtod(m, uint8_t *), next_hop[0], 6);
	rte_pktmbuf_free(m);
	dp_leg_set_nh(leg, NULL);	/* pending dies with this stack frame */
}

/* A UDP frame made into another protocol (ethertype, IP protocol). */
static struct rte_mbuf *not_udp(uint16_t ether_type, uint8_t ip_proto)
{
	uint8_t pl[28] = { 0 };
	struct frame_layout lo;
	struct frame_spec fs = {
		.family = AF_INET, .src = "192.0.2.10", .dst = "10.0.0.1",
		.sport = 1, .dport = 1, .payload = pl, .payload_len = sizeof(pl),
	};
	struct rte_mbuf *m = frame_build(pool, &fs, &lo);
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);

	p[12] = ether_type >> 8;
	p[13] = ether_type & 0xff;
	p[lo.l3 + 9] = ip_proto;
	frame_fix_ip4_cksum(m, lo.l3);
	return m;
}

static void expect_kernel(struct fixture *f, struct rte_mbuf *m)
{
	struct dp_pkt_out out;
	uint64_t before = f->p.stats[0].kernel_packets;

	assert_int_equal(run(f, 0, &m, 1, &out), 0);
	assert_int_equal(out.action, DP_ACT_KERNEL);
	assert_int_equal(f->p.stats[0].kernel_packets, before + 1);
	rte_pktmbuf_free(m);
}

/* With an exception path what is not media goes to the kernel; the rest stays a drop. */
static void test_kernel(void **state)
{
	struct fixture *f = *state;
	uint8_t rtp[ROOM], pl[40] = { 0 };
	uint16_t len = rtp_make(rtp, 1, 1, 20);
	struct frame_layout lo;
	struct frame_spec fs = {
		.family = AF_INET, .src = "192.0.2.10", .dst = "10.0.0.1",
		.sport = 20000, .dport = 10000, .payload = pl, .payload_len = sizeof(pl),
	};
	struct dp_pkt_out out;
	struct rte_mbuf *m;

	/* No exception path: all drops. */
	expect_drop(f, 0, not_udp(RTE_ETHER_TYPE_ARP, IPPROTO_UDP), MS_DROP_PROTOCOL);
	expect_drop(f, 0, frame(AF_INET, "192.0.2.10", 1234, "10.0.0.1", 53, rtp, len),
		    MS_DROP_NO_LEG);
	f->ports[0].exception = 1;
	f->ports[0].media_lo = 10000;
	f->ports[0].media_hi = 10999;
	expect_kernel(f, not_udp(RTE_ETHER_TYPE_ARP, IPPROTO_UDP));
	expect_kernel(f, not_udp(RTE_ETHER_TYPE_IPV4, IPPROTO_ICMP));
	expect_kernel(f, not_udp(RTE_ETHER_TYPE_IPV4, IPPROTO_TCP));
	expect_kernel(f, frame(AF_INET, "192.0.2.10", 1234, "10.0.0.1", 53, rtp, len));
	expect_kernel(f, frame(AF_INET6, "2001:db8::1", 1234, "2001:db8:1::1", 11000, rtp, len));
	/* A media port without a leg, a fragment, a bad checksum: still drops. */
	expect_drop(f, 0, frame(AF_INET, "192.0.2.10", 20000, "10.0.0.1", 10002, rtp, len),
		    MS_DROP_NO_LEG);
	m = frame_build(pool, &fs, &lo);
	rte_pktmbuf_mtod_offset(m, uint8_t *, lo.l3)[6] |= 0x20;	/* MF */
	frame_fix_ip4_cksum(m, lo.l3);
	expect_drop(f, 0, m, MS_DROP_FRAGMENT);
	m = frame_build(pool, &fs, &lo);
	rte_pktmbuf_mtod_offset(m, uint8_t *, lo.l3)[10] ^= 0xff;
	expect_drop(f, 0, m, MS_DROP_IP_CHECKSUM);
	/* Port 1 has no exception path; media on port 0 still flows. */
	expect_drop(f, 1, frame(AF_INET, "198.51.100.20", 40000, "10.0.1.1", 53, rtp, len),
		    MS_DROP_NO_LEG);
	m = from_far_a(f, rtp, &len);
	assert_int_equal(run(f, 0, &m, 1, &out), 1);
	rte_pktmbuf_free(m);
}

static void test_peer_deleted(void **state)
{
	struct fixture *f = *state;
	struct ms_leg dup = leg_msg(9, 0, AF_INET, "10.0.1.1", 30000, "198.51.100.20", 40000,
				    MS_MODE_DISABLED, MS_LEG_F_RTCP_MUX);
	struct dp_leg *leg = dp_leg_create(&dup, 1, native, 1);
	uint8_t rtp[ROOM];
	uint16_t len;

	assert_non_null(leg);
	assert_int_equal(dp_leg_table_add(f->t, leg), -EEXIST);
	dp_leg_free(leg);
	assert_int_equal(dp_leg_table_count(f->t), 2);
	assert_int_equal(dp_leg_table_del(f->t, 2), 0);
	assert_int_equal(dp_leg_table_del(f->t, 2), -ENOENT);
	expect_drop(f, 0, from_far_a(f, rtp, &len), MS_DROP_NO_PEER);
	expect_drop(f, 1, frame(AF_INET, "198.51.100.20", 40000, "10.0.1.1", 30000, rtp, 20),
		    MS_DROP_NO_LEG);
	assert_int_equal(dp_leg_table_reclaim(f->t), 0);
}

/*
 * Memory per leg: the target is 1 KiB with both SRTP contexts (up to 384
 * bytes each with ipsec-mb, tests/unit/srtp test_ctx_budget); the leg itself,
 * with one worker's counters and its own next hop, stays within 320 bytes.
 */
static void test_leg_size(void **state)
{
	(void)state;
	print_message("struct dp_leg + 1 worker: %zu bytes\n", dp_leg_size(1));
	assert_true(dp_leg_size(1) <= 320);
	assert_true(offsetof(struct dp_leg, nh) < 2 * RTE_CACHE_LINE_SIZE);
}

int main(int argc, char **argv)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_srtp_to_rtp),
		T(test_rtp_to_srtp),
		T(test_suites),
		T(test_enforce_drops_plain),
		T(test_auth_fail),
		T(test_replay),
		T(test_no_leg),
		T(test_bad_source),
		T(test_demux),
		T(test_rtcp),
		T(test_tx_offload),
		T(test_latch_v6_v4),
		T(test_no_neigh),
		T(test_kernel),
		T(test_peer_deleted),
		cmocka_unit_test(test_leg_size),
	};
#undef T

	(void)argc;
	native = dp_srtp_engine_find("native");
	ref = dp_srtp_engine_find("libsrtp2");
	pool = test_eal_init(argv[0], "0");
	if (!native || !ref) {
		fprintf(stderr, "set-up failed: SRTP engines unavailable\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
