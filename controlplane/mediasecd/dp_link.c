/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <netlink/msg.h>

#include "dp_link.h"
#include "log.h"
#include "nl_msg.h"
#include "session_store.h"

#define B MS_BIT

static struct {
	int fd;
	__u32 port;
	__u32 seq;
	bool up;
	bool adopted;		/* the first connection's legs were taken in */
	__u64 punts;
	struct cp_store *st;
	void *buf;		/* MS_NL_MSG_MAX bytes */
} dp = { .fd = -1 };

/* Called for each data message of a reply (dumps); may be NULL. */
typedef void (*reply_fn)(const struct ms_msg *m);

/* Replies count only from root or from our own uid (netlink.h: Trust). */
static bool trusted(struct msghdr *mh)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		const struct ucred *cr = (const void *)CMSG_DATA(c);

		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS)
			return cr->uid == 0 || cr->uid == geteuid();
	}
	return false;
}

/* One datagram into dp.buf; its length, or -errno. */
static ssize_t receive(int flags)
{
	struct sockaddr_nl from;
	char cbuf[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec iov = { dp.buf, MS_NL_MSG_MAX };
	struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof(from),
			     .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	ssize_t n = recvmsg(dp.fd, &mh, flags);

	if (n < 0)
		return -errno;
	if (from.nl_pid != dp.port || !trusted(&mh))
		return 0;	/* not the dataplane: ignored */
	return n;
}

/* A message nobody waits for: punts, or a late reply. */
static void unsolicited(const struct nlmsghdr *h)
{
	const struct genlmsghdr *g = nlmsg_data(h);

	if (h->nlmsg_type == MS_NL_USERSOCK_TYPE &&
	    h->nlmsg_len >= NLMSG_LENGTH(sizeof(*g)) && g->cmd == MS_CMD_PUNT)
		dp.punts++;
}

/*
 * Send m, wait for its ACK, error or NLMSG_DONE. Returns 0, the
 * dataplane's -errno with its text in err, or -ETIMEDOUT/-ECONNREFUSED
 * (and the link goes down).
 */
static int request(struct ms_msg *m, reply_fn each, char *err, size_t errlen)
{
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK, .nl_pid = dp.port };
	struct nl_msg *msg;
	__u32 seq = ++dp.seq;
	int ret;

	m->nl_type = MS_NL_USERSOCK_TYPE;
	m->nl_flags |= NLM_F_REQUEST | NLM_F_ACK;
	m->seq = seq;
	ret = ms_nl_msg_build(m, &msg);
	if (ret)
		return ret;
	ret = sendto(dp.fd, nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len, 0,
		     (struct sockaddr *)&dst, sizeof(dst)) < 0 ? -errno : 0;
	ms_nl_msg_free(msg);
	while (!ret) {
		ssize_t n = receive(0);
		struct nlmsghdr *h = dp.buf;
		struct ms_msg *r;

		if (n < 0) {
			ret = n == -EAGAIN ? -ETIMEDOUT : (int)n;
			break;
		}
		for (; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			int error;

			if (h->nlmsg_seq != seq) {
				unsolicited(h);
				continue;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				char text[MS_ERROR_MSG_MAX];

				ms_nl_error_parse(h, h->nlmsg_len, &error, text, sizeof(text));
				if (error)
					snprintf(err, errlen, "mediasec-dp: %s",
						 text[0] ? text : strerror(-error));
				return error;
			}
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			r = malloc(sizeof(*r));
			if (r && each && !ms_nl_msg_parse(h, h->nlmsg_len, r, err, errlen))
				each(r);
			if (r)
				ms_nl_msg_clear(r);
			free(r);
			/* A reply that is no dump part ends the request (no ACK follows). */
			if (!(h->nlmsg_flags & NLM_F_MULTI))
				return 0;
		}
	}
	if (ret == -ETIMEDOUT || ret == -ECONNREFUSED) {
		if (dp.up)
			cp_log(LOG_WARNING, "mediasec-dp (port 0x%08x) gone: %s; legs kept pending",
			       dp.port, strerror(-ret));
		dp.up = false;
	}
	snprintf(err, errlen, "mediasec-dp: %s", strerror(-ret));
	return ret;
}

int cp_dp_open(struct cp_store *st, __u32 port, char *err, size_t errlen)
{
	struct sockaddr_nl me = { .nl_family = AF_NETLINK };
	struct timeval tv = { 1, 0 };
	int one = 1;

	dp.st = st;
	dp.port = port;
	if (!port)
		return 0;
	dp.buf = malloc(MS_NL_MSG_MAX);
	dp.fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_USERSOCK);
	if (!dp.buf || dp.fd < 0 ||
	    setsockopt(dp.fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) ||
	    setsockopt(dp.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    bind(dp.fd, (struct sockaddr *)&me, sizeof(me))) {
		int ret = -errno;

		snprintf(err, errlen, "dataplane link: %s", strerror(errno));
		cp_dp_close();
		return ret ? ret : -ENOMEM;
	}
	return 0;
}

void cp_dp_close(void)
{
	if (dp.fd >= 0)
		close(dp.fd);
	free(dp.buf);
	dp.fd = -1;
	dp.buf = NULL;
	dp.up = false;
}

bool cp_dp_connected(void)
{
	return dp.up;
}

__u64 cp_dp_punts(void)
{
	return dp.punts;
}

static void set_leg_msg(struct ms_msg *m, __u8 cmd, __u32 id)
{
	memset(m, 0, sizeof(*m));
	m->cmd = cmd;
	m->present = B(MS_ATTR_LEG);
	m->leg.present = B(MS_LEG_A_ID);
	m->leg.id = id;
}

static int push(struct cp_leg_entry *e, char *err, size_t errlen)
{
	struct ms_msg m;
	int ret;

	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_LEG_NEW;
	m.present = B(MS_ATTR_LEG);
	m.leg = e->leg;
	/* The dataplane has no sessions: it pairs legs by MS_LEG_A_PEER_ID. */
	ret = request(&m, NULL, err, errlen);
	ms_nl_msg_clear(&m);
	if (!ret)
		e->programmed = true;
	return ret;
}

int cp_dp_leg_new(const struct ms_leg *leg, char *err, size_t errlen)
{
	struct cp_leg_entry *e = cp_leg_find(dp.st, leg->id);
	int ret;

	if (!dp.up || !e)
		return 0;
	ret = push(e, err, errlen);
	return ret == -ETIMEDOUT || ret == -ECONNREFUSED ? 0 : ret;
}

int cp_dp_leg_change(__u8 cmd, const struct ms_leg *change, char *err, size_t errlen)
{
	const struct cp_leg_entry *e = cp_leg_find(dp.st, change->id);
	struct ms_msg m;
	int ret;

	if (!dp.up || !e || !e->programmed)
		return 0;
	memset(&m, 0, sizeof(m));
	m.cmd = cmd;
	m.present = B(MS_ATTR_LEG);
	m.leg = *change;
	ret = request(&m, NULL, err, errlen);
	ms_nl_msg_clear(&m);
	return ret == -ETIMEDOUT || ret == -ECONNREFUSED ? 0 : ret;
}

void cp_dp_leg_del(__u32 id)
{
	char err[MS_ERROR_MSG_MAX + 16];
	struct ms_msg m;
	int ret;

	if (!dp.up)
		return;
	set_leg_msg(&m, MS_CMD_LEG_DEL, id);
	ret = request(&m, NULL, err, sizeof(err));
	if (ret && ret != -ENOENT)
		cp_log(LOG_WARNING, "leg %u not deleted from the dataplane: %s", id, err);
}

/* Where the adoption dump resumes, from its last part. */
static struct {
	bool more;
	__u64 cursor;
	unsigned int seen;
} dump;

static struct ms_counters *stats_out;

static void stats_one(const struct ms_msg *m)
{
	if (m->present & B(MS_ATTR_COUNTERS))
		*stats_out = m->counters;
}

int cp_dp_stats(__u32 leg_id, struct ms_counters *out, char *err, size_t errlen)
{
	struct ms_msg m;

	if (!dp.up) {
		snprintf(err, errlen, "mediasec-dp: not connected");
		return -ENOTCONN;
	}
	memset(&m, 0, sizeof(m));
	memset(out, 0, sizeof(*out));
	m.cmd = MS_CMD_STATS_GET;
	if (leg_id) {
		m.present = B(MS_ATTR_LEG);
		m.leg.present = B(MS_LEG_A_ID);
		m.leg.id = leg_id;
	}
	stats_out = out;
	return request(&m, stats_one, err, errlen);
}

/* A leg the dataplane already runs: keep it, without its keys. */
static void adopt_one(const struct ms_msg *m)
{
	struct ms_leg leg = m->leg;
	struct cp_leg_entry *e;
	char label[MS_LABEL_MAX];

	dump.seen++;
	dump.more = m->present & B(MS_ATTR_DUMP_CURSOR);
	dump.cursor = m->dump_cursor;
	if (!(m->present & B(MS_ATTR_LEG)) || cp_leg_find(dp.st, leg.id))
		return;
	if (!(leg.present & B(MS_LEG_A_SESSION_ID)) || !leg.session_id)
		leg.session_id = leg.id;
	snprintf(label, sizeof(label), "adopted from mediasec-dp");
	if (!cp_session_find(dp.st, leg.session_id) &&
	    cp_session_add(dp.st, leg.session_id, label))
		return;
	leg.present &= ~B(MS_LEG_A_COUNTERS);
	if (cp_leg_add(dp.st, &leg))
		return;
	e = cp_leg_find(dp.st, leg.id);
	e->programmed = true;
	e->adopted = true;
}

static void adopt(void)
{
	char err[MS_ERROR_MSG_MAX + 16];
	unsigned int before = cp_leg_count(dp.st);
	struct ms_msg m;

	memset(&dump, 0, sizeof(dump));
	do {
		memset(&m, 0, sizeof(m));
		m.cmd = MS_CMD_LEG_GET;
		m.nl_flags = NLM_F_DUMP;
		if (dump.more) {
			m.present = B(MS_ATTR_DUMP_CURSOR);
			m.dump_cursor = dump.cursor;
		}
		dump.more = false;
		if (request(&m, adopt_one, err, sizeof(err))) {
			cp_log(LOG_WARNING, "adopting the dataplane's legs: %s", err);
			return;
		}
	} while (dump.more);
	cp_log(LOG_NOTICE, "mediasec-dp: %u legs there, %u adopted", dump.seen,
	       cp_leg_count(dp.st) - before);
}

static void push_pending(void)
{
	char err[MS_ERROR_MSG_MAX + 16];
	unsigned int pushed = 0, dropped = 0;

	for (unsigned int i = 0; dp.up && i < cp_leg_count(dp.st); i++) {
		struct cp_leg_entry *e = cp_leg_at(dp.st, i);

		if (e->programmed)
			continue;
		if (push(e, err, sizeof(err)) == 0) {
			pushed++;
		} else if (dp.up) {
			cp_log(LOG_ERR, "leg %u refused by the dataplane: %s", e->leg.id, err);
			dropped++;
		}
	}
	if (pushed || dropped)
		cp_log(LOG_NOTICE, "mediasec-dp: %u legs pushed, %u refused", pushed, dropped);
}

void cp_dp_tick(void)
{
	char err[MS_ERROR_MSG_MAX + 16];
	struct ms_msg m;

	if (dp.fd < 0)
		return;
	for (;;) {
		ssize_t n = receive(MSG_DONTWAIT);

		if (n < 0)
			break;
		for (struct nlmsghdr *h = dp.buf; n > 0 && NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n))
			unsolicited(h);
	}
	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_STATUS_GET;
	if (request(&m, NULL, err, sizeof(err))) {
		if (dp.up)
			cp_log(LOG_WARNING, "%s", err);
		return;
	}
	if (dp.up)
		return;
	dp.up = true;
	cp_log(LOG_NOTICE, "mediasec-dp (port 0x%08x) connected", dp.port);
	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_EVENT_SUBSCRIBE;
	if (request(&m, NULL, err, sizeof(err)))
		cp_log(LOG_WARNING, "punt subscription: %s", err);
	if (!dp.adopted) {
		adopt();
		dp.adopted = true;
	} else {
		/* A new dataplane: everything goes again; adopted legs cannot
		 * (no keys). Backwards: a delete moves the last leg. */
		for (unsigned int i = cp_leg_count(dp.st); i-- > 0;) {
			struct cp_leg_entry *e = cp_leg_at(dp.st, i);

			e->programmed = false;
			if (!e->adopted)
				continue;
			cp_log(LOG_WARNING, "adopted leg %u dropped: its keys are unknown",
			       e->leg.id);
			cp_leg_del(dp.st, e->leg.id);
		}
	}
	push_pending();
}
