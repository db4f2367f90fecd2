/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec-dp's control thread (dataplane/control/) over a real
 * NETLINK_USERSOCK socket, from the same process: the test is the client
 * (an autobound socket) and runs dp_ctl_process() itself between sending
 * and reading, so every exchange is deterministic. Real leg table, real
 * SRTP engines, two net_ring ports, and a small dp_ctl_ops of the test's.
 *
 *   client socket --requests--> dp_ctl @ test port --> leg table --> dp_pipeline_run
 *        ^                         |  punt ring <-- crafted STUN/DTLS frames
 *        +------replies, punts-----+  inject --> port 0/1 tx ring (frame checked)
 *
 *   port 0 "outside": 203.0.113.1, fd00::1      port 1 "inside": 198.51.100.1
 *
 * One test runs dp_worker_main on lcore 1 to change legs under traffic.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <cmocka.h>

#include <netlink/msg.h>

#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "dataplane/control/ctl.h"
#include "dataplane/leg.h"
#include "dataplane/leg_table.h"
#include "dataplane/pipeline.h"
#include "dataplane/srtp/srtp.h"
#include "dataplane/worker.h"
#include "lib/nl_msg.h"
#include "ctl_app.h"
#include "ctl_client.h"
#include "frame.h"

#define SUITE		MS_SUITE_AES_CM_128_HMAC_SHA1_80
#define ROOM		2048
#define DAEMON_UID	65532
#define DUMP_LEGS	20000
#define BATCH		500	/* requests per datagram */
#define PLAIN_LEN	(12 + 160)	/* run_one()'s RTP */
#define SRTP_LEN	(PLAIN_LEN + 10)	/* and protected, AES_CM_128_HMAC_SHA1_80 */

static struct rte_mempool *pool;
static struct rte_ring *punt;
static struct dp_leg_table *legs;
static const struct dp_srtp_engine *native;
static struct ms_msg *msg;	/* large: not on the stack */

static struct ms_msg *cmd(uint8_t c)
{
	memset(msg, 0, sizeof(*msg));
	msg->cmd = c;
	return msg;
}

/* A MS_CMD_LEG_NEW for leg id (rtcp-mux, best effort, session id % 10 + 1). */
static struct ms_msg *leg_new(uint32_t id, uint32_t peer, int family, const char *local,
			      uint16_t lport, const char *remote, uint16_t rport)
{
	struct ms_msg *m = cmd(MS_CMD_LEG_NEW);

	m->present = MS_BIT(MS_ATTR_LEG);
	m->leg = leg_msg(id, peer, family, local, lport, remote, rport, MS_MODE_BEST_EFFORT,
			 MS_LEG_F_RTCP_MUX);
	m->leg.present |= MS_BIT(MS_LEG_A_SESSION_ID) | MS_BIT(MS_LEG_A_SIDE);
	m->leg.session_id = id % 10 + 1;
	m->leg.side = MS_SIDE_OUTSIDE;
	if (!peer)
		m->leg.present &= ~MS_BIT(MS_LEG_A_PEER_ID);
	return m;
}

static struct ms_msg *leg_id(uint8_t c, uint32_t id)
{
	struct ms_msg *m = cmd(c);

	m->present = MS_BIT(MS_ATTR_LEG);
	m->leg.present = MS_BIT(MS_LEG_A_ID);
	m->leg.id = id;
	return m;
}

static void keep_leg(const struct ms_msg *m, void *arg)
{
	*(struct ms_leg *)arg = m->leg;
}

/* --- tests -------------------------------------------------------------- */

static void test_leg_lifecycle(void **state)
{
	struct ms_leg got;
	struct replies r;

	(void)state;
	expect_ack(ask(leg_new(1, 2, AF_INET, "203.0.113.1", 20000, "203.0.113.50", 30000),
		       NLM_F_ACK));
	r = ask_with(leg_id(MS_CMD_LEG_GET, 1), 0, (struct replies){ .fn = keep_leg, .arg = &got });
	assert_int_equal(r.data, 1);
	assert_int_equal(got.id, 1);
	assert_int_equal(got.session_id, 2);
	assert_int_equal(got.peer_id, 2);
	assert_int_equal(got.side, MS_SIDE_OUTSIDE);
	assert_int_equal(got.local.port, 20000);
	assert_int_equal(got.remote.port, 30000);
	assert_true(got.present & MS_BIT(MS_LEG_A_COUNTERS));
	assert_int_equal(got.counters.rx_packets, 0);

	expect_error(ask(leg_new(1, 2, AF_INET, "203.0.113.1", 20002, NULL, 0), NLM_F_ACK),
		     -EEXIST, "MS_LEG_A_ID: leg 1 exists");
	expect_error(ask(leg_new(3, 0, AF_INET, "203.0.113.1", 20000, "203.0.113.50", 1),
			 NLM_F_ACK), -EEXIST, "203.0.113.1:20000 is in use by leg 1");
	expect_error(ask(leg_new(3, 0, AF_INET, "198.51.100.99", 20000, "198.51.100.50", 1),
			 NLM_F_ACK), -ENOENT, "198.51.100.99:20000 is not an address of this gateway");
	expect_error(ask(leg_new(3, 0, AF_INET, "203.0.113.1", 20010, NULL, 0), NLM_F_ACK),
		     -EINVAL, "MS_LEG_A_REMOTE: missing");
	app.attach_err = -EHOSTUNREACH;
	expect_error(ask(leg_new(3, 0, AF_INET, "203.0.113.1", 20010, "203.0.113.50", 1),
			 NLM_F_ACK), -EHOSTUNREACH, "leg 3: no next hop");
	app.attach_err = 0;
	assert_int_equal(dp_leg_table_count(legs), 1);

	/* without an id the dataplane picks one and, asked to echo, says which */
	leg_new(0, 0, AF_INET6, "fd00::1", 20020, "fd00::50", 1000);
	msg->leg.present &= ~MS_BIT(MS_LEG_A_ID);
	r = ask_with(msg, NLM_F_ECHO, (struct replies){ .fn = keep_leg, .arg = &got });
	assert_int_equal(r.data, 1);
	assert_int_not_equal(got.id, 0);
	assert_int_equal(got.local.family, AF_INET6);
	expect_ack(ask(leg_id(MS_CMD_LEG_DEL, got.id), NLM_F_ACK));

	expect_error(ask(cmd(MS_CMD_SESSION_NEW), NLM_F_ACK), -EINVAL, "MS_ATTR_SESSION");
	msg->present = MS_BIT(MS_ATTR_SESSION);
	msg->session.present = MS_BIT(MS_SESSION_A_LABEL);
	strcpy(msg->session.label, "call");
	expect_error(ask(msg, NLM_F_ACK), -EOPNOTSUPP,
		     "MS_CMD_SESSION_NEW: not served by mediasec-dp");

	expect_ack(ask(leg_id(MS_CMD_LEG_DEL, 1), NLM_F_ACK));
	expect_error(ask(leg_id(MS_CMD_LEG_GET, 1), 0), -ENOENT, "MS_LEG_A_ID: no leg 1");
	expect_error(ask(leg_id(MS_CMD_LEG_DEL, 1), NLM_F_ACK), -ENOENT, "no leg 1");
	assert_int_equal(dp_leg_table_count(legs), 0);
	assert_int_equal(app.attached, app.detached);
}

static void keep_status(const struct ms_msg *m, void *arg)
{
	*(struct ms_msg *)arg = *m;
}

static void test_status_stats(void **state)
{
	static struct ms_msg got;
	struct replies r;

	(void)state;
	expect_ack(ask(leg_new(5, 0, AF_INET, "203.0.113.1", 20500, "203.0.113.50", 1),
		       NLM_F_ACK));
	r = ask_with(cmd(MS_CMD_STATUS_GET), 0, (struct replies){ .fn = keep_status, .arg = &got });
	assert_int_equal(r.data, 1);
	assert_int_equal(got.status.legs, 1);
	assert_int_equal(got.status.role, MS_ROLE_ADMIN);
	assert_int_equal(got.status.datapaths, MS_STATUS_DP_DPDK);
	assert_true(strlen(got.status.version) > 0);

	r = ask_with(cmd(MS_CMD_STATS_GET), 0, (struct replies){ .fn = keep_status, .arg = &got });
	assert_int_equal(r.data, 1);
	assert_int_equal(got.counters.rx_packets, 10 + 11);
	assert_int_equal(got.counters.tx_packets, 20 + 21);
	assert_int_equal(got.counters.drops.count[MS_DROP_NO_LEG], 6);
	assert_true(got.counters.drops.present & MS_BIT(MS_DROP_NO_LEG));
	assert_false(got.counters.drops.present & MS_BIT(MS_DROP_MALFORMED));

	r = ask_with(leg_id(MS_CMD_STATS_GET, 5), 0,
		     (struct replies){ .fn = keep_status, .arg = &got });
	assert_int_equal(r.data, 1);
	assert_int_equal(got.counters.rx_packets, 0);
	expect_error(ask(leg_id(MS_CMD_STATS_GET, 6), 0), -ENOENT, "no leg 6");
	expect_ack(ask(leg_id(MS_CMD_LEG_DEL, 5), NLM_F_ACK));
}

static void keep_port(const struct ms_msg *m, void *arg)
{
	struct ms_msg *ports = arg;

	assert_true(m->present & MS_BIT(MS_ATTR_PORT_ID));
	assert_true(m->port_id < 2);
	ports[m->port_id] = *m;
}

/* The dump: one message per port (the test app's 0 outside, 1 inside). */
static void test_stats_per_port(void **state)
{
	static struct ms_msg got[2];
	struct replies r;

	(void)state;
	memset(got, 0, sizeof(got));
	r = ask_with(cmd(MS_CMD_STATS_GET), NLM_F_DUMP,
		     (struct replies){ .fn = keep_port, .arg = got });
	assert_int_equal(r.data, 2);
	assert_int_equal(r.done, 1);
	for (uint16_t p = 0; p < 2; p++) {
		assert_int_equal(got[p].port_id, p);
		assert_int_equal(got[p].side, p ? MS_SIDE_INSIDE : MS_SIDE_OUTSIDE);
		assert_int_equal(got[p].counters.rx_packets, 10 + p);
		assert_int_equal(got[p].counters.tx_packets, 20 + p);
		assert_int_equal(got[p].counters.drops.count[MS_DROP_NO_LEG], 3);
		assert_true(got[p].counters.drops.present & MS_BIT(MS_DROP_NO_LEG));
	}
	expect_error(ask(leg_id(MS_CMD_STATS_GET, 5), NLM_F_DUMP), -EINVAL,
		     "per port, not of one leg");
}

struct seen {
	uint8_t *count;		/* per leg id */
	unsigned int n;
	uint32_t generation;
	bool session;
	uint32_t session_id;
};

static void see_leg(const struct ms_msg *m, void *arg)
{
	struct seen *s = arg;

	assert_true(m->present & MS_BIT(MS_ATTR_GENERATION));
	assert_true(m->leg.id >= 1000 && m->leg.id < 1000 + DUMP_LEGS);
	assert_false(m->leg.in.present & MS_BIT(MS_SRTP_A_KEYS));
	if (s->session)
		assert_int_equal(m->leg.session_id, s->session_id);
	s->generation = m->generation;
	s->count[m->leg.id - 1000]++;
	s->n++;
}

static struct ms_msg *leg_dump_request(void *arg)
{
	const struct seen *s = arg;
	struct ms_msg *m = cmd(MS_CMD_LEG_GET);

	if (s->session) {
		m->present = MS_BIT(MS_ATTR_LEG);
		m->leg.present = MS_BIT(MS_LEG_A_SESSION_ID);
		m->leg.session_id = s->session_id;
	}
	return m;
}

/* A whole dump, following the cursors; returns the number of parts. */
static unsigned int dump(struct seen *s)
{
	return dump_all(leg_dump_request, s, (struct replies){ .fn = see_leg, .arg = s });
}

/* Batched requests: BATCH per datagram, every one answered. */
static void batch(uint8_t c, bool create)
{
	static uint8_t buf[BATCH * 256];

	for (uint32_t i = 0; i < DUMP_LEGS; i += BATCH) {
		struct replies r = { 0 };
		size_t off = 0;

		for (uint32_t j = i; j < i + BATCH; j++) {
			char a[32];

			snprintf(a, sizeof(a), "203.0.113.%u", 100 + j % 100);
			if (create)
				leg_new(1000 + j, 0, AF_INET, "203.0.113.1",
					(uint16_t)(30000 + j), a, 4000);
			else
				leg_id(c, 1000 + j);
			put_req(buf, &off, msg, NLM_F_ACK, j);
		}
		send_raw(cli, buf, off);
		dp_ctl_process(ctl);
		collect(cli, &r);
		assert_int_equal(r.errors, 0);
		assert_int_equal(r.acks, BATCH);
	}
}

static void test_dump(void **state)
{
	uint8_t *count = calloc(DUMP_LEGS, 1);
	struct seen s = { .count = count };
	struct timespec t0, t1;
	unsigned int parts;
	struct replies r;
	double ns;

	(void)state;
	assert_non_null(count);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	batch(MS_CMD_LEG_NEW, true);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* a figure for the log, not a verdict: sanitizers and load move it */
	ns = (double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec);
	print_message("%d legs created in batches of %d: %.0f legs/s\n", DUMP_LEGS, BATCH,
		      DUMP_LEGS / (ns / 1e9));
	assert_int_equal(dp_leg_table_count(legs), DUMP_LEGS);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	parts = dump(&s);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = (double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec);
	print_message("%d legs dumped in %u parts: %.0f legs/s\n", DUMP_LEGS, parts,
		      DUMP_LEGS / (ns / 1e9));
	assert_true(parts > 5);		/* the reply buffer holds far fewer legs */
	assert_int_equal(s.n, DUMP_LEGS);
	for (int i = 0; i < DUMP_LEGS; i++)
		assert_int_equal(count[i], 1);
	assert_int_equal(s.generation, dp_leg_table_generation(legs));

	memset(count, 0, DUMP_LEGS);
	s = (struct seen){ .count = count, .session = true, .session_id = 3 };
	dump(&s);
	assert_int_equal(s.n, DUMP_LEGS / 10);
	for (int i = 0; i < DUMP_LEGS; i++)
		assert_int_equal(count[i], (1000 + i) % 10 + 1 == 3);

	/* a cursor past the table ends the dump; one beyond 32 bits is refused */
	cmd(MS_CMD_LEG_GET)->present = MS_BIT(MS_ATTR_DUMP_CURSOR);
	msg->dump_cursor = UINT32_MAX;
	r = ask(msg, NLM_F_DUMP);
	assert_int_equal(r.data, 0);
	assert_int_equal(r.done, 1);
	cmd(MS_CMD_LEG_GET)->present = MS_BIT(MS_ATTR_DUMP_CURSOR);
	msg->dump_cursor = 1ULL << 32;
	expect_error(ask(msg, NLM_F_DUMP), -EINVAL, "MS_ATTR_DUMP_CURSOR");

	batch(MS_CMD_LEG_DEL, false);
	assert_int_equal(dp_leg_table_count(legs), 0);
	memset(count, 0, DUMP_LEGS);
	s = (struct seen){ .count = count };
	assert_int_equal(dump(&s), 1);
	assert_int_equal(s.n, 0);
	free(count);
}

/*
 * A datagram from far A (203.0.113.60:40000) to 203.0.113.1:21000 through
 * the pipeline: its verdict in out, the frame (rewritten when relayed) for
 * the caller to check and free.
 */
static struct rte_mbuf *from_far_a(struct dp_pipeline *p, const uint8_t *payload,
				   uint16_t len, struct dp_pkt_out *out)
{
	struct frame_spec fs = {
		.family = AF_INET, .src = "203.0.113.60", .sport = 40000,
		.dst = "203.0.113.1", .dport = 21000, .payload = payload,
		.payload_len = len,
	};
	struct rte_mbuf *m = frame_build(pool, &fs, NULL);

	dp_pipeline_run(p, rp.port[0], &m, 1, out);
	return m;
}

/*
 * One SRTP packet from far A protected with far_tx (NULL: the last one
 * again) through the pipeline: 0 when relayed to leg 101's remote with a
 * datagram of out_len bytes, else the drop reason.
 */
static uint16_t run_one(struct dp_pipeline *p, struct dp_srtp_ctx *far_tx, uint16_t seq,
			uint16_t out_len)
{
	const struct dp_srtp_engine *ref = dp_srtp_engine_find("libsrtp2");
	static uint8_t buf[ROOM];
	static struct dp_srtp_pkt sp = { .data = buf, .room = ROOM };
	struct dp_pkt_out out;
	struct rte_mbuf *m;
	uint8_t v;

	if (far_tx) {
		sp.ctx = far_tx;
		sp.len = rtp_make(buf, 0xfeed, seq, 160);
		assert_int_equal(ref->burst(DP_SRTP_PROTECT_RTP, &sp, 1, &v), 1);
	}
	m = from_far_a(p, buf, (uint16_t)sp.len, &out);
	if (out.action == DP_ACT_TX) {
		uint16_t len;

		frame_check(m, AF_INET, "198.51.100.1", 21000, "198.51.100.60", 41000, false,
			    &len);
		assert_int_equal(len, out_len);
	}
	rte_pktmbuf_free(m);
	return out.action == DP_ACT_TX ? 0 : out.reason;
}

static struct dp_srtp_ctx *far_ctx(uint8_t key_byte)
{
	const struct dp_srtp_engine *ref = dp_srtp_engine_find("libsrtp2");
	struct dp_srtp_policy pol;
	struct dp_srtp_ctx *c;

	far_policy(&pol, SUITE, key_byte);
	c = ref->ctx_create(&pol);
	assert_non_null(c);
	return c;
}

static void test_set_swaps_keys(void **state)
{
	const struct dp_srtp_engine *ref = dp_srtp_engine_find("libsrtp2");
	struct dp_port_conf *ports = calloc(DP_PORTS_MAX, sizeof(*ports));
	struct dp_pipeline *p = rte_zmalloc(NULL, sizeof(*p), RTE_CACHE_LINE_SIZE);
	struct dp_srtp_ctx *old_key, *new_key;
	struct ms_srtp_dir sent;
	struct dp_leg *b;
	struct ms_leg got;

	(void)state;
	assert_non_null(ports);
	assert_non_null(p);
	assert_int_equal(ref->thread_init(), 0);
	assert_int_equal(dp_pipeline_init(p, legs, native, ports, 0), 0);
	old_key = far_ctx(0x11);
	new_key = far_ctx(0x33);

	leg_new(100, 101, AF_INET, "203.0.113.1", 21000, "203.0.113.60", 40000);
	leg_msg_srtp(&msg->leg, true, SUITE, 0x11);
	expect_ack(ask(msg, NLM_F_ACK));
	expect_ack(ask(leg_new(101, 100, AF_INET, "198.51.100.1", 21000, "198.51.100.60", 41000),
		       NLM_F_ACK));
	b = dp_leg_table_find(legs, 101);
	assert_int_equal(run_one(p, old_key, 1, PLAIN_LEN), 0);
	assert_int_equal(run_one(p, new_key, 2, PLAIN_LEN), MS_DROP_SRTP_AUTH);

	/* new inbound key; the peer stays the same leg, paired to the new one */
	leg_id(MS_CMD_LEG_SET, 100);
	leg_msg_srtp(&msg->leg, true, SUITE, 0x33);
	sent = msg->leg.in;
	expect_ack(ask(msg, NLM_F_ACK));
	assert_ptr_equal(dp_leg_table_find(legs, 101), b);
	assert_ptr_equal(dp_leg_peer(b), dp_leg_table_find(legs, 100));
	assert_int_equal(run_one(p, new_key, 3, PLAIN_LEN), 0);
	assert_int_equal(run_one(p, old_key, 4, PLAIN_LEN), MS_DROP_SRTP_AUTH);

	/* a change of mode alone keeps the context, its keys and its replay state */
	leg_id(MS_CMD_LEG_SET, 100);
	msg->leg.present |= MS_BIT(MS_LEG_A_MODE);
	msg->leg.mode = MS_MODE_ENFORCE;
	expect_ack(ask(msg, NLM_F_ACK));
	assert_int_equal(run_one(p, new_key, 5, PLAIN_LEN), 0);
	assert_int_equal(run_one(p, NULL, 0, PLAIN_LEN), MS_DROP_SRTP_REPLAY_DUP);
	ask_with(leg_id(MS_CMD_LEG_GET, 100), 0, (struct replies){ .fn = keep_leg, .arg = &got });
	assert_int_equal(got.mode, MS_MODE_ENFORCE);
	assert_int_equal(got.remote.port, 40000);
	assert_int_equal(got.in.suite, SUITE);
	assert_false(got.in.present & MS_BIT(MS_SRTP_A_KEYS));
	assert_int_equal(got.counters.rx_packets, 2);	/* counters restart with a SET */

	/* ... and the keys it was given, for the daemon that asks (MS_GET_F_KEYS) */
	leg_id(MS_CMD_LEG_GET, 100);
	msg->present |= MS_BIT(MS_ATTR_GET_FLAGS);
	msg->get_flags = MS_GET_F_KEYS;
	ask_with(msg, 0, (struct replies){ .fn = keep_leg, .arg = &got });
	assert_true(got.in.present & MS_BIT(MS_SRTP_A_KEYS));
	assert_int_equal(got.in.suite, SUITE);
	assert_int_equal(got.in.nkeys, 1);
	assert_int_equal(got.in.keys[0].key_len, sent.keys[0].key_len);
	assert_memory_equal(got.in.keys[0].key, sent.keys[0].key, sent.keys[0].key_len);
	assert_int_equal(got.in.keys[0].salt_len, sent.keys[0].salt_len);
	assert_memory_equal(got.in.keys[0].salt, sent.keys[0].salt, sent.keys[0].salt_len);
	assert_false(got.present & MS_BIT(MS_LEG_A_SRTP_OUT));
	ms_nl_srtp_dir_clear(&got.in);

	/* KEY_SET is a SET of keys alone */
	leg_id(MS_CMD_KEY_SET, 100);
	leg_msg_srtp(&msg->leg, true, SUITE, 0x11);
	expect_ack(ask(msg, NLM_F_ACK));
	assert_int_equal(run_one(p, old_key, 6, PLAIN_LEN), 0);

	expect_error(ask(leg_id(MS_CMD_LEG_SET, 7), NLM_F_ACK), -EINVAL, "MS_CMD_LEG_SET");
	leg_id(MS_CMD_LEG_SET, 7);
	msg->leg.present |= MS_BIT(MS_LEG_A_MODE);
	msg->leg.mode = MS_MODE_ENFORCE;
	expect_error(ask(msg, NLM_F_ACK), -ENOENT, "no leg 7");

	expect_ack(ask(leg_id(MS_CMD_LEG_DEL, 100), NLM_F_ACK));
	expect_ack(ask(leg_id(MS_CMD_LEG_DEL, 101), NLM_F_ACK));
	ref->ctx_free(old_key);
	ref->ctx_free(new_key);
	rte_free(p);
	free(ports);
}

/* An SRTP direction with its suite and without keys: DTLS-SRTP's, pending. */
static void srtp_pending(struct ms_leg *ml, bool in)
{
	ml->present |= MS_BIT(in ? MS_LEG_A_SRTP_IN : MS_LEG_A_SRTP_OUT);
	*(in ? &ml->in : &ml->out) = (struct ms_srtp_dir){
		.present = MS_BIT(MS_SRTP_A_SUITE), .suite = SUITE,
	};
}

/*
 * DTLS-SRTP: legs whose keys are pending are taken; STUN and DTLS for them
 * are punted, media is dropped as keys-pending while either the receiving
 * leg's inbound or its peer's outbound keys are missing (a LEG_SET keeps
 * them missing), and flows once KEY_SET has brought both.
 */
static void test_keys_pending(void **state)
{
	static const struct {
		uint8_t first;
		enum ms_packet_kind kind;
	} handshake[] = { { 0x00, MS_PACKET_STUN }, { 22, MS_PACKET_DTLS } };
	struct dp_port_conf *ports = calloc(DP_PORTS_MAX, sizeof(*ports));
	struct dp_pipeline *p = rte_zmalloc(NULL, sizeof(*p), RTE_CACHE_LINE_SIZE);
	struct dp_srtp_ctx *far_key;
	uint8_t hello[24] = { 0 };
	struct dp_pkt_out out;
	struct ms_leg got;

	(void)state;
	assert_non_null(ports);
	assert_non_null(p);
	assert_int_equal(dp_pipeline_init(p, legs, native, ports, 0), 0);
	far_key = far_ctx(0x44);

	leg_new(110, 111, AF_INET, "203.0.113.1", 21000, "203.0.113.60", 40000);
	srtp_pending(&msg->leg, true);
	expect_ack(ask(msg, NLM_F_ACK));
	leg_new(111, 110, AF_INET, "198.51.100.1", 21000, "198.51.100.60", 41000);
	srtp_pending(&msg->leg, false);
	expect_ack(ask(msg, NLM_F_ACK));
	ask_with(leg_id(MS_CMD_LEG_GET, 110), 0, (struct replies){ .fn = keep_leg, .arg = &got });
	assert_true(got.present & MS_BIT(MS_LEG_A_SRTP_IN));
	assert_int_equal(got.in.suite, SUITE);

	for (unsigned int k = 0; k < sizeof(handshake) / sizeof(handshake[0]); k++) {
		struct rte_mbuf *m;

		hello[0] = handshake[k].first;
		m = from_far_a(p, hello, sizeof(hello), &out);
		assert_int_equal(out.action, DP_ACT_PUNT);
		assert_int_equal(out.reason, handshake[k].kind);
		assert_int_equal(m->hash.usr, 110);
		rte_pktmbuf_free(m);
	}
	assert_int_equal(run_one(p, far_key, 1, SRTP_LEN), MS_DROP_KEYS_PENDING);

	leg_id(MS_CMD_LEG_SET, 110);
	msg->leg.present |= MS_BIT(MS_LEG_A_FLAGS);
	msg->leg.flags = MS_LEG_F_RTCP_MUX | MS_LEG_F_EMERGENCY;
	expect_ack(ask(msg, NLM_F_ACK));
	assert_int_equal(run_one(p, far_key, 2, SRTP_LEN), MS_DROP_KEYS_PENDING);
	ask_with(leg_id(MS_CMD_LEG_GET, 110), 0, (struct replies){ .fn = keep_leg, .arg = &got });
	assert_int_equal(got.counters.drops.count[MS_DROP_KEYS_PENDING], 1);

	/* A's inbound keys: B's outbound ones are still missing */
	leg_id(MS_CMD_KEY_SET, 110);
	leg_msg_srtp(&msg->leg, true, SUITE, 0x44);
	expect_ack(ask(msg, NLM_F_ACK));
	assert_int_equal(run_one(p, far_key, 3, SRTP_LEN), MS_DROP_KEYS_PENDING);
	leg_id(MS_CMD_KEY_SET, 111);
	leg_msg_srtp(&msg->leg, false, SUITE, 0x55);
	expect_ack(ask(msg, NLM_F_ACK));
	/* unprotected with A's keys, relayed protected with B's */
	assert_int_equal(run_one(p, far_key, 4, SRTP_LEN), 0);
	assert_int_equal(p->stats[rp.port[0]].drops[MS_DROP_KEYS_PENDING], 3);
	assert_int_equal(p->stats[rp.port[0]].punt_packets, 2);

	expect_ack(ask(leg_id(MS_CMD_LEG_DEL, 110), NLM_F_ACK));
	expect_ack(ask(leg_id(MS_CMD_LEG_DEL, 111), NLM_F_ACK));
	dp_srtp_engine_find("libsrtp2")->ctx_free(far_key);
	rte_free(p);
	free(ports);
}

/*
 * LEG_SET and LEG_NEW/DEL under traffic: a generator thread keeps port 0's
 * rx ring fed for A and C, the worker on lcore 1 relays, and the test sets
 * A (flags) and B (mode, B is where A's traffic goes) and adds and deletes
 * a stranger leg, over and over. A swap is one atomic store per entry, so
 * no packet may find no leg or no peer: every one arrives.
 *
 *   203.0.113.61:40000 -> A 203.0.113.1:22000 => B 198.51.100.1:22000 -> 198.51.100.61:41000
 *   203.0.113.62:40000 -> C 203.0.113.1:23000 => D 198.51.100.1:23000 -> 198.51.100.62:43000
 */
#define TRAFFIC	20000	/* packets for each of A and C */

static void *generate(void *arg)
{
	unsigned int *sent = arg;
	uint8_t rtp[ROOM];

	for (unsigned int i = 0; i < 2 * TRAFFIC; i++) {
		struct frame_spec fs = {
			.family = AF_INET, .src = i & 1 ? "203.0.113.62" : "203.0.113.61",
			.sport = 40000, .dst = "203.0.113.1", .dport = i & 1 ? 23000 : 22000,
			.payload = rtp, .payload_len = rtp_make(rtp, i & 1, (uint16_t)(i / 2), 160),
		};
		struct rte_mbuf *m;

		/* the test drains port 1 between requests: never outrun it */
		while (rte_ring_count(rp.rx[0]) > 64 || rte_ring_count(rp.tx[1]) > 512 ||
		       rte_mempool_avail_count(pool) < 256)
			usleep(10);
		m = frame_build(pool, &fs, NULL);
		while (rte_ring_enqueue(rp.rx[0], m))
			usleep(10);
		__atomic_store_n(sent, i + 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* Take what port 1 sent, by the remote's port. */
static unsigned int receive(unsigned int *to_b, unsigned int *to_d)
{
	struct rte_mbuf *m[64];
	unsigned int n = rte_ring_dequeue_burst(rp.tx[1], (void **)m, 64, NULL);

	for (unsigned int i = 0; i < n; i++) {
		const uint8_t *udp = rte_pktmbuf_mtod_offset(m[i], const uint8_t *, 14 + 20);
		uint16_t dport = (uint16_t)(udp[2] << 8 | udp[3]);

		*to_b += dport == 41000;
		*to_d += dport == 43000;
	}
	rte_pktmbuf_free_bulk(m, n);
	return n;
}

static void test_changes_under_traffic(void **state)
{
	struct dp_port_conf *ports = calloc(DP_PORTS_MAX, sizeof(*ports));
	struct dp_worker *w = rte_zmalloc(NULL, sizeof(*w), RTE_CACHE_LINE_SIZE);
	unsigned int to_b = 0, to_d = 0, sent = 0, r = 0;
	pthread_t gen;

	(void)state;
	assert_non_null(ports);
	assert_non_null(w);
	expect_ack(ask(leg_new(200, 201, AF_INET, "203.0.113.1", 22000, "203.0.113.61", 40000),
		       NLM_F_ACK));
	expect_ack(ask(leg_new(201, 200, AF_INET, "198.51.100.1", 22000, "198.51.100.61", 41000),
		       NLM_F_ACK));
	expect_ack(ask(leg_new(202, 203, AF_INET, "203.0.113.1", 23000, "203.0.113.62", 40000),
		       NLM_F_ACK));
	expect_ack(ask(leg_new(203, 202, AF_INET, "198.51.100.1", 23000, "198.51.100.62", 43000),
		       NLM_F_ACK));
	w->n_rxq = 1;
	w->rxq[0].port = rp.port[0];
	w->legs = legs;
	w->engine = native;
	w->ports = ports;
	assert_int_equal(rte_eal_remote_launch(dp_worker_main, w, 1), 0);
	assert_int_equal(pthread_create(&gen, NULL, generate, &sent), 0);

	for (; __atomic_load_n(&sent, __ATOMIC_ACQUIRE) < 2 * TRAFFIC; r++) {
		leg_id(MS_CMD_LEG_SET, 200);
		msg->leg.present |= MS_BIT(MS_LEG_A_FLAGS);
		msg->leg.flags = MS_LEG_F_RTCP_MUX | (r & 1 ? MS_LEG_F_EMERGENCY : 0);
		expect_ack(ask(msg, NLM_F_ACK));
		receive(&to_b, &to_d);
		leg_id(MS_CMD_LEG_SET, 201);
		msg->leg.present |= MS_BIT(MS_LEG_A_MODE);
		msg->leg.mode = r & 1 ? MS_MODE_DISABLED : MS_MODE_BEST_EFFORT;
		expect_ack(ask(msg, NLM_F_ACK));
		receive(&to_b, &to_d);
		expect_ack(ask(leg_new(300 + r, 0, AF_INET, "203.0.113.1",
				       (uint16_t)(24000 + r % 1000), "203.0.113.63", 1), NLM_F_ACK));
		if (r)
			expect_ack(ask(leg_id(MS_CMD_LEG_DEL, 300 + r - 1), NLM_F_ACK));
		dp_ctl_punt_drain(ctl);		/* the round's reclaim */
		receive(&to_b, &to_d);
	}
	assert_int_equal(pthread_join(gen, NULL), 0);
	for (int t = 0; t < 2000 && to_b + to_d < 2 * TRAFFIC; t++)
		if (!receive(&to_b, &to_d))
			usleep(1000);
	__atomic_store_n(&w->stop, 1, __ATOMIC_RELAXED);
	assert_int_equal(rte_eal_wait_lcore(1), 0);
	print_message("%u rounds of changes under %u packets\n", r, 2 * TRAFFIC);
	for (int d = 1; d < __MS_DROP_MAX; d++)
		if (w->p.stats[rp.port[0]].drops[d] || w->p.stats[rp.port[1]].drops[d])
			print_message("dropped: reason %d: %llu\n", d,
				      (unsigned long long)(w->p.stats[rp.port[0]].drops[d] +
							   w->p.stats[rp.port[1]].drops[d]));
	assert_true(r > 10);
	assert_int_equal(to_b, TRAFFIC);
	assert_int_equal(to_d, TRAFFIC);
	assert_ptr_equal(dp_leg_peer(dp_leg_table_find(legs, 200)), dp_leg_table_find(legs, 201));
	assert_ptr_equal(dp_leg_peer(dp_leg_table_find(legs, 201)), dp_leg_table_find(legs, 200));
	for (uint32_t id = 200; id <= 203; id++)
		expect_ack(ask(leg_id(MS_CMD_LEG_DEL, id), NLM_F_ACK));
	expect_ack(ask(leg_id(MS_CMD_LEG_DEL, 300 + r - 1), NLM_F_ACK));
	assert_int_equal(dp_leg_table_count(legs), 0);
	rte_free(w);
	free(ports);
}

/* In a child: become uid, send cmd, expect error (0: a data reply). */
static int child_asks(uid_t uid, uint8_t c, int error, const char *words)
{
	struct timeval tv = { 5, 0 };
	struct replies r = { 0 };
	int fd = client_open();
	static uint8_t buf[MS_NL_MSG_MAX];
	size_t off = 0;
	fd_set fds;

	if (setuid(uid))
		return 10;
	leg_id(c, 1);
	put_req(buf, &off, msg, NLM_F_ACK, 9);
	send_raw(fd, buf, off);
	FD_ZERO(&fds);
	FD_SET(fd, &fds);
	if (select(fd + 1, &fds, NULL, NULL, &tv) != 1)
		return 11;
	collect(fd, &r);
	if (error)
		return r.error == error && strstr(r.text, words) ? 0 : 12;
	return r.errors == 0 && r.data == 1 ? 0 : 13;
}

static void run_child(uid_t uid, uint8_t c, int error, const char *words)
{
	pid_t pid = fork();
	int status = -1;

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child_asks(uid, c, error, words));
	/* serve until the child is done */
	while (waitpid(pid, &status, WNOHANG) == 0) {
		dp_ctl_process(ctl);
		usleep(1000);
	}
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_nonroot(void **state)
{
	(void)state;
	if (geteuid() != 0) {
		print_message("needs root to become uid 65534 and %d\n", DAEMON_UID);
		skip();
	}
	expect_ack(ask(leg_new(1, 0, AF_INET, "203.0.113.1", 20000, "203.0.113.50", 1),
		       NLM_F_ACK));
	run_child(65534, MS_CMD_LEG_DEL, -EPERM,
		  "MS_CMD_LEG_DEL: permission denied: needs role operator, uid 65534 has none");
	run_child(65534, MS_CMD_LEG_GET, -EPERM, "MS_CMD_LEG_GET: permission denied");
	assert_non_null(dp_leg_table_find(legs, 1));
	/* the configured daemon uid is admin */
	run_child(DAEMON_UID, MS_CMD_LEG_GET, 0, NULL);
	expect_ack(ask(leg_id(MS_CMD_LEG_DEL, 1), NLM_F_ACK));
}

static void test_malformed(void **state)
{
	static uint8_t buf[MS_NL_MSG_MAX];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct replies r;
	struct dp_leg *leg;
	size_t off = 0;

	(void)state;
	/* cut short: the header claims more than arrived */
	put_req(buf, &off, leg_new(1, 0, AF_INET, "203.0.113.1", 20000, "203.0.113.50", 1),
		NLM_F_ACK, 1);
	send_raw(cli, buf, off - 8);
	dp_ctl_process(ctl);
	r = (struct replies){ 0 };
	collect(cli, &r);
	expect_error(r, -EINVAL, "bytes arrived");

	/* a datagram shorter than a header is dropped, and stalls nothing */
	send_raw(cli, buf, 4);
	expect_ack(ask(leg_new(1, 0, AF_INET, "203.0.113.1", 20000, "203.0.113.50", 1),
		       NLM_F_ACK));
	expect_ack(ask(leg_id(MS_CMD_LEG_DEL, 1), NLM_F_ACK));

	/* a header without a genl header */
	*nlh = (struct nlmsghdr){ .nlmsg_len = NLMSG_HDRLEN, .nlmsg_type = MS_NL_USERSOCK_TYPE,
				  .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK, .nlmsg_seq = 2 };
	send_raw(cli, buf, NLMSG_HDRLEN);
	dp_ctl_process(ctl);
	r = (struct replies){ 0 };
	collect(cli, &r);
	assert_int_equal(r.errors, 1);

	/* every byte of a request flipped in turn: refused or served, never a crash */
	off = 0;
	put_req(buf, &off, leg_new(1, 0, AF_INET, "203.0.113.1", 20000, "203.0.113.50", 1),
		NLM_F_ACK, 3);
	for (size_t i = NLMSG_HDRLEN; i < off; i++) {
		buf[i] ^= 0xff;
		send_raw(cli, buf, off);
		dp_ctl_process(ctl);
		r = (struct replies){ 0 };
		collect(cli, &r);
		assert_int_equal(r.errors + r.acks, 1);
		buf[i] ^= 0xff;
		/* a flip in the id or the port makes another leg: take it away */
		for (uint32_t pos = 0; (leg = dp_leg_table_next(legs, &pos)); pos = 0)
			expect_ack(ask(leg_id(MS_CMD_LEG_DEL, leg->id), NLM_F_ACK));
	}
	/* and the server still serves */
	expect_ack(ask(leg_new(1, 0, AF_INET, "203.0.113.1", 20000, "203.0.113.50", 1),
		       NLM_F_ACK));
	expect_ack(ask(leg_id(MS_CMD_LEG_DEL, 1), NLM_F_ACK));
}

struct punted {
	unsigned int n;
	struct ms_packet p[4];
	uint8_t data[4][64];
};

static void keep_punt(const struct ms_msg *m, void *arg)
{
	struct punted *pu = arg;

	assert_int_equal(m->cmd, MS_CMD_PUNT);
	assert_true(pu->n < 4);
	pu->p[pu->n] = m->packet;
	assert_true(m->packet.data_len <= sizeof(pu->data[0]));
	memcpy(pu->data[pu->n], m->packet.data, m->packet.data_len);
	pu->n++;
}

static struct rte_mbuf *punt_frame(uint8_t first, uint32_t leg)
{
	uint8_t payload[20];
	struct frame_spec fs = {
		.family = AF_INET, .src = "203.0.113.77", .sport = 3478,
		.dst = "203.0.113.1", .dport = 20000, .payload = payload,
		.payload_len = sizeof(payload),
	};
	struct rte_mbuf *m;

	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(first + i);
	m = frame_build(pool, &fs, NULL);
	m->hash.usr = leg;
	return m;
}

static void test_punt(void **state)
{
	struct punted pu = { 0 };
	struct dp_ctl_stats st;
	struct replies r = { .fn = keep_punt, .arg = &pu };

	(void)state;
	dp_ctl_stats_get(ctl, &st);
	assert_int_equal(st.punt_sent, 0);
	/* nobody subscribed: counted as lost */
	assert_int_equal(rte_ring_enqueue(punt, punt_frame(0x00, 41)), 0);
	dp_ctl_punt_drain(ctl);
	dp_ctl_stats_get(ctl, &st);
	assert_int_equal(st.punt_lost, 1);

	expect_ack(ask(cmd(MS_CMD_EVENT_SUBSCRIBE), NLM_F_ACK));
	assert_int_equal(rte_ring_enqueue(punt, punt_frame(0x00, 42)), 0);	/* STUN */
	assert_int_equal(rte_ring_enqueue(punt, punt_frame(22, 43)), 0);	/* DTLS */
	assert_int_equal(rte_ring_enqueue(punt, punt_frame(0x80, 44)), 0);	/* RTP: not ours */
	dp_ctl_punt_drain(ctl);
	collect(cli, &r);
	assert_int_equal(pu.n, 2);
	assert_int_equal(pu.p[0].leg_id, 42);
	assert_int_equal(pu.p[0].kind, MS_PACKET_STUN);
	assert_int_equal(pu.p[1].leg_id, 43);
	assert_int_equal(pu.p[1].kind, MS_PACKET_DTLS);
	for (unsigned int k = 0; k < 2; k++) {
		uint8_t a[4];

		inet_pton(AF_INET, "203.0.113.77", a);
		assert_int_equal(pu.p[k].remote.family, AF_INET);
		assert_memory_equal(pu.p[k].remote.in4, a, 4);
		assert_int_equal(pu.p[k].remote.port, 3478);
		assert_int_equal(pu.p[k].data_len, 20);
		for (int i = 0; i < 20; i++)
			assert_int_equal(pu.data[k][i], (uint8_t)((k ? 22 : 0) + i));
	}
	dp_ctl_stats_get(ctl, &st);
	assert_int_equal(st.punt_sent, 2);
	assert_int_equal(st.punt_lost, 2);
	assert_int_equal(rte_ring_count(punt), 0);

	/* an empty mask unsubscribes */
	cmd(MS_CMD_EVENT_SUBSCRIBE)->present = MS_BIT(MS_ATTR_EVENT_MASK);
	expect_ack(ask(msg, NLM_F_ACK));
	assert_int_equal(rte_ring_enqueue(punt, punt_frame(0x01, 45)), 0);
	dp_ctl_punt_drain(ctl);
	dp_ctl_stats_get(ctl, &st);
	assert_int_equal(st.punt_lost, 3);
}

static struct ms_msg *inject(uint32_t leg, int family, const char *to, uint16_t tport,
			     const uint8_t *data, uint32_t len)
{
	struct ms_msg *m = cmd(MS_CMD_INJECT);

	m->present = MS_BIT(MS_ATTR_PACKET);
	m->packet = (struct ms_packet){
		.present = MS_BIT(MS_PACKET_A_LEG_ID) | MS_BIT(MS_PACKET_A_KIND) |
			   MS_BIT(MS_PACKET_A_REMOTE) | MS_BIT(MS_PACKET_A_DATA),
		.leg_id = leg, .kind = MS_PACKET_DTLS, .data = data, .data_len = len,
	};
	m->packet.remote.present = MS_BIT(MS_ADDR_A_FAMILY) | MS_BIT(MS_ADDR_A_PORT) |
				   MS_BIT(family == AF_INET ? MS_ADDR_A_IN4 : MS_ADDR_A_IN6);
	m->packet.remote.family = (__u16)family;
	m->packet.remote.port = tport;
	inet_pton(family, to, family == AF_INET ? (void *)m->packet.remote.in4 :
						  (void *)m->packet.remote.in6);
	return m;
}

static void check_injected(int family, const char *from, uint16_t fport, const char *to,
			   uint16_t tport, bool vlan, const uint8_t *data, uint16_t n)
{
	struct rte_mbuf *m = NULL;
	const uint8_t *pl;
	uint16_t len;

	assert_int_equal(rte_ring_dequeue(rp.tx[0], (void **)&m), 0);
	pl = frame_check(m, family, from, fport, to, tport, vlan, &len);
	assert_memory_equal(rte_pktmbuf_mtod(m, uint8_t *), next_hop, 6);
	assert_memory_equal(rte_pktmbuf_mtod(m, uint8_t *) + 6, our_mac, 6);
	if (vlan)
		assert_int_equal(rte_pktmbuf_mtod(m, uint8_t *)[15], 42);
	assert_int_equal(len, n);
	assert_memory_equal(pl, data, n);
	rte_pktmbuf_free(m);
}

static void test_inject(void **state)
{
	static uint8_t big[MS_PACKET_MAX];
	uint8_t dtls[100];

	(void)state;
	for (size_t i = 0; i < sizeof(dtls); i++)
		dtls[i] = (uint8_t)(22 + i);
	expect_ack(ask(leg_new(1, 0, AF_INET, "203.0.113.1", 20000, "203.0.113.50", 1),
		       NLM_F_ACK));
	expect_ack(ask(leg_new(2, 0, AF_INET6, "fd00::1", 20000, "fd00::50", 1), NLM_F_ACK));

	expect_ack(ask(inject(1, AF_INET, "203.0.113.80", 5000, dtls, 99), NLM_F_ACK));
	check_injected(AF_INET, "203.0.113.1", 20000, "203.0.113.80", 5000, false, dtls, 99);
	app.vlan = 1;
	expect_ack(ask(inject(2, AF_INET6, "fd00::80", 5001, dtls, 100), NLM_F_ACK));
	check_injected(AF_INET6, "fd00::1", 20000, "fd00::80", 5001, true, dtls, 100);
	app.vlan = 0;

	app.unresolved = 1;
	expect_error(ask(inject(1, AF_INET, "203.0.113.80", 5000, dtls, 99), NLM_F_ACK),
		     -EAGAIN, "leg 1: next hop not resolved yet, try again");
	app.unresolved = 0;
	expect_error(ask(inject(9, AF_INET, "203.0.113.80", 5000, dtls, 99), NLM_F_ACK),
		     -ENOENT, "MS_PACKET_A_LEG_ID: no leg 9");
	expect_error(ask(inject(1, AF_INET6, "fd00::80", 5000, dtls, 99), NLM_F_ACK),
		     -EINVAL, "MS_PACKET_A_REMOTE");
	expect_error(ask(inject(1, AF_INET, "203.0.113.80", 5000, big, sizeof(big)), NLM_F_ACK),
		     -EMSGSIZE, "do not fit one frame");
	assert_int_equal(rte_ring_count(rp.tx[0]), 0);

	expect_ack(ask(leg_id(MS_CMD_LEG_DEL, 1), NLM_F_ACK));
	expect_ack(ask(leg_id(MS_CMD_LEG_DEL, 2), NLM_F_ACK));
}

/* A flood of datagrams is served a few hundred per call, all in the end. */
static void test_budget(void **state)
{
	static uint8_t buf[256];
	struct replies r = { 0 };
	unsigned int calls = 0;

	(void)state;
	for (int i = 0; i < 1000; i++) {
		size_t off = 0;

		put_req(buf, &off, cmd(MS_CMD_STATUS_GET), NLM_F_ACK, (uint32_t)i);
		send_raw(cli, buf, off);
	}
	dp_ctl_process(ctl);
	collect(cli, &r);
	assert_true(r.data > 0 && r.data < 1000);
	while (r.data < 1000 && calls++ < 10) {
		dp_ctl_process(ctl);
		collect(cli, &r);
	}
	assert_int_equal(r.data, 1000);
	assert_int_equal(r.errors, 0);
}

static void test_open_errors(void **state)
{
	struct dp_ctl_ops partial = test_app_ops;
	struct dp_ctl_conf conf = {
		.nl_port = 0x4D53C000u | ((uint32_t)getpid() & 0xfff), .daemon_uid = (uid_t)-1, .legs = legs, .engine = native,
		.n_workers = 1, .punt = &punt, .pool = pool, .ops = &test_app_ops,
	};
	char err[256], port_text[16];

	(void)state;
	/* the port is ours already: as when another mediasec-dp runs */
	assert_null(dp_ctl_open(&conf, err, sizeof(err)));
	snprintf(port_text, sizeof(port_text), "0x%08x", srv_port);
	if (!strstr(err, port_text) || !strstr(err, "another mediasec-dp running"))
		fail_msg("\"%s\" does not name port %s and why", err, port_text);
	partial.send = NULL;
	conf.ops = &partial;
	assert_null(dp_ctl_open(&conf, err, sizeof(err)));
	assert_non_null(strstr(err, "dp_ctl_ops incomplete"));
	conf.ops = &test_app_ops;
	conf.pool = NULL;
	assert_null(dp_ctl_open(&conf, err, sizeof(err)));
	assert_non_null(strstr(err, "mbuf pool"));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leg_lifecycle),
		cmocka_unit_test(test_status_stats),
		cmocka_unit_test(test_stats_per_port),
		cmocka_unit_test(test_dump),
		cmocka_unit_test(test_set_swaps_keys),
		cmocka_unit_test(test_keys_pending),
		cmocka_unit_test(test_changes_under_traffic),
		cmocka_unit_test(test_nonroot),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_punt),
		cmocka_unit_test(test_inject),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_open_errors),
	};
	struct dp_ctl_conf conf = { 0 };
	int ret;

	(void)argc;
	pool = test_eal_init(argv[0], "0,1");	/* a worker on 1 */
	native = dp_srtp_engine_find("native");
	msg = calloc(1, sizeof(*msg));
	punt = rte_ring_create("punt0", 64, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
	legs = dp_leg_table_create("t_ctl", 2 * DUMP_LEGS + 64, 1, SOCKET_ID_ANY);
	if (!native || !msg || !punt || !legs || ring_ports_create(&rp, pool, 1024)) {
		fprintf(stderr, "set-up failed: engine, ring, leg table or ports\n");
		return 1;
	}
	/* a port id of the test's own, not MS_NL_PORT_DP: a real mediasec-dp may run */
	conf = (struct dp_ctl_conf){
		.nl_port = 0x4D53C000u | ((uint32_t)getpid() & 0xfff), .daemon_uid = DAEMON_UID, .legs = legs, .engine = native,
		.n_workers = 1, .punt = &punt, .pool = pool, .ops = &test_app_ops,
	};
	if (serve_open(&conf))
		return 1;
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	serve_close();
	dp_leg_table_free(legs);
	free(msg);
	return ret;
}
