/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRTP failures from the workers to the subscriber (dataplane/sec_report.c,
 * control/sec_events.c), over a real NETLINK_USERSOCK socket with the
 * dp-ctl test's client and app: records from a reporter are summed per
 * (source, leg, reason) and leave as MS_CMD_EVENT auth-failure with COUNT
 * and REASON 10 ms after the control thread took the first; without a subscriber they are
 * counted as lost; the reporter's token bucket lets a burst of 64 through
 * and then about one record a millisecond, counting the rest as lost.
 *
 *   dp_sec_report_add() --ring--> dp_ctl_punt_drain() --EVENT--> client socket
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_ring.h>

#include "dataplane/control/ctl.h"
#include "dataplane/leg_table.h"
#include "dataplane/parse.h"
#include "dataplane/sec_report.h"
#include "dataplane/srtp/srtp.h"
#include "lib/nl_msg.h"
#include "ctl_app.h"
#include "ctl_client.h"
#include "frame.h"

static struct rte_ring *punt;
static struct dp_sec_report *sec;
static struct ms_msg *msg;

static struct dp_endpoint endpoint(const char *text)
{
	struct dp_endpoint ep = { .family = strchr(text, ':') ? AF_INET6 : AF_INET };

	assert_int_equal(inet_pton(ep.family, text, ep.addr), 1);
	return ep;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

struct events {
	unsigned int n;
	struct ms_event e[8];
};

static void keep_event(const struct ms_msg *m, void *arg)
{
	struct events *ev = arg;

	assert_int_equal(m->cmd, MS_CMD_EVENT);
	assert_true(ev->n < 8);
	ev->e[ev->n++] = m->event;
}

static void test_no_subscriber(void **state)
{
	struct dp_endpoint a = endpoint("203.0.113.66");
	struct dp_ctl_stats st;

	(void)state;
	for (int i = 0; i < 3; i++)
		dp_sec_report_add(sec, &a, 5, MS_DROP_SRTP_AUTH);
	/* summed when drained, given up 10 ms later */
	dp_ctl_punt_drain(ctl);
	assert_int_equal(rte_ring_count(sec->ring), 0);
	sleep_ms(11);
	dp_ctl_punt_drain(ctl);
	dp_ctl_stats_get(ctl, &st);
	assert_int_equal(st.sec_lost, 3);
	assert_int_equal(st.sec_events, 0);
}

/* Which of ev is from family/text for leg and reason; fails when none. */
static const struct ms_event *find(const struct events *ev, const char *text, uint32_t leg,
				   uint8_t reason)
{
	struct dp_endpoint want = endpoint(text);

	for (unsigned int i = 0; i < ev->n; i++) {
		const struct ms_event *e = &ev->e[i];
		const uint8_t *got = e->source.family == AF_INET ? e->source.in4 : e->source.in6;

		if (e->source.family == want.family && e->leg_id == leg && e->reason == reason &&
		    memcmp(got, want.addr, want.family == AF_INET ? 4 : 16) == 0)
			return e;
	}
	fail_msg("no event from %s leg %u reason %u", text, leg, reason);
	return NULL;
}

static void test_summed(void **state)
{
	struct dp_endpoint a = endpoint("203.0.113.66"), b = endpoint("2001:db8::66");
	struct events ev = { 0 };
	struct replies r = { .fn = keep_event, .arg = &ev };
	const struct ms_event *e;
	struct dp_ctl_stats st;

	(void)state;
	memset(msg, 0, sizeof(*msg));
	msg->cmd = MS_CMD_EVENT_SUBSCRIBE;
	expect_ack(ask(msg, NLM_F_ACK));
	for (int i = 0; i < 7; i++)
		dp_sec_report_add(sec, &a, 5, MS_DROP_SRTP_AUTH);
	dp_sec_report_add(sec, &a, 5, MS_DROP_SRTP_REPLAY_DUP);
	dp_sec_report_add(sec, &a, 5, MS_DROP_SRTP_REPLAY_DUP);
	dp_sec_report_add(sec, &b, 6, MS_DROP_SRTP_AUTH);
	/* summed, not sent yet: the sums are younger than 10 ms */
	dp_ctl_punt_drain(ctl);
	collect(cli, &r);
	assert_int_equal(ev.n, 0);
	sleep_ms(11);
	dp_ctl_punt_drain(ctl);
	collect(cli, &r);
	assert_int_equal(ev.n, 3);
	e = find(&ev, "203.0.113.66", 5, MS_DROP_SRTP_AUTH);
	assert_int_equal(e->count, 7);
	assert_int_equal(e->type, MS_EVENT_AUTH_FAILURE);
	assert_int_equal(e->severity, MS_SEV_WARNING);
	assert_false(e->source.present & MS_BIT(MS_ADDR_A_PORT));
	assert_int_equal(find(&ev, "203.0.113.66", 5, MS_DROP_SRTP_REPLAY_DUP)->count, 2);
	assert_int_equal(find(&ev, "2001:db8::66", 6, MS_DROP_SRTP_AUTH)->count, 1);
	assert_true(ev.e[1].seq == ev.e[0].seq + 1 && ev.e[2].seq == ev.e[1].seq + 1);
	dp_ctl_stats_get(ctl, &st);
	assert_int_equal(st.sec_events, 3);
	assert_int_equal(st.sec_lost, 3);	/* test_no_subscriber's */
	assert_int_equal(st.sec_refused, 0);
}

/* n records at once into s: how many the ring took. */
static unsigned int burst(struct dp_sec_report *s, unsigned int n)
{
	struct dp_endpoint a = endpoint("198.51.100.66");
	unsigned int before = rte_ring_count(s->ring);

	for (unsigned int i = 0; i < n; i++)
		dp_sec_report_add(s, &a, 9, MS_DROP_SRTP_AUTH);
	return rte_ring_count(s->ring) - before;
}

static void test_rate_limit(void **state)
{
	struct dp_sec_report *s = dp_sec_report_create(1, SOCKET_ID_ANY);
	unsigned int took;

	(void)state;
	assert_non_null(s);
	/* the burst, and a token or two if the loop is slow */
	took = burst(s, 200);
	assert_in_range(took, DP_SEC_REPORT_BURST, DP_SEC_REPORT_BURST + 5);
	assert_int_equal(s->lost, 200 - took);
	/* 50 ms later: 50 tokens or a few more, never past the burst */
	sleep_ms(50);
	took = burst(s, 200);
	assert_in_range(took, 50, DP_SEC_REPORT_BURST);
	dp_sec_report_free(s);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_subscriber),
		cmocka_unit_test(test_summed),
		cmocka_unit_test(test_rate_limit),
	};
	struct dp_leg_table *legs;
	struct rte_mempool *pool;
	struct dp_ctl_conf conf;
	int ret;

	(void)argc;
	pool = test_eal_init(argv[0], "0");
	msg = calloc(1, sizeof(*msg));
	punt = rte_ring_create("punt0", 64, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
	legs = dp_leg_table_create("t_ctls", 64, 1, SOCKET_ID_ANY);
	sec = dp_sec_report_create(0, SOCKET_ID_ANY);
	if (!msg || !punt || !legs || !sec || ring_ports_create(&rp, pool, 1024)) {
		fprintf(stderr, "set-up failed: ring, leg table, reporter or ports\n");
		return 1;
	}
	conf = (struct dp_ctl_conf){
		.nl_port = 0x4D53A000u | ((uint32_t)getpid() & 0xfff), .daemon_uid = (uid_t)-1,
		.legs = legs, .engine = dp_srtp_engine_find("native"), .n_workers = 1,
		.punt = &punt, .sec = &sec, .pool = pool, .ops = &test_app_ops,
	};
	if (serve_open(&conf))
		return 1;
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	serve_close();
	dp_sec_report_free(sec);
	dp_leg_table_free(legs);
	free(msg);
	return ret;
}
