/* SPDX-License-Identifier: BSD-3-Clause */
/* Many requests in flight on one client connection (nl_window.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>

#include <netlink/msg.h>

#include "nl_client_internal.h"
#include "nl_msg.h"
#include "nl_window.h"

struct slot {
	__u64 tag;
	bool pending;
};

struct ms_nl_window {
	struct ms_nl_client *c;
	ms_nl_done_fn done;
	void *arg;
	unsigned int max;	/* slots: request seq lives in slots[seq % max] */
	unsigned int pending;
	__u32 oldest;		/* no request before this seq is unanswered */
	struct slot *slots;
	unsigned char *buf;	/* requests not sent yet */
	size_t len;
};

struct ms_nl_window *ms_nl_window_open(struct ms_nl_client *c, unsigned int max,
				       ms_nl_done_fn done, void *arg)
{
	struct ms_nl_window *w = calloc(1, sizeof(*w));

	if (!w || !max || !(w->slots = calloc(max, sizeof(*w->slots))) ||
	    !(w->buf = malloc(MS_NL_WINDOW_DGRAM))) {
		ms_nl_window_close(w);
		return NULL;
	}
	*w = (struct ms_nl_window){ .c = c, .done = done, .arg = arg, .max = max,
				    .slots = w->slots, .buf = w->buf };
	return w;
}

void ms_nl_window_close(struct ms_nl_window *w)
{
	if (!w)
		return;
	free(w->slots);
	free(w->buf);
	free(w);
}

unsigned int ms_nl_window_pending(const struct ms_nl_window *w)
{
	return w->pending;
}

/* Sequence numbers handed out so far, from the oldest unanswered on. */
static __u32 span(const struct ms_nl_window *w)
{
	return w->c->seq + 1 - w->oldest;
}

static void answer(struct ms_nl_window *w, __u32 seq, int ret, const char *text)
{
	struct slot *s = &w->slots[seq % w->max];

	s->pending = false;
	w->pending--;
	w->done(w->arg, s->tag, ret, text);
	while (span(w) && !w->slots[w->oldest % w->max].pending)
		w->oldest++;
}

/* The transport failed: everything unanswered gets its error, now. */
static int fail_all(struct ms_nl_window *w, int ret, const char *text)
{
	explicit_bzero(w->buf, w->len);	/* requests may carry keys */
	w->len = 0;
	for (__u32 seq = w->oldest; w->pending && seq != w->c->seq + 1; seq++)
		if (w->slots[seq % w->max].pending)
			answer(w, seq, ret, text);
	return ret;
}

static int send_buffered(struct ms_nl_window *w, char *err, size_t errlen)
{
	int ret;

	if (!w->len)
		return 0;
	ret = ms_nl_client_send(w->c, w->buf, w->len, err, errlen);
	explicit_bzero(w->buf, w->len);
	w->len = 0;
	return ret ? fail_all(w, ret, err) : 0;
}

/* The answer to one of our requests, or NULL: anything else. */
static struct slot *ours(struct ms_nl_window *w, const struct nlmsghdr *nlh)
{
	struct slot *s = &w->slots[nlh->nlmsg_seq % w->max];

	if (nlh->nlmsg_seq - w->oldest >= span(w) || !s->pending)
		return NULL;
	return s;
}

/* One datagram of answers. */
static int receive(struct ms_nl_window *w, char *err, size_t errlen)
{
	const struct ms_nl_client_conf *conf = &w->c->conf;
	unsigned char *buf = NULL;
	struct nlmsghdr *nlh;
	int n = ms_nl_client_recv(w->c, &buf, err, errlen);

	if (n < 0)
		return fail_all(w, n, err);
	for (nlh = (struct nlmsghdr *)buf; nlmsg_ok(nlh, n); nlh = nlmsg_next(nlh, &n)) {
		char text[MS_ERROR_MSG_MAX];
		int error;

		if (!ours(w, nlh)) {
			/* a notification, or a late answer to an earlier request */
			if (conf->unsolicited)
				conf->unsolicited(conf->arg, nlh);
			continue;
		}
		if (nlh->nlmsg_type != NLMSG_ERROR)
			continue;	/* data to an ACK-only request: not asked for */
		if (ms_nl_error_parse(nlh, nlh->nlmsg_len, &error, text, sizeof(text)))
			answer(w, nlh->nlmsg_seq, -EPROTO, "malformed error reply");
		else
			answer(w, nlh->nlmsg_seq, error, *text || !error ? text : strerror(-error));
	}
	free(buf);
	return 0;
}

int ms_nl_window_add(struct ms_nl_window *w, struct ms_msg *req, __u64 tag,
		     char *err, size_t errlen)
{
	struct nlmsghdr *nlh;
	struct nl_msg *msg;
	int ret;

	if (!w->pending) {
		w->oldest = w->c->seq + 1;
		ms_nl_client_set_timeout(w->c, w->c->conf.timeout_s);
	}
	while (span(w) >= w->max) {
		ret = send_buffered(w, err, errlen) ?: receive(w, err, errlen);
		if (ret)
			return ret;
	}
	req->nl_flags |= NLM_F_ACK;
	ret = ms_nl_client_build(w->c, req, &msg, err, errlen);
	if (ret)
		return ret;
	nlh = nlmsg_hdr(msg);
	w->slots[nlh->nlmsg_seq % w->max] = (struct slot){ tag, true };
	w->pending++;
	if (w->len + NLMSG_ALIGN(nlh->nlmsg_len) > MS_NL_WINDOW_DGRAM)
		ret = send_buffered(w, err, errlen);
	if (!ret && nlh->nlmsg_len > MS_NL_WINDOW_DGRAM) {
		ret = ms_nl_client_send(w->c, nlh, nlh->nlmsg_len, err, errlen);
		if (ret)
			fail_all(w, ret, err);
	} else if (!ret) {
		memcpy(w->buf + w->len, nlh, nlh->nlmsg_len);
		memset(w->buf + w->len + nlh->nlmsg_len, 0,
		       NLMSG_ALIGN(nlh->nlmsg_len) - nlh->nlmsg_len);
		w->len += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	ms_nl_msg_free(msg);
	return ret;
}

int ms_nl_window_flush(struct ms_nl_window *w, char *err, size_t errlen)
{
	int ret = send_buffered(w, err, errlen);

	while (!ret && w->pending)
		ret = receive(w, err, errlen);
	return ret;
}
