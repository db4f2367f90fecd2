/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec-dp's control thread and its rx filter's prefix lists: the
 * MS_CMD_DENY_* and MS_CMD_ALLOW_* commands over a real NETLINK_USERSOCK
 * socket (the same client and test app as dp-ctl), the filter loaded from
 * filter_rte.bpf.o, and frames run through it to see each change take
 * effect; under a worker on lcore 1, one test toggles entries (ASan sees
 * a slot freed before the worker's grace period) and one fills the lists
 * with 50,000 IPv4 and 10,000 IPv6 prefixes, checks random look-ups
 * against a linear scan, and deletes and flushes them again.
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
#include <rte_pause.h>
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
#define MANY_V4		50000
#define MANY_V6		10000
#define PROBES		4000	/* random look-ups, each checked by a linear scan */
#define SMALL		300	/* --filter-prefixes of the full-table test */

static const struct ms_pf_config cfg = {
	.scan_threshold = 1000000,	/* no scan detection in the way */
	.scan_window_ns = 10000000000ULL,
	.event_interval_ns = 1000000000ULL,
};

static const char *object;	/* filter_rte.bpf.o */
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
	/* /0: rte_lpm* take /1 up, the filter keeps it beside them */
	expect_ack(ask(prefix_req(MS_CMD_DENY_ADD, "::", 0, 0), NLM_F_ACK));
	assert_true(denied("fd00:6::9"));
	assert_false(denied("198.51.101.7"));
	expect_ack(ask(prefix_req(MS_CMD_DENY_DEL, "::", 0, 0), NLM_F_ACK));
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
	expect_ack(ask(prefix_req(MS_CMD_DENY_DEL, "198.51.100.0", 24, 0), NLM_F_ACK));
}

/* Whether request r was refused as full, with the words expected. */
static bool refused_full(struct replies r, const char *words)
{
	if (!r.errors)
		return false;
	expect_error(r, -ENOSPC, words);
	return true;
}

/* A filter of SMALL prefixes per list and family, behind a dp_ctl of its own. */
static void test_full(void **state)
{
	struct dp_filter *big = filter, *small;
	struct dp_ctl_conf sc = conf;
	struct dumped d;
	unsigned int n;
	char addr[64], err[256];

	(void)state;
	assert_int_equal(dp_filter_create(&small, object, &cfg, 1, err, sizeof(err)), 0);
	assert_int_equal(dp_filter_lists_size(small, 0), -EINVAL);
	assert_int_equal(dp_filter_lists_size(small, DP_FILTER_PREFIXES_LIMIT + 1), -EINVAL);
	assert_int_equal(dp_filter_lists_size(small, SMALL), 0);
	dp_filter_port_set(small, MEDIA_PORT, &(struct ms_pf_port_val){ .udp = MS_PF_PORT_MEDIA });
	dp_filter_rcu_set(small, dp_leg_table_rcu(legs));
	assert_int_equal(dp_filter_worker_start(small, 0), 0);
	filter = small;
	dp_ctl_close(ctl);
	sc.filter = small;
	ctl = dp_ctl_open(&sc, err, sizeof(err));
	assert_non_null(ctl);

	/* IPv4: SMALL /32s, then the limit named */
	for (n = 0; n < SMALL; n++) {
		snprintf(addr, sizeof(addr), "10.0.%u.%u", n / 200, n % 200);
		expect_ack(ask(prefix_req(MS_CMD_DENY_ADD, addr, 32, 0), NLM_F_ACK));
	}
	assert_true(refused_full(ask(prefix_req(MS_CMD_DENY_ADD, "10.1.0.0", 16, 0), NLM_F_ACK),
				 "MS_ATTR_PREFIX: the denylist is full: 300 IPv4 prefixes, its "
				 "limit (mediasec-dp --filter-prefixes)"));
	assert_int_equal(dp_filter_lists_size(small, 2 * SMALL), -EBUSY);
	assert_true(denied("10.0.1.99"));
	assert_false(denied("10.1.0.1"));
	/* per family: IPv6 and the allowlist still take some */
	expect_ack(ask(prefix_req(MS_CMD_DENY_ADD, "fd00:7::", 48, 0), NLM_F_ACK));
	expect_ack(ask(prefix_req(MS_CMD_ALLOW_ADD, "10.0.1.99", 32, 0), NLM_F_ACK));
	assert_false(denied("10.0.1.99"));
	/* a deleted entry's slot serves again */
	expect_ack(ask(prefix_req(MS_CMD_DENY_DEL, "10.0.0.5", 32, 0), NLM_F_ACK));
	expect_ack(ask(prefix_req(MS_CMD_DENY_ADD, "10.1.0.0", 16, 0), NLM_F_ACK));
	assert_true(denied("10.1.0.1"));
	assert_false(denied("10.0.0.5"));
	assert_int_equal(dp_filter_list_count(small, DP_FILTER_DENY, MS_PF_FAMILY_V4), SMALL);
	/* dumps: every entry; a cursor (a position: IPv4 slots first) resumes */
	dump(MS_CMD_DENY_GET, &d);
	assert_int_equal(d.n, SMALL + 1);
	memset(&d, 0, sizeof(d));
	prefix_req(MS_CMD_DENY_GET, "", 0, 0)->present = MS_BIT(MS_ATTR_DUMP_CURSOR);
	msg->dump_cursor = SMALL - 10;
	ask_with(msg, NLM_F_DUMP, (struct replies){ .fn = keep, .arg = &d });
	assert_int_equal(d.n, 11);
	prefix_req(MS_CMD_DENY_GET, "", 0, 0)->present = MS_BIT(MS_ATTR_DUMP_CURSOR);
	msg->dump_cursor = 1ULL << 40;
	assert_int_equal(ask(msg, NLM_F_DUMP).data, 0);

	/* IPv6 /128s in networks apart take a group per 8 bits past /24 each:
	 * the groups run out before the prefixes do, and the reply says so */
	for (n = 0;; n++) {
		snprintf(addr, sizeof(addr), "fd%02x:%x::%x", n & 0xff, n * 7919 & 0xffff, n + 1);
		if (refused_full(ask(prefix_req(MS_CMD_DENY_ADD, addr, 128, 0), NLM_F_ACK),
				 "the denylist: its ") )
			break;
		assert_true(n < SMALL);
	}
	print_message("%u scattered IPv6 /128s fit in %u groups\n", n,
		      SMALL * DP_FILTER_V6_GROUPS);
	assert_true(n >= SMALL * DP_FILTER_V6_GROUPS / 13 - 1 && n < SMALL);
	expect_error(ask(prefix_req(MS_CMD_DENY_ADD, addr, 128, 0), NLM_F_ACK), -ENOSPC,
		     "groups for bits past /24 (2 per prefix of --filter-prefixes 300)");
	/* shorter prefixes need fewer: a /24 none */
	expect_ack(ask(prefix_req(MS_CMD_DENY_ADD, "fd01::", 24, 0), NLM_F_ACK));
	/* a flush empties both families */
	expect_ack(ask(prefix_req(MS_CMD_DENY_FLUSH, "", 0, 0), NLM_F_ACK));
	assert_int_equal(dp_filter_list_count(small, DP_FILTER_DENY, MS_PF_FAMILY_V4), 0);
	assert_int_equal(dp_filter_list_count(small, DP_FILTER_DENY, MS_PF_FAMILY_V6), 0);
	assert_false(denied("10.1.0.1"));
	expect_ack(ask(prefix_req(MS_CMD_DENY_ADD, addr, 128, 0), NLM_F_ACK));

	dp_ctl_close(ctl);
	ctl = dp_ctl_open(&conf, err, sizeof(err));
	assert_non_null(ctl);
	dp_filter_free(small);
	filter = big;
	assert_int_equal(dp_filter_worker_start(big, 0), 0);
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

/* --- what a deletion frees waits for the grace period --------------------- */

static struct {
	int registered, go, reported;
} slow;

/* A worker that reports its first quiescent state only when told to. */
static int slow_worker(void *arg)
{
	(void)arg;
	if (dp_leg_table_worker_register(legs, 0))
		return -1;
	__atomic_store_n(&slow.registered, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&slow.go, __ATOMIC_ACQUIRE))
		rte_pause();
	usleep(100 * 1000);	/* a control thread that does not wait is done by now */
	__atomic_store_n(&slow.reported, 1, __ATOMIC_RELEASE);
	dp_leg_table_quiescent(legs, 0);
	dp_leg_table_worker_unregister(legs, 0);
	return 0;
}

/* The dump position (slot) of @p in the denylist, or -1. */
static int64_t pos_of(const struct dp_filter_prefix *p)
{
	struct dp_filter_list_entry e;

	for (uint64_t pos = 0; dp_filter_list_next(filter, DP_FILTER_DENY, &pos, &e) == 0; pos++)
		if (e.p.family == p->family && e.p.len == p->len &&
		    !memcmp(e.p.addr, p->addr, sizeof(e.p.addr)))
			return (int64_t)pos;
	return -1;
}

static void test_grace(void **state)
{
	struct dp_filter_prefix a6 = { .family = MS_PF_FAMILY_V6, .len = 64,
				       .addr = { 0xfd, 0, 0, 0x31 } };
	struct dp_filter_prefix b6 = { .family = MS_PF_FAMILY_V6, .len = 64,
				       .addr = { 0xfd, 0, 0, 0x32 } };
	struct dp_filter_prefix a4 = { .family = MS_PF_FAMILY_V4, .len = 25,
				       .addr = { 198, 51, 100, 128 } };
	struct dp_filter_prefix c4 = { .family = MS_PF_FAMILY_V4, .len = 25,
				       .addr = { 198, 51, 100 } };
	int64_t slot;

	(void)state;
	memset(&slow, 0, sizeof(slow));
	assert_int_equal(dp_filter_list_add(filter, DP_FILTER_DENY, &a6, 0, 0), 0);
	assert_int_equal(rte_eal_remote_launch(slow_worker, NULL, 1), 0);
	while (!__atomic_load_n(&slow.registered, __ATOMIC_ACQUIRE))
		rte_pause();
	/* the worker is in a read, as far as RCU knows: adds after adds go on */
	assert_int_equal(dp_filter_list_add(filter, DP_FILTER_DENY, &b6, 0, 0), 0);
	/* and IPv4 after a deletion too (rte_lpm keeps the freed group back),
	 * in another slot: the deleted entry's waits out the grace period */
	assert_int_equal(dp_filter_list_add(filter, DP_FILTER_DENY, &a4, 0, 0), 0);
	slot = pos_of(&a4);
	assert_int_equal(dp_filter_list_del(filter, DP_FILTER_DENY, &a4), 0);
	assert_int_equal(dp_filter_list_add(filter, DP_FILTER_DENY, &c4, 0, 0), 0);
	assert_true(slot >= 0 && pos_of(&c4) >= 0 && pos_of(&c4) != slot);
	assert_false(__atomic_load_n(&slow.reported, __ATOMIC_ACQUIRE));
	/* rte_lpm6 would give a deleted prefix's groups to the next add at
	 * once: that add waits until the worker has left its read */
	assert_int_equal(dp_filter_list_del(filter, DP_FILTER_DENY, &a6), 0);
	__atomic_store_n(&slow.go, 1, __ATOMIC_RELEASE);
	assert_int_equal(dp_filter_list_add(filter, DP_FILTER_DENY, &a6, 0, 0), 0);
	assert_true(__atomic_load_n(&slow.reported, __ATOMIC_ACQUIRE));
	assert_int_equal(rte_eal_wait_lcore(1), 0);
	assert_int_equal(dp_filter_list_del(filter, DP_FILTER_DENY, &a6) ?:
			 dp_filter_list_del(filter, DP_FILTER_DENY, &b6) ?:
			 dp_filter_list_del(filter, DP_FILTER_DENY, &c4), 0);
	dp_ctl_process(ctl);
}

/* --- many entries under traffic ------------------------------------------ */

/* One random prefix of test_many, and what the test did with it. */
struct ref {
	uint8_t family, len;
	uint8_t expiring;	/* added with EXPIRES 1: expired when checked */
	uint8_t skip;		/* a duplicate of an earlier one, or deleted */
	uint8_t addr[16];	/* masked */
};

static struct {
	int stop;
	unsigned long seen, wrong;
	/* static /32 and /128 in the blocks the test changes around them */
	char pinned[2][INET6_ADDRSTRLEN];
} steady;

/* A worker whose sources' verdicts no change of other entries may move. */
static int steady_worker(void *arg)
{
	(void)arg;
	if (dp_leg_table_worker_register(legs, 0) || dp_filter_worker_start(filter, 1))
		return -1;
	while (!__atomic_load_n(&steady.stop, __ATOMIC_RELAXED)) {
		/* 203.0.113.66/32: the static entry; .67 and fd00:99::1 on no list;
		 * the pinned ones: the longest prefixes there are */
		unsigned long wrong = !denied("203.0.113.66") + denied("203.0.113.67") +
				      denied("fd00:99::1") + !denied(steady.pinned[0]) +
				      !denied(steady.pinned[1]);

		__atomic_fetch_add(&steady.wrong, wrong, __ATOMIC_RELAXED);
		__atomic_fetch_add(&steady.seen, 5, __ATOMIC_RELAXED);
		dp_leg_table_quiescent(legs, 0);
	}
	dp_leg_table_worker_unregister(legs, 0);
	return 0;
}

static void mask(uint8_t *a, unsigned int len)
{
	for (unsigned int k = 0; k < 16; k++) {
		unsigned int bits = len > k * 8 ? len - k * 8 : 0;

		a[k] &= bits >= 8 ? 0xff : (uint8_t)(0xff00 >> bits);
	}
}

/*
 * Prefixes clustered so that many nest, as a feed's: IPv4 in 64 /16s of
 * 10/8, half /32, a tenth /24, the rest /12 to /31; IPv6 /24 to /128 in 8
 * /32s of fd00::/8 (fd00:99::/32 is none).
 */
static void ref_make(struct ref *r, int v6, const uint8_t blocks[][4])
{
	const uint8_t *b = blocks[lrand48() % (v6 ? 8 : 64)];
	long kind = lrand48() % 10;

	memset(r, 0, sizeof(*r));
	r->family = v6 ? MS_PF_FAMILY_V6 : MS_PF_FAMILY_V4;
	r->len = v6 ? 24 + lrand48() % 105 : kind < 5 ? 32 : kind == 5 ? 24 :
		 12 + lrand48() % 20;
	for (unsigned int k = 0; k < 16; k++)
		r->addr[k] = (uint8_t)lrand48();
	memcpy(r->addr, b, v6 ? 4 : 2);
	if (!v6)
		memset(r->addr + 4, 0, 12);
	mask(r->addr, r->len);
}

static int ref_cmp(const void *a, const void *b)
{
	const struct ref *x = *(struct ref *const *)a, *y = *(struct ref *const *)b;

	return x->family != y->family ? x->family - y->family :
	       x->len != y->len ? x->len - y->len : memcmp(x->addr, y->addr, 16);
}

/* Marks every duplicate after its first skip; how many. */
static unsigned int ref_dedup(struct ref *refs, unsigned int n)
{
	struct ref **by = calloc(n, sizeof(*by));
	unsigned int dups = 0;

	assert_non_null(by);
	for (unsigned int i = 0; i < n; i++)
		by[i] = &refs[i];
	qsort(by, n, sizeof(*by), ref_cmp);
	for (unsigned int i = 1; i < n; i++)
		if (!ref_cmp(&by[i - 1], &by[i])) {
			/* keep the one added first */
			struct ref *later = by[i] > by[i - 1] ? by[i] : by[i - 1];

			dups += !later->skip;
			later->skip = 1;
		}
	free(by);
	return dups;
}

static bool in_prefix(const struct ref *r, const uint8_t *a)
{
	unsigned int whole = r->len / 8, rest = r->len % 8;

	return !memcmp(r->addr, a, whole) &&
	       (!rest || !((r->addr[whole] ^ a[whole]) & (0xff00 >> rest)));
}

/*
 * Denied by the reference: the longest prefix holding a is unexpired.
 * *shadowed: an expired one hides a shorter unexpired one (so a table that
 * took any match instead of the longest would deny).
 */
static bool ref_denied(const struct ref *refs, unsigned int n, uint8_t family,
		       const uint8_t *a, bool *shadowed)
{
	const struct ref *best = NULL, *live = NULL;

	for (unsigned int i = 0; i < n; i++) {
		const struct ref *r = &refs[i];

		if (r->skip || r->family != family || !in_prefix(r, a))
			continue;
		if (!best || r->len > best->len)
			best = r;
		if (!r->expiring && (!live || r->len > live->len))
			live = r;
	}
	*shadowed = best && best->expiring && live;
	return best && !best->expiring;
}

/*
 * PROBES look-ups, one in six IPv6: half inside an entry (random host
 * bits), half anywhere in the blocks. @any: many are denied, else few.
 */
static void probe(const struct ref *refs, unsigned int n, const uint8_t blocks4[][4],
		  const uint8_t blocks6[][4], bool any, const char *when)
{
	unsigned int hits = 0, shadows = 0;

	for (unsigned int i = 0; i < PROBES; i++) {
		int v6 = i % 6 == 5;
		const struct ref *r;
		uint8_t a[16];
		char text[INET6_ADDRSTRLEN];
		bool expect, shadowed;

		do
			r = &refs[lrand48() % n];
		while ((r->family == MS_PF_FAMILY_V6) != v6);
		for (unsigned int k = 0; k < 16; k++)
			a[k] = (uint8_t)lrand48();
		if (i & 1) {
			struct ref near;

			ref_make(&near, v6, v6 ? blocks6 : blocks4);
			memcpy(a, near.addr, v6 ? 4 : 2);
		} else {
			for (unsigned int k = 0; k < r->len / 8; k++)
				a[k] = r->addr[k];
			if (r->len % 8)
				a[r->len / 8] = (r->addr[r->len / 8] & (0xff00 >> (r->len % 8))) |
						(a[r->len / 8] & (0xff >> (r->len % 8)));
		}
		expect = ref_denied(refs, n, r->family, a, &shadowed);
		inet_ntop(v6 ? AF_INET6 : AF_INET, a, text, sizeof(text));
		if (denied(text) != expect)
			fail_msg("%s: %s %s, the reference says %s", when, text,
				 expect ? "passed" : "denied", expect ? "denied" : "passed");
		hits += expect;
		shadows += shadowed;
	}
	print_message("%s: %u look-ups agree with the linear scan, %u of them denied, "
		      "%u passed by an expired longest match\n", when, PROBES, hits, shadows);
	if (any)
		assert_true(hits > PROBES / 10 && hits < PROBES * 9 / 10 && shadows > 10);
	else
		assert_true(hits < PROBES / 100);
}

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Pinned entry k (0: IPv4, 1: IPv6) of refs[k], static, for steady_worker(). */
static void pin(struct ref *r, unsigned int k, const uint8_t *block)
{
	struct dp_filter_prefix p = { .family = k ? MS_PF_FAMILY_V6 : MS_PF_FAMILY_V4,
				      .len = k ? 128 : 32 };

	memset(r, 0, sizeof(*r));
	r->family = p.family;
	r->len = p.len;
	memcpy(r->addr, block, k ? 4 : 2);
	r->addr[k ? 15 : 3] = 77;
	memcpy(p.addr, r->addr, sizeof(p.addr));
	inet_ntop(k ? AF_INET6 : AF_INET, r->addr, steady.pinned[k], sizeof(steady.pinned[k]));
	assert_int_equal(dp_filter_deny_add(filter, &p, 0), 0);
}

static void unpin(const struct ref *r)
{
	struct dp_filter_prefix p = { .family = r->family, .len = r->len };

	memcpy(p.addr, r->addr, sizeof(p.addr));
	assert_int_equal(dp_filter_list_del(filter, DP_FILTER_DENY, &p), 0);
}

static void test_many(void **state)
{
	const unsigned int n = MANY_V4 + MANY_V6;
	/* the pinned two first: duplicates of them are the random ones */
	struct ref *all = calloc(2 + n, sizeof(*all)), *refs = all + 2;
	uint8_t blocks4[64][4], blocks6[8][4];
	/* v4: the static entry of main(), and the pinned ones */
	unsigned int live[2] = { 2, 1 }, expiring = 0;
	struct timespec t0;
	struct dumped d;
	int flushed;

	(void)state;
	assert_non_null(all);
	srand48(6);	/* the number: the same prefixes every run */
	for (unsigned int b = 0; b < 64; b++)
		memcpy(blocks4[b], (uint8_t[]){ 10, (uint8_t)(b * 4 + lrand48() % 4) }, 2);
	for (unsigned int b = 0; b < 8; b++)
		memcpy(blocks6[b], (uint8_t[]){ 0xfd, (uint8_t)(0x10 + b), (uint8_t)lrand48(),
						(uint8_t)lrand48() }, 4);
	pin(&all[0], 0, blocks4[0]);
	pin(&all[1], 1, blocks6[0]);
	for (unsigned int i = 0; i < n; i++)
		refs[i].skip = 1;
	do	/* MANY_V4 and MANY_V6 distinct prefixes */
		for (unsigned int i = 0; i < n; i++)
			if (refs[i].skip) {
				ref_make(&refs[i], i >= MANY_V4, i >= MANY_V4 ? blocks6 : blocks4);
				refs[i].expiring = lrand48() % 5 == 0;
			}
	while (ref_dedup(all, 2 + n));

	steady.stop = 0;
	assert_int_equal(rte_eal_remote_launch(steady_worker, NULL, 1), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned int i = 0; i < n; i++) {
		char text[INET6_ADDRSTRLEN];
		int v6 = refs[i].family == MS_PF_FAMILY_V6;

		inet_ntop(v6 ? AF_INET6 : AF_INET, refs[i].addr, text, sizeof(text));
		expect_ack(ask(prefix_req(MS_CMD_DENY_ADD, text, refs[i].len, refs[i].expiring),
			       NLM_F_ACK));
		live[v6] += !refs[i].expiring;
		expiring += refs[i].expiring;
	}
	print_message("%u IPv4 and %u IPv6 prefixes added in %.2f s, %u to expire\n",
		      MANY_V4, MANY_V6, since(&t0), expiring);
	assert_int_equal(dp_filter_list_count(filter, DP_FILTER_DENY, MS_PF_FAMILY_V4),
			 MANY_V4 + 2);
	assert_int_equal(dp_filter_list_count(filter, DP_FILTER_DENY, MS_PF_FAMILY_V6),
			 MANY_V6 + 1);
	usleep(1100 * 1000);	/* every EXPIRES 1 entry has expired */
	probe(all, 2 + n, blocks4, blocks6, true, "added");
	/* dumps leave the expired out, over many parts */
	assert_true(dump(MS_CMD_DENY_GET, &d) > 10);
	assert_int_equal(d.n, live[0] + live[1]);

	/* every other entry deleted */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned int i = 0; i < n; i += 2) {
		char text[INET6_ADDRSTRLEN];

		inet_ntop(refs[i].family == MS_PF_FAMILY_V6 ? AF_INET6 : AF_INET, refs[i].addr,
			  text, sizeof(text));
		expect_ack(ask(prefix_req(MS_CMD_DENY_DEL, text, refs[i].len, 0), NLM_F_ACK));
		refs[i].skip = 1;
	}
	print_message("half deleted in %.2f s\n", since(&t0));
	assert_int_equal(dp_filter_list_count(filter, DP_FILTER_DENY, MS_PF_FAMILY_V4),
			 MANY_V4 / 2 + 2);
	probe(all, 2 + n, blocks4, blocks6, true, "half deleted");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	flushed = dp_filter_list_flush(filter, DP_FILTER_DENY);
	print_message("%d flushed in %.2f s\n", flushed, since(&t0));
	assert_int_equal(flushed, n / 2);
	for (unsigned int i = 0; i < n; i++)
		refs[i].skip = 1;
	probe(all, 2 + n, blocks4, blocks6, false, "flushed");
	dump(MS_CMD_DENY_GET, &d);
	assert_int_equal(d.n, 3);	/* the static ones */

	__atomic_store_n(&steady.stop, 1, __ATOMIC_RELAXED);
	assert_int_equal(rte_eal_wait_lcore(1), 0);
	print_message("the worker looked up %lu frames meanwhile, %lu wrong\n", steady.seen,
		      steady.wrong);
	assert_true(steady.seen > 1000);
	assert_int_equal(steady.wrong, 0);
	unpin(&all[0]);
	unpin(&all[1]);
	dp_ctl_process(ctl);
	free(all);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deny_allow),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_no_filter),
		cmocka_unit_test(test_changes_under_traffic),
		cmocka_unit_test(test_grace),
		cmocka_unit_test(test_many),
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
	object = argv[1];
	/* the traffic worker on 1; LPM tables of 64 MiB and more (lists.c) */
	pool = test_eal_init_mem(argv[0], "0,1", 1536);
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
