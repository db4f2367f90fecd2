/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include <linux/netlink.h>
#include <netlink/msg.h>
#include <openssl/crypto.h>

#include "dp_failures.h"
#include "dp_link.h"
#include "dp_lists.h"
#include "log.h"
#include "nl_client.h"
#include "nl_msg.h"
#include "nl_server.h"
#include "nl_window.h"
#include "pinholes.h"
#include "session_store.h"

#define B MS_BIT

/* Failure reports kept until the daemon is between requests; then lost. */
#define REPORTS_MAX	256
/* LEG_NEWs in flight to the dataplane at most; then the daemon waits. */
#define INFLIGHT_MAX	4096
/* Our receive buffer: the dataplane's answers to a burst arrive at once. */
#define RCVBUF		(8 << 20)

/* A LEG_NEW sent on, its caller answered when the dataplane has answered. */
struct inflight {
	__u32 leg_id;
	struct ms_nl_deferred req;
};

static struct {
	struct ms_nl_client *c;
	struct ms_nl_window *w;
	struct inflight *inflight;	/* INFLIGHT_MAX, window tags index it */
	unsigned int n_inflight;
	__u32 port;
	bool up;
	bool adopted;		/* the first connection's legs were taken in */
	bool resync;		/* the dataplane may hold a leg the daemon deleted */
	__s64 boot;		/* when the dataplane started, CLOCK_MONOTONIC s */
	__u64 punts;
	struct cp_store *st;
} dp;

/*
 * Failure reports read, to act on between requests: a report can arrive
 * while a request waits for its answer, and acting on it (a deny pushed to
 * the dataplane) is a request of its own.
 */
static struct {
	struct ms_event ev[REPORTS_MAX];
	unsigned int n;
	__u64 lost;
} reports;

/* The dataplane's legs a re-sync deletes there, gathered from its dump. */
static struct {
	__u32 *ids;
	unsigned int n, max;
	bool short_of_memory;
} stale;

/* Called for each data message of a reply (dumps); may be NULL. */
typedef void (*reply_fn)(const struct ms_msg *m);

/* A failure report (MS_CMD_EVENT) for the dynamic denylist, kept for later. */
static void event(const struct nlmsghdr *h)
{
	static struct ms_msg m;		/* large: not on the stack */
	char why[MS_ERROR_MSG_MAX];

	if (ms_nl_msg_parse(h, h->nlmsg_len, &m, why, sizeof(why))) {
		cp_log(LOG_WARNING, "mediasec-dp: malformed event: %s", why);
		return;
	}
	if (!(m.present & B(MS_ATTR_EVENT)))
		return;
	if (reports.n == REPORTS_MAX)
		reports.lost++;
	else
		reports.ev[reports.n++] = m.event;
}

/* A message that answers no request: punts, events, or a late reply. */
static void unsolicited(void *arg, const struct nlmsghdr *h)
{
	const struct genlmsghdr *g = nlmsg_data(h);

	(void)arg;
	if (h->nlmsg_type != MS_NL_USERSOCK_TYPE || h->nlmsg_len < NLMSG_LENGTH(sizeof(*g)))
		return;
	if (g->cmd == MS_CMD_PUNT)
		dp.punts++;
	else if (g->cmd == MS_CMD_EVENT)
		event(h);
}

static int each_reply(const struct ms_msg *m, void *arg)
{
	reply_fn fn = *(reply_fn *)arg;

	if (fn)
		fn(m);
	return 0;
}

static bool gone(int ret)
{
	return ret == -ETIMEDOUT || ret == -ECONNREFUSED;
}

static void went_down(const char *why)
{
	if (dp.up)
		cp_log(LOG_WARNING, "mediasec-dp (port 0x%08x) gone: %s; legs kept pending",
		       dp.port, why);
	dp.up = false;
}

/* The dataplane answered a LEG_NEW in flight: now its caller hears. */
static void new_answered(void *arg, __u64 tag, int ret, const char *text)
{
	const struct inflight *f = &dp.inflight[tag];
	struct cp_leg_entry *e = cp_leg_find(dp.st, f->leg_id);
	char err[MS_ERROR_MSG_MAX + 16];

	(void)arg;
	if (gone(ret)) {
		went_down(text);
		if (e)
			e->programmed = false;
		ret = 0;	/* the leg stays, pending, as when the link was down */
	} else if (ret) {
		snprintf(err, sizeof(err), "mediasec-dp: %s", text);
		if (e)
			cp_pinholes_leg_del(&e->leg);
		cp_leg_del(dp.st, f->leg_id);
	}
	ms_nl_complete(&f->req, ret, ret ? err : NULL);
}

void cp_dp_flush(void)
{
	char err[MS_ERROR_MSG_MAX + 16];

	/* a lost link has answered every request through new_answered() */
	if (dp.w && ms_nl_window_pending(dp.w))
		ms_nl_window_flush(dp.w, err, sizeof(err));
	dp.n_inflight = 0;
}

/*
 * Send m and collect its replies (lib/nl_client.c), after the requests in
 * flight: the dataplane sees the changes in the order they came. Returns
 * 0, the dataplane's -errno with "mediasec-dp: its text" in err, or
 * -ETIMEDOUT/-ECONNREFUSED, and then the link goes down.
 */
static int request(struct ms_msg *m, reply_fn each, char *err, size_t errlen)
{
	char text[MS_ERROR_MSG_MAX];	/* the server's text fits, with our prefix, in err */
	int ret;

	cp_dp_flush();
	m->nl_flags |= NLM_F_ACK;
	ret = ms_nl_client_request(dp.c, m, each_reply, &each, text, sizeof(text));
	if (!ret)
		return 0;
	snprintf(err, errlen, "mediasec-dp: %s", text);
	if (gone(ret))
		went_down(text);
	return ret;
}

int cp_dp_request(struct ms_msg *m, char *err, size_t errlen)
{
	if (!dp.up) {
		snprintf(err, errlen, "mediasec-dp: not connected");
		return -ENOTCONN;
	}
	return request(m, NULL, err, errlen);
}

int cp_dp_open(struct cp_store *st, __u32 port, char *err, size_t errlen)
{
	const struct ms_nl_client_conf conf = {
		.port = port, .peer = "mediasec-dp", .timeout_s = 1,
		.trust_own_uid = true, .unsolicited = unsolicited, .rcvbuf = RCVBUF,
	};

	dp.st = st;
	dp.port = port;
	if (!port)
		return 0;
	dp.c = ms_nl_client_open(&conf, err, errlen);
	if (!dp.c)
		return -EIO;
	dp.inflight = calloc(INFLIGHT_MAX, sizeof(*dp.inflight));
	dp.w = dp.inflight ? ms_nl_window_open(dp.c, INFLIGHT_MAX, new_answered, NULL) : NULL;
	if (!dp.w) {
		snprintf(err, errlen, "mediasec-dp link: out of memory");
		cp_dp_close();
		return -ENOMEM;
	}
	return 0;
}

void cp_dp_close(void)
{
	ms_nl_window_close(dp.w);
	dp.w = NULL;
	free(dp.inflight);
	dp.inflight = NULL;
	ms_nl_client_close(dp.c);
	dp.c = NULL;
	dp.up = false;
	free(stale.ids);
	memset(&stale, 0, sizeof(stale));
}

bool cp_dp_connected(void)
{
	return dp.up;
}

int cp_dp_fd(void)
{
	return dp.c ? ms_nl_client_fd(dp.c) : -1;
}

void cp_dp_unsolicited(bool readable)
{
	if (!dp.c)
		return;
	if (readable) {
		/* replies to the legs in flight are the window's to read, not ours */
		cp_dp_flush();
		ms_nl_client_drain(dp.c);
	}
	for (unsigned int i = 0; i < reports.n; i++)
		cp_dp_failures_report(&reports.ev[i]);
	reports.n = 0;
}

static void set_leg_msg(struct ms_msg *m, __u8 cmd, __u32 id)
{
	memset(m, 0, sizeof(*m));
	m->cmd = cmd;
	m->present = B(MS_ATTR_LEG);
	m->leg.present = B(MS_LEG_A_ID);
	m->leg.id = id;
}

/*
 * The message leg requests are built in: only its header and its leg are
 * ever written, so only those are cleared and wiped for each request (a
 * whole struct ms_msg is 12 KiB, a good part of a leg's cost otherwise).
 */
static struct ms_msg leg_req;

static struct ms_msg *leg_request(__u8 cmd, const struct ms_leg *leg)
{
	leg_req.nl_type = 0;
	leg_req.nl_flags = 0;
	leg_req.seq = 0;
	leg_req.portid = 0;
	leg_req.cmd = cmd;
	leg_req.present = B(MS_ATTR_LEG);
	leg_req.leg = *leg;
	return &leg_req;
}

static void leg_request_wipe(void)
{
	OPENSSL_cleanse(&leg_req.leg, sizeof(leg_req.leg));
}

static int push(struct cp_leg_entry *e, char *err, size_t errlen)
{
	int ret;

	/* The dataplane has no sessions: it pairs legs by MS_LEG_A_PEER_ID. */
	ret = request(leg_request(MS_CMD_LEG_NEW, &e->leg), NULL, err, errlen);
	leg_request_wipe();
	if (!ret)
		e->programmed = true;
	/* timed out, the dataplane holds this leg as it is or not at all */
	if (!ret || gone(ret))
		e->dirty = 0;
	return ret;
}

/* Send e on without waiting: r is answered from new_answered(). */
static int push_deferred(struct cp_leg_entry *e, struct ms_nl_request *r,
			 char *err, size_t errlen)
{
	struct inflight *f;
	int ret;

	if (dp.n_inflight == INFLIGHT_MAX)
		cp_dp_flush();
	if (!dp.up)
		return 0;
	f = &dp.inflight[dp.n_inflight];
	f->leg_id = e->leg.id;
	ms_nl_defer(r, &f->req);
	/* Changes behind it in the same batch go on to the dataplane too. */
	e->programmed = true;
	e->dirty = 0;
	ret = ms_nl_window_add(dp.w, leg_request(MS_CMD_LEG_NEW, &e->leg), dp.n_inflight++,
			       err, errlen);
	leg_request_wipe();
	if (ret && !gone(ret)) {
		/* not built: nothing sent, nothing deferred */
		dp.n_inflight--;
		e->programmed = false;
		return ret;
	}
	/* a lost link answered it (and every other in flight) already */
	return MS_NL_DEFERRED;
}

int cp_dp_leg_new(const struct ms_leg *leg, struct ms_nl_request *r, char *err, size_t errlen)
{
	struct cp_leg_entry *e = cp_leg_find(dp.st, leg->id);
	int ret;

	if (!dp.up || !e)
		return 0;
	if (r)
		return push_deferred(e, r, err, errlen);
	ret = push(e, err, errlen);
	return gone(ret) ? 0 : ret;
}

int cp_dp_leg_change(__u8 cmd, const struct ms_leg *change, char *err, size_t errlen)
{
	struct cp_leg_entry *e = cp_leg_find(dp.st, change->id);
	int ret;

	if (!e)
		return 0;
	if (dp.up && e->programmed) {
		ret = request(leg_request(cmd, change), NULL, err, errlen);
		leg_request_wipe();
		if (!gone(ret))
			return ret;
	}
	/* Not forwarded, or perhaps not taken: sent again when the link is back. */
	e->dirty |= change->present & ~B(MS_LEG_A_ID);
	return 0;
}

/* Whether the dataplane no longer holds leg id (or is gone: it re-syncs then). */
static bool del_leg(__u32 id)
{
	char err[MS_ERROR_MSG_MAX + 16];
	struct ms_msg m;
	int ret;

	set_leg_msg(&m, MS_CMD_LEG_DEL, id);
	ret = request(&m, NULL, err, sizeof(err));
	if (ret && ret != -ENOENT && !gone(ret)) {
		cp_log(LOG_WARNING, "leg %u not deleted from the dataplane: %s", id, err);
		dp.resync = true;
		return false;
	}
	return !ret || ret == -ENOENT;
}

void cp_dp_leg_del(__u32 id)
{
	/* a dataplane that is down gets the delete when it is back (resync) */
	if (dp.up)
		del_leg(id);
}

/* Where a dump of the dataplane's legs resumes, from its last part. */
static struct {
	bool more;
	__u64 cursor;
	unsigned int seen;
	reply_fn each;		/* called for each leg */
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

static struct {
	struct cp_dp_port *ports;
	unsigned int n;
} port_dump;

static void port_one(const struct ms_msg *m)
{
	struct cp_dp_port *p;

	if ((m->present & (B(MS_ATTR_PORT_ID) | B(MS_ATTR_SIDE) | B(MS_ATTR_COUNTERS))) !=
	    (B(MS_ATTR_PORT_ID) | B(MS_ATTR_SIDE) | B(MS_ATTR_COUNTERS)) ||
	    port_dump.n == CP_DP_PORTS_MAX)
		return;
	p = &port_dump.ports[port_dump.n++];
	p->id = m->port_id;
	p->side = m->side;
	p->counters = m->counters;
}

int cp_dp_port_stats(struct cp_dp_port *ports, char *err, size_t errlen)
{
	struct ms_msg m;
	int ret;

	if (!dp.up) {
		snprintf(err, errlen, "mediasec-dp: not connected");
		return -ENOTCONN;
	}
	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_STATS_GET;
	m.nl_flags = NLM_F_DUMP;
	port_dump.ports = ports;
	port_dump.n = 0;
	ret = request(&m, port_one, err, errlen);
	return ret ?: (int)port_dump.n;
}

/* A leg the dataplane already runs: keep it, with the keys it gave back. */
static void adopt_leg(struct ms_leg *leg)
{
	struct cp_leg_entry *e;
	char label[MS_LABEL_MAX];

	if (!(leg->present & B(MS_LEG_A_SESSION_ID)) || !leg->session_id)
		leg->session_id = leg->id;
	snprintf(label, sizeof(label), "adopted from mediasec-dp");
	if (!cp_session_find(dp.st, leg->session_id) &&
	    cp_session_add(dp.st, leg->session_id, label))
		return;
	leg->present &= ~B(MS_LEG_A_COUNTERS);
	if (cp_leg_add(dp.st, leg))
		return;
	e = cp_leg_find(dp.st, leg->id);
	e->programmed = true;
	e->dirty = 0;
}

static void dump_part(const struct ms_msg *m)
{
	dump.more = m->present & B(MS_ATTR_DUMP_CURSOR);
	dump.cursor = m->dump_cursor;
	if (!(m->present & B(MS_ATTR_LEG)))
		return;
	dump.seen++;
	dump.each(m);
}

/* Every leg of the dataplane through each (LEG_GET dump); 0 or -errno, logged. */
static int dump_legs(__u32 get_flags, reply_fn each, const char *why)
{
	char err[MS_ERROR_MSG_MAX + 16];
	struct ms_msg m;
	int ret;

	memset(&dump, 0, sizeof(dump));
	dump.each = each;
	do {
		memset(&m, 0, sizeof(m));
		m.cmd = MS_CMD_LEG_GET;
		m.nl_flags = NLM_F_DUMP;
		if (get_flags) {
			m.present = B(MS_ATTR_GET_FLAGS);
			m.get_flags = get_flags;
		}
		if (dump.more) {
			m.present |= B(MS_ATTR_DUMP_CURSOR);
			m.dump_cursor = dump.cursor;
		}
		dump.more = false;
		ret = request(&m, dump_part, err, sizeof(err));
		if (ret) {
			cp_log(LOG_WARNING, "%s: %s", why, err);
			return ret;
		}
	} while (dump.more);
	return 0;
}

static void adopt_one(const struct ms_msg *m)
{
	struct ms_leg leg;

	if (cp_leg_find(dp.st, m->leg.id))
		return;
	leg = m->leg;
	adopt_leg(&leg);
	OPENSSL_cleanse(&leg, sizeof(leg));
}

static void adopt(void)
{
	unsigned int before = cp_leg_count(dp.st);

	/* the keys, so that a later dataplane restart loses no leg */
	if (dump_legs(MS_GET_F_KEYS, adopt_one, "adopting the dataplane's legs"))
		return;
	cp_log(LOG_NOTICE, "mediasec-dp: %u legs there, %u adopted", dump.seen,
	       cp_leg_count(dp.st) - before);
}

/*
 * same: the dataplane is the one the link lost (it only missed a deadline),
 * so a leg it says exists is one whose LEG_NEW timed out after it took it.
 */
static void push_pending(bool same)
{
	char err[MS_ERROR_MSG_MAX + 16];
	unsigned int pushed = 0, dropped = 0;

	for (unsigned int i = 0; dp.up && i < cp_leg_count(dp.st); i++) {
		struct cp_leg_entry *e = cp_leg_at(dp.st, i);
		int ret;

		if (e->programmed)
			continue;
		ret = push(e, err, sizeof(err));
		if (ret == 0 || (same && ret == -EEXIST)) {
			e->programmed = true;
			pushed++;
		} else if (dp.up) {
			cp_log(LOG_ERR, "leg %u refused by the dataplane: %s", e->leg.id, err);
			dropped++;
		}
	}
	if (pushed || dropped)
		cp_log(LOG_NOTICE, "mediasec-dp: %u legs pushed, %u refused", pushed, dropped);
}

/* A leg the dataplane holds: the daemon's (as it was, or changed since) or stale. */
static void resync_one(const struct ms_msg *m)
{
	struct cp_leg_entry *e = cp_leg_find(dp.st, m->leg.id);
	unsigned int max = stale.max ? 2 * stale.max : 256;
	__u32 *ids;

	if (e && e->dirty != CP_LEG_DIRTY_NEW) {
		e->programmed = true;
		return;
	}
	if (stale.n == stale.max) {
		ids = reallocarray(stale.ids, max, sizeof(*ids));
		if (!ids) {
			stale.short_of_memory = true;
			return;
		}
		stale.ids = ids;
		stale.max = max;
	}
	stale.ids[stale.n++] = m->leg.id;
}

/*
 * Send the changes programmed legs missed, as one LEG_SET of the dirty
 * attributes each (keys only when they changed: a SET of keys restarts
 * the SRTP context). Returns how many legs took them.
 */
static unsigned int resend_changes(void)
{
	char err[MS_ERROR_MSG_MAX + 16];
	unsigned int sent = 0;

	for (unsigned int i = 0; dp.up && i < cp_leg_count(dp.st); i++) {
		struct cp_leg_entry *e = cp_leg_at(dp.st, i);
		struct ms_msg *m;
		int ret;

		if (!e->programmed || !e->dirty)
			continue;
		m = leg_request(MS_CMD_LEG_SET, &e->leg);
		m->leg.present &= e->dirty;
		m->leg.present |= B(MS_LEG_A_ID);
		ret = m->leg.present == B(MS_LEG_A_ID) ? 0 : request(m, NULL, err, sizeof(err));
		leg_request_wipe();
		if (!ret) {
			e->dirty = 0;
			sent++;
		} else if (dp.up) {
			cp_log(LOG_ERR, "leg %u: changes refused by the dataplane: %s",
			       e->leg.id, err);
		}
	}
	return sent;
}

/*
 * The same dataplane again, or one that refused a delete: make its legs
 * the daemon's. Its dump says which legs it holds; those the daemon no
 * longer has, or has anew under the same id, are deleted there, missing
 * ones pushed, and the changes it missed sent again.
 */
static void resync(void)
{
	unsigned int deleted = 0, resent;

	dp.resync = false;
	stale.n = 0;
	stale.short_of_memory = false;
	for (unsigned int i = 0; i < cp_leg_count(dp.st); i++)
		cp_leg_at(dp.st, i)->programmed = false;
	if (dump_legs(0, resync_one, "re-synchronising mediasec-dp")) {
		/* a lost link re-syncs when it is back; anything else, next tick */
		dp.resync = dp.up;
		return;
	}
	if (stale.short_of_memory) {
		cp_log(LOG_ERR, "re-synchronising mediasec-dp: out of memory, stale legs kept");
		dp.resync = true;
	}
	for (unsigned int i = 0; dp.up && i < stale.n; i++)
		deleted += del_leg(stale.ids[i]);
	push_pending(true);
	resent = resend_changes();
	cp_log(LOG_NOTICE, "mediasec-dp: %u legs there, %u deleted, %u changed legs sent again",
	       dump.seen, deleted, resent);
}

static __u64 status_uptime;

static void status_one(const struct ms_msg *m)
{
	if (m->present & B(MS_ATTR_STATUS))
		status_uptime = m->status.uptime;
}

/* When the dataplane that just answered started, CLOCK_MONOTONIC s. */
static __s64 answered_boot(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (__s64)now.tv_sec - (__s64)status_uptime;
}

/* Both clocks count whole seconds: one apart is the same start. */
static bool same_boot(__s64 a, __s64 b)
{
	return a - b <= 1 && b - a <= 1;
}

/* Whether the dataplane that answers is the one seen before (its start). */
static bool same_dataplane(void)
{
	__s64 was = dp.boot;

	dp.boot = answered_boot();
	return dp.adopted && same_boot(dp.boot, was);
}

void cp_dp_tick(void)
{
	char err[MS_ERROR_MSG_MAX + 16];
	struct ms_msg m;
	bool same;

	if (!dp.c)
		return;
	ms_nl_client_drain(dp.c);
	if (reports.lost) {
		cp_log(LOG_WARNING, "mediasec-dp: %llu failure reports lost (more than %u "
		       "during one request)", (unsigned long long)reports.lost, REPORTS_MAX);
		reports.lost = 0;
	}
	/* Counted and logged once a second at most, until DTLS handles them. */
	if (dp.punts) {
		cp_log(LOG_INFO, "mediasec-dp: %llu STUN/DTLS datagrams punted (not handled yet)",
		       (unsigned long long)dp.punts);
		dp.punts = 0;
	}
	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_STATUS_GET;
	if (request(&m, status_one, err, sizeof(err))) {
		if (dp.up)
			cp_log(LOG_WARNING, "%s", err);
		return;
	}
	/* A dataplane restarted between two ticks answers as if nothing
	 * happened: only its start time tells that its tables are empty. */
	if (dp.up && !same_boot(answered_boot(), dp.boot))
		went_down("restarted (a new process answers)");
	if (dp.up) {
		if (dp.resync)
			resync();
		return;
	}
	dp.up = true;
	same = same_dataplane();
	cp_log(LOG_NOTICE, "mediasec-dp (port 0x%08x) connected%s", dp.port,
	       same ? " again, the same process" : "");
	memset(&m, 0, sizeof(m));
	m.cmd = MS_CMD_EVENT_SUBSCRIBE;
	if (request(&m, NULL, err, sizeof(err)))
		cp_log(LOG_WARNING, "punt subscription: %s", err);
	if (same) {
		resync();
		cp_dp_lists_push();
		return;
	}
	if (!dp.adopted) {
		adopt();
		dp.adopted = true;
	} else {
		/* A new dataplane: everything goes again, adopted legs too,
		 * with the keys their dataplane gave back. */
		for (unsigned int i = 0; i < cp_leg_count(dp.st); i++)
			cp_leg_at(dp.st, i)->programmed = false;
	}
	push_pending(false);
	cp_dp_lists_push();
}
