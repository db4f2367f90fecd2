/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec-dp's control thread and its rx filter's prefix lists: the
 * MS_CMD_DENY_* and MS_CMD_ALLOW_* commands over a real NETLINK_USERSOCK
 * socket (the same client and test app as dp-ctl), the filter loaded from
 * filter_rte.bpf.o, and frames run through it to see each change take
 * effect; one test changes the lists under a worker on lcore 1, so that
 * ASan sees a list freed before the worker's grace period.
 *
 *   client socket --DENY/ALLOW--> dp_ctl --> dp_filter lists <-- frames
 *
 * Usage: test_dp_ctl_filter filter_rte.bpf.o
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>

#include <cmocka.h>

#include <rte_launch.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "dataplane/control/ctl.h"
#include "dataplane/filter/filter.h"
#include "dataplane/leg_table.h"
#include "dataplane/srtp/srtp.h"
#include "lib/nl_msg.h"
#include "ctl_app.h"
#include "ctl_client.h"
#include "frame.h"

#define MEDIA_PORT	20000
#define TOGGLE_SECS	20	/* the under-traffic test's limit */

static const struct ms_pf_config cfg = {
	.scan_threshold = 1000000,	/* no scan detection in the way */
	.scan_window_ns = 10000000000ULL,
	.event_interval_ns = 1000000000ULL,
};

static struct rte_mempool *pool;
static struct rte_ring *punt;
static struct dp_leg_table *legs;
static struct dp_filter *filter;
static struct dp_ctl_conf conf;
static struct ms_msg *msg;

/* A MS_CMD_DENY_* or ALLOW_* request for text/len, expiring in expires s. */
static struct ms_msg *prefix_req(uint8_t c, const char *text, uint8_t len, uint32_t expires)
{
	struct ms_prefix *p = &msg->prefix;
	int v6 = strchr(text, ':') != NULL;

	memset(msg, 0, sizeof(*msg));
	msg->cmd = c;
	if (c == MS_CMD_DENY_FLUSH || c == MS_CMD_ALLOW_FLUSH ||
	    ((c == MS_CMD_DENY_GET || c == MS_CMD_ALLOW_GET) && !text[0]))
		return msg;
	msg->present = MS_BIT(MS_ATTR_PREFIX);
	p->present = MS_BIT(MS_PREFIX_A_ADDR) | MS_BIT(MS_PREFIX_A_LEN);
	p->addr.present = MS_BIT(MS_ADDR_A_FAMILY) | MS_BIT(v6 ? MS_ADDR_A_IN6 : MS_ADDR_A_IN4);
	p->addr.family = v6 ? AF_INET6 : AF_INET;
	assert_int_equal(inet_pton(p->addr.family, text, v6 ? (void *)p->addr.in6 :
							      (void *)p->addr.in4), 1);
	p->len = len;
	if (expires) {
		p->present |= MS_BIT(MS_PREFIX_A_EXPIRES);
		p->expires = expires;
	}
	return msg;
}

/* Whether the filter drops a UDP frame from src as denylisted (else: passed on). */
static int denied(const char *src)
{
	int v6 = strchr(src, ':') != NULL;
	struct frame_spec fs = {
		.family = v6 ? AF_INET6 : AF_INET, .src = src,
		.dst = v6 ? "fd00::1" : "203.0.113.1", .sport = 40000, .dport = MEDIA_PORT,
	};
	struct rte_mbuf *m = frame_build(pool, &fs, NULL);
	uint16_t reason = 0;
	uint32_t verdict = dp_filter_frame(filter, m, 0, &reason);

	rte_pktmbuf_free(m);
	if (verdict == MS_PF_DROP && reason != MS_DROP_DENYLISTED)
		fail_msg("frame from %s dropped for reason %u", src, reason);
	return verdict == MS_PF_DROP;
}

struct dumped {
	unsigned int n;
	struct ms_prefix last;
};

static void keep(const struct ms_msg *m, void *arg)
{
	struct dumped *d = arg;

	d->n++;
	d->last = m->prefix;
}

struct list_dump {
	uint8_t cmd;		/* MS_CMD_DENY_GET or MS_CMD_ALLOW_GET */
	struct dumped got;
};

static struct ms_msg *list_request(void *arg)
{
	return prefix_req(((struct list_dump *)arg)->cmd, "", 0, 0);
}

/* The whole list as the dataplane dumps it (get command c), following cursors; parts. */
static unsigned int dump(uint8_t c, struct dumped *d)
{
	struct list_dump l = { .cmd = c };
	unsigned int parts;

	parts = dump_all(list_request, &l, (struct replies){ .fn = keep, .arg = &l.got });
	*d = l.got;
	return parts;
}

/* --- tests -------------------------------------------------------------- */

static void test_deny_allow(void **state)
{
	struct dumped d;

	(void)state;
	assert_false(denied("198.51.100.7"));
	expect_ack(ask(prefix_req(MS_CMD_DENY_ADD, "198.51.100.0", 24, 0), NLM_F_ACK));
	assert_true(denied("198.51.100.7"));
	assert_false(denied("198.51.101.7"));
	/* the allowlist wins over the denylist */
	expect_ack(ask(prefix_req(MS_CMD_ALLOW_ADD, "198.51.100.7", 32, 0), NLM_F_ACK));
	assert_false(denied("198.51.100.7"));
	assert_true(denied("198.51.100.8"));
	expect_ack(ask(prefix_req(MS_CMD_ALLOW_DEL, "198.51.100.7", 32, 0), NLM_F_ACK));
	assert_true(denied("198.51.100.7"));
	/* IPv6, and the hits a deny entry counts */
	expect_ack(ask(prefix_req(MS_CMD_DENY_ADD, "fd00:5::", 64, 0), NLM_F_ACK));
	assert_true(denied("fd00:5::9"));
	assert_true(denied("fd00:5::a"));
	assert_false(denied("fd00:6::9"));
	assert_int_equal(dump(MS_CMD_DENY_GET, &d), 1);
	assert_int_equal(d.n, 3);	/* with the static 203.0.113.66/32 */
	ask_with(prefix_req(MS_CMD_DENY_GET, "fd00:5::", 64, 0), 0,
		 (struct replies){ .fn = keep, .arg = &d });
	assert_int_equal(d.last.len, 64);
	assert_int_equal(d.last.hits, 2);
	assert_int_equal(d.last.expires, 0);
	expect_ack(ask(prefix_req(MS_CMD_DENY_DEL, "198.51.100.0", 24, 0), NLM_F_ACK));
	assert_false(denied("198.51.100.7"));
	/* a flush keeps the entries from the options */
	expect_ack(ask(prefix_req(MS_CMD_DENY_FLUSH, "", 0, 0), NLM_F_ACK));
	assert_false(denied("fd00:5::9"));
	assert_true(denied("203.0.113.66"));
	assert_int_equal(dump(MS_CMD_DENY_GET, &d), 1);
	assert_int_equal(d.n, 1);
	dp_ctl_process(ctl);	/* reclaims the retired lists */
}

static void test_expiry(void **state)
{
	struct dumped d;

	(void)state;
	expect_ack(ask(prefix_req(MS_CMD_DENY_ADD, "198.51.100.9", 32, 1), NLM_F_ACK));
	assert_true(denied("198.51.100.9"));
	ask_with(prefix_req(MS_CMD_DENY_GET, "198.51.100.9", 32, 0), 0,
		 (struct replies){ .fn = keep, .arg = &d });
	assert_int_equal(d.last.expires, 1);
	usleep(1100 * 1000);
	assert_false(denied("198.51.100.9"));
	/* an expired entry is no longer shown; mediasecd's sweep deletes it */
	dump(MS_CMD_DENY_GET, &d);
	assert_int_equal(d.n, 1);
	expect_error(ask(prefix_req(MS_CMD_DENY_GET, "198.51.100.9", 32, 0), 0), -ENOENT,
		     "MS_ATTR_PREFIX: 198.51.100.9/32 not in the denylist");
	expect_ack(ask(prefix_req(MS_CMD_DENY_DEL, "198.51.100.9", 32, 0), NLM_F_ACK));
}

static void test_errors(void **state)
{
	struct dumped d;
	unsigned int n = 0;
	char addr[32];

	(void)state;
	expect_ack(ask(prefix_req(MS_CMD_DENY_ADD, "198.51.100.0", 24, 0), NLM_F_ACK));
	expect_error(ask(prefix_req(MS_CMD_DENY_ADD, "198.51.100.0", 24, 0), NLM_F_ACK),
		     -EEXIST, "198.51.100.0/24 already in the denylist");
	expect_error(ask(prefix_req(MS_CMD_DENY_DEL, "198.51.100.0", 25, 0), NLM_F_ACK),
		     -ENOENT, "198.51.100.0/25 not in the denylist");
	expect_error(ask(prefix_req(MS_CMD_ALLOW_DEL, "198.51.100.0", 24, 0), NLM_F_ACK),
		     -ENOENT, "198.51.100.0/24 not in the allowlist");
	expect_error(ask(prefix_req(MS_CMD_DENY_ADD, "198.51.100.0", 33, 0), NLM_F_ACK),
		     -EINVAL, "MS_PREFIX_A_LEN");
	expect_error(ask(prefix_req(MS_CMD_ALLOW_ADD, "198.51.100.5", 32, 60), NLM_F_ACK),
		     -EOPNOTSUPP, "allowlist entries do not expire");
	/* full: the 256 the table holds, in dumps of several parts */
	for (;; n++) {
		struct replies r;

		snprintf(addr, sizeof(addr), "fd00:7:%x::", n);
		r = ask(prefix_req(MS_CMD_DENY_ADD, addr, 48, 0), NLM_F_ACK);
		if (r.errors) {
			expect_error(r, -ENOSPC, "MS_ATTR_PREFIX: the denylist is full");
			break;
		}
		assert_true(n < 1000);
	}
	assert_int_equal(n + 2, 256);	/* with 198.51.100.0/24 and the static one */
	assert_int_equal(dump(MS_CMD_DENY_GET, &d), 1);	/* 256 fit in one part */
	assert_int_equal(d.n, 256);
	/* a cursor resumes there; past the end, nothing */
	memset(&d, 0, sizeof(d));
	prefix_req(MS_CMD_DENY_GET, "", 0, 0)->present = MS_BIT(MS_ATTR_DUMP_CURSOR);
	msg->dump_cursor = 250;
	ask_with(msg, NLM_F_DUMP, (struct replies){ .fn = keep, .arg = &d });
	assert_int_equal(d.n, 6);
	prefix_req(MS_CMD_DENY_GET, "", 0, 0)->present = MS_BIT(MS_ATTR_DUMP_CURSOR);
	msg->dump_cursor = 1ULL << 40;
	assert_int_equal(ask(msg, NLM_F_DUMP).data, 0);
	assert_true(denied("fd00:7:ab::1"));
	expect_ack(ask(prefix_req(MS_CMD_DENY_FLUSH, "", 0, 0), NLM_F_ACK));
	assert_false(denied("fd00:7:ab::1"));
	dp_ctl_process(ctl);
}

static void test_no_filter(void **state)
{
	struct dp_ctl_conf bare = conf;
	char err[256];

	(void)state;
	dp_ctl_close(ctl);
	bare.filter = NULL;
	ctl = dp_ctl_open(&bare, err, sizeof(err));
	assert_non_null(ctl);
	expect_error(ask(prefix_req(MS_CMD_DENY_ADD, "198.51.100.0", 24, 0), NLM_F_ACK),
		     -EOPNOTSUPP, "mediasec-dp runs without --filter: no denylist");
	expect_error(ask(prefix_req(MS_CMD_ALLOW_FLUSH, "", 0, 0), NLM_F_ACK),
		     -EOPNOTSUPP, "without --filter: no allowlist");
	dp_ctl_close(ctl);
	ctl = dp_ctl_open(&conf, err, sizeof(err));
	assert_non_null(ctl);
}

/* --- changes under traffic ------------------------------------------------ */

static struct {
	int stop;
	unsigned long seen[2];	/* frames passed on, dropped as denylisted */
} traffic;

/* Worker 1 of the filter on lcore 1, reporting to the leg table's RCU. */
static int worker(void *arg)
{
	(void)arg;
	if (dp_leg_table_worker_register(legs, 0) || dp_filter_worker_start(filter, 1))
		return -1;
	while (!__atomic_load_n(&traffic.stop, __ATOMIC_RELAXED)) {
		__atomic_fetch_add(&traffic.seen[denied("198.51.100.77")], 1, __ATOMIC_RELAXED);
		dp_leg_table_quiescent(legs, 0);
	}
	dp_leg_table_worker_unregister(legs, 0);
	return 0;
}

static void test_changes_under_traffic(void **state)
{
	struct timespec t0, t;
	unsigned long rounds = 0;

	(void)state;
	traffic.stop = 0;
	assert_int_equal(rte_eal_remote_launch(worker, NULL, 1), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* until the worker has seen each list a good many times */
	do {
		expect_ack(ask(prefix_req(MS_CMD_DENY_ADD, "198.51.100.0", 24, 0), NLM_F_ACK));
		expect_ack(ask(prefix_req(MS_CMD_ALLOW_ADD, "fd00:8::", 64, 0), NLM_F_ACK));
		expect_ack(ask(prefix_req(MS_CMD_DENY_DEL, "198.51.100.0", 24, 0), NLM_F_ACK));
		expect_ack(ask(prefix_req(MS_CMD_ALLOW_FLUSH, "", 0, 0), NLM_F_ACK));
		rounds++;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((rounds < 1000 || __atomic_load_n(&traffic.seen[0], __ATOMIC_RELAXED) < 100 ||
		  __atomic_load_n(&traffic.seen[1], __ATOMIC_RELAXED) < 100) &&
		 t.tv_sec - t0.tv_sec < TOGGLE_SECS);
	__atomic_store_n(&traffic.stop, 1, __ATOMIC_RELAXED);
	assert_int_equal(rte_eal_wait_lcore(1), 0);
	print_message("%lu rounds of 4 changes; the worker passed %lu frames, dropped %lu\n",
		      rounds, traffic.seen[0], traffic.seen[1]);
	assert_true(traffic.seen[0] >= 100 && traffic.seen[1] >= 100);
	dp_ctl_process(ctl);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deny_allow),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_no_filter),
		cmocka_unit_test(test_changes_under_traffic),
	};
	struct ms_pf_port_val media = { .udp = MS_PF_PORT_MEDIA };
	struct dp_filter_prefix fixed = { .family = MS_PF_FAMILY_V4, .len = 32,
					  .addr = { 203, 0, 113, 66 } };
	char err[256];
	int ret;

	if (argc != 2) {
		fprintf(stderr, "usage: %s filter_rte.bpf.o\n", argv[0]);
		return 2;
	}
	pool = test_eal_init(argv[0], "0,1");	/* the traffic worker on 1 */
	msg = calloc(1, sizeof(*msg));
	punt = rte_ring_create("punt0", 64, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
	legs = dp_leg_table_create("t_ctlf", 64, 1, SOCKET_ID_ANY);
	if (!msg || !punt || !legs || ring_ports_create(&rp, pool, 1024)) {
		fprintf(stderr, "set-up failed: ring, leg table or ports\n");
		return 1;
	}
	/* worker 0 is this thread's, for denied(); 1 the traffic worker's */
	if (dp_filter_create(&filter, argv[1], &cfg, 2, err, sizeof(err)) ||
	    dp_filter_worker_start(filter, 0)) {
		fprintf(stderr, "dp_filter_create: %s\n", err);
		return 1;
	}
	dp_filter_port_set(filter, MEDIA_PORT, &media);
	if (dp_filter_deny_add(filter, &fixed, 0)) {
		fprintf(stderr, "static deny entry refused\n");
		return 1;
	}
	dp_filter_rcu_set(filter, dp_leg_table_rcu(legs));
	conf = (struct dp_ctl_conf){
		.nl_port = 0x4D53D000u | ((uint32_t)getpid() & 0xfff), .daemon_uid = (uid_t)-1, .legs = legs,
		.engine = dp_srtp_engine_find("native"), .filter = filter,
		.n_workers = 1, .punt = &punt, .pool = pool, .ops = &test_app_ops,
	};
	if (serve_open(&conf))
		return 1;
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	serve_close();
	dp_filter_free(filter);
	dp_leg_table_free(legs);
	free(msg);
	return ret;
}
