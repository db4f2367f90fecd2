/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasecd's session and leg commands over a real NETLINK_USERSOCK socket
 * (sessions.sh starts the daemon, without a dataplane). Each check sends
 * one request and compares the reply, error text included.
 * Usage: sessions PORT; sessions PORT setup (a call left in place);
 * sessions PORT status LEGS DATAPATHS; sessions PORT batch (many requests
 * in one datagram, for a daemon with a dataplane). Exit 0 all passed, 1 a
 * failure.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <netlink/msg.h>

#include "nl_client.h"
#include "nl_msg.h"
#include "nl_window.h"
#include "parse_num.h"

#define B MS_BIT

static __u32 port;
static int fails;
static __u32 seq;

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s ", ok ? "ok  " : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fails += !ok;
}

struct reply {
	int error;		/* from NLMSG_ERROR, 0 for ACK */
	char text[MS_ERROR_MSG_MAX];
	int nmsgs;		/* data messages (dump parts) */
	struct ms_msg first;	/* the first data message */
	struct ms_msg last;	/* the last data message */
};

static void *buf;

/* Send m, collect replies until ACK/error, or NLMSG_DONE for dumps. */
static int request(struct ms_msg *m, struct reply *rep)
{
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK, .nl_pid = port };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_USERSOCK);
	struct timeval tv = { 2, 0 };
	struct nl_msg *msg;
	bool done = false;
	int ret;

	memset(rep, 0, sizeof(*rep));
	m->nl_type = MS_NL_USERSOCK_TYPE;
	m->nl_flags |= NLM_F_REQUEST | NLM_F_ACK;
	m->seq = ++seq;
	if (fd < 0 || ms_nl_msg_build(m, &msg))
		return -EIO;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	ret = sendto(fd, nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len, 0,
		     (struct sockaddr *)&dst, sizeof(dst));
	ms_nl_msg_free(msg);
	while (ret >= 0 && !done) {
		ssize_t n = recv(fd, buf, MS_NL_MSG_MAX, 0);
		struct nlmsghdr *h = buf;

		if (n < 0) {
			ret = -errno;
			break;
		}
		for (; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			char err[256];

			if (h->nlmsg_type == NLMSG_ERROR) {
				ms_nl_error_parse(h, h->nlmsg_len, &rep->error, rep->text,
						  sizeof(rep->text));
				done = true;
			} else if (h->nlmsg_type == NLMSG_DONE) {
				done = true;
			} else {
				struct ms_msg *into = rep->nmsgs ? &rep->last : &rep->first;

				if (ms_nl_msg_parse(h, h->nlmsg_len, into, err, sizeof(err))) {
					printf("     reply unparsable: %s\n", err);
					ret = -EPROTO;
				}
				if (!rep->nmsgs)
					rep->last = rep->first;
				rep->nmsgs++;
				done = done || !(h->nlmsg_flags & NLM_F_MULTI);
			}
		}
	}
	close(fd);
	ms_nl_msg_clear(m);
	return ret < 0 ? ret : 0;
}

static void session_msg(struct ms_msg *m, __u8 cmd, __u32 id, const char *label)
{
	memset(m, 0, sizeof(*m));
	m->cmd = cmd;
	m->present = B(MS_ATTR_SESSION);
	if (id) {
		m->session.present |= B(MS_SESSION_A_ID);
		m->session.id = id;
	}
	if (label) {
		m->session.present |= B(MS_SESSION_A_LABEL);
		snprintf(m->session.label, sizeof(m->session.label), "%s", label);
	}
}

/* A leg on the outside in mode mode, SRTP in both directions per keys. */
static void leg_msg(struct ms_msg *m, __u32 id, __u32 session, __u8 mode, int keys)
{
	struct ms_srtp_dir *dirs[] = { &m->leg.in, &m->leg.out };

	memset(m, 0, sizeof(*m));
	m->cmd = MS_CMD_LEG_NEW;
	m->present = B(MS_ATTR_LEG);
	m->leg.present = B(MS_LEG_A_ID) | B(MS_LEG_A_SESSION_ID) | B(MS_LEG_A_SIDE) |
			 B(MS_LEG_A_MODE) | B(MS_LEG_A_LOCAL) | B(MS_LEG_A_FLAGS);
	/* The remote is learnt: no MS_LEG_A_REMOTE needed by a dataplane. */
	m->leg.flags = MS_LEG_F_LATCH;
	m->leg.id = id;
	m->leg.session_id = session;
	m->leg.side = MS_SIDE_OUTSIDE;
	m->leg.mode = mode;
	m->leg.local.present = B(MS_ADDR_A_FAMILY) | B(MS_ADDR_A_IN4) | B(MS_ADDR_A_PORT);
	m->leg.local.family = AF_INET;
	memcpy(m->leg.local.in4, (__u8[]){ 198, 51, 100, 1 }, 4);
	m->leg.local.port = (__u16)(20000 + 2 * id);
	if (keys < 0)
		return;
	m->leg.present |= B(MS_LEG_A_SRTP_IN) | B(MS_LEG_A_SRTP_OUT);
	for (int i = 0; i < 2; i++) {
		dirs[i]->present = B(MS_SRTP_A_SUITE);
		dirs[i]->suite = MS_SUITE_AES_CM_128_HMAC_SHA1_80;
		if (keys == 1) {
			dirs[i]->present |= B(MS_SRTP_A_KEYS);
			dirs[i]->nkeys = 1;
			dirs[i]->keys[0].present = B(MS_KEY_A_MASTER_KEY) |
						   B(MS_KEY_A_MASTER_SALT);
			dirs[i]->keys[0].key_len = 16;
			dirs[i]->keys[0].salt_len = 14;
			memset(dirs[i]->keys[0].key, 0x11 + i, 16);
			memset(dirs[i]->keys[0].salt, 0x22 + i, 14);
		} else if (keys == 2) {
			dirs[i]->present |= B(MS_SRTP_A_FLAGS);
			dirs[i]->flags = MS_SRTP_F_GENERATE_KEY;
		}
	}
}

static void expect(struct ms_msg *m, int want, const char *text, const char *what)
{
	struct reply rep;
	int ret = request(m, &rep);

	check(ret == 0 && rep.error == want && strcmp(rep.text, text) == 0,
	      "%s: %d \"%s\" (want %d \"%s\")", what, ret ? ret : rep.error, rep.text,
	      want, text);
}

static void test_sessions(void)
{
	struct ms_msg m;
	struct reply rep;
	int ret;

	session_msg(&m, MS_CMD_SESSION_NEW, 10, "call-10@example");
	expect(&m, 0, "", "session 10 created");
	session_msg(&m, MS_CMD_SESSION_NEW, 10, "again");
	expect(&m, -EEXIST, "MS_SESSION_A_ID: session 10 exists", "duplicate session id");
	session_msg(&m, MS_CMD_SESSION_NEW, 0, NULL);
	expect(&m, -EINVAL, "MS_ATTR_SESSION: missing in MS_CMD_SESSION_NEW",
	       "session without a label (no nest at all)");
	session_msg(&m, MS_CMD_SESSION_DEL, 99, NULL);
	expect(&m, -ENOENT, "MS_SESSION_A_ID: no session 99", "unknown session deleted");
	session_msg(&m, MS_CMD_SESSION_NEW, 0, "auto");
	m.nl_flags = NLM_F_ECHO;
	ret = request(&m, &rep);
	check(ret == 0 && rep.nmsgs == 1 && rep.first.session.id != 0 &&
	      strcmp(rep.first.session.label, "auto") == 0,
	      "session with an assigned id echoed: id %u", rep.first.session.id);
	session_msg(&m, MS_CMD_SESSION_SET, 10, "renamed");
	expect(&m, 0, "", "session 10 relabelled");
	session_msg(&m, MS_CMD_SESSION_GET, 10, NULL);
	ret = request(&m, &rep);
	check(ret == 0 && rep.nmsgs == 1 &&
	      strcmp(rep.first.session.label, "renamed") == 0,
	      "session 10 read back: \"%s\"", rep.first.session.label);
}

static void test_legs(void)
{
	static const __u8 zero[16];
	struct ms_msg m;
	struct reply rep;
	int ret;

	leg_msg(&m, 1, 10, MS_MODE_ENFORCE, 1);
	expect(&m, 0, "", "enforce leg with keys");
	leg_msg(&m, 1, 10, MS_MODE_ENFORCE, 1);
	expect(&m, -EEXIST, "MS_LEG_A_ID: leg 1 exists", "duplicate leg id");
	leg_msg(&m, 2, 77, MS_MODE_ENFORCE, 1);
	expect(&m, -ENOENT, "MS_LEG_A_SESSION_ID: no session 77", "leg of an unknown session");
	leg_msg(&m, 3, 10, MS_MODE_ENFORCE, -1);
	expect(&m, -EINVAL,
	       "MS_LEG_A_SRTP_IN: mode enforce needs keys (MS_SRTP_A_KEYS or MS_SRTP_F_GENERATE_KEY)",
	       "enforce leg without keys refused");
	leg_msg(&m, 4, 10, MS_MODE_BEST_EFFORT, 1);
	expect(&m, -EPERM, "MS_LEG_A_MODE: best-effort is weaker than the outside side's enforce",
	       "outside leg weaker than policy refused");
	leg_msg(&m, 5, 10, MS_MODE_ENFORCE, 1);
	m.leg.present &= ~B(MS_LEG_A_SESSION_ID);
	expect(&m, -EINVAL, "MS_LEG_A_SESSION_ID: missing in MS_CMD_LEG_NEW",
	       "leg without a session id");

	leg_msg(&m, 6, 10, MS_MODE_ENFORCE, 2);
	m.nl_flags = NLM_F_ECHO;
	check(request(&m, &rep) == 0 && rep.error == 0 && rep.nmsgs == 1 &&
	      rep.first.leg.in.nkeys == 1 && rep.first.leg.in.keys[0].key_len == 16 &&
	      memcmp(rep.first.leg.in.keys[0].key, zero, 16) &&
	      !(rep.first.leg.in.flags & MS_SRTP_F_GENERATE_KEY),
	      "generated keys returned once to the creator");
	ms_nl_msg_clear(&rep.first);
	ms_nl_msg_clear(&rep.last);

	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_LEG_GET;
	m.present = B(MS_ATTR_LEG);
	m.leg.present = B(MS_LEG_A_ID);
	m.leg.id = 6;
	check(request(&m, &rep) == 0 && rep.nmsgs == 1 && rep.first.leg.id == 6 &&
	      (rep.first.leg.in.present & B(MS_SRTP_A_SUITE)) &&
	      !(rep.first.leg.in.present & B(MS_SRTP_A_KEYS)),
	      "LEG_GET shows the suite, never the keys");

	session_msg(&m, MS_CMD_SESSION_GET, 10, NULL);
	ret = request(&m, &rep);
	check(ret == 0 && rep.first.session.nlegs == 2 &&
	      rep.first.session.legs[0].id == 1 && rep.first.session.legs[1].id == 6,
	      "session 10 lists legs 1 and 6 (%u legs)", rep.first.session.nlegs);

	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_LEG_DEL;
	m.present = B(MS_ATTR_LEG);
	m.leg.present = B(MS_LEG_A_ID);
	m.leg.id = 3;
	expect(&m, -ENOENT, "MS_LEG_A_ID: no leg 3", "unknown leg deleted");

	/* LEG_SET: the changed leg passes the policy as a whole. */
	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_LEG_SET;
	m.present = B(MS_ATTR_LEG);
	m.leg.present = B(MS_LEG_A_ID) | B(MS_LEG_A_MODE);
	m.leg.id = 1;
	m.leg.mode = MS_MODE_DISABLED;
	expect(&m, -EPERM, "MS_LEG_A_MODE: disabled is weaker than the outside side's enforce",
	       "LEG_SET to a weaker mode refused");
	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_LEG_SET;
	m.present = B(MS_ATTR_LEG);
	m.leg.present = B(MS_LEG_A_ID) | B(MS_LEG_A_PEER_ID);
	m.leg.id = 1;
	m.leg.peer_id = 6;
	expect(&m, 0, "", "LEG_SET peer");
	m.cmd = MS_CMD_LEG_GET;
	m.present = B(MS_ATTR_LEG);
	m.leg.present = B(MS_LEG_A_ID);
	m.leg.id = 1;
	ret = request(&m, &rep);
	check(ret == 0 && rep.first.leg.peer_id == 6 && rep.first.leg.mode == MS_MODE_ENFORCE,
	      "leg 1: peer 6, still enforce");
	m.cmd = MS_CMD_LEG_SET;
	m.present = B(MS_ATTR_LEG);
	m.leg.present = B(MS_LEG_A_ID) | B(MS_LEG_A_PEER_ID);
	m.leg.id = 99;
	m.leg.peer_id = 6;
	expect(&m, -ENOENT, "MS_LEG_A_ID: no leg 99", "LEG_SET of an unknown leg");
	leg_msg(&m, 1, 10, MS_MODE_ENFORCE, 1);
	m.cmd = MS_CMD_KEY_SET;
	m.leg.present = B(MS_LEG_A_ID) | B(MS_LEG_A_SRTP_IN);
	expect(&m, 0, "", "KEY_SET new inbound keys");
}

/* 100 sessions: dumped in parts with cursors, none lost or repeated. */
static void test_dump(void)
{
	struct ms_msg m;
	struct reply rep;
	unsigned int total = 0, parts = 0, before;
	__u64 cursor = 0;
	bool more = true;


	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_STATUS_GET;
	request(&m, &rep);
	before = rep.first.status.sessions;
	for (__u32 id = 1000; id < 1100; id++) {
		session_msg(&m, MS_CMD_SESSION_NEW, id, "bulk");
		request(&m, &rep);
	}
	while (more && parts < 20) {
		memset(&m, 0, sizeof(m));
		m.cmd = MS_CMD_SESSION_GET;
		m.nl_flags = NLM_F_DUMP;
		if (parts) {
			m.present = B(MS_ATTR_DUMP_CURSOR);
			m.dump_cursor = cursor;
		}
		if (request(&m, &rep))
			break;
		total += (unsigned int)rep.nmsgs;
		more = rep.last.present & B(MS_ATTR_DUMP_CURSOR);
		cursor = rep.last.dump_cursor;
		parts++;
	}
	check(total == before + 100 && parts == (before + 100 + 31) / 32,
	      "dump: %u sessions in %u parts (%u before the 100)", total, parts, before);

	/* Keys never come back from mediasecd, not even to root. */
	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_LEG_GET;
	m.nl_flags = NLM_F_DUMP;
	m.present = B(MS_ATTR_GET_FLAGS);
	m.get_flags = MS_GET_F_KEYS;
	expect(&m, -EPERM, "MS_ATTR_GET_FLAGS: mediasecd never returns keys",
	       "leg dump with MS_GET_F_KEYS");
	session_msg(&m, MS_CMD_SESSION_DEL, 10, NULL);
	expect(&m, 0, "", "session 10 deleted");
	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_LEG_GET;
	m.present = B(MS_ATTR_LEG);
	m.leg.present = B(MS_LEG_A_ID);
	m.leg.id = 1;
	expect(&m, -ENOENT, "MS_LEG_A_ID: no leg 1", "its legs went with it");
}

/* A uid with no role: refused before anything is parsed. */
static void test_unauthorized(void)
{
	pid_t pid = fork();
	int status = 0;

	if (pid == 0) {
		struct ms_msg m;
		struct reply rep;

		if (setgid(65534) || setuid(65534))
			_exit(2);
		session_msg(&m, MS_CMD_SESSION_NEW, 50, "x");
		if (request(&m, &rep))
			_exit(3);
		printf("     uid 65534: %d \"%s\"\n", rep.error, rep.text);
		_exit(rep.error == -EPERM ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "uid 65534 refused SESSION_NEW (child exit %d)", WEXITSTATUS(status));
}

/* For sessions_dp.sh: session 500 with legs 501 and 502, left in place. */
static void setup_call(void)
{
	struct ms_msg m;

	session_msg(&m, MS_CMD_SESSION_NEW, 500, "call-500");
	expect(&m, 0, "", "session 500 created");
	for (__u32 id = 501; id <= 502; id++) {
		leg_msg(&m, id, 500, MS_MODE_ENFORCE, 2);
		expect(&m, 0, "", "leg with generated keys created");
	}
}

/* For sessions_dp.sh: the daemon's leg count and datapaths. */
static void status(unsigned long legs, unsigned long dp)
{
	struct ms_msg m;
	struct reply rep;
	int ret;

	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_STATUS_GET;
	ret = request(&m, &rep);
	check(ret == 0 && rep.first.status.legs == legs &&
	      rep.first.status.datapaths == dp,
	      "status: %u legs, datapaths 0x%x (want %lu, 0x%lx)", rep.first.status.legs,
	      rep.first.status.datapaths, legs, dp);

	/* Counters come from the dataplane, or a clear error without one. */
	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_STATS_GET;
	ret = request(&m, &rep);
	if (dp)
		check(ret == 0 && rep.error == 0 && (rep.first.present & B(MS_ATTR_COUNTERS)),
		      "STATS_GET: the dataplane's counters (%d \"%s\")", rep.error, rep.text);
	else
		check(ret == 0 && rep.error == -ENOTCONN &&
		      strcmp(rep.text, "mediasec-dp: not connected") == 0,
		      "STATS_GET without a dataplane: %d \"%s\"", rep.error, rep.text);
	if (!legs)
		return;
	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_LEG_GET;
	m.present = B(MS_ATTR_LEG);
	m.leg.present = B(MS_LEG_A_ID);
	m.leg.id = 501;
	ret = request(&m, &rep);
	check(ret == 0 && rep.nmsgs == 1 &&
	      !!(rep.first.leg.present & B(MS_LEG_A_COUNTERS)) == !!dp,
	      "LEG_GET 501: counters %s", dp ? "from the dataplane" : "absent");
}

#define BATCH_SESSION	510
#define BATCH_N		10

struct answer {
	bool answered;
	int error;
	char text[MS_ERROR_MSG_MAX];
};

static void batch_done(void *arg, __u64 tag, int ret, const char *text)
{
	struct answer *a = &((struct answer *)arg)[tag];

	check(!a->answered, "request %llu answered once", (unsigned long long)tag);
	a->answered = true;
	a->error = ret;
	snprintf(a->text, sizeof(a->text), "%s", text);
}

/*
 * For sessions_dp.sh: one datagram with a session, legs the daemon sends
 * on to the dataplane without waiting (one of them on an address the
 * dataplane does not have), a change and a delete of legs created in the
 * same datagram. Each request gets its own answer, the refusal with the
 * dataplane's text, and the dataplane sees the changes in order.
 */
static void batch(void)
{
	const struct ms_nl_client_conf conf = { .port = port, .peer = "mediasecd",
						.timeout_s = 5, .rcvbuf = 1 << 20 };
	struct answer ans[BATCH_N] = { 0 };
	char err[MS_ERROR_MSG_MAX + 64], want[MS_ERROR_MSG_MAX];
	struct ms_nl_client *c = ms_nl_client_open(&conf, err, sizeof(err));
	struct ms_nl_window *w = c ? ms_nl_window_open(c, 64, batch_done, ans) : NULL;
	struct ms_msg m;
	struct reply rep;
	int ret = 0;

	if (!w) {
		check(false, "batch client: %s", c ? "out of memory" : err);
		ms_nl_client_close(c);
		return;
	}
	session_msg(&m, MS_CMD_SESSION_NEW, BATCH_SESSION, "batch");
	ret = ms_nl_window_add(w, &m, 0, err, sizeof(err));
	for (__u32 k = 1; !ret && k <= 6; k++) {
		leg_msg(&m, BATCH_SESSION + k, BATCH_SESSION, MS_MODE_ENFORCE, 1);
		if (k == 4)	/* not an address of the dataplane's */
			m.leg.local.in4[3] = 99;
		ret = ms_nl_window_add(w, &m, k, err, sizeof(err));
	}
	/*
	 * Legs 511 and 512, made in this datagram, rekeyed and deleted in it:
	 * the dataplane refuses a rekey of a leg it does not have.
	 */
	leg_msg(&m, BATCH_SESSION + 1, BATCH_SESSION, MS_MODE_ENFORCE, 1);
	m.cmd = MS_CMD_KEY_SET;
	m.leg.present = B(MS_LEG_A_ID) | B(MS_LEG_A_SRTP_IN);
	ret = ret ?: ms_nl_window_add(w, &m, 7, err, sizeof(err));
	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_LEG_DEL;
	m.present = B(MS_ATTR_LEG);
	m.leg.present = B(MS_LEG_A_ID);
	m.leg.id = BATCH_SESSION + 2;
	ret = ret ?: ms_nl_window_add(w, &m, 8, err, sizeof(err));
	ret = ret ?: ms_nl_window_flush(w, err, sizeof(err));
	check(ret == 0, "batch of 9 requests sent and answered (%s)", ret ? err : "ok");
	snprintf(want, sizeof(want), "mediasec-dp: MS_LEG_A_LOCAL: 198.51.100.99:%u is not "
		 "an address of this gateway", 20000 + 2 * (BATCH_SESSION + 4));
	for (int k = 0; k <= 8; k++) {
		bool refused = k == 4;

		check(ans[k].answered && ans[k].error == (refused ? -ENOENT : 0) &&
		      strcmp(ans[k].text, refused ? want : "") == 0,
		      "batch request %d: %d \"%s\"", k, ans[k].error, ans[k].text);
	}
	ms_nl_window_close(w);
	ms_nl_client_close(c);

	/* The dataplane has the legs it took (counters), not the others. */
	for (__u32 id = BATCH_SESSION + 1; id <= BATCH_SESSION + 6; id++) {
		bool there = id != BATCH_SESSION + 2 && id != BATCH_SESSION + 4;

		memset(&m, 0, sizeof(m));
		m.cmd = MS_CMD_STATS_GET;
		m.present = B(MS_ATTR_LEG);
		m.leg.present = B(MS_LEG_A_ID);
		m.leg.id = id;
		ret = request(&m, &rep);
		check(ret == 0 && (there ? rep.error == 0 && (rep.first.present &
							      B(MS_ATTR_COUNTERS)) :
					   rep.error == -ENOENT),
		      "leg %u %s (%d \"%s\")", id, there ? "in the dataplane" : "gone",
		      rep.error, rep.text);
	}
	session_msg(&m, MS_CMD_SESSION_DEL, BATCH_SESSION, NULL);
	expect(&m, 0, "", "batch session deleted");
}

int main(int argc, char **argv)
{
	unsigned long p, legs = 0, dp = 0;

	if (argc < 2 || ms_parse_ulong(argv[1], 0, 1, UINT32_MAX, &p) ||
	    (argc == 5 && (strcmp(argv[2], "status") ||
			   ms_parse_ulong(argv[3], 0, 0, UINT32_MAX, &legs) ||
			   ms_parse_ulong(argv[4], 0, 0, UINT32_MAX, &dp))) ||
	    (argc == 3 && strcmp(argv[2], "setup") && strcmp(argv[2], "batch")) ||
	    argc == 4 || argc > 5) {
		fprintf(stderr, "usage: sessions PORT [setup | batch | status LEGS DATAPATHS]\n");
		return 2;
	}
	port = (__u32)p;
	buf = malloc(MS_NL_MSG_MAX);
	if (!buf)
		return 2;
	if (argc == 3 && strcmp(argv[2], "setup") == 0)
		setup_call();
	else if (argc == 3)
		batch();
	else if (argc == 5)
		status(legs, dp);
	if (argc > 2) {
		free(buf);
		return fails ? 1 : 0;
	}
	test_sessions();
	test_legs();
	test_dump();
	test_unauthorized();
	free(buf);
	printf("%s\n", fails ? "FAILED" : "all passed");
	return fails ? 1 : 0;
}
